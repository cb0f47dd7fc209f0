import { describe, expect, it } from "vitest";
import { decimal, toFixed } from "../results/exact";
import { sectionAllocation, validateScheme, type AspectDraft, type SchemeDraft } from "./scheme";

const descriptors = ["未达到行业标准", "达到行业标准", "超过行业标准", "杰出"];

function aspect(id: string, max: string, extra: Partial<AspectDraft> = {}): AspectDraft {
  return { id, kind: "measurement", description: `评分点 ${id}`, max, section: "1", calculation: { kind: "all_or_nothing" }, ...extra };
}

function draft(aspectsA: AspectDraft[], aspectsB: AspectDraft[] = [aspect("B1.1", "60")]): SchemeDraft {
  return {
    declaredTotal: "100",
    sections: [
      { id: "1", name: "工作组织与管理", weightingPercent: "40" },
      { id: "2", name: "焊接工艺", weightingPercent: "60" },
    ],
    modules: [
      { id: "A", name: "模块A 板对接", subCriteria: [{ id: "A1", name: "外观", markingDay: 1, aspects: aspectsA }] },
      { id: "B", name: "模块B 管对接", subCriteria: [{ id: "B1", name: "尺寸", markingDay: 2, aspects: aspectsB }] },
    ],
  };
}

function codes(d: SchemeDraft): string[] {
  const result = validateScheme(d);
  return result.ok ? [] : result.problems.map((p) => p.code);
}

describe("marking scheme validation", () => {
  it("accepts a scheme of measurement, judgement and trimmed-mean aspects adding up to 100", () => {
    const result = validateScheme(
      draft(
        [
          aspect("A1.1", "20.5"),
          aspect("A1.2", "9.5", { kind: "judgement", calculation: undefined, descriptors, section: "2" }),
          aspect("A1.3", "10", { kind: "trimmed_mean", calculation: undefined }),
        ],
        [aspect("B1.1", "60", { section: "2", calculation: { kind: "per_unit", target: "50", tolerance: "0.02", unit: "0.01", deductionPerUnit: "0.25" } })],
      ),
    );
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.scheme.modules[0]!.subCriteria[0]!.aspects.map((a) => a.kind)).toEqual(["measurement", "judgement", "trimmed_mean"]);
  });

  it("names the difference when aspects do not add up to the declared total", () => {
    const result = validateScheme(draft([aspect("A1.1", "39.99")]));
    expect(result.ok ? null : result.problems).toEqual([
      { code: "TOTAL_MISMATCH", params: { declared: "100.00", actual: "99.99", difference: "-0.01" }, origin: undefined, subject: undefined },
    ]);
  });

  it("reports every problem at once, each with where it was found", () => {
    const origin = (row: number, column: string) => ({ sheet: "Aspects", row, column });
    const result = validateScheme(
      draft([
        aspect("A1.1", "10.005", { origin: origin(5, "max") }),
        aspect("A1.1", "10", { origin: origin(6, "id") }),
        aspect("A1.3", "10", { kind: "X", origin: origin(7, "type") }),
        aspect("A1.4", "5", { kind: "judgement", calculation: undefined, descriptors: ["a", "", "c"], origin: origin(8, "descriptors") }),
        aspect("A1.5", "4.996", { section: "9", origin: origin(9, "section") }),
        aspect("A1.6", "abc", { origin: origin(10, "max") }),
      ]),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.code, p.origin?.row])).toEqual([
      ["MAX_NOT_IN_STEPS", 5],
      ["DUPLICATE_ID", 6],
      ["UNKNOWN_KIND", 7],
      ["MISSING_DESCRIPTORS", 8],
      ["MAX_NOT_IN_STEPS", 9],
      ["UNKNOWN_SECTION", 9],
      ["NOT_A_NUMBER", 10],
      ["TOTAL_MISMATCH", undefined],
    ]);
    expect(result.problems[3]!.params).toEqual({ missing: "1,3" });
  });

  it.each([
    ["no aspects at all", draft([], []), "EMPTY_SCHEME"],
    ["a zero max mark", draft([aspect("A1.1", "0"), aspect("A1.2", "40")]), "MAX_NOT_POSITIVE"],
    ["a measurement without a calculation", draft([aspect("A1.1", "40", { calculation: undefined })]), "MISSING_CALCULATION"],
    [
      "a per-unit calculation with a zero unit",
      draft([aspect("A1.1", "40", { calculation: { kind: "per_unit", target: "1", tolerance: "0", unit: "0", deductionPerUnit: "1" } })]),
      "BAD_CALCULATION",
    ],
    [
      "a choice list with a duplicate choice",
      draft([
        aspect("A1.1", "40", {
          calculation: {
            kind: "choice",
            choices: [
              { id: "ok", deduction: "0" },
              { id: "ok", deduction: "1" },
            ],
          },
        }),
      ]),
      "BAD_CALCULATION",
    ],
    ["a trimmed-mean panel of two", draft([aspect("A1.1", "40", { kind: "trimmed_mean", calculation: undefined, panelSize: 2 })]), "PANEL_TOO_SMALL"],
  ])("refuses %s", (_name, d, code) => {
    expect(codes(d)).toContain(code);
  });

  it("refuses section weightings that do not add up to 100", () => {
    const d = draft([aspect("A1.1", "40")]);
    d.sections[1]!.weightingPercent = "50";
    expect(codes(d)).toEqual(["WEIGHTINGS_NOT_100"]);
  });
});

describe("section allocation", () => {
  it("compares marks per section with its weighting and warns beyond the tolerance", () => {
    const result = validateScheme(draft([aspect("A1.1", "30"), aspect("A1.2", "10", { section: "2" })], [aspect("B1.1", "60", { section: "2" })]));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const rows = sectionAllocation(result.scheme);
    expect(rows.map((r) => [r.sectionId, toFixed(r.marks), toFixed(r.allocatedPercent), toFixed(r.variation), r.warning])).toEqual([
      ["1", "30.00", "30.00", "-10.00", true],
      ["2", "70.00", "70.00", "10.00", true],
    ]);
    expect(sectionAllocation(result.scheme, decimal("10")).every((r) => !r.warning)).toBe(true);
  });
});
