import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { restoredCell, safeCell, safeRow, spreadsheetCsv } from "./safe-cells.server";

describe("cells safe from formula injection", () => {
  it.each([
    ["=1+2+cmd|calc", "'=1+2+cmd|calc"],
    ["+1+cmd|calc", "'+1+cmd|calc"],
    ["-2+3+cmd|calc", "'-2+3+cmd|calc"],
    ["@SUM(1+1)*cmd|calc", "'@SUM(1+1)*cmd|calc"],
    ["\t=1+2", "'\t=1+2"],
    ["\r=1+2", "'\r=1+2"],
    ["- 未到场", "'- 未到场"],
    ["张三", "张三"],
    ["a=1", "a=1"],
    ["", ""],
    // Text that is only a number stays as it is: a spreadsheet reads it as that number.
    ["-1.50", "-1.50"],
    ["+3", "+3"],
    ["-2e3", "-2e3"],
  ])("%j → %j", (text, written) => {
    expect(safeCell(text)).toBe(written);
    expect(restoredCell(written)).toBe(text);
  });

  it("keeps numbers, negative ones too, and empty cells as they are", () => {
    expect(safeRow([-3, 0, null, undefined, true])).toEqual([-3, 0, null, undefined, true]);
    expect(safeRow({ name: '=HYPERLINK("http://x")', rank: -1 })).toEqual({ name: '\'=HYPERLINK("http://x")', rank: -1 });
  });

  it("leaves text that only looks quoted alone when read back", () => {
    expect(restoredCell("'引号")).toBe("'引号");
    expect(restoredCell("''=x")).toBe("''=x");
  });

  it("writes CSV with a byte-order mark and every cell safe", () => {
    const csv = spreadsheetCsv([
      ["名次", "编号"],
      ["1", "=1+2+cmd|calc"],
      [-2, "@x"],
    ]);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(parse(csv.slice(1))).toEqual([
      ["名次", "编号"],
      ["1", "'=1+2+cmd|calc"],
      ["-2", "'@x"],
    ]);
  });
});
