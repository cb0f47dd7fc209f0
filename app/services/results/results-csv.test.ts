import { describe, expect, it } from "vitest";
import { decimal, exact, fromInt } from "~/domain/results/exact";
import { createI18n } from "~/i18n/i18n";
import type { CompetitorResult } from "~/domain/results/skill-results";
import { resultsToCsv } from "./results-csv.server";

function competitor(code: string, rank: number, total: string, award: CompetitorResult["award"], missing: string[] = []): CompetitorResult {
  return {
    competitorId: code,
    code,
    delegationId: "d",
    total: decimal(total),
    rawTotal: decimal(total),
    parts: null,
    timeUsedSeconds: null,
    modules: [{ code: "A", mark: decimal(total), max: exact(100n) }],
    rank,
    decidedBy: null,
    unresolvedTie: false,
    points: 700 + rank,
    pointsSource: "computed",
    award,
    bestOfNation: false,
    missingCount: missing.length,
    flaggedCount: 0,
    missingAspects: missing,
    flaggedAspects: [],
    aspects: [],
  };
}

describe("results CSV", () => {
  it("writes one row per competitor, exact to two places, with translated headers and awards", () => {
    const results = {
      selectionOnly: false,
      complete: false,
      tieBreaks: ["A", "time_used"],
      partWeights: null,
      competitors: [competitor("SC-01", 1, "96.0555", "gold"), competitor("SC-02", 2, "74.5", null, ["A1.3", "B2.2"])],
    };
    const zh = resultsToCsv(results, createI18n("zh-CN").t);
    expect(zh.startsWith("\uFEFF")).toBe(true); // so spreadsheet programs read UTF-8
    expect(zh.slice(1).trim().split(/\r?\n/)).toEqual([
      "名次,编号,A,总分,世赛积分,奖项,未完成",
      "1,SC-01,96.06,96.06,701,金牌,",
      "2,SC-02,74.50,74.50,702,,A1.3 B2.2",
    ]);
    expect(resultsToCsv(results, createI18n("en").t)).toContain("Rank,Code,A,Total,WS points,Award,Not complete");
  });

  it("neutralises text a spreadsheet would run as a formula, and keeps numbers as numbers", () => {
    const hostile = { ...competitor("=1+2+cmd|calc", 1, "10", null, ["@SUM(A1)"]), points: null };
    const negative = { ...competitor("SC-02", 2, "-1.5", null), points: null };
    const csv = resultsToCsv(
      { selectionOnly: false, complete: false, tieBreaks: [], partWeights: null, competitors: [hostile, negative] },
      createI18n("zh-CN").t,
    );
    expect(csv.slice(1).trim().split(/\r?\n/)).toEqual([
      "名次,编号,A,总分,世赛积分,奖项,未完成",
      "1,'=1+2+cmd|calc,10.00,10.00,,,'@SUM(A1)",
      "2,SC-02,-1.50,-1.50,,,",
    ]);
  });

  it("adds theory, practice and raw total, time used and the points' source where they apply", () => {
    const part = (scaled: string) => ({ mark: decimal(scaled), max: fromInt(100), scaled: decimal(scaled) });
    const first = {
      ...competitor("SC-01", 1, "79", "gold"),
      rawTotal: decimal("80"),
      parts: { theory: part("75"), practice: part("80") },
      timeUsedSeconds: 5730,
      pointsSource: "official" as const,
    };
    const second = { ...competitor("SC-02", 2, "70", null), rawTotal: decimal("70"), parts: { theory: part("70"), practice: part("70") } };
    const csv = resultsToCsv(
      { selectionOnly: false, complete: true, tieBreaks: [], partWeights: { theory: 20, practice: 80 }, competitors: [first, second] },
      createI18n("zh-CN").t,
    );
    expect(csv.slice(1).trim().split(/\r?\n/)).toEqual([
      "名次,编号,A,理论,实操,原始总分,总分,用时,世赛积分,积分来源,奖项,未完成",
      "1,SC-01,79.00,75.00,80.00,80.00,79.00,95:30,701,官方,金牌,",
      "2,SC-02,70.00,70.00,70.00,70.00,70.00,,702,计算,,",
    ]);
  });
});
