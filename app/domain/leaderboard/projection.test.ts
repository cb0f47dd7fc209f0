import { describe, expect, it } from "vitest";
import { PublicLeaderboardSchema, StaffLeaderboardSchema } from "~/realtime/events";
import { decimal } from "../results/exact";
import type { SkillStandings, Standing } from "../results/skill-results";
import { hiddenLeaderboard, publicLeaderboard, servedToPublic, staffLeaderboard } from "./projection";

const asOf = new Date("2026-11-22T03:00:00Z");

function standing(code: string, rank: number, total: string, extra: Partial<Standing> = {}): Standing {
  return {
    competitorId: `00000000-0000-4000-8000-00000000000${rank}`,
    code,
    delegationId: "d0000000-0000-4000-8000-000000000001",
    total: decimal(total),
    rawTotal: decimal(total),
    parts: null,
    timeUsedSeconds: 3600,
    modules: [
      { code: "A", mark: decimal(total), max: decimal("60") },
      { code: "B", mark: decimal("0"), max: decimal("40") },
    ],
    rank,
    decidedBy: "total",
    unresolvedTie: false,
    points: 700 + 10 * (3 - rank),
    pointsSource: "computed",
    award: rank === 1 ? "gold" : rank === 2 ? "first" : null,
    bestOfNation: true,
    missingCount: 2,
    flaggedCount: 1,
    ...extra,
  };
}

const standings: SkillStandings = {
  selectionOnly: false,
  complete: false,
  tieBreaks: ["A"],
  partWeights: null,
  competitors: [standing("07", 1, "55.5"), standing("03", 2, "41.333333")],
};

describe("the public projection", () => {
  it("keeps rank, code, module marks and total to two places, and points and medal on the ws track", () => {
    const board = publicLeaderboard({ ...standings, complete: true }, "ws", asOf);
    expect(board).toEqual({
      status: "live",
      asOf: asOf.toISOString(),
      track: "ws",
      modules: [
        { code: "A", max: "60.00" },
        { code: "B", max: "40.00" },
      ],
      rows: [
        { rank: 1, code: "07", modules: ["55.50", "0.00"], total: "55.50", points: 720, medal: "gold" },
        // A Chinese prize is not a medal: announced at publication, not on the live board.
        { rank: 2, code: "03", modules: ["41.33", "0.00"], total: "41.33", points: 710, medal: null },
      ],
    });
    expect(PublicLeaderboardSchema.parse(board)).toEqual(board);
  });

  it("shows medals only once every competitor is fully marked", () => {
    expect(publicLeaderboard(standings, "ws", asOf).rows.map((r) => r.medal)).toEqual([null, null]);
  });

  it.each(["national", "local"] as const)("shows no points or medals on the %s track", (track) => {
    const board = publicLeaderboard({ ...standings, complete: true }, track, asOf);
    expect(board.rows.map((r) => [r.points, r.medal])).toEqual([
      [null, null],
      [null, null],
    ]);
  });

  it("carries no competitor id, delegation, time, flag or missing count — nothing but the public fields", () => {
    const text = JSON.stringify(publicLeaderboard(standings, "ws", asOf));
    for (const secret of [
      standings.competitors[0]!.competitorId,
      standings.competitors[0]!.delegationId,
      "delegation",
      "competitorId",
      "flagged",
      "missing",
      "timeUsed",
      "bestOfNation",
    ])
      expect(text).not.toContain(secret);
    for (const row of publicLeaderboard(standings, "ws", asOf).rows)
      expect(Object.keys(row).sort()).toEqual(["code", "medal", "modules", "points", "rank", "total"]);
  });

  it("refuses a row with anything extra: a name cannot ride along", () => {
    const board = publicLeaderboard(standings, "ws", asOf);
    const leaky = { ...board, rows: [{ ...board.rows[0], name: "张三" }] };
    expect(PublicLeaderboardSchema.safeParse(leaky).success).toBe(false);
  });

  it("gives the staff missing and flagged counts", () => {
    const board = staffLeaderboard(standings, "ws", "frozen", asOf);
    expect(board.status).toBe("frozen");
    expect(board.rows[0]).toMatchObject({ code: "07", missing: 2, flagged: 1 });
    expect(StaffLeaderboardSchema.parse(board)).toEqual(board);
  });
});

describe("what the public is served", () => {
  const live = () => publicLeaderboard(standings, "ws", asOf);
  const frozen = { ...publicLeaderboard({ ...standings, competitors: [standing("03", 1, "10")] }, "ws", asOf), status: "frozen" as const };

  it("live: the live rows", () => {
    expect(servedToPublic({ status: "live", frozen: null }, live, "ws", asOf)).toEqual(live());
  });
  it("frozen: the rows stored at the freeze, never the live ones", () => {
    const served = servedToPublic(
      { status: "frozen", frozen },
      () => {
        throw new Error("the live rows are not read while frozen");
      },
      "ws",
      asOf,
    );
    expect(served.rows.map((r) => r.code)).toEqual(["03"]);
    expect(served.status).toBe("frozen");
  });
  it("hidden: no rows at all", () => {
    expect(servedToPublic({ status: "hidden", frozen: null }, live, "ws", asOf)).toEqual(hiddenLeaderboard("ws", asOf));
    expect(hiddenLeaderboard("ws", asOf).rows).toEqual([]);
  });
});
