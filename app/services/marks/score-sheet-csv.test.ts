import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { maxScoreSheetRows, parseScoreSheetCsv } from "./score-sheet-csv.server";

const encode = (text: string) => new TextEncoder().encode(text);
const example = readFileSync(new URL("../../../docs/examples/score-sheet.csv", import.meta.url));

describe("score sheet CSV", () => {
  it("reads the documented example: one line per judge's value, numbered as in the file", () => {
    const { lines, problems } = parseScoreSheetCsv(example);
    expect(problems).toEqual([]);
    expect(lines.length).toBeGreaterThan(10);
    expect(lines[0]).toMatchObject({ row: 2, competitorCode: "24" });
    expect(new Set(lines.map((l) => l.row)).size).toBe(lines.length);
  });

  it("reads English headers in any case and order, tolerates a byte-order mark, ignores other columns", () => {
    const { lines, problems } = parseScoreSheetCsv(encode("\uFEFFJudge,Value,Note,Competitor Code,Aspect_Code\r\nJudge.Weld,2,复核,SC-1,A1.3\r\n"));
    expect(problems).toEqual([]);
    expect(lines).toEqual([{ row: 2, competitorCode: "SC-1", aspectCode: "A1.3", judge: "judge.weld", value: "2" }]);
  });

  it("reads Chinese headers", () => {
    const { lines, problems } = parseScoreSheetCsv(encode("选手编号,评分项,裁判,分值\nSC-1,A1.1,judge.weld,是\nSC-1,A1.2,judge.weld,minor\n"));
    expect(problems).toEqual([]);
    expect(lines.map((l) => [l.row, l.aspectCode, l.value])).toEqual([
      [2, "A1.1", "是"],
      [3, "A1.2", "minor"],
    ]);
  });

  it("numbers rows by their line, skipping blank lines and rows of empty cells as a spreadsheet leaves them", () => {
    const { lines, problems } = parseScoreSheetCsv(encode("competitor_code,aspect_code,judge,value\n\nSC-1,A1.3,j.a,1\n,,,\nSC-2,A1.3,j.a,2\n"));
    expect(problems).toEqual([]);
    expect(lines.map((l) => l.row)).toEqual([3, 5]);
  });

  it('refuses a file that is not UTF-8 (GBK, or UTF-16 as Excel\'s "Unicode text")', () => {
    const gbk = new Uint8Array([...encode("competitor_code,aspect_code,judge,value\n"), 0xd1, 0xa1, 0xca, 0xd6, 0x0a]); // "选手" in GBK
    expect(parseScoreSheetCsv(gbk)).toEqual({ lines: [], problems: [{ code: "NOT_UTF8", params: {} }] });
    const utf16 = new Uint8Array([0xff, 0xfe, 0x63, 0x00, 0x6f, 0x00]);
    expect(parseScoreSheetCsv(utf16).problems).toEqual([{ code: "NOT_UTF8", params: {} }]);
  });

  it("refuses an empty file and a file with only the header", () => {
    expect(parseScoreSheetCsv(new Uint8Array()).problems).toEqual([{ code: "EMPTY_FILE", params: {} }]);
    expect(parseScoreSheetCsv(encode("\uFEFF\n\n")).problems).toEqual([{ code: "EMPTY_FILE", params: {} }]);
    expect(parseScoreSheetCsv(encode("选手编号,评分项,裁判,分值\n")).problems).toEqual([{ code: "EMPTY_FILE", params: {} }]);
  });

  it("names missing and doubled columns instead of guessing", () => {
    expect(parseScoreSheetCsv(encode("code,aspect\nSC-1,A1.1\n")).problems).toEqual([{ code: "MISSING_COLUMNS", row: 1, params: { columns: "judge, value" } }]);
    expect(parseScoreSheetCsv(encode("code,aspect,judge,value,score\nSC-1,A1.1,j,1,2\n")).problems).toEqual([
      { code: "DUPLICATE_COLUMN", row: 1, column: "value", params: { header: "score" } },
    ]);
  });

  it(`refuses more than ${maxScoreSheetRows} rows before looking at any of them`, () => {
    const body = Array.from({ length: maxScoreSheetRows + 1 }, (_, i) => `SC-${i},A1.1,j,x`).join("\n");
    expect(parseScoreSheetCsv(encode(`code,aspect,judge,value\n${body}\n`)).problems).toEqual([
      { code: "TOO_MANY_ROWS", params: { max: maxScoreSheetRows, rows: maxScoreSheetRows + 1 } },
    ]);
    const full = Array.from({ length: maxScoreSheetRows }, (_, i) => `SC-${i},A1.1,j,1`).join("\n");
    expect(parseScoreSheetCsv(encode(`code,aspect,judge,value\n${full}\n`)).lines).toHaveLength(maxScoreSheetRows);
  });

  it("lists every empty cell and every repeated judge's value at once, with line and column", () => {
    const { problems } = parseScoreSheetCsv(encode("code,aspect,judge,value\nSC-1,A1.3,j.a,1\nSC-1,,j.a,2\nSC-2,A1.3,,\nSC-1,A1.3,J.A,3\n"));
    expect(problems).toEqual([
      { code: "MISSING_VALUE", row: 3, column: "aspect_code", params: {} },
      { code: "MISSING_VALUE", row: 4, column: "judge", params: {} },
      { code: "MISSING_VALUE", row: 4, column: "value", params: {} },
      { code: "DUPLICATE_ROW", row: 5, column: "judge", params: { first: 2 } },
    ]);
  });

  it("names the line of a malformed file", () => {
    expect(parseScoreSheetCsv(encode('code,aspect,judge,value\nSC-1,"A1.3,j,1\n')).problems[0]).toMatchObject({ code: "CSV_SYNTAX" });
  });
});
