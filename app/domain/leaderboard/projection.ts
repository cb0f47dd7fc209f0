// The leaderboard 实时排行榜 as the public and the staff see it, made from a skill's standings.
// Terms: the *public projection* carries rank, code, module marks, total and — for the ws track —
// WorldSkills points and medal; nothing else (no competitor id, delegation, name or flag), so
// it can be shown on any screen before publication. The *staff projection* adds how many aspects
// are missing or flagged. Which one is served, and whether the public sees the live rows, the
// frozen ones or none, is the leaderboard's status (live / frozen 封榜 / hidden until publication).
// Boundary: pure — standings and a time in, plain data out.
import type { PublicLeaderboard, PublicLeaderboardRow, StaffLeaderboard, LeaderboardStatus } from "~/realtime/events";
import type { SkillStandings } from "../results/skill-results";
import { toFixed } from "../results/exact";

type Track = PublicLeaderboard["track"];
const medals = new Set(["gold", "silver", "bronze", "medallion"]);

function publicRow(s: SkillStandings["competitors"][number], track: Track, complete: boolean): PublicLeaderboardRow {
  return {
    rank: s.rank,
    code: s.code,
    modules: s.modules.map((m) => toFixed(m.mark)),
    total: toFixed(s.total),
    points: track === "ws" ? s.points : null,
    // Medals are the WorldSkills track's (Chinese prize schemes are announced at publication),
    // and shown once every competitor is fully marked: before that, unmarked competitors tie
    // at the median and would all "share" a medal.
    medal: track === "ws" && complete && s.award && medals.has(s.award) ? (s.award as PublicLeaderboardRow["medal"]) : null,
  };
}

function modulesOf(standings: SkillStandings): PublicLeaderboard["modules"] {
  return (standings.competitors[0]?.modules ?? []).map((m) => ({ code: m.code, max: toFixed(m.max) }));
}

/** The restricted projection: always the live rows, with missing and flagged counts. */
export function staffLeaderboard(standings: SkillStandings, track: Track, status: LeaderboardStatus, asOf: Date): StaffLeaderboard {
  return {
    status,
    asOf: asOf.toISOString(),
    track,
    modules: modulesOf(standings),
    rows: standings.competitors.map((s) => ({ ...publicRow(s, track, standings.complete), missing: s.missingCount, flagged: s.flaggedCount })),
  };
}

/** The live public projection of the standings. */
export function publicLeaderboard(standings: SkillStandings, track: Track, asOf: Date): PublicLeaderboard {
  return {
    status: "live",
    asOf: asOf.toISOString(),
    track,
    modules: modulesOf(standings),
    rows: standings.competitors.map((s) => publicRow(s, track, standings.complete)),
  };
}

/** What the public sees of a hidden leaderboard: that it is hidden, and nothing else. */
export function hiddenLeaderboard(track: Track, asOf: Date): PublicLeaderboard {
  return { status: "hidden", asOf: asOf.toISOString(), track, modules: [], rows: [] };
}

/**
 * What the public is served: the live rows while live; while frozen, the rows stored at the
 * freeze (never the live ones); while hidden, none.
 */
export function servedToPublic(
  state: { status: LeaderboardStatus; frozen: PublicLeaderboard | null },
  live: () => PublicLeaderboard,
  track: Track,
  asOf: Date,
): PublicLeaderboard {
  if (state.status === "hidden") return hiddenLeaderboard(track, asOf);
  if (state.status === "frozen") {
    if (!state.frozen) throw new Error("A frozen leaderboard keeps the rows it was frozen with");
    return { ...state.frozen, status: "frozen" };
  }
  return live();
}
