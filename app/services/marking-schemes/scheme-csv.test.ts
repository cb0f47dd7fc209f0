import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sectionAllocation, validateScheme } from "~/domain/marking-scheme/scheme";
import { toFixed } from "~/domain/results/exact";
import { parseCalculationText, parseSchemeCsv, schemeToCsv } from "./scheme-csv.server";

const example = readFileSync(new URL("../../../docs/examples/marking-scheme.csv", import.meta.url));
const encode = (text: string) => new TextEncoder().encode(text);

describe("marking scheme CSV", () => {
  it("reads the documented example into a valid 100-mark scheme", () => {
    const { draft, problems } = parseSchemeCsv(example);
    expect(problems).toEqual([]);
    const result = validateScheme(draft!);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(toFixed(result.scheme.total)).toBe("100.00");
    expect(result.scheme.modules.flatMap((m) => m.subCriteria.flatMap((sc) => sc.aspects.map((a) => `${a.id}:${a.kind}`)))).toEqual([
      "A1.1:measurement",
      "A1.2:measurement",
      "A1.3:judgement",
      "A2.1:measurement",
      "A2.2:judgement",
      "B1.1:measurement",
      "B1.2:measurement",
      "B2.1:measurement",
      "B2.2:trimmed_mean",
      "B2.3:measurement",
    ]);
    expect(sectionAllocation(result.scheme).map((r) => [r.sectionId, toFixed(r.marks), r.warning])).toEqual([
      ["1", "10.00", false],
      ["2", "45.00", false],
      ["3", "45.00", false],
    ]);
  });

  it("writes what it reads: export → import gives the same scheme", () => {
    const first = validateScheme(parseSchemeCsv(example).draft!);
    if (!first.ok) throw new Error("example invalid");
    const again = parseSchemeCsv(encode(schemeToCsv(first.scheme)));
    expect(again.problems).toEqual([]);
    const second = validateScheme(again.draft!);
    expect(second).toEqual(first);
  });

  it("refuses a file that is not UTF-8 (e.g. saved as GBK)", () => {
    const gbk = new Uint8Array([0x72, 0x65, 0x63, 0x6f, 0x72, 0x64, 0x0a, 0xba, 0xb8, 0xbd, 0xd3]); // "record\n焊接" in GBK
    expect(parseSchemeCsv(gbk)).toEqual({ draft: null, problems: [{ code: "NOT_UTF8", params: {} }] });
  });

  it("names missing columns instead of guessing", () => {
    expect(parseSchemeCsv(encode("record,id\ntotal,\n")).problems[0]).toMatchObject({ code: "MISSING_COLUMNS", row: 1 });
  });

  it("lists every row-level problem with its row and column", () => {
    const lines = example.toString("utf8").trimEnd().split("\n");
    lines[7] = lines[7]!.replace("per_unit target=1.5 tolerance=0.5 unit=0.1 deduction=1", "per_unit target=1.5"); // row 8
    lines[8] = lines[8]!.replace(",A1,", ",Z9,"); // row 9: parent that does not exist
    lines.push("budget,,,,,,,,,,,,,,"); // row 22 (header is row 1): unknown record
    const { problems } = parseSchemeCsv(encode(lines.join("\n")));
    expect(problems.map((p) => [p.code, p.row, p.column])).toEqual([
      ["BAD_CALCULATION_TEXT", 8, "calculation"],
      ["UNKNOWN_PARENT", 9, "parent"],
      ["UNKNOWN_RECORD", 22, "record"],
    ]);
  });

  it("names an empty parent and a second total instead of guessing", () => {
    const lines = example.toString("utf8").trimEnd().split("\n");
    lines[6] = lines[6]!.replace(",A,", ",,"); // row 7: sub-criterion A1 without its module
    lines.push("total,,,,,90.00,,,,,,,,,"); // row 22
    const { problems } = parseSchemeCsv(encode(lines.join("\n")));
    expect(problems.map((p) => [p.code, p.row, p.column])).toEqual([
      ["MISSING_PARENT", 7, "parent"],
      ["UNKNOWN_PARENT", 8, "parent"],
      ["UNKNOWN_PARENT", 9, "parent"],
      ["UNKNOWN_PARENT", 10, "parent"],
      ["DUPLICATE_TOTAL", 22, "max_mark"],
    ]);
  });

  it.each([
    ["all_or_nothing", { kind: "all_or_nothing" }],
    [
      "choice ok=0; minor=0.3",
      {
        kind: "choice",
        choices: [
          { id: "ok", deduction: "0" },
          { id: "minor", deduction: "0.3" },
        ],
      },
    ],
    [
      "per_unit target=50 tolerance=0.02 unit=0.01 deduction=0.25",
      { kind: "per_unit", target: "50", tolerance: "0.02", unit: "0.01", deductionPerUnit: "0.25" },
    ],
    [
      "bands target=10; 0.1=>1; 0.5=>0.5",
      {
        kind: "bands",
        target: "10",
        bands: [
          { within: "0.1", mark: "1" },
          { within: "0.5", mark: "0.5" },
        ],
      },
    ],
    ["=SUM(A1:A9)", null],
    ["choice", null],
  ])("reads the calculation %j", (text, expected) => {
    expect(parseCalculationText(text)).toEqual(expected);
  });

  describe("module part (theory or practice)", () => {
    const exampleText = new TextDecoder().decode(example);
    const withPart = (parts: [string, string]) => {
      const lines = exampleText
        .replace(/^\uFEFF/, "")
        .trim()
        .split("\n");
      let module = 0;
      return encode(lines.map((line, i) => (i === 0 ? `${line},part` : line.startsWith("module,") ? `${line},${parts[module++]}` : `${line},`)).join("\n"));
    };
    const cases: Array<{ name: string; parts: [string, string]; expected: string[] | null; problem?: string }> = [
      { name: "theory and practice", parts: ["theory", "practice"], expected: ["theory", "practice"] },
      { name: "Chinese names, empty is practice", parts: ["理论", ""], expected: ["theory", "practice"] },
      { name: "upper case", parts: ["THEORY", "Practice"], expected: ["theory", "practice"] },
      { name: "an unknown part", parts: ["exam", "practice"], expected: null, problem: "UNKNOWN_PART" },
    ];
    it.each(cases)("reads $name", ({ parts, expected, problem }) => {
      const { draft, problems } = parseSchemeCsv(withPart(parts));
      expect(problems).toEqual([]);
      const result = validateScheme(draft!);
      if (expected) expect(result.ok && result.scheme.modules.map((m) => m.part)).toEqual(expected);
      else expect(result.ok ? [] : result.problems.map((p) => [p.code, p.origin?.column])).toEqual([[problem, "part"]]);
    });

    it("files without the column still import (every module practice), and the part round-trips", () => {
      const old = validateScheme(parseSchemeCsv(example).draft!);
      expect(old.ok && old.scheme.modules.map((m) => m.part)).toEqual(["practice", "practice"]);
      const first = validateScheme(parseSchemeCsv(withPart(["theory", "practice"])).draft!);
      if (!first.ok) throw new Error("invalid");
      const csv = schemeToCsv(first.scheme);
      expect(csv.split(/\r?\n/)[0]).toMatch(/,part$/);
      expect(validateScheme(parseSchemeCsv(encode(csv)).draft!)).toEqual(first);
    });
  });
});
