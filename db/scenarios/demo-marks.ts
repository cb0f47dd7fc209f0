// Complete marks for one demo skill, recorded through the real service so recusal, value checks
// and the audit chain apply: every judge of the skill who may mark a competitor does, until
// each aspect is complete. Values follow a seeded "ability" per competitor so the ranking has
// shape (and a few judgement spreads get flagged, as on a real day).
import { randomUUID } from "node:crypto";
import type { Principal } from "~/domain/access/roles";
import { DomainError } from "~/domain/errors";
import { judgesNeeded, syntheticMarkValue } from "~/domain/marking-scheme/synthetic-marks";
import type { ServiceDeps } from "~/services/deps.server";
import { loadSchemeContext } from "~/services/marks/scheme-context.server";
import { recordMark } from "~/services/marks/record-mark.server";
import type { Random } from "./random";

/**
 * `calibrated`: every judge of an aspect gives the same value (a skill whose judges agree, so no
 * spread is flagged and its results can be signed off as they stand).
 */
export async function markSkillCompletely(
  deps: ServiceDeps,
  scope: { competitionId: string; skillId: string },
  random: Random,
  options: { calibrated?: boolean } = {},
): Promise<number> {
  const context = await loadSchemeContext(deps.db, scope.skillId);
  const judges = await deps.db
    .selectFrom("roleAssignment")
    .select(["userId", "role"])
    .where("skillId", "=", scope.skillId)
    .where("role", "in", ["judge", "chief_judge"])
    .where("revokedAt", "is", null)
    .orderBy("role", "desc")
    .execute();
  const principals: Principal[] = judges.map((j) => ({
    userId: j.userId,
    isPlatformAdmin: false,
    grants: [{ role: j.role, competitionId: scope.competitionId, skillId: scope.skillId, delegationId: null }],
  }));
  const competitors = await deps.db.selectFrom("competitor").select("id").where("skillId", "=", scope.skillId).orderBy("registrationNo").execute();
  let recorded = 0;
  for (const competitor of competitors) {
    const ability = 0.35 + random.next() * 0.6;
    for (const [code, { aspect }] of context.aspects) {
      const needed = judgesNeeded(aspect);
      let given = 0;
      const agreed = options.calibrated ? syntheticMarkValue(aspect, ability, () => random.next()) : null;
      for (const judge of principals) {
        if (given === needed) break;
        try {
          await recordMark(deps, judge, scope, {
            submissionId: randomUUID(),
            competitorId: competitor.id,
            aspectCode: code,
            value: agreed ?? syntheticMarkValue(aspect, ability, () => random.next()),
          });
          given++;
          recorded++;
        } catch (error) {
          // A judge with a conflict (own delegation or employer) leaves it to the others.
          if (!(error instanceof DomainError && error.code === "JUDGE_CONFLICT")) throw error;
        }
      }
    }
  }
  return recorded;
}
