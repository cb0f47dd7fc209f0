import { describe, expect, it } from "vitest";
import { decimal, exact } from "~/domain/results/exact";
import { createI18n } from "~/i18n/i18n";
import type { CompetitorResult } from "~/domain/results/skill-results";
import { resultsToCsv } from "./results-csv";

function competitor(code: string, rank: number, total: string, award: CompetitorResult["award"], missing: string[] = []): CompetitorResult {
  return {
    competitorId: code,
    code,
    delegationId: "d",
    total: decimal(total),
    modules: [{ code: "A", mark: decimal(total), max: exact(100n) }],
    rank,
    decidedBy: null,
    unresolvedTie: false,
    points: 700 + rank,
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
    const results = { selectionOnly: false, complete: false, competitors: [competitor("SC-01", 1, "96.0555", "gold"), competitor("SC-02", 2, "74.5", null, ["A1.3", "B2.2"])] };
    const zh = resultsToCsv(results, createI18n("zh-CN").t);
    expect(zh.startsWith("\uFEFF")).toBe(true); // so spreadsheet programs read UTF-8
    expect(zh.slice(1).trim().split(/\r?\n/)).toEqual(["名次,编号,A,总分,世赛积分,奖项,未完成", "1,SC-01,96.06,96.06,701,金牌,", "2,SC-02,74.50,74.50,702,,A1.3 B2.2"]);
    expect(resultsToCsv(results, createI18n("en").t)).toContain("Rank,Code,A,Total,WS points,Award,Not complete");
  });
});
