import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { add, decimal, exact } from "~/domain/results/exact";
import { createI18n } from "~/i18n/i18n";
import type { CompetitorResult, SkillResults } from "~/domain/results/skill-results";
import { resultsToWorkbook } from "./results-xlsx.server";

function competitor(
  code: string,
  rank: number,
  marks: [string, string],
  award: CompetitorResult["award"],
  points: number | null,
  missing: string[] = [],
): CompetitorResult {
  return {
    competitorId: code,
    code,
    delegationId: "d",
    total: add(decimal(marks[0]), decimal(marks[1])),
    rawTotal: add(decimal(marks[0]), decimal(marks[1])),
    parts: null,
    timeUsedSeconds: null,
    modules: [
      { code: "A", mark: decimal(marks[0]), max: exact(50n) },
      { code: "B", mark: decimal(marks[1]), max: exact(50n) },
    ],
    rank,
    decidedBy: null,
    unresolvedTie: false,
    points,
    pointsSource: points === null ? null : "computed",
    award,
    bestOfNation: false,
    missingCount: missing.length,
    flaggedCount: 0,
    missingAspects: missing,
    flaggedAspects: [],
    aspects: [],
  };
}

async function read(bytes: Uint8Array): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  expect(workbook.worksheets).toHaveLength(1);
  return workbook.worksheets[0]!;
}

const values = (sheet: ExcelJS.Worksheet, row: number) => (sheet.getRow(row).values as unknown[]).slice(1);

describe("results workbook", () => {
  // 1.00 × 4/9 has no finite decimal: the sheet shows it rounded from the exact value.
  const fourNinths = exact(4n, 9n);
  const results: SkillResults = {
    selectionOnly: false,
    complete: false,
    tieBreaks: [],
    partWeights: null,
    competitors: [competitor("SC-01", 1, ["48.0555", "48"], "gold", 701), competitor("SC-02", 2, ["40.5", "34"], null, null, ["A1.3", "B2.2"])],
  };
  results.competitors[1]!.modules[1]!.mark = fourNinths;
  results.competitors[1]!.total = add(decimal("40.5"), fourNinths); // 40.9444…

  it("has a title, a frozen translated header row and one row per competitor, exact to two places", async () => {
    const sheet = await read(await resultsToWorkbook(results, createI18n("zh-CN").t, "2026年四川工匠杯 · 焊接 · 成绩（未公示）"));
    expect(sheet.name).toBe("成绩（未公示）");
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
    expect(values(sheet, 1)).toEqual(["2026年四川工匠杯 · 焊接 · 成绩（未公示）"]);
    expect(values(sheet, 2)).toEqual(["名次", "编号", "A", "B", "总分", "世赛积分", "奖项", "未完成"]);
    expect(values(sheet, 3)).toEqual([1, "SC-01", 48.06, 48, 96.06, 701, "金牌"]);
    expect(values(sheet, 4)).toEqual([2, "SC-02", 40.5, 0.44, 40.94, undefined, undefined, "A1.3 B2.2"]);
    expect(sheet.rowCount).toBe(4);
    for (const address of ["C3", "D3", "E3", "D4", "E4"]) {
      expect(sheet.getCell(address).type).toBe(ExcelJS.ValueType.Number);
      expect(sheet.getCell(address).numFmt).toBe("0.00");
    }
    expect(sheet.getCell("A3").numFmt).not.toBe("0.00");
    expect(sheet.getColumn(8).width).toBeGreaterThanOrEqual(11); // "A1.3 B2.2" fits
  });

  it("translates headers and awards into English", async () => {
    const sheet = await read(await resultsToWorkbook(results, createI18n("en").t, "Results"));
    expect(sheet.name).toBe("Results (provisional)");
    expect(values(sheet, 2)).toEqual(["Rank", "Code", "A", "B", "Total", "WS points", "Award", "Not complete"]);
    expect(values(sheet, 3)[6]).toBe("Gold");
  });

  it("writes only the header when there are no competitors", async () => {
    const sheet = await read(
      await resultsToWorkbook({ selectionOnly: false, complete: true, tieBreaks: [], partWeights: null, competitors: [] }, createI18n("en").t, "Results"),
    );
    expect(values(sheet, 2)).toEqual(["Rank", "Code", "Total", "WS points", "Award", "Not complete"]);
    expect(sheet.rowCount).toBe(2);
  });
});
