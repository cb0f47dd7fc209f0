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
