// The kept scores of a skill rewritten from its marks (docs/decisions/008): after the
// competition's rules change, or to repair.
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { readRuleSettings } from "~/domain/competition/rule-settings";
import { DomainError } from "~/domain/errors";
import { toRatio } from "~/domain/results/exact";
import { computeSkillResults } from "~/domain/results/skill-results";
import { loadSchemeContext } from "../marks/scheme-context.server";
import { competitorCode } from "../competitors/competitor-code.server";
import { loadCurrentMarks, loadApprovedSpreads } from "./score-inputs.server";

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
