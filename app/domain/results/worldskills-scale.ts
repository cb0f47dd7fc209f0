// The WorldSkills Scale (RULES.md): per skill, the competitor at the median total gets 700;
// points = round(700 + 30 × (raw − median) / (1.4826 × MAD)), MAD = median absolute deviation of
// the totals, clamped to 0…1000. The formula is a value of `ScaleFormula`, so a skill can use
// another, and officially published points can replace computed ones competitor by competitor.
import { abs, add, decimal, div, fromInt, median, mul, roundHalfAwayFromZero, sub, type Exact, cmp } from "./exact";

export type ScaleFormula = (totals: ReadonlyMap<string, Exact>) => Map<string, number>;

const consistency = decimal("1.4826");

function clampPoints(points: bigint): number {
  return Number(points < 0n ? 0n : points > 1000n ? 1000n : points);
}

/**
 * When more than half the totals are equal, MAD is 0 and the formula divides by zero: those at
 * the median get 700, the others 1000 above it and 0 below it would be absurd, so the spread
 * falls back to the mean absolute deviation; if every total is equal everyone gets 700.
 */
export const worldSkillsScale: ScaleFormula = (totals) => {
  const values = [...totals.values()];
  const result = new Map<string, number>();
  if (values.length === 0) return result;
  const mid = median(values);
  const deviations = values.map((v) => abs(sub(v, mid)));
  let spread = median(deviations);
  if (cmp(spread, fromInt(0)) === 0) spread = div(deviations.reduce(add, fromInt(0)), fromInt(deviations.length));
  for (const [id, total] of totals) {
    if (cmp(spread, fromInt(0)) === 0) {
      result.set(id, 700);
      continue;
    }
    const scaled = add(fromInt(700), div(mul(fromInt(30), sub(total, mid)), mul(consistency, spread)));
    result.set(id, clampPoints(roundHalfAwayFromZero(scaled)));
  }
  return result;
};

/** Computed points, with officially published points taking precedence where given. */
export function scalePoints(
  totals: ReadonlyMap<string, Exact>,
  formula: ScaleFormula,
  official: ReadonlyMap<string, number> = new Map(),
): Map<string, { points: number; source: "computed" | "official" }> {
  const computed = formula(totals);
  const result = new Map<string, { points: number; source: "computed" | "official" }>();
  for (const id of totals.keys()) {
    const given = official.get(id);
    result.set(id, given !== undefined ? { points: given, source: "official" } : { points: computed.get(id) ?? 0, source: "computed" });
  }
  return result;
}
