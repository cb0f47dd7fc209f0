// Scores kept incrementally (docs/decisions/008). After each mark, in the mark's transaction,
// the aspect's mark is remade from its judges' current entries and the competitor's running
// total and module marks move by the difference — a handful of rows, whatever the size of the
// skill. Standings then read one row per competitor and rank them with the same domain function
// as the full explanation, so both always agree (a test rebuilds from the marks and compares).
import { sql, type Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import type { DB } from "../../../db/connection";
import type { RuleSettings } from "~/domain/competition/rule-settings";
import { readRuleSettings } from "~/domain/competition/rule-settings";
import { DomainError } from "~/domain/errors";
import type { Aspect } from "~/domain/marking-scheme/scheme";
import type { MarkValue } from "~/domain/marking-scheme/mark-value";
import { add, decimal, parseRatio, sub, toRatio, zero, type Exact } from "~/domain/results/exact";
import { aspectResult, computeSkillResults, standSkill, type ModuleWeight, type ScoredCompetitor, type SkillStandings } from "~/domain/results/skill-results";
import { loadSchemeContext } from "../marks/scheme-context.server";

function ratio(text: string | null | undefined): Exact | null {
  if (text === null || text === undefined) return null;
  const value = parseRatio(text);
  if (!value) throw new Error(`Stored score is not a ratio: ${text}`);
  return value;
}

/** The current entry of each judge (highest revision) for one aspect of one competitor. */
function currentEntries(trx: Kysely<Database>, competitorId: string, aspectId: string) {
  return trx
    .selectFrom("mark")
    .select(["judgeUserId", "input", "recordedAt"])
    .distinctOn("judgeUserId")
    .where("aspectId", "=", aspectId)
    .where("competitorId", "=", competitorId)
    .orderBy("judgeUserId")
    .orderBy("revision", "desc")
    .execute();
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
 * Remakes one aspect's score from its current marks and moves the competitor's totals by the
 * difference. Call inside the transaction that changed the marks. The competitor's score row is
 * locked first, so concurrent marks for one competitor apply one after the other, each reading
 * the marks committed before it.
 */
export async function refreshAspectScore(trx: Kysely<Database>, now: Date, target: AspectScoreTarget): Promise<{ mark: Exact | null; flagged: boolean }> {
  const totals = await trx
    .insertInto("competitorScore")
    .values({ competitorId: target.competitorId, skillId: target.skillId, total: "0", moduleMarks: "{}", markedCount: 0, flaggedCount: 0, updatedAt: now })
    .onConflict((oc) => oc.column("competitorId").doUpdateSet((eb) => ({ competitorId: eb.ref("competitorScore.competitorId") })))
    .returning(["total", "moduleMarks", "markedCount", "flaggedCount"])
    .executeTakeFirstOrThrow();
  const [entries, previous] = await Promise.all([
    currentEntries(trx, target.competitorId, target.aspectId),
    trx.selectFrom("aspectScore").select(["mark", "flagged"]).where("competitorId", "=", target.competitorId).where("aspectId", "=", target.aspectId).executeTakeFirst(),
  ]);
  const next = aspectResult(target.aspect, entries.map((e) => ({ judgeUserId: e.judgeUserId, value: e.input as MarkValue, recordedAt: e.recordedAt })), target.rules);
  const before = ratio(previous?.mark) ?? zero;
  const after = next.mark ?? zero;
  const moduleMarks = { ...totals.moduleMarks };
  moduleMarks[target.moduleCode] = toRatio(add(sub(ratio(moduleMarks[target.moduleCode]) ?? zero, before), after));
  const markedCount = totals.markedCount - (previous?.mark ? 1 : 0) + (next.mark ? 1 : 0);
  const flaggedCount = totals.flaggedCount - (previous?.flagged ? 1 : 0) + (next.flagged ? 1 : 0);
  const mark = next.mark ? toRatio(next.mark) : null;
  await Promise.all([
    trx
      .insertInto("aspectScore")
      .values({ competitorId: target.competitorId, aspectId: target.aspectId, skillId: target.skillId, moduleCode: target.moduleCode, mark, flagged: next.flagged, updatedAt: now })
      .onConflict((oc) => oc.columns(["competitorId", "aspectId"]).doUpdateSet({ mark, flagged: next.flagged, updatedAt: now }))
      .execute(),
    trx
      .updateTable("competitorScore")
      .set({ total: toRatio(add(sub(ratio(totals.total)!, before), after)), moduleMarks: JSON.stringify(moduleMarks), markedCount, flaggedCount, updatedAt: now })
      .where("competitorId", "=", target.competitorId)
      .execute(),
  ]);
  return next;
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
  const aspectIds = new Map([...context.aspects].map(([code, a]) => [a.id, code]));
  const [competitors, marks] = await Promise.all([
    trx.selectFrom("competitor").select(["id as competitorId", "registrationNo as code", "delegationId"]).where("skillId", "=", scope.skillId).execute(),
    trx
      .selectFrom("mark")
      .select(["aspectId", "competitorId", "judgeUserId", "input", "recordedAt"])
      .distinctOn(["aspectId", "competitorId", "judgeUserId"])
      .where("skillId", "=", scope.skillId)
      .orderBy("aspectId")
      .orderBy("competitorId")
      .orderBy("judgeUserId")
      .orderBy("revision", "desc")
      .execute(),
  ]);
  const results = computeSkillResults({
    scheme: context.scheme,
    rules: readRuleSettings(competition.ruleSettings),
    track: "local", // the track only changes points and awards, which are not stored
    competitors,
    marks: marks.map((m) => ({ aspectCode: aspectIds.get(m.aspectId)!, competitorId: m.competitorId, judgeUserId: m.judgeUserId, value: m.input as MarkValue, recordedAt: m.recordedAt })),
  });
  const aspectRows = results.competitors.flatMap((c) =>
    c.aspects
      .filter((a) => a.entries.length > 0)
      .map((a) => ({ competitorId: c.competitorId, aspectId: context.aspects.get(a.code)!.id, skillId: scope.skillId, moduleCode: a.moduleCode, mark: a.mark ? toRatio(a.mark) : null, flagged: a.flagged, updatedAt: now })),
  );
  for (let i = 0; i < aspectRows.length; i += 2000) await trx.insertInto("aspectScore").values(aspectRows.slice(i, i + 2000)).execute();
  const competitorRows = results.competitors.map((c) => ({
    competitorId: c.competitorId,
    skillId: scope.skillId,
    total: toRatio(c.total),
    moduleMarks: JSON.stringify(Object.fromEntries(c.modules.map((m) => [m.code, toRatio(m.mark)]))),
    markedCount: c.aspects.length - c.missingCount,
    flaggedCount: c.flaggedCount,
    updatedAt: now,
  }));
  for (let i = 0; i < competitorRows.length; i += 2000) await trx.insertInto("competitorScore").values(competitorRows.slice(i, i + 2000)).execute();
}

/** The modules of a skill's scheme with their maxima, and the number of aspects, in one query. */
async function schemeShape(db: DB, skillId: string): Promise<{ modules: ModuleWeight[]; aspectCount: number } | null> {
  const rows = await db
    .selectFrom("markingScheme")
    .innerJoin("schemeModule", "schemeModule.schemeId", "markingScheme.id")
    .innerJoin("subCriterion", "subCriterion.moduleId", "schemeModule.id")
    .innerJoin("aspect", "aspect.subCriterionId", "subCriterion.id")
    .select(["schemeModule.code", sql<string>`sum(aspect.max_mark)::text`.as("max"), sql<number>`count(*)::int`.as("aspects")])
    .where("markingScheme.skillId", "=", skillId)
    .groupBy(["schemeModule.id", "schemeModule.code", "schemeModule.position"])
    .orderBy("schemeModule.position")
    .execute();
  if (rows.length === 0) return null;
  return { modules: rows.map((r) => ({ code: r.code, max: decimal(r.max) })), aspectCount: rows.reduce((n, r) => n + Number(r.aspects), 0) };
}

/**
 * A skill's standings from the kept scores: one row per competitor, ranked, with points and
 * awards — what the live leaderboard, the API and exports serve after every mark.
 */
export async function loadSkillStandings(db: DB, scope: { competitionId: string; skillId: string }): Promise<SkillStandings> {
  const [skill, shape, rows] = await Promise.all([
    db
      .selectFrom("skill")
      .innerJoin("competition", "competition.id", "skill.competitionId")
      .select(["skill.track", "competition.ruleSettings"])
      .where("skill.id", "=", scope.skillId)
      .where("skill.competitionId", "=", scope.competitionId)
      .executeTakeFirst(),
    schemeShape(db, scope.skillId),
    db
      .selectFrom("competitor")
      .leftJoin("competitorScore", "competitorScore.competitorId", "competitor.id")
      .select(["competitor.id as competitorId", "competitor.registrationNo as code", "competitor.delegationId", "competitorScore.total", "competitorScore.moduleMarks", "competitorScore.markedCount", "competitorScore.flaggedCount"])
      .where("competitor.skillId", "=", scope.skillId)
      .execute(),
  ]);
  if (!skill) throw new DomainError("NOT_FOUND");
  if (!shape) throw new DomainError("NO_SCHEME");
  const competitors: ScoredCompetitor[] = rows.map((r) => ({
    competitorId: r.competitorId,
    code: r.code,
    delegationId: r.delegationId,
    total: ratio(r.total) ?? zero,
    moduleMarks: new Map(Object.entries(r.moduleMarks ?? {}).map(([code, mark]) => [code, ratio(mark)!])),
    missingCount: shape.aspectCount - (r.markedCount ?? 0),
    flaggedCount: r.flaggedCount ?? 0,
  }));
  const stood = standSkill({ modules: shape.modules, rules: readRuleSettings(skill.ruleSettings), track: skill.track, competitors });
  return { selectionOnly: stood.selectionOnly, complete: stood.complete, competitors: stood.standings.map((s) => s.standing) };
}
