// A skill's results as they stand: the current revision of every mark, through the results
// domain. Competitors are known by their code (the workstation number once drawn). Staff only
// until publication (the publication capability decides what the public sees).
import type { DB } from "../../../db/connection";
import { DomainError } from "~/domain/errors";
import { readRuleSettings } from "~/domain/competition/rule-settings";
import { computeSkillResults, type CurrentMark, type SkillResults } from "~/domain/results/skill-results";
import { loadSchemeContext } from "../marks/scheme-context.server";
import { competitorCode } from "../competitors/competitor-code.server";
import { loadApprovedSpreads, loadCurrentMarks, notEntrantStates, officialPointsOf, standingInputColumns } from "./score-inputs.server";

/**
 * `withMarks` lets a caller see the results other marks would give without writing them (an
 * appeal correction's preview): it receives the current marks and returns the ones to count.
 */
export async function loadSkillResults(
  db: DB,
  scope: { competitionId: string; skillId: string },
  options: { withMarks?: (current: CurrentMark[]) => CurrentMark[] } = {},
): Promise<SkillResults> {
  const skill = await db
    .selectFrom("skill")
    .innerJoin("competition", "competition.id", "skill.competitionId")
    .select(["skill.track", "competition.ruleSettings"])
    .where("skill.id", "=", scope.skillId)
    .where("skill.competitionId", "=", scope.competitionId)
    .executeTakeFirst();
  if (!skill) throw new DomainError("NOT_FOUND");
  const context = await loadSchemeContext(db, scope.skillId);
  const [competitors, marks, approvedSpreads] = await Promise.all([
    db
      .selectFrom("competitor")
      .select((eb) => ["competitor.id as competitorId", competitorCode(eb).as("code"), "competitor.delegationId"])
      .select((eb) => standingInputColumns(eb))
      .where("competitor.skillId", "=", scope.skillId)
      .where("competitor.state", "not in", notEntrantStates)
      // By code: an order by registration number would tell the workstations' owners apart.
      .orderBy("code")
      .execute(),
    loadCurrentMarks(db, scope.skillId, context),
    loadApprovedSpreads(db, scope.skillId),
  ]);
  return computeSkillResults({
    scheme: context.scheme,
    rules: readRuleSettings(skill.ruleSettings),
    track: skill.track,
    competitors: competitors.map((c) => ({ competitorId: c.competitorId, code: c.code, delegationId: c.delegationId, timeUsedSeconds: c.timeUsedSeconds })),
    officialPoints: officialPointsOf(competitors),
    marks: options.withMarks ? options.withMarks(marks) : marks,
    approvedSpreads,
  });
}
