// What a judge may record for an aspect, by its kind: a judgement score 0–3; a trimmed-mean
// panel member's mark within 0…max in 0.01 steps; for a measurement, what its calculation
// takes (achieved or not, a choice, or the measured value). Checked before anything is stored.
import { cmp, decimal, isMultipleOf, parseDecimal, zero } from "../results/exact";
import { MarkInputError, measurementMark } from "../results/aspect-marks";
import type { Aspect } from "./scheme";

export type MarkValue = { score: number } | { achieved: boolean } | { choiceId: string } | { measured: string } | { mark: string };

const step = decimal("0.01");

export function checkMarkValue(aspect: Aspect, value: MarkValue): void {
  switch (aspect.kind) {
    case "judgement":
      if (!("score" in value)) throw new MarkInputError("INPUT_DOES_NOT_FIT_CALCULATION");
      if (!Number.isInteger(value.score) || value.score < 0 || value.score > 3) throw new MarkInputError("SCORE_NOT_0_TO_3");
      return;
    case "trimmed_mean": {
      if (!("mark" in value)) throw new MarkInputError("INPUT_DOES_NOT_FIT_CALCULATION");
      const mark = parseDecimal(value.mark);
      if (!mark || cmp(mark, zero) < 0 || cmp(mark, aspect.max) > 0 || !isMultipleOf(mark, step)) throw new MarkInputError("MARK_OUT_OF_RANGE");
      return;
    }
    case "measurement": {
      if ("measured" in value) {
        const measured = parseDecimal(value.measured);
        if (!measured) throw new MarkInputError("INPUT_DOES_NOT_FIT_CALCULATION");
        measurementMark(aspect.max, aspect.calculation, { measured });
      } else if ("achieved" in value || "choiceId" in value) measurementMark(aspect.max, aspect.calculation, value);
      else throw new MarkInputError("INPUT_DOES_NOT_FIT_CALCULATION");
    }
  }
}

/** A decimal as values are written in a mark: up to 15 digits, up to 12 decimals. */
export const markDecimalPattern = /^-?\d{1,15}(\.\d{1,12})?$/;

export type MarkValueTextProblem = "VALUE_NOT_A_NUMBER" | "VALUE_NOT_YES_NO" | "SCORE_NOT_0_TO_3";

const yes = new Set(["yes", "y", "是"]);
const no = new Set(["no", "n", "否"]);

/**
 * A value as written on a paper score sheet (one cell), read as the input its aspect takes: a
 * judgement score "0"–"3"; a panel mark or a measured value as a decimal ("8.50", "25.03"); for
 * all-or-nothing "yes"/"no" (是/否); for a choice list the choice's id. Whether the value then
 * fits (range, known choice) is checkMarkValue's to say, as for any mark.
 */
export function markValueOfText(aspect: Aspect, text: string): { ok: true; value: MarkValue } | { ok: false; code: MarkValueTextProblem } {
  const cell = text.trim();
  switch (aspect.kind) {
    case "judgement":
      return /^\d{1,3}$/.test(cell) ? { ok: true, value: { score: Number(cell) } } : { ok: false, code: "SCORE_NOT_0_TO_3" };
    case "trimmed_mean":
      return markDecimalPattern.test(cell) ? { ok: true, value: { mark: cell } } : { ok: false, code: "VALUE_NOT_A_NUMBER" };
    case "measurement":
      switch (aspect.calculation.kind) {
        case "all_or_nothing": {
          const word = cell.toLowerCase();
          return yes.has(word)
            ? { ok: true, value: { achieved: true } }
            : no.has(word)
              ? { ok: true, value: { achieved: false } }
              : { ok: false, code: "VALUE_NOT_YES_NO" };
        }
        case "choice":
          return { ok: true, value: { choiceId: cell } };
        case "per_unit":
        case "bands":
          return markDecimalPattern.test(cell) ? { ok: true, value: { measured: cell } } : { ok: false, code: "VALUE_NOT_A_NUMBER" };
      }
  }
}
