// Advancement 晋级 (RULES.md "Advancement", decision 018): which published results qualify a
// person for the next level, how a national training squad's elimination round splits its
// entrants, and a person's pathway 成长路径 assembled in time order.
// Terms: an *entry* is one competitor's published row (rank, the skill's team size and track, the
// persons in it); a *rule* is the organizer's advancement rule (top N, top N of a team skill,
// track). Boundary: pure data in, plain data out — the services read publications and write the
// `advancement` rows; nothing here knows a table or the clock.
import type { CompetitionLevel, Track } from "../competition/ladder";

/** reserve: reserve entrant of the next level; eligible: may register there (晋级资格); delegation: enters the next level's delegation; squad: national training squad. */
export const advancementKinds = ["reserve", "eligible", "delegation", "squad"] as const;
export type AdvancementKindName = (typeof advancementKinds)[number];

export interface AdvancementEntry {
  competitorId: string;
  rank: number;
  teamSize: number;
  track: Track;
  personIds: readonly string[];
}

export interface AdvancementRuleLimits {
  topN: number;
  topNTeam: number | null;
  track: Track | null;
}

export interface Advancer {
  competitorId: string;
  personId: string;
  rank: number;
}

/**
 * The persons a rule qualifies: ranks 1…topN of an individual skill, 1…(topNTeam ?? topN) of a
 * team skill (every member of a qualifying team qualifies), only skills of the rule's track when
 * it names one. Ranks are competition ranks (shared ranks repeat, the next is skipped), so
 * everybody sharing the boundary rank has `rank <= limit` and qualifies too. A competitor with no
 * published row (withdrawn, disqualified before publication) is not an entry and never qualifies.
 * Ordered by rank, then competitor and person id, so the result is stable.
 */
export function selectAdvancers(entries: ReadonlyArray<AdvancementEntry>, rule: AdvancementRuleLimits): Advancer[] {
  const advancers: Advancer[] = [];
  for (const entry of entries) {
    if (rule.track !== null && entry.track !== rule.track) continue;
    const limit = entry.teamSize > 1 ? (rule.topNTeam ?? rule.topN) : rule.topN;
    if (entry.rank < 1 || entry.rank > limit) continue;
    for (const personId of entry.personIds) advancers.push({ competitorId: entry.competitorId, personId, rank: entry.rank });
  }
  return advancers.sort((a, b) => a.rank - b.rank || compareText(a.competitorId, b.competitorId) || compareText(a.personId, b.personId));
}

export interface SquadRoundOutcome {
  /** Go on to the next round (the last round, keep 1: the representative 代表). */
  advance: string[];
  /** The reserves 备选, best first. */
  reserve: string[];
  out: string[];
  /**
   * Persons sharing the rank at the keep boundary (more of them than places left). The squad
   * needs exactly keepCount, so they are neither advanced nor reserves until the chief expert
   * decides (a deciding assessment or a recorded tie-break); empty when there is no such tie.
   */
  tied: string[];
  tieAtBoundary: boolean;
}

/**
 * Splits one elimination round's ranking: the best keepCount go on, the next reserveCount are
 * reserves, the rest are out. A tie across the keep boundary is flagged (`tieAtBoundary`, the tied
 * persons in `tied`) and never resolved by advancing more or fewer than keepCount. A tie across
 * the reserve boundary keeps everybody sharing the last reserve rank as a reserve: a reserve list
 * may grow, a squad may not.
 */
export function squadRoundOutcome(
  ranked: ReadonlyArray<{ personId: string; rank: number }>,
  round: { keepCount: number; reserveCount: number },
): SquadRoundOutcome {
  const sorted = [...ranked].sort((a, b) => a.rank - b.rank || compareText(a.personId, b.personId));
  const keep = round.keepCount;
  const boundaryRank = sorted[keep - 1]?.rank;
  const tieAtBoundary = boundaryRank !== undefined && sorted[keep]?.rank === boundaryRank;
  const advance: string[] = [];
  const tied: string[] = [];
  const rest: Array<{ personId: string; rank: number }> = [];
  for (const [i, entry] of sorted.entries()) {
    if (tieAtBoundary && entry.rank === boundaryRank) tied.push(entry.personId);
    else if (i < keep) advance.push(entry.personId);
    else rest.push(entry);
  }
  // Reserve places follow the keep places; tied persons take up positions as well.
  const reservePlaces = Math.max(0, keep + round.reserveCount - advance.length - tied.length);
  const lastReserveRank = reservePlaces > 0 ? rest[reservePlaces - 1]?.rank : undefined;
  const reserve: string[] = [];
  const out: string[] = [];
  for (const [i, entry] of rest.entries()) {
    if (i < reservePlaces || (lastReserveRank !== undefined && entry.rank === lastReserveRank)) reserve.push(entry.personId);
    else out.push(entry.personId);
  }
  return { advance, reserve, out, tied, tieAtBoundary };
}

export type ResultStatus = "published" | "provisional";

export interface PathwayResult {
  status: ResultStatus;
  rank: number;
  /** Exact decimal as text (the published row's total), out of 100. */
  total: string;
  points: number | null;
  award: string | null;
}

export interface PathwayEntryInput {
  competitorId: string;
  competition: { id: string; nameZh: string; nameEn: string | null; level: CompetitionLevel; year: number; startsOn: string; endsOn: string };
  skill: { id: string; nameZh: string; nameEn: string | null; startsAt: string };
  delegation: { nameZh: string; nameEn: string | null };
  result: PathwayResult | null;
}

export interface PathwayHonour {
  competitorId: string;
  kind: "title" | "promotion";
  code: string;
  labelZh: string;
  labelEn: string;
}

export interface PathwayAdvancement {
  competitorId: string;
  kind: "reserve" | "eligible" | "delegation" | "squad";
  targetLevel: CompetitionLevel;
  targetCompetition: { nameZh: string; nameEn: string | null } | null;
  rank: number;
  revoked: boolean;
}

export interface PathwayCertificate {
  competitorId: string;
  number: string;
  kind: "award" | "title" | "promotion";
  labelZh: string;
  labelEn: string;
  revoked: boolean;
}

export interface PathwaySquadRound {
  competitorId: string;
  roundNo: number;
  outcome: "advance" | "reserve" | "out" | "tied" | "pending";
}

export interface PathwayInput {
  entries: ReadonlyArray<PathwayEntryInput>;
  honours: ReadonlyArray<PathwayHonour>;
  advancements: ReadonlyArray<PathwayAdvancement>;
  certificates: ReadonlyArray<PathwayCertificate>;
  squadRounds: ReadonlyArray<PathwaySquadRound>;
}

export interface PathwayEntry extends PathwayEntryInput {
  honours: PathwayHonour[];
  advancements: PathwayAdvancement[];
  certificates: PathwayCertificate[];
  squadRound: PathwaySquadRound | null;
}

export interface PathwayPoint {
  competitorId: string;
  /** The competition's first day (YYYY-MM-DD): the chart's time axis. */
  on: string;
  /** WorldSkills points where the result has them, else the total out of 100 (exact text). */
  value: string;
  scale: "points" | "total";
  status: ResultStatus;
}

export interface Pathway {
  entries: PathwayEntry[];
  points: PathwayPoint[];
}

/**
 * A person's pathway: every entry with what it earned, oldest first (competition start, then the
 * skill's start), and the chart's points (entries with a result). The audience's projection —
 * which results an entry may show — is the caller's: it passes only what the viewer may see.
 */
export function buildPathway(input: PathwayInput): Pathway {
  const byCompetitor = <T extends { competitorId: string }>(rows: ReadonlyArray<T>) => {
    const map = new Map<string, T[]>();
    for (const row of rows) map.set(row.competitorId, [...(map.get(row.competitorId) ?? []), row]);
    return map;
  };
  const honours = byCompetitor(input.honours);
  const advancements = byCompetitor(input.advancements);
  const certificates = byCompetitor(input.certificates);
  const rounds = byCompetitor(input.squadRounds);
  const entries = [...input.entries]
    .sort(
      (a, b) =>
        compareText(a.competition.startsOn, b.competition.startsOn) ||
        compareText(a.skill.startsAt, b.skill.startsAt) ||
        compareText(a.competitorId, b.competitorId),
    )
    .map((entry) => ({
      ...entry,
      honours: honours.get(entry.competitorId) ?? [],
      advancements: advancements.get(entry.competitorId) ?? [],
      certificates: certificates.get(entry.competitorId) ?? [],
      squadRound: rounds.get(entry.competitorId)?.[0] ?? null,
    }));
  const points = entries.flatMap((entry): PathwayPoint[] => {
    const result = entry.result;
    if (!result) return [];
    const scale = result.points !== null ? "points" : "total";
    return [
      {
        competitorId: entry.competitorId,
        on: entry.competition.startsOn,
        value: result.points !== null ? String(result.points) : result.total,
        scale,
        status: result.status,
      },
    ];
  });
  return { entries, points };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
