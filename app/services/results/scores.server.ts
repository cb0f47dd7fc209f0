// Scores kept incrementally (docs/decisions/008). After each mark, in the mark's transaction,
// the aspect's mark is remade from its judges' current entries and the competitor's running
// total and module marks move by the difference — a handful of rows, whatever the size of the
// skill. Standings then read one row per competitor and rank them with the same domain function
// as the full explanation, so both always agree (a test rebuilds from the marks and compares).
// The marking path is counted in round trips: see docs/performance.md.
import { sql, type Expression, type ExpressionBuilder, type Kysely, type QueryCreator } from "kysely";
import { jsonArrayFrom, jsonObjectFrom } from "kysely/helpers/postgres";
import type { Database } from "../../../db/schema";
import type { Track } from "~/domain/competition/ladder";
import type { DB } from "../../../db/connection";
import { reusableQuery } from "../../../db/reusable-query";
import type { RuleSettings } from "~/domain/competition/rule-settings";
import { readRuleSettings } from "~/domain/competition/rule-settings";
import { DomainError } from "~/domain/errors";
import type { Aspect } from "~/domain/marking-scheme/scheme";
import type { MarkValue } from "~/domain/marking-scheme/mark-value";
import { add, decimal, parseRatio, sub, toRatio, zero, type Exact } from "~/domain/results/exact";
import {
  aspectResult,
  computeSkillResults,
  standSkill,
  type CurrentMark,
  type ModuleWeight,
  type ScoredCompetitor,
  type SkillStandings,
} from "~/domain/results/skill-results";
import { loadSchemeContext, type SchemeContext } from "../marks/scheme-context.server";
import { competitorCode } from "../competitors/competitor-code.server";
import type { EndWrite, ShapedEndWrite } from "../transaction.server";

function ratio(text: string | null | undefined): Exact | null {
  if (text === null || text === undefined) return null;
  const value = parseRatio(text);
  if (!value) throw new Error(`Stored score is not a ratio: ${text}`);
  return value;
}

/** The current entry of each judge (highest revision) for one aspect of one competitor. */
export function currentEntries(trx: Kysely<Database>, competitorId: string, aspectId: string) {
  return trx
    .selectFrom("mark")
    .select(["id", "judgeUserId", "input", "recordedAt"])
    .distinctOn("judgeUserId")
    .where("aspectId", "=", aspectId)
    .where("competitorId", "=", competitorId)
    .orderBy("judgeUserId")
    .orderBy("revision", "desc");
}

export interface AspectScoreTarget {
  skillId: string;
  competitorId: string;
  aspectId: string;
  moduleCode: string;
  aspect: Aspect;
  rules: RuleSettings;
}

/**
 * The module marks as JSON text: its keys are module codes, which the CamelCasePlugin would
 * otherwise rewrite like column names ("A_1" → "A1") on the way out.
 */
const moduleMarksText = sql<string>`competitor_score.module_marks::text`.as("moduleMarks");

function parseModuleMarks(text: string | null): Record<string, string> {
  return text === null ? {} : (JSON.parse(text) as Record<string, string>);
}

/** A competitor's kept totals as stored, read while holding the row's lock (module marks as JSON text). */
export interface LockedTotals {
  total: string;
  moduleMarks: string;
  markedCount: number;
  flaggedCount: number;
}

/**
 * Locks a competitor's score row (creating it at zero) and returns it. Concurrent marks for one
 * competitor therefore apply one after the other, each reading the marks committed before it.
 * Nest it in the statement that writes the mark to save a round trip (recordMark does).
 */
export function lockCompetitorScore(trx: QueryCreator<Database>, now: Date, competitorId: string, skillId: string) {
  return trx
    .insertInto("competitorScore")
    .values({ competitorId, skillId, total: "0", moduleMarks: "{}", markedCount: 0, flaggedCount: 0, updatedAt: now })
    .onConflict((oc) => oc.column("competitorId").doUpdateSet((eb) => ({ competitorId: eb.ref("competitorScore.competitorId") })))
    .returning(["competitorScore.total", moduleMarksText, "competitorScore.markedCount", "competitorScore.flaggedCount"]);
}

/**
 * What remaking one aspect's score reads: the module's lock state as of now (when guarded), the
 * judges' current entries, the aspect's kept score and the approved spreads. As columns, to nest
 * in a larger statement (the marking path reads them in the statement that writes the mark).
 */
export function aspectReadColumns(trx: Kysely<Database>, p: { moduleId: string | null; competitorId: string; aspectId: string }) {
  return [
    // With a guard: the module's lock state as of now (a fresh snapshot, after the caller took
    // its share lock on the module row), so a lock committed meanwhile is seen.
    sql<boolean | null>`(select locked from module_lock_event where module_id = ${p.moduleId} order by id desc limit 1)`.as("locked"),
    jsonArrayFrom(currentEntries(trx, p.competitorId, p.aspectId)).as("entries"),
    jsonObjectFrom(trx.selectFrom("aspectScore").select(["mark", "flagged"]).where("competitorId", "=", p.competitorId).where("aspectId", "=", p.aspectId)).as(
      "previous",
    ),
    jsonArrayFrom(
      trx
        .selectFrom("spreadResolution")
        .select("marks")
        .where("competitorId", "=", p.competitorId)
        .where("aspectId", "=", p.aspectId)
        .where("kind", "=", "approved"),
    ).as("approvals"),
  ] as const;
}

/** The aspect's state as aspectReadColumns read it. */
export interface AspectRead {
  locked: boolean | null;
  entries: Array<{ id: string; judgeUserId: string; input: unknown; recordedAt: string | Date }>;
  previous: { mark: string | null; flagged: boolean } | null;
  approvals: Array<{ marks: string }>;
}

/**
 * lockCompetitorScore for a competitor given by id who must be of `skillId`: nothing is inserted
 * or locked (and nothing returned) for any other. For a CTE of a larger statement (writeMark's checks).
 */
export function lockCompetitorScoreIn(trx: QueryCreator<Database>, now: Date, competitorId: string, skillId: string) {
  return trx
    .insertInto("competitorScore")
    .columns(["competitorId", "skillId", "total", "moduleMarks", "markedCount", "flaggedCount", "updatedAt"])
    .expression((eb) =>
      eb
        .selectFrom("competitor")
        .select((inner) => [
          "competitor.id",
          "competitor.skillId",
          sql<string>`'0'`.as("total"),
          sql<string>`'{}'::jsonb`.as("moduleMarks"),
          sql<number>`0`.as("markedCount"),
          sql<number>`0`.as("flaggedCount"),
          inner.val(now).as("updatedAt"),
        ])
        .where("competitor.id", "=", competitorId)
        .where("competitor.skillId", "=", skillId),
    )
    .onConflict((oc) => oc.column("competitorId").doUpdateSet((eb) => ({ competitorId: eb.ref("competitorScore.competitorId") })))
    .returning(["competitorScore.total", moduleMarksText, "competitorScore.markedCount", "competitorScore.flaggedCount"]);
}

/** What remaking one aspect's score reads, in one statement compiled once. */
const aspectReadQuery = reusableQuery((trx: Kysely<Database>, p: { moduleId: string | null; competitorId: string; aspectId: string }) =>
  trx.selectNoFrom(aspectReadColumns(trx, p)),
);

interface AspectScoreRow extends Record<string, unknown> {
  competitorId: string;
  aspectId: string;
  skillId: string;
  moduleCode: string;
  mark: string | null;
  flagged: boolean;
  updatedAt: Date;
}

interface TotalsRow extends Record<string, unknown> {
  competitorId: string;
  total: string;
  moduleMarks: string;
  markedCount: number;
  flaggedCount: number;
  updatedAt: Date;
}

/** An aspect's kept score, written (the same statement shape whatever the values: compiled once). */
function upsertAspectScore(db: QueryCreator<Database>, p: AspectScoreRow) {
  return db
    .insertInto("aspectScore")
    .values({
      competitorId: p.competitorId,
      aspectId: p.aspectId,
      skillId: p.skillId,
      moduleCode: p.moduleCode,
      mark: p.mark,
      flagged: p.flagged,
      updatedAt: p.updatedAt,
    })
    .onConflict((oc) =>
      oc
        .columns(["competitorId", "aspectId"])
        .doUpdateSet((eb) => ({ mark: eb.ref("excluded.mark"), flagged: eb.ref("excluded.flagged"), updatedAt: eb.ref("excluded.updatedAt") })),
    );
}

/** A competitor's kept totals, moved (their row is locked already). */
function updateTotals(db: QueryCreator<Database>, p: TotalsRow) {
  return db
    .updateTable("competitorScore")
    .set({ total: p.total, moduleMarks: p.moduleMarks, markedCount: p.markedCount, flaggedCount: p.flaggedCount, updatedAt: p.updatedAt })
    .where("competitorId", "=", p.competitorId);
}

/**
 * Remakes one aspect's score from its current marks and moves the competitor's totals by the
 * difference: one read, one write. Call inside the transaction that changed the marks, after
 * lockCompetitorScore in an earlier statement (its snapshot must not predate the lock). `read`:
 * the aspect's state, read already by the caller in a statement after the lock (no read here).
 */
export async function applyAspectScore(
  trx: Kysely<Database>,
  now: Date,
  target: AspectScoreTarget,
  totals: LockedTotals,
  options: { guard?: { unlockedModuleId: string }; writeAtEnd?: (write: EndWrite) => void; read?: AspectRead } = {},
): Promise<{ mark: Exact | null; flagged: boolean }> {
  const guard = options.guard;
  const current: AspectRead | undefined =
    options.read ??
    (await aspectReadQuery(trx, { moduleId: guard?.unlockedModuleId ?? null, competitorId: target.competitorId, aspectId: target.aspectId }))[0];
  if (!current) throw new Error("The aspect read returns one row");
  if (guard && current.locked === true) throw new DomainError("MODULE_LOCKED", { module: target.moduleCode });
  const previous = current.previous;
  const next = aspectResult(
    target.aspect,
    current.entries.map((e) => ({ markId: e.id, judgeUserId: e.judgeUserId, value: e.input as MarkValue, recordedAt: new Date(e.recordedAt) })),
    target.rules,
    new Set(current.approvals.map((a) => a.marks)),
  );
  const before = ratio(previous?.mark) ?? zero;
  const after = next.mark ?? zero;
  const moduleMarks = parseModuleMarks(totals.moduleMarks);
  moduleMarks[target.moduleCode] = toRatio(add(sub(ratio(moduleMarks[target.moduleCode]) ?? zero, before), after));
  const markedCount = totals.markedCount - (previous?.mark ? 1 : 0) + (next.mark ? 1 : 0);
  const flaggedCount = totals.flaggedCount - (previous?.flagged ? 1 : 0) + (next.flagged ? 1 : 0);
  const mark = next.mark ? toRatio(next.mark) : null;
  // Both rows in one statement — or, given writeAtEnd, in the transaction's closing statement
  // (the competitor's row is locked already, so nothing can come between).
  const aspectWrite: ShapedEndWrite<AspectScoreRow> = {
    shape: "aspectScore.upsert",
    params: {
      competitorId: target.competitorId,
      aspectId: target.aspectId,
      skillId: target.skillId,
      moduleCode: target.moduleCode,
      mark,
      flagged: next.flagged,
      updatedAt: now,
    },
    build: upsertAspectScore,
  };
  const totalsWrite: ShapedEndWrite<TotalsRow> = {
    shape: "competitorScore.totals",
    params: {
      competitorId: target.competitorId,
      total: toRatio(add(sub(ratio(totals.total)!, before), after)),
      moduleMarks: JSON.stringify(moduleMarks),
      markedCount,
      flaggedCount,
      updatedAt: now,
    },
    build: updateTotals,
  };
  if (options.writeAtEnd) {
    options.writeAtEnd(aspectWrite);
    options.writeAtEnd(totalsWrite);
  } else {
    await updateTotals(
      trx.with("aspectWrite", (db) => upsertAspectScore(db as unknown as QueryCreator<Database>, aspectWrite.params)) as unknown as QueryCreator<Database>,
      totalsWrite.params,
    ).execute();
  }
  return next;
}

/** lockCompetitorScore then applyAspectScore, for changes other than a new mark. */
export async function refreshAspectScore(trx: Kysely<Database>, now: Date, target: AspectScoreTarget): Promise<{ mark: Exact | null; flagged: boolean }> {
  const totals = await lockCompetitorScore(trx, now, target.competitorId, target.skillId).executeTakeFirstOrThrow();
  return applyAspectScore(trx, now, target, totals);
}

/** The current mark of each judge for each competitor and aspect of a skill: its highest revision. */
export async function loadCurrentMarks(db: Kysely<Database>, skillId: string, context: Pick<SchemeContext, "aspects">): Promise<CurrentMark[]> {
  const aspectCodes = new Map([...context.aspects].map(([code, a]) => [a.id, code]));
  const rows = await db
    .selectFrom("mark")
    .select(["id", "aspectId", "competitorId", "judgeUserId", "input", "recordedAt"])
    .distinctOn(["aspectId", "competitorId", "judgeUserId"])
    .where("skillId", "=", skillId)
    .orderBy("aspectId")
    .orderBy("competitorId")
    .orderBy("judgeUserId")
    .orderBy("revision", "desc")
    .execute();
  return rows.map((m) => ({
    markId: m.id,
    aspectCode: aspectCodes.get(m.aspectId)!,
    competitorId: m.competitorId,
    judgeUserId: m.judgeUserId,
    value: m.input as MarkValue,
    recordedAt: m.recordedAt,
  }));
}

/** The sets of marks whose spread the chief judge approved (keys of spreadMarksKey). */
export async function loadApprovedSpreads(db: Kysely<Database>, skillId: string): Promise<Set<string>> {
  const rows = await db.selectFrom("spreadResolution").select("marks").where("skillId", "=", skillId).where("kind", "=", "approved").execute();
  return new Set(rows.map((r) => r.marks));
}

/**
 * Rewrites every score of a skill from its marks (after the competition's rules change, or to
 * repair). Locks the skill's competitor rows first, like refreshAspectScore.
 */
export async function rebuildSkillScores(trx: Kysely<Database>, now: Date, scope: { competitionId: string; skillId: string }): Promise<void> {
  const competition = await trx.selectFrom("competition").select("ruleSettings").where("id", "=", scope.competitionId).executeTakeFirstOrThrow();
  const context = await loadSchemeContext(trx, scope.skillId).catch((error: unknown) => {
    if (error instanceof DomainError && error.code === "NO_SCHEME") return null;
    throw error;
  });
  await trx.selectFrom("competitorScore").select("competitorId").where("skillId", "=", scope.skillId).forUpdate().execute();
  await trx.deleteFrom("aspectScore").where("skillId", "=", scope.skillId).execute();
  await trx.deleteFrom("competitorScore").where("skillId", "=", scope.skillId).execute();
  if (!context) return;
  const [competitors, marks, approvedSpreads] = await Promise.all([
    trx
      .selectFrom("competitor")
      .select((eb) => ["competitor.id as competitorId", competitorCode(eb).as("code"), "competitor.delegationId"])
      .where("competitor.skillId", "=", scope.skillId)
      .execute(),
    loadCurrentMarks(trx, scope.skillId, context),
    loadApprovedSpreads(trx, scope.skillId),
  ]);
  const results = computeSkillResults({
    scheme: context.scheme,
    rules: readRuleSettings(competition.ruleSettings),
    track: "local", // the track only changes points and awards, which are not stored
    competitors,
    marks,
    approvedSpreads,
  });
  const aspectRows = results.competitors.flatMap((c) =>
    c.aspects
      .filter((a) => a.entries.length > 0)
      .map((a) => ({
        competitorId: c.competitorId,
        aspectId: context.aspects.get(a.code)!.id,
        skillId: scope.skillId,
        moduleCode: a.moduleCode,
        mark: a.mark ? toRatio(a.mark) : null,
        flagged: a.flagged,
        updatedAt: now,
      })),
  );
  for (let i = 0; i < aspectRows.length; i += 2000)
    await trx
      .insertInto("aspectScore")
      .values(aspectRows.slice(i, i + 2000))
      .execute();
  const competitorRows = results.competitors.map((c) => ({
    competitorId: c.competitorId,
    skillId: scope.skillId,
    total: toRatio(c.rawTotal), // kept raw: the parts are weighed when standings are read
    moduleMarks: JSON.stringify(Object.fromEntries(c.modules.map((m) => [m.code, toRatio(m.mark)]))),
    markedCount: c.aspects.length - c.missingCount,
    flaggedCount: c.flaggedCount,
    updatedAt: now,
  }));
  for (let i = 0; i < competitorRows.length; i += 2000)
    await trx
      .insertInto("competitorScore")
      .values(competitorRows.slice(i, i + 2000))
      .execute();
}

/**
 * A competitor's time used (the latest record) and official WorldSkills points (from the skill's
 * latest import), as columns of a query over competitors: the kept standings and the full
 * explanation read them the same way, so they rank on the same inputs.
 */
export function standingInputColumns(eb: ExpressionBuilder<Database, "competitor">) {
  return [
    eb
      .selectFrom("timeUsedRecord")
      .select("timeUsedRecord.seconds")
      .whereRef("timeUsedRecord.competitorId", "=", "competitor.id")
      .orderBy("timeUsedRecord.id", "desc")
      .limit(1)
      .as("timeUsedSeconds"),
    eb
      .selectFrom("officialPoints")
      .select("officialPoints.points")
      .whereRef("officialPoints.competitorId", "=", "competitor.id")
      .where(
        "officialPoints.importId",
        "=",
        eb
          .selectFrom("officialPointsImport")
          .select("officialPointsImport.id")
          .whereRef("officialPointsImport.skillId", "=", "competitor.skillId")
          .orderBy("officialPointsImport.id", "desc")
          .limit(1),
      )
      .as("officialPoints"),
  ] as const;
}

/** Official points by competitor id, from rows carrying standingInputColumns. */
export function officialPointsOf(rows: ReadonlyArray<{ competitorId: string; officialPoints: number | null }>): Map<string, number> {
  return new Map(rows.flatMap((r) => (r.officialPoints === null ? [] : [[r.competitorId, r.officialPoints] as const])));
}

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

/** Competitor states that take a competitor out of the ranking (RULES.md: only those who competed count as entrants). */
export const notEntrantStates = ["absent", "disqualified"] as const;

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
