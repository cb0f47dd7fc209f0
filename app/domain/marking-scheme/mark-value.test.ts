import { describe, expect, it } from "vitest";
import { decimal } from "../results/exact";
import { checkMarkValue, markValueOfText } from "./mark-value";
import type { Aspect } from "./scheme";

const base = { id: "A1.1", description: "", max: decimal("5"), section: "1" };
const judgement: Aspect = { ...base, kind: "judgement", descriptors: ["0", "1", "2", "3"] };
const panel: Aspect = { ...base, kind: "trimmed_mean", panelSize: 5 };
const allOrNothing: Aspect = { ...base, kind: "measurement", calculation: { kind: "all_or_nothing" } };
const choice: Aspect = {
  ...base,
  kind: "measurement",
  calculation: {
    kind: "choice",
    choices: [
      { id: "none", deduction: decimal("0") },
      { id: "minor", deduction: decimal("1.5") },
    ],
  },
};
const perUnit: Aspect = {
  ...base,
  kind: "measurement",
  calculation: { kind: "per_unit", target: decimal("25"), tolerance: decimal("0.05"), unit: decimal("0.01"), deductionPerUnit: decimal("1") },
};

describe("a value written on paper, read for its aspect", () => {
  it.each([
    [judgement, "2", { score: 2 }],
    [judgement, " 0 ", { score: 0 }],
    [judgement, "4", { score: 4 }], // read; checkMarkValue refuses the range
    [panel, "8.50", { mark: "8.50" }],
    [allOrNothing, "yes", { achieved: true }],
    [allOrNothing, "NO", { achieved: false }],
    [allOrNothing, "是", { achieved: true }],
    [allOrNothing, "否", { achieved: false }],
    [choice, "minor", { choiceId: "minor" }],
    [perUnit, "25.03", { measured: "25.03" }],
    [perUnit, "-0.5", { measured: "-0.5" }],
  ] as const)("reads %# as the aspect's input", (aspect, text, value) => {
    expect(markValueOfText(aspect, text)).toEqual({ ok: true, value });
  });

  it.each([
    [judgement, "2.5", "SCORE_NOT_0_TO_3"],
    [judgement, "-1", "SCORE_NOT_0_TO_3"],
    [judgement, "good", "SCORE_NOT_0_TO_3"],
    [panel, "8,5", "VALUE_NOT_A_NUMBER"],
    [allOrNothing, "1", "VALUE_NOT_YES_NO"],
    [perUnit, "25.03mm", "VALUE_NOT_A_NUMBER"],
    [perUnit, "", "VALUE_NOT_A_NUMBER"],
  ] as const)("refuses %# with a code the sheet shows", (aspect, text, code) => {
    expect(markValueOfText(aspect, text)).toEqual({ ok: false, code });
  });

  it("leaves the range and the choice list to checkMarkValue", () => {
    const four = markValueOfText(judgement, "4");
    const unknown = markValueOfText(choice, "huge");
    expect(() => checkMarkValue(judgement, four.ok ? four.value : { score: -1 })).toThrow("SCORE_NOT_0_TO_3");
    expect(() => checkMarkValue(choice, unknown.ok ? unknown.value : { choiceId: "" })).toThrow("UNKNOWN_CHOICE");
  });
});
