// The chief judge signs a skill's results off; the sign-off records what a publication must match.
import { DomainError } from "~/domain/errors";
import type { Principal } from "~/domain/access/roles";
import { canRunJudging } from "~/domain/access/policy";
import { recheckStatus } from "~/domain/publication/recheck";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";
import { type PublicationScope, signature, loadSkillRow, loadRechecks, currentPublication, requireCompleteStandings } from "./publication-rows.server";

/** The chief judge signs the skill's results off: every module locked, complete, nothing flagged, the re-check rule met. */
export async function signOffResults(deps: ServiceDeps, principal: Principal, scope: PublicationScope): Promise<{ signOffId: string }> {
  if (!canRunJudging(principal, scope)) throw new DomainError("FORBIDDEN");
  return inWriteTransaction(deps, async (tx) => {
    await tx.trx
      .selectFrom("skill")
      .select("id")
      .where("id", "=", scope.skillId)
      .where("competitionId", "=", scope.competitionId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const skill = await loadSkillRow(tx.trx, scope);
    if (await currentPublication(tx.trx, scope.skillId)) throw new DomainError("RESULTS_ALREADY_PUBLISHED");
    const standings = await requireCompleteStandings(tx.trx, scope);
    const status = recheckStatus(standings.competitors, await loadRechecks(tx.trx, scope.skillId), skill.rules);
    if (!status.satisfied) {
      const codeOf = new Map(standings.competitors.map((c) => [c.competitorId, c.code]));
      throw new DomainError(status.fullRequired ? "RECHECK_FULL_REQUIRED" : "RECHECK_INCOMPLETE", {
        codes: status.missing
          .map((id) => codeOf.get(id) ?? "?")
          .slice(0, 12)
          .join(" "),
        restDone: status.restDone,
        restRequired: status.restRequired,
        errorRate: status.errorRatePercent,
      });
    }
    const row = await tx.trx
      .insertInto("skillSignOff")
      .values({
        competitionId: scope.competitionId,
        skillId: scope.skillId,
        signedBy: principal.userId,
        signedAt: tx.now,
        standings: JSON.stringify(signature(standings)),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    tx.audit({
      actorUserId: principal.userId,
      action: "results.signed_off",
      entityType: "skill",
      entityId: scope.skillId,
      competitionId: scope.competitionId,
      after: { signOffId: row.id, competitors: standings.competitors.length, recheck: status },
    });
    return { signOffId: row.id };
  });
}
