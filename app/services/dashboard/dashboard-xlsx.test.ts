import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { funnelFromMasks } from "~/domain/dashboard/dashboard";
import { createI18n } from "~/i18n/i18n";
import { dashboardScope, dashboardTables, formatPerMille } from "~/components/dashboard/dashboard-tables";
import { dashboardToWorkbook, sheetName } from "./dashboard-xlsx.server";
import type { DashboardData } from "./load-dashboard.server";

const counts = { tier1: 1, tier2: 2, tier3: 5, merit: 9, awarded: 17, titles: 1, promotions: 3 };
const data: DashboardData = {
  filters: { year: 2026, level: "provincial", competitionId: null },
  totals: { participants: 130, awarded: 17 },
  funnel: funnelFromMasks([
    { mask: 0b11, persons: 40 },
    { mask: 0b110, persons: 30 },
    { mask: 0b100, persons: 100 },
  ]),
  byRegion: [
    { key: "510100", participants: 120, ...counts },
    { key: "outside", participants: 3, ...counts, tier1: 0 },
    { key: "unknown", participants: 7, ...counts, tier1: 0 },
  ],
  bySkill: [{ key: "6-18-02-04", nameZh: "焊工 / 焊接", nameEn: "Welder / Welding", participants: 130, ...counts }],
  byGroup: [{ key: "worker", participants: 130, ...counts }],
  byLevel: [
    { key: "level3", participants: 100, ...counts },
    { key: "unknown", participants: 30, ...counts },
  ],
  share: { known: 100, highSkilled: 100, unknown: 30, perMille: 1000 },
};

async function read(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  return workbook;
}
const values = (sheet: ExcelJS.Worksheet, row: number) => (sheet.getRow(row).values as unknown[]).slice(1);

describe("dashboard workbook", () => {
  it("has a sheet per table with a title, a frozen translated header row and numbers as numbers", async () => {
    const { t } = createI18n("zh-CN");
    const tables = dashboardTables(data, t, "zh-CN");
    const scope = dashboardScope(data, [], t, "zh-CN");
    expect(scope).toBe("2026 · 省级");
    const workbook = await read(await dashboardToWorkbook(tables, scope, t));
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      "参赛人数漏斗（企业 → 世赛）",
      "按地区（市州）",
      "按赛项（职业）",
      "按组别",
      "按参赛时职业技能等级",
      "高技能人才占比",
    ]);
    const funnel = workbook.worksheets[0]!;
    expect(funnel.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
    expect(values(funnel, 1)).toEqual(["参赛人数漏斗（企业 → 世赛） · 2026 · 省级"]);
    expect(values(funnel, 2)).toEqual(["赛事级别", "人数", "来自下一级", "下一级晋升比例"]);
    expect(values(funnel, 3)).toEqual(["企业岗位练兵/技能比武", 40]);
    expect(values(funnel, 4)).toEqual(["市(州)级 / 行业", 70, 40, 1]);
    expect(values(funnel, 5)).toEqual(["省级", 130, 30, 0.429]);
    expect(funnel.getCell("D5").type).toBe(ExcelJS.ValueType.Number);
    expect(funnel.getCell("D5").numFmt).toBe("0.0%");
    expect(funnel.rowCount).toBe(9);

    const region = workbook.worksheets[1]!;
    expect(values(region, 2)).toEqual(["地区", "参赛人数", "金牌/一等奖", "银牌/二等奖", "铜牌/三等奖", "优胜奖", "获奖人数", "荣誉称号", "晋升等级"]);
    expect(values(region, 3)).toEqual(["成都市", 120, 1, 2, 5, 9, 17, 1, 3]);
    expect(values(region, 4)[0]).toBe("省外");
    expect(region.getCell("B3").type).toBe(ExcelJS.ValueType.Number);
    expect(values(workbook.worksheets[4]!, 3)[0]).toBe("三级/高级工");
    expect(values(workbook.worksheets[5]!, 3)).toEqual(["高级工及以上", 100, 1]);
  });

  it("writes one table in English when asked for one", async () => {
    const { t } = createI18n("en");
    const tables = dashboardTables(data, t, "en").filter((x) => x.id === "skill");
    const workbook = await read(
      await dashboardToWorkbook(tables, dashboardScope({ filters: { year: null, level: null, competitionId: null } }, [], t, "en"), t),
    );
    expect(workbook.worksheets).toHaveLength(1);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe("By skill (occupation)");
    expect(values(sheet, 1)).toEqual(["By skill (occupation) · All years, all levels"]);
    expect(values(sheet, 2).slice(0, 3)).toEqual(["Skill", "Occupation code", "Participants"]);
    expect(values(sheet, 3).slice(0, 3)).toEqual(["Welder / Welding", "6-18-02-04", 130]);
  });

  it("keeps sheet names within Excel's rules and shows shares without floating point", () => {
    expect(sheetName("By region (city / prefecture)")).toBe("By region (city - prefecture)");
    expect(sheetName("x".repeat(40))).toHaveLength(31);
    expect([formatPerMille(429), formatPerMille(1000), formatPerMille(5), formatPerMille(null)]).toEqual(["42.9%", "100.0%", "0.5%", "–"]);
  });
});
