import { describe, expect, it } from "vitest";
import { decimal, exact, toFixed } from "./exact";
import { judgementMark, MarkInputError, measurementMark, trimmedMeanMark, type MeasurementCalculation } from "./aspect-marks";

const d = decimal;
const shown = (m: { mark: Parameters<typeof toFixed>[0] }) => toFixed(m.mark);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof MarkInputError) return e.code;
    throw e;
  }
  return undefined;
}

describe("measurement aspects", () => {
  it("all-or-nothing", () => {
    expect(shown(measurementMark(d("1.50"), { kind: "all_or_nothing" }, { achieved: true }))).toBe("1.50");
    expect(shown(measurementMark(d("1.50"), { kind: "all_or_nothing" }, { achieved: false }))).toBe("0.00");
  });

  const choices: MeasurementCalculation = {
    kind: "choice",
    choices: [
      { id: "ok", deduction: d("0") },
      { id: "minor", deduction: d("0.3") },
      { id: "major", deduction: d("5") },
    ],
  };
  it.each([
    ["ok", "1.00"],
    ["minor", "0.70"],
    ["major", "0.00"], // clamped at 0, never negative
  ])("choice list: %s gives %s", (choiceId, mark) => {
    expect(shown(measurementMark(d("1.00"), choices, { choiceId }))).toBe(mark);
  });

  it("refuses a choice that is not on the list", () => {
    expect(codeOf(() => measurementMark(d("1"), choices, { choiceId: "made-up" }))).toBe("UNKNOWN_CHOICE");
  });

  // Target 50.00 mm, ±0.02 free, then 0.25 marks per started 0.01 mm.
  const perUnit: MeasurementCalculation = { kind: "per_unit", target: d("50.00"), tolerance: d("0.02"), unit: d("0.01"), deductionPerUnit: d("0.25") };
  it.each([
    ["50.00", "1.00"],
    ["50.02", "1.00"], // exactly at tolerance
    ["49.98", "1.00"],
    ["50.021", "0.75"], // a started unit counts
    ["50.03", "0.75"],
    ["50.05", "0.25"],
    ["51.00", "0.00"], // clamped
  ])("per unit of difference: measured %s gives %s", (measured, mark) => {
    expect(shown(measurementMark(d("1.00"), perUnit, { measured: d(measured) }))).toBe(mark);
  });

  const bands: MeasurementCalculation = {
    kind: "bands",
    target: d("10"),
    bands: [
      { within: d("0.5"), mark: d("0.5") },
      { within: d("0.1"), mark: d("1") },
    ],
  };
  it.each([
    ["10.05", "1.00"],
    ["9.9", "1.00"], // band edge belongs to the tighter band
    ["10.3", "0.50"],
    ["11", "0.00"],
  ])("tolerance bands: measured %s gives %s", (measured, mark) => {
    expect(shown(measurementMark(d("1.00"), bands, { measured: d(measured) }))).toBe(mark);
  });

  it("refuses an input of the wrong kind", () => {
    expect(codeOf(() => measurementMark(d("1"), perUnit, { achieved: true }))).toBe("INPUT_DOES_NOT_FIT_CALCULATION");
  });
});

describe("judgement aspects", () => {
  it("max × mean / 3, exact", () => {
    const m = judgementMark(d("2.00"), [2, 2, 3], 1);
    expect(m.mark).toEqual(exact(14n, 9n)); // 2 × 7/9
    expect(toFixed(m.mark)).toBe("1.56");
    expect(m).toMatchObject({ spread: 1, exceedsSpreadLimit: false });
  });

  it("flags a spread over the limit (3 vs 1)", () => {
    expect(judgementMark(d("1"), [3, 1, 2], 1)).toMatchObject({ spread: 2, exceedsSpreadLimit: true });
    expect(judgementMark(d("1"), [3, 1, 2], 2)).toMatchObject({ exceedsSpreadLimit: false });
  });

  it.each([[[4, 2, 2]], [[-1, 0, 0]], [[1.5, 2, 2]], [[]]])("refuses scores %j", (scores) => {
    expect(codeOf(() => judgementMark(d("1"), scores, 1))).toMatch(/SCORE_NOT_0_TO_3|TOO_FEW_JUDGES/);
  });
});

describe("trimmed-mean aspects", () => {
  it("drops one highest and one lowest of five", () => {
    const m = trimmedMeanMark(d("10"), ["8.5", "9", "7", "9.5", "8"].map(d));
    expect(toFixed(m.mark)).toBe("8.50"); // mean of 8, 8.5, 9
    expect(m.dropped?.map((x) => toFixed(x))).toEqual(["7.00", "9.50"]);
  });

  it("drops only one of equal extremes", () => {
    expect(toFixed(trimmedMeanMark(d("10"), ["9", "9", "9", "5", "5"].map(d)).mark)).toBe("7.67"); // mean of 5, 9, 9
  });

  it("refuses fewer than three judges and marks outside 0…max", () => {
    expect(codeOf(() => trimmedMeanMark(d("10"), [d("5"), d("6")]))).toBe("TOO_FEW_JUDGES");
    expect(codeOf(() => trimmedMeanMark(d("10"), ["5", "6", "10.01"].map(d)))).toBe("MARK_OUT_OF_RANGE");
  });
});
