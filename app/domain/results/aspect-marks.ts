// How one aspect's mark is made from what the judges recorded (RULES.md "Marking scheme"):
// - measurement: all-or-nothing, a choice list with deductions, a deduction per unit of
//   difference from a target, or tolerance bands; always clamped to 0…max;
// - judgement: each judge of the team scores 0–3; mark = max × mean / 3; a spread above the
//   limit flags the aspect until re-scored or justified;
// - trimmed mean ([CN] subjective scoring): N judges each give a mark; drop one highest and one
//   lowest; the mean of the rest.
// Pure functions over exact numbers; every result says how it was reached.
import { abs, cmp, clamp, div, fromInt, mean, mul, sub, sum, zero, type Exact } from "./exact";

export type MeasurementCalculation =
  | { kind: "all_or_nothing" }
  | { kind: "choice"; choices: ReadonlyArray<{ id: string; deduction: Exact }> }
  /** Every started `unit` of difference beyond `tolerance` costs `deductionPerUnit`. */
  | { kind: "per_unit"; target: Exact; tolerance: Exact; unit: Exact; deductionPerUnit: Exact }
  /** The first band whose `within` covers the difference from target gives its mark; none gives 0. */
  | { kind: "bands"; target: Exact; bands: ReadonlyArray<{ within: Exact; mark: Exact }> };

export type MeasurementInput = { achieved: boolean } | { choiceId: string } | { measured: Exact };

export type AspectMark = {
  mark: Exact;
  /** Judgement only: max − min of the scores, and whether it exceeds the limit. */
  spread?: number;
  exceedsSpreadLimit?: boolean;
  /** Trimmed mean only: the scores dropped as highest and lowest. */
  dropped?: Exact[];
};

export class MarkInputError extends Error {
  constructor(readonly code: "MARK_OUT_OF_RANGE" | "SCORE_NOT_0_TO_3" | "UNKNOWN_CHOICE" | "INPUT_DOES_NOT_FIT_CALCULATION" | "TOO_FEW_JUDGES") {
    super(code);
  }
}

/** Number of started units in `excess` (0 for none): 0.011 over with unit 0.01 is 2 units. */
function startedUnits(excess: Exact, unit: Exact): Exact {
  if (cmp(excess, zero) <= 0) return zero;
  const units = div(excess, unit);
  const whole = units.n / units.d;
  return fromInt(Number(units.n % units.d === 0n ? whole : whole + 1n));
}

export function measurementMark(maxMark: Exact, calculation: MeasurementCalculation, input: MeasurementInput): AspectMark {
  switch (calculation.kind) {
    case "all_or_nothing":
      if (!("achieved" in input)) throw new MarkInputError("INPUT_DOES_NOT_FIT_CALCULATION");
      return { mark: input.achieved ? maxMark : zero };
    case "choice": {
      if (!("choiceId" in input)) throw new MarkInputError("INPUT_DOES_NOT_FIT_CALCULATION");
      const choice = calculation.choices.find((c) => c.id === input.choiceId);
      if (!choice) throw new MarkInputError("UNKNOWN_CHOICE");
      return { mark: clamp(sub(maxMark, choice.deduction), zero, maxMark) };
    }
    case "per_unit": {
      if (!("measured" in input)) throw new MarkInputError("INPUT_DOES_NOT_FIT_CALCULATION");
      const excess = sub(abs(sub(input.measured, calculation.target)), calculation.tolerance);
      const deduction = mul(startedUnits(excess, calculation.unit), calculation.deductionPerUnit);
      return { mark: clamp(sub(maxMark, deduction), zero, maxMark) };
    }
    case "bands": {
      if (!("measured" in input)) throw new MarkInputError("INPUT_DOES_NOT_FIT_CALCULATION");
      const difference = abs(sub(input.measured, calculation.target));
      const band = [...calculation.bands].sort((a, b) => cmp(a.within, b.within)).find((b) => cmp(difference, b.within) <= 0);
      return { mark: clamp(band?.mark ?? zero, zero, maxMark) };
    }
  }
}

export function judgementMark(maxMark: Exact, scores: readonly number[], spreadLimit: number): AspectMark {
  if (scores.length === 0) throw new MarkInputError("TOO_FEW_JUDGES");
  for (const s of scores) if (!Number.isInteger(s) || s < 0 || s > 3) throw new MarkInputError("SCORE_NOT_0_TO_3");
  const spread = Math.max(...scores) - Math.min(...scores);
  return {
    mark: div(mul(maxMark, sum(scores.map(fromInt))), fromInt(3 * scores.length)),
    spread,
    exceedsSpreadLimit: spread > spreadLimit,
  };
}

export function trimmedMeanMark(maxMark: Exact, marks: readonly Exact[]): AspectMark {
  if (marks.length < 3) throw new MarkInputError("TOO_FEW_JUDGES");
  for (const m of marks) if (cmp(m, zero) < 0 || cmp(m, maxMark) > 0) throw new MarkInputError("MARK_OUT_OF_RANGE");
  const sorted = [...marks].sort(cmp);
  const kept = sorted.slice(1, -1);
  return { mark: mean(kept), dropped: [sorted[0]!, sorted[sorted.length - 1]!] };
}

/** A single directly entered mark (e.g. an agreed measurement group value) within 0…max. */
export function directMark(maxMark: Exact, value: Exact): AspectMark {
  if (cmp(value, zero) < 0 || cmp(value, maxMark) > 0) throw new MarkInputError("MARK_OUT_OF_RANGE");
  return { mark: value };
}
