import { describe, expect, it } from "vitest";
import { validateScheme, type SchemeDraft } from "~/domain/marking-scheme/scheme";
import { toFixed } from "~/domain/results/exact";
import {
  blankAspect,
  checkEditorDraft,
  editorDraftOf,
  keyMaker,
  maxDraftChars,
  move,
  parseEditorDraftJson,
  removeAt,
  replaceAt,
  schemeDraftOf,
  starterDraft,
  suggestedId,
  summarize,
  withCalculationKind,
  type SchemeEditorDraft,
} from "./draft";

const descriptors = ["未达到行业标准", "达到行业标准", "超过行业标准", "杰出"];

function stored(): SchemeDraft {
  return {
    declaredTotal: "100.00",
    sections: [
      { id: "1", name: "工作组织与管理", weightingPercent: "40" },
      { id: "2", name: "焊接工艺", weightingPercent: "60" },
    ],
    modules: [
      {
        id: "A",
        name: "模块A 板对接",
        subCriteria: [
          {
            id: "A1",
            name: "外观",
            markingDay: 1,
            aspects: [
              { id: "A1.1", kind: "measurement", description: "焊缝宽度", max: "10.00", section: "1", calculation: { kind: "all_or_nothing" } },
              {
                id: "A1.2",
                kind: "measurement",
                description: "缺陷",
                max: "10.00",
                section: "1",
                calculation: {
                  kind: "choice",
                  choices: [
                    { id: "none", deduction: "0" },
                    { id: "major", deduction: "10" },
                  ],
                },
              },
              {
                id: "A1.3",
                kind: "measurement",
                description: "尺寸",
                max: "10.00",
                section: "1",
                calculation: { kind: "per_unit", target: "50", tolerance: "0.02", unit: "0.01", deductionPerUnit: "0.25" },
              },
              {
                id: "A1.4",
                kind: "measurement",
                description: "角度",
                max: "10.00",
                section: "1",
                calculation: {
                  kind: "bands",
                  target: "90",
                  bands: [
                    { within: "0.5", mark: "10" },
                    { within: "1", mark: "5" },
                  ],
                },
              },
            ],
          },
        ],
      },
      {
        id: "B",
        name: "模块B 管对接",
        subCriteria: [
          {
            id: "B1",
            name: "整体",
            markingDay: null,
            aspects: [
              { id: "B1.1", kind: "judgement", description: "整体工艺", max: "40.00", section: "2", descriptors },
              { id: "B1.2", kind: "trimmed_mean", description: "评委综合评分", max: "20.00", section: "2", panelSize: 5 },
            ],
          },
        ],
      },
    ],
  };
}

function editor(): SchemeEditorDraft {
  return editorDraftOf(stored(), keyMaker());
}

/** The draft without origins, to compare with what was stored. */
function withoutOrigins(draft: SchemeDraft): unknown {
  return JSON.parse(JSON.stringify(draft, (k, v: unknown) => (k === "origin" ? undefined : v)));
}

function aspectAt(d: SchemeEditorDraft, m: number, a: number) {
  return d.modules[m]!.subCriteria[0]!.aspects[a]!;
}

describe("scheme builder draft", () => {
  it("round-trips a stored scheme of every kind and calculation through the editor unchanged", () => {
    const { draft, problems } = schemeDraftOf(editor());
    expect(problems).toEqual([]);
    expect(withoutOrigins(draft)).toEqual(stored());
    expect(validateScheme(draft).ok).toBe(true);
  });

  it("gives every row a distinct key, the same on every render", () => {
    const a = editor();
    expect(JSON.stringify(a)).toBe(JSON.stringify(editor()));
    const keys = JSON.stringify(a).match(/"key":"k\d+"/g) ?? [];
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(2 + 2 + 2 + 6 + 2 + 2);
  });

  it("places each problem on the row and field it concerns, all at once", () => {
    const d = editor();
    aspectAt(d, 0, 1).id = "A1.1"; // duplicate
    aspectAt(d, 0, 0).max = "10.005";
    aspectAt(d, 1, 0).descriptors = ["a", "", "c", ""];
    aspectAt(d, 1, 1).section = "9";
    d.modules[1]!.subCriteria[0]!.id = "";
    const { problems } = checkEditorDraft(d);
    const placed = problems.map((p) => [p.code, p.at, p.field]);
    expect(placed).toEqual(
      expect.arrayContaining([
        ["DUPLICATE_ID", aspectAt(d, 0, 1).key, "id"],
        ["MAX_NOT_IN_STEPS", aspectAt(d, 0, 0).key, "max"],
        ["MISSING_DESCRIPTORS", aspectAt(d, 1, 0).key, "descriptors"],
        ["UNKNOWN_SECTION", aspectAt(d, 1, 1).key, "section"],
        ["MISSING_ID", d.modules[1]!.subCriteria[0]!.key, "id"],
        ["TOTAL_MISMATCH", "total", undefined],
      ]),
    );
    expect(problems.find((p) => p.code === "MISSING_DESCRIPTORS")?.params).toEqual({ missing: "1,3" });
  });

  it.each([
    ["the declared total", (d: SchemeEditorDraft) => (d.declaredTotal = "一百"), "NOT_A_NUMBER", "total", "declaredTotal"],
    ["the weightings", (d: SchemeEditorDraft) => (d.sections[0]!.weightingPercent = "30"), "WEIGHTINGS_NOT_100", "sections", undefined],
    ["an empty scheme", (d: SchemeEditorDraft) => (d.modules = []), "EMPTY_SCHEME", "modules", undefined],
  ])("places problems of the whole scheme on its part of the page: %s", (_, change, code, at, field) => {
    const d = editor();
    change(d);
    expect(checkEditorDraft(d).problems).toContainEqual(expect.objectContaining({ code, at, field }));
  });

  it("names a duplicate section by its own id", () => {
    const d = editor();
    d.sections[1]!.id = "1";
    expect(checkEditorDraft(d).problems).toContainEqual(expect.objectContaining({ code: "DUPLICATE_ID", at: d.sections[1]!.key, params: { id: "1" } }));
  });

  it("reports a marking day or panel size that is not a whole number once, on its field", () => {
    const d = editor();
    d.modules[0]!.subCriteria[0]!.markingDay = "1.5";
    aspectAt(d, 1, 1).panelSize = "five";
    const { problems } = checkEditorDraft(d);
    expect(problems.map((p) => [p.code, p.field])).toEqual([
      ["BAD_MARKING_DAY", "markingDay"],
      ["NOT_A_NUMBER", "panelSize"],
    ]);
  });

  it("trims what was typed and leaves an empty marking day as none", () => {
    const d = editor();
    aspectAt(d, 0, 0).id = "  A1.1 ";
    aspectAt(d, 0, 0).max = " 10.00";
    d.modules[0]!.subCriteria[0]!.markingDay = "";
    const { draft, problems } = checkEditorDraft(d);
    expect(problems).toEqual([]);
    expect(draft.modules[0]!.subCriteria[0]!.markingDay).toBeNull();
    expect(draft.modules[0]!.subCriteria[0]!.aspects[0]).toMatchObject({ id: "A1.1", max: "10.00" });
  });

  it("keeps a refused draft checkable: a judgement aspect needs all four descriptors", () => {
    const d = editor();
    const nextKey = keyMaker();
    const added = { ...blankAspect(nextKey, "2"), key: "new", id: "B1.3", kind: "judgement" as const, max: "5" };
    d.modules[1]!.subCriteria[0]!.aspects.push(added);
    aspectAt(d, 1, 0).max = "35.00";
    expect(checkEditorDraft(d).problems.map((p) => [p.code, p.at])).toEqual([["MISSING_DESCRIPTORS", "new"]]);
    added.descriptors = ["0 分", "1 分", "2 分", "3 分"];
    expect(checkEditorDraft(d).problems).toEqual([]);
  });
});

describe("live summary", () => {
  it("adds the max marks exactly and shows the difference from the declared total", () => {
    const d = editor();
    aspectAt(d, 0, 0).max = "9.9";
    aspectAt(d, 0, 1).max = "10.1";
    expect(toFixed(summarize(d).running)).toBe("100.00");
    aspectAt(d, 0, 2).max = "10.01";
    const s = summarize(d);
    expect(toFixed(s.difference!)).toBe("0.01");
    expect(s.unreadable).toBe(0);
  });

  it("leaves out max marks that are not numbers yet, and counts them", () => {
    const d = editor();
    aspectAt(d, 0, 0).max = "";
    aspectAt(d, 0, 1).max = "abc";
    const s = summarize(d);
    expect(toFixed(s.running)).toBe("80.00");
    expect(toFixed(s.difference!)).toBe("-20.00");
    expect(s.unreadable).toBe(2);
  });

  it("has no difference while the declared total is not a number", () => {
    const d = editor();
    d.declaredTotal = "";
    expect(summarize(d).difference).toBeNull();
  });

  it("allocates marks per section with the domain's allocation, against the weightings", () => {
    const d = editor();
    d.sections[0]!.weightingPercent = "30";
    const s = summarize(d);
    expect(s.allocation.map((r) => [r.sectionId, toFixed(r.marks), toFixed(r.variation), r.warning])).toEqual([
      ["1", "40.00", "10.00", true],
      ["2", "60.00", "0.00", false],
    ]);
    expect(toFixed(s.weightingSum)).toBe("90.00");
  });
});

describe("posted draft", () => {
  it("accepts the editor's own JSON", () => {
    const parsed = parseEditorDraftJson(JSON.stringify(editor()));
    expect(parsed).toEqual({ ok: true, editor: editor() });
  });

  it.each([
    ["text that is not JSON", "{not json", "notJson"],
    ["a number", "42", "badShape"],
    ["wrong types", JSON.stringify({ ...editor(), sections: "1,2" }), "badShape"],
    ["a max mark as a number", JSON.stringify({ ...editor(), declaredTotal: 100 }), "badShape"],
    ["an unknown aspect kind", JSON.stringify(editor()).replace('"judgement"', '"oral"'), "badShape"],
    ["a control character", JSON.stringify(editor()).replace("外观", "外\\u0000观"), "badShape"],
    ["two rows with one key", JSON.stringify(editor()).replace('"key":"k2"', '"key":"k1"'), "badShape"],
    ["a field far over its length", JSON.stringify({ ...editor(), declaredTotal: "1".repeat(41) }), "badShape"],
    ["more than the page accepts", `"${"x".repeat(maxDraftChars)}"`, "tooLarge"],
  ])("refuses %s", (_, text, reason) => {
    expect(parseEditorDraftJson(text)).toEqual({ ok: false, reason });
  });
});

describe("editing rows", () => {
  it("moves, replaces and removes rows without touching the original list", () => {
    const list = ["a", "b", "c"];
    expect(move(list, 0, 1)).toEqual(["b", "a", "c"]);
    expect(move(list, 2, -1)).toEqual(["a", "c", "b"]);
    expect(move(list, 0, -1)).toEqual(list);
    expect(move(list, 2, 1)).toEqual(list);
    expect(replaceAt(list, 1, "x")).toEqual(["a", "x", "c"]);
    expect(removeAt(list, 1)).toEqual(["a", "c"]);
    expect(list).toEqual(["a", "b", "c"]);
  });

  it("keeps what was typed for another calculation kind and opens one row for a list", () => {
    const nextKey = keyMaker();
    const perUnit = { ...blankAspect(nextKey).calculation, kind: "per_unit" as const, target: "50" };
    const choice = withCalculationKind(perUnit, "choice", nextKey);
    expect(choice.choices).toHaveLength(1);
    expect(withCalculationKind(choice, "per_unit", nextKey)).toMatchObject({ kind: "per_unit", target: "50", choices: choice.choices });
    expect(withCalculationKind(choice, "bands", nextKey).bands).toHaveLength(1);
  });

  it("suggests the next free code for a new row", () => {
    expect(suggestedId(["A", "B"], null)).toBe("C");
    expect(suggestedId(["A1", "A2"], "A")).toBe("A3");
    expect(suggestedId(["A1.1", "A1.3", "B1.2"], "A1", ".")).toBe("A1.2");
    expect(suggestedId([], "", ".")).toBe("");
  });

  it("starts a skill without a scheme from one empty row at each level, which is not yet valid", () => {
    const d = starterDraft(keyMaker());
    expect(d.modules[0]!.subCriteria[0]!.aspects).toHaveLength(1);
    expect(checkEditorDraft(d).problems.length).toBeGreaterThan(0);
  });
});
