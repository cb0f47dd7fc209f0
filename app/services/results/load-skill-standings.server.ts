// Standings from the kept scores: one row per competitor, ranked with the same domain function as
// the full explanation (standSkill), for one skill or a whole competition.
import { sql, type Expression } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Track } from "~/domain/competition/ladder";
import type { DB } from "../../../db/connection";
import { reusableQuery } from "../../../db/reusable-query";
import type { RuleSettings } from "~/domain/competition/rule-settings";
import { readRuleSettings } from "~/domain/competition/rule-settings";
import { DomainError } from "~/domain/errors";
import { decimal, zero } from "~/domain/results/exact";
import { standSkill, type ModuleWeight, type ScoredCompetitor, type SkillStandings } from "~/domain/results/skill-results";
import { competitorCode } from "../competitors/competitor-code.server";
import { moduleMarksText } from "./apply-aspect-score.server";
import { ratio, parseModuleMarks, standingInputColumns, notEntrantStates } from "./score-inputs.server";

/** Each skill's modules with their maxima and numbers of aspects (stored with the scheme). */
function schemeShapesQuery(db: DB, filter: { competitionId: string; skillId: string | null }) {
  let query = db
    .selectFrom("markingScheme")
    .innerJoin("skill", "skill.id", "markingScheme.skillId")
    .innerJoin("schemeModule", "schemeModule.schemeId", "markingScheme.id")
    .select([
      "markingScheme.skillId",
      "schemeModule.code",
      "schemeModule.part",
      sql<string>`scheme_module.max_mark::text`.as("max"),
      "schemeModule.aspectCount",
    ])
    .where("skill.competitionId", "=", filter.competitionId)
    .orderBy("markingScheme.skillId")
    .orderBy("schemeModule.position");
  if (filter.skillId) query = query.where("markingScheme.skillId", "=", filter.skillId);
  return query;
}

/**
 * What a skill's standings depend on besides its competitors' rows, as one short text: the
 * competition's rules, the skill's track and the marking scheme's version. The meta a process
 * keeps (below) is used only while the stamp read with the competitors still matches it.
 */
function metaStampOf(skillId: Expression<string> | string) {
  return sql<string>`(select md5(co.rule_settings::text) || ':' || s.track || ':' || coalesce(ms.id::text || ':' || ms.version, '-')
    from skill s join competition co on co.id = s.competition_id left join marking_scheme ms on ms.skill_id = s.id where s.id = ${skillId})`;
}

/**
 * Skills and module shapes (small, as JSON) and the competitors (plain rows: cheaper than JSON
 * for PostgreSQL to build and for Node to read), compiled once per shape: one skill, or a whole
 * competition (whose query has no skill parameter at all). One skill's rows carry the meta stamp.
 */
function standingsQuery(oneSkill: boolean) {
  const skillsQuery = (db: DB, p: { competitionId: string; skillId?: string }) => {
    const query = db
      .selectFrom("skill")
      .innerJoin("competition", "competition.id", "skill.competitionId")
      .select(["skill.id", "skill.track", "competition.ruleSettings"])
      .where("skill.competitionId", "=", p.competitionId)
      .orderBy("skill.startsAt")
      .orderBy("skill.id");
    return oneSkill ? query.where("skill.id", "=", p.skillId!) : query;
  };
  const competitorsQuery = (db: DB, p: { competitionId: string; skillId?: string }) => {
    const query = db
      .selectFrom("competitor")
      // On the skill too: the skill's score rows come from their index instead of a scan of all.
      .leftJoin("competitorScore", (join) =>
        join.onRef("competitorScore.competitorId", "=", "competitor.id").onRef("competitorScore.skillId", "=", "competitor.skillId"),
      )
      .select((eb) => [
        "competitor.skillId",
        "competitor.id as competitorId",
        competitorCode(eb).as("code"),
        "competitor.delegationId",
        "competitorScore.total",
        moduleMarksText,
        "competitorScore.markedCount",
        "competitorScore.flaggedCount",
      ])
      .select((eb) => standingInputColumns(eb))
      .where("competitor.competitionId", "=", p.competitionId)
      // Only competitors who competed are entrants: absent and disqualified ones are not ranked.
      .where("competitor.state", "not in", notEntrantStates);
    return oneSkill
      ? query.where("competitor.skillId", "=", p.skillId!).select(metaStampOf(p.skillId!).as("metaStamp"))
      : query.select(sql<string | null>`null`.as("metaStamp"));
  };
  return {
    meta: reusableQuery((db: DB, p: { competitionId: string; skillId?: string }) =>
      db.selectNoFrom([
        jsonArrayFrom(skillsQuery(db, p)).as("skills"),
        jsonArrayFrom(schemeShapesQuery(db, { competitionId: p.competitionId, skillId: oneSkill ? p.skillId! : null })).as("modules"),
        (oneSkill ? metaStampOf(p.skillId!) : sql<string | null>`null`).as("stamp"),
      ]),
    ),
    competitors: reusableQuery(competitorsQuery),
  };
}

const skillStandingsQuery = standingsQuery(true);

const competitionStandingsQuery = standingsQuery(false);

interface StandingsMeta {
  skills: Array<{ id: string; track: Track; rules: RuleSettings }>;
  shapes: Map<string, { modules: ModuleWeight[]; aspectCount: number }>;
}

/**
 * Each skill's meta as this process last read it, by skill, with its stamp. Reading it costs a
 * statement of its own after every mark otherwise; it changes only with the rules, the track or
 * the scheme, and the stamp read in the same statement as the competitors says when.
 */
const metaBySkill = new Map<string, { stamp: string; meta: StandingsMeta }>();

async function loadMeta(
  db: DB,
  query: ReturnType<typeof standingsQuery>,
  params: { competitionId: string; skillId?: string },
): Promise<{ meta: StandingsMeta; stamp: string | null }> {
  const [found] = await query.meta(db, params);
  if (!found) throw new Error("The standings query returns one row");
  const shapes = new Map<string, { modules: ModuleWeight[]; aspectCount: number }>();
  for (const r of found.modules) {
    const shape = shapes.get(r.skillId) ?? { modules: [], aspectCount: 0 };
    shape.modules.push({ code: r.code, part: r.part, max: decimal(r.max) });
    shape.aspectCount += r.aspectCount;
    shapes.set(r.skillId, shape);
  }
  return { meta: { skills: found.skills.map((s) => ({ id: s.id, track: s.track, rules: readRuleSettings(s.ruleSettings) })), shapes }, stamp: found.stamp };
}

async function loadStandings(
  db: DB,
  filter: { competitionId: string; skillId: string | null },
): Promise<Array<{ skillId: string; standings: SkillStandings }>> {
  const query = filter.skillId ? skillStandingsQuery : competitionStandingsQuery;
  const params = filter.skillId ? { competitionId: filter.competitionId, skillId: filter.skillId } : { competitionId: filter.competitionId };
  let meta: StandingsMeta;
  let rows: Awaited<ReturnType<typeof query.competitors>>;
  if (filter.skillId) {
    rows = await query.competitors(db, params);
    const kept = metaBySkill.get(filter.skillId);
    const stamp = rows[0]?.metaStamp ?? null;
    if (kept && stamp !== null && kept.stamp === stamp) meta = kept.meta;
    else {
      const loaded = await loadMeta(db, query, params);
      meta = loaded.meta;
      if (loaded.stamp !== null && loaded.stamp === stamp) metaBySkill.set(filter.skillId, { stamp: loaded.stamp, meta });
    }
  } else {
    const [loaded, found] = await Promise.all([loadMeta(db, query, params), query.competitors(db, params)]);
    meta = loaded.meta;
    rows = found;
  }
  const { skills, shapes } = meta;
  const bySkill = new Map<string, ScoredCompetitor[]>();
  const officialBySkill = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const shape = shapes.get(r.skillId);
    if (!shape) continue;
    const list = bySkill.get(r.skillId) ?? [];
    list.push({
      competitorId: r.competitorId,
      code: r.code,
      delegationId: r.delegationId,
      total: ratio(r.total) ?? zero,
      moduleMarks: new Map(Object.entries(parseModuleMarks(r.moduleMarks)).map(([code, mark]) => [code, ratio(mark)!])),
      missingCount: shape.aspectCount - (r.markedCount ?? 0),
      flaggedCount: r.flaggedCount ?? 0,
      timeUsedSeconds: r.timeUsedSeconds,
    });
    bySkill.set(r.skillId, list);
    if (r.officialPoints !== null)
      officialBySkill.set(r.skillId, (officialBySkill.get(r.skillId) ?? new Map<string, number>()).set(r.competitorId, r.officialPoints));
  }
  return skills.flatMap((skill) => {
    const shape = shapes.get(skill.id);
    if (!shape) return [];
    const stood = standSkill({
      modules: shape.modules,
      rules: skill.rules,
      track: skill.track,
      competitors: bySkill.get(skill.id) ?? [],
      officialPoints: officialBySkill.get(skill.id),
    });
    return [
      {
        skillId: skill.id,
        standings: {
          selectionOnly: stood.selectionOnly,
          complete: stood.complete,
          tieBreaks: stood.tieBreaks,
          partWeights: stood.partWeights,
          competitors: stood.standings.map((s) => s.standing),
        },
      },
    ];
  });
}

/**
 * A skill's standings from the kept scores: one row per competitor, ranked, with points and
 * awards — what the live leaderboard, the API and exports serve after every mark.
 */
export async function loadSkillStandings(db: DB, scope: { competitionId: string; skillId: string }): Promise<SkillStandings> {
  const [found] = await loadStandings(db, scope);
  if (found) return found.standings;
  const skill = await db.selectFrom("skill").select("id").where("id", "=", scope.skillId).where("competitionId", "=", scope.competitionId).executeTakeFirst();
  throw new DomainError(skill ? "NO_SCHEME" : "NOT_FOUND");
}

/** Every skill's standings in a competition (skills without a scheme are left out), in three queries. */
export async function loadCompetitionStandings(db: DB, competitionId: string): Promise<Array<{ skillId: string; standings: SkillStandings }>> {
  return loadStandings(db, { competitionId, skillId: null });
}
