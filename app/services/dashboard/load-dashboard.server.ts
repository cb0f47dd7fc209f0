// The dashboard's numbers 数据看板, grouped by the database (never every row in JS): the funnel,
// participants and awards by region, skill, group and skill level, and the share of high-skilled.
// What counts:
// - a participant is a person in a competitor entry (competitor_member; every member of a team),
//   counted once per row of a table; entries marked absent (缺考) and rehearsal copies of skills
//   (skill.rehearsal_of) never count;
// - awards, titles and promotions come only from CURRENT publications (publication.is_current),
//   one per member of an awarded team, as RULES.md "Results" gives every member the team's result.
// Three queries per page: the funnel (persons grouped by the set of rungs they reached), the four
// breakdowns in one pass (grouping sets) and the persons (highest level, awarded or not).
// Indexes that serve these reads (a province: ~100,000 persons, a few hundred thousand entries):
// - whole-province aggregates read competitor_member, competitor and skill once each and join
//   them by hash (primary keys); there is no index to pick a subset, as every entry counts.
//   Measured on PostgreSQL on this 2-core machine: ~83,000 entries, all years, 1.6–2.4 s for
//   the page; one year ~0.6 s; one year and level ~0.3 s. Should it grow too slow, a summary
//   table refreshed on publication would be the next step;
// - a year or level: competition_level_year_idx on the (small) competition table, then
//   competitor_skill_idx; one competition: competitor's unique (competition_id, registration_no);
// - awards: publication_current_idx (skill_id) where is_current, then published_result's primary
//   key (publication_id, competitor_id); honours: grouped once by (publication_id, person_id);
// - person by primary key for the region.
import { sql, type Expression, type SqlBool } from "kysely";
import type { DB } from "../../../db/connection";
import {
  competitionLevels,
  entrantGroups,
  ladderRung,
  skillLevels,
  type CompetitionLevel,
  type EntrantGroup,
  type SkillLevel,
} from "~/domain/competition/ladder";
import { prefectureOf, sichuanRegions } from "~/domain/competition/regions";
import {
  awardsOfTier,
  funnelFromMasks,
  highSkilledShare,
  skillLevelOfRank,
  skillLevelRank,
  type FunnelRung,
  type HighSkilledShare,
} from "~/domain/dashboard/dashboard";
import type { DashboardFilters } from "~/domain/dashboard/inputs";

export interface BreakdownCounts {
  /** Distinct persons. */
  participants: number;
  /** Awards of each tier (金牌/一等奖, 银牌/二等奖, 铜牌/三等奖, 优胜奖), one per awarded person. */
  tier1: number;
  tier2: number;
  tier3: number;
  merit: number;
  /** Distinct persons with any award. */
  awarded: number;
  titles: number;
  promotions: number;
}

export interface RegionRow extends BreakdownCounts {
  /** A city or prefecture code (510100 …), "outside" (another province) or "unknown". */
  key: string;
}
export interface SkillRow extends BreakdownCounts {
  /** The occupation code 职业(工种)代码. */
  key: string;
  /** The skill names used for it, joined with " / " when competitions named it differently. */
  nameZh: string;
  nameEn: string;
}
export interface GroupRow extends BreakdownCounts {
  key: EntrantGroup;
}
export interface LevelRow extends BreakdownCounts {
  key: SkillLevel | "unknown";
}

export interface DashboardData {
  filters: DashboardFilters;
  totals: { participants: number; awarded: number };
  funnel: FunnelRung[];
  byRegion: RegionRow[];
  bySkill: SkillRow[];
  byGroup: GroupRow[];
  byLevel: LevelRow[];
  share: HighSkilledShare;
}

export interface DashboardChoices {
  years: number[];
  competitions: Array<{ id: string; nameZh: string; nameEn: string | null; level: CompetitionLevel; year: number }>;
}

/** Entries (one row per member of a competitor) within the filters. */
function entries(db: DB, filters: DashboardFilters, options: { everyLevel?: boolean } = {}) {
  return db
    .selectFrom("competitorMember as cm")
    .innerJoin("competitor as co", "co.id", "cm.competitorId")
    .innerJoin("skill as s", "s.id", "co.skillId")
    .innerJoin("competition as c", "c.id", "co.competitionId")
    .where("s.rehearsalOf", "is", null)
    .where("co.state", "<>", "absent")
    .$if(filters.year !== null, (q) => q.where("c.year", "=", filters.year!))
    .$if(!options.everyLevel && filters.level !== null, (q) => q.where("c.level", "=", filters.level!))
    .$if(filters.competitionId !== null, (q) => q.where("co.competitionId", "=", filters.competitionId!));
}

/** …with each entry's award (current publication) and its honours' counts. */
function entriesWithAwards(db: DB, filters: DashboardFilters) {
  const honours = db
    .selectFrom("honour")
    .select([
      "publicationId",
      "personId",
      sql<number>`count(*) filter (where kind = 'title')`.as("titles"),
      sql<number>`count(*) filter (where kind = 'promotion')`.as("promotions"),
    ])
    .groupBy(["publicationId", "personId"]);
  return entries(db, filters)
    .leftJoin("publication as pub", (j) => j.onRef("pub.skillId", "=", "co.skillId").on("pub.isCurrent", "=", true))
    .leftJoin("publishedResult as pr", (j) => j.onRef("pr.publicationId", "=", "pub.id").onRef("pr.competitorId", "=", "co.id"))
    .leftJoin(honours.as("h"), (j) => j.onRef("h.publicationId", "=", "pub.id").onRef("h.personId", "=", "cm.personId"));
}

const count = (expression: Expression<unknown>) => sql<number>`count(${expression})::int`;
const awardIn = (awards: readonly string[]): Expression<SqlBool> => sql<SqlBool>`pr.award in (${sql.join(awards.map((a) => sql.lit(a)))})`;
const breakdownColumns = [
  sql<number>`count(distinct cm.person_id)::int`.as("participants"),
  sql<number>`count(*) filter (where ${awardIn(awardsOfTier.tier1)})::int`.as("tier1"),
  sql<number>`count(*) filter (where ${awardIn(awardsOfTier.tier2)})::int`.as("tier2"),
  sql<number>`count(*) filter (where ${awardIn(awardsOfTier.tier3)})::int`.as("tier3"),
  sql<number>`count(*) filter (where ${awardIn(awardsOfTier.merit)})::int`.as("merit"),
  sql<number>`count(distinct cm.person_id) filter (where pr.award is not null)::int`.as("awarded"),
  sql<number>`coalesce(sum(h.titles), 0)::int`.as("titles"),
  sql<number>`coalesce(sum(h.promotions), 0)::int`.as("promotions"),
] as const;

const rungOfLevel = sql<number>`case c.level ${sql.join(
  competitionLevels.map((l) => sql`when ${sql.lit(l)} then ${sql.lit(ladderRung(l))}`),
  sql` `,
)} end`;
const rankOfSkillLevel = sql<number | null>`case cm.skill_level ${sql.join(
  skillLevels.map((l) => sql`when ${sql.lit(l)} then ${sql.lit(skillLevelRank(l))}`),
  sql` `,
)} end`;

const zeroCounts = (): BreakdownCounts => ({ participants: 0, tier1: 0, tier2: 0, tier3: 0, merit: 0, awarded: 0, titles: 0, promotions: 0 });
function addCounts(into: BreakdownCounts, from: BreakdownCounts): void {
  for (const k of Object.keys(into) as Array<keyof BreakdownCounts>) into[k] += Number(from[k]);
}
const countsOf = (row: BreakdownCounts): BreakdownCounts => {
  const c = zeroCounts();
  addCounts(c, row);
  return c;
};

/** Distinct persons per set of rungs they competed at: every level, whatever the level filter. */
async function loadFunnel(db: DB, filters: DashboardFilters): Promise<FunnelRung[]> {
  const perPerson = entries(db, filters, { everyLevel: true })
    .select(["cm.personId", sql<number>`bit_or(1 << ${rungOfLevel})`.as("mask")])
    .groupBy("cm.personId");
  const groups = await db
    .selectFrom(perPerson.as("pp"))
    .select(["pp.mask", count(sql`*`).as("persons")])
    .groupBy("pp.mask")
    .execute();
  return funnelFromMasks(groups.map((g) => ({ mask: Number(g.mask), persons: Number(g.persons) })));
}

/** A row of the four breakdowns, grouped in one pass (grouping sets); `set` tells which. */
interface BreakdownSetRow extends BreakdownCounts {
  set: number;
  prefix: string | null;
  occupationCode: string;
  entrantGroup: EntrantGroup;
  skillLevel: SkillLevel | null;
}

// grouping(prefix, occupation, group, level): a bit set for each argument NOT grouped by, the first the highest.
const bySet = { region: 0b0111, skill: 0b1011, group: 0b1101, level: 0b1110 } as const;

/**
 * By region, skill (occupation), group and skill level in one scan of the entries: grouping
 * sets, so the joins run once, not four times. Regions are grouped by the first four digits of the
 * person's code (a partition of the persons, so the rows of one city or prefecture add up exactly).
 */
async function loadBreakdowns(db: DB, filters: DashboardFilters): Promise<Pick<DashboardData, "byRegion" | "bySkill" | "byGroup" | "byLevel">> {
  const rows = (await entriesWithAwards(db, filters)
    .innerJoin("person as p", "p.id", "cm.personId")
    .select([
      sql<number>`grouping(substr(p.region_code, 1, 4), s.occupation_code, s.entrant_group, cm.skill_level)`.as("set"),
      sql<string | null>`substr(p.region_code, 1, 4)`.as("prefix"),
      "s.occupationCode",
      "s.entrantGroup",
      "cm.skillLevel",
      ...breakdownColumns,
    ])
    .groupBy(sql`grouping sets ((substr(p.region_code, 1, 4)), (s.occupation_code), (s.entrant_group), (cm.skill_level))`)
    .execute()) as BreakdownSetRow[];
  const of = (set: number) => rows.filter((r) => Number(r.set) === set);
  return {
    byRegion: regionRows(of(bySet.region)),
    bySkill: await skillRows(db, filters, of(bySet.skill)),
    byGroup: groupRows(of(bySet.group)),
    byLevel: levelRows(of(bySet.level)),
  };
}

function regionRows(rows: BreakdownSetRow[]): RegionRow[] {
  const merged = new Map<string, BreakdownCounts>();
  for (const row of rows) {
    const key = prefectureOf(row.prefix && row.prefix.length === 4 ? `${row.prefix}00` : null);
    const counts = merged.get(key) ?? zeroCounts();
    addCounts(counts, row);
    merged.set(key, counts);
  }
  // Every city and prefecture, none left out for having nobody; the others only when someone is there.
  const order = [...sichuanRegions.map((r) => r.code), ...["outside", "unknown"].filter((k) => merged.has(k))];
  return order.map((key) => ({ key, ...(merged.get(key) ?? zeroCounts()) }));
}

/** The skills' names per occupation come from the (small) skill table, within the same filters. */
async function skillRows(db: DB, filters: DashboardFilters, rows: BreakdownSetRow[]): Promise<SkillRow[]> {
  const names = await db
    .selectFrom("skill as s")
    .innerJoin("competition as c", "c.id", "s.competitionId")
    .where("s.rehearsalOf", "is", null)
    .$if(filters.year !== null, (q) => q.where("c.year", "=", filters.year!))
    .$if(filters.level !== null, (q) => q.where("c.level", "=", filters.level!))
    .$if(filters.competitionId !== null, (q) => q.where("c.id", "=", filters.competitionId!))
    .select([
      "s.occupationCode",
      sql<string>`string_agg(distinct s.name_zh, ' / ')`.as("nameZh"),
      sql<string>`string_agg(distinct coalesce(s.name_en, s.name_zh), ' / ')`.as("nameEn"),
    ])
    .groupBy("s.occupationCode")
    .execute();
  return rows
    .map((r) => {
      const name = names.find((n) => n.occupationCode === r.occupationCode);
      return { key: r.occupationCode, nameZh: name?.nameZh ?? r.occupationCode, nameEn: name?.nameEn ?? r.occupationCode, ...countsOf(r) };
    })
    .sort((a, b) => b.participants - a.participants || a.key.localeCompare(b.key));
}

function groupRows(rows: BreakdownSetRow[]): GroupRow[] {
  return entrantGroups.map((key) => {
    const row = rows.find((r) => r.entrantGroup === key);
    return { key, ...(row ? countsOf(row) : zeroCounts()) };
  });
}

/** By the level held on entry (a person who entered at two levels counts in both rows); every level, "unknown" when there is one. */
function levelRows(rows: BreakdownSetRow[]): LevelRow[] {
  return [...skillLevels, "unknown" as const].flatMap((key) => {
    const row = rows.find((r) => (r.skillLevel ?? "unknown") === key);
    if (!row && key === "unknown") return [];
    return [{ key, ...(row ? countsOf(row) : zeroCounts()) }];
  });
}

/**
 * Each person once: the highest level held on entry in the window (null: never known) and
 * whether any entry was awarded. Gives the share of high-skilled and the totals.
 */
async function loadPersons(db: DB, filters: DashboardFilters): Promise<{ share: HighSkilledShare; totals: DashboardData["totals"] }> {
  const perPerson = entriesWithAwards(db, filters)
    .select(["cm.personId", sql<number | null>`max(${rankOfSkillLevel})`.as("top"), sql<boolean>`bool_or(pr.award is not null)`.as("awarded")])
    .groupBy("cm.personId");
  const groups = await db
    .selectFrom(perPerson.as("pp"))
    .select(["pp.top", "pp.awarded", count(sql`*`).as("persons")])
    .groupBy(["pp.top", "pp.awarded"])
    .execute();
  const share = highSkilledShare(groups.map((g) => ({ level: g.top === null ? null : (skillLevelOfRank(Number(g.top)) ?? null), persons: Number(g.persons) })));
  const participants = groups.reduce((n, g) => n + Number(g.persons), 0);
  const awarded = groups.filter((g) => g.awarded).reduce((n, g) => n + Number(g.persons), 0);
  return { share, totals: { participants, awarded } };
}

export async function loadDashboard(db: DB, filters: DashboardFilters): Promise<DashboardData> {
  const [funnel, breakdowns, persons] = await Promise.all([loadFunnel(db, filters), loadBreakdowns(db, filters), loadPersons(db, filters)]);
  return { filters, totals: persons.totals, funnel, ...breakdowns, share: persons.share };
}

/** The years and competitions the filters offer (every competition: organizers see them all). */
export async function loadDashboardChoices(db: DB): Promise<DashboardChoices> {
  const competitions = await db
    .selectFrom("competition")
    .select(["id", "nameZh", "nameEn", "level", "year"])
    .orderBy("year", "desc")
    .orderBy("startsOn", "desc")
    .execute();
  const years = [...new Set(competitions.map((c) => c.year))].sort((a, b) => b - a);
  return { years, competitions };
}
