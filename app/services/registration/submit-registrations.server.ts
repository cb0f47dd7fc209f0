// The leader submits drafts (or fixed returned registrations) for the organizer's review.
import { sql } from "kysely";
import type { Principal } from "~/domain/access/roles";
import { DomainError } from "~/domain/errors";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";
import {
  type DelegationScope,
  actingAs,
  readRegistrationSettings,
  loadSkillsForRegistration,
  requireOpenWindow,
  requireDocuments,
  requireAction,
} from "./registration-scope.server";

/** Submits drafts (or fixed rejected registrations), declaring the required documents supplied. Already submitted ones are answered as they are. */
export async function submitRegistrations(
  deps: ServiceDeps,
  principal: Principal,
  scope: DelegationScope,
  input: { registrationIds: string[]; documents: string[] },
): Promise<{ submitted: number }> {
  const as = actingAs(principal, scope);
  return inWriteTransaction(deps, async (tx) => {
    await tx.trx.selectFrom("delegation").select("id").where("id", "=", scope.delegationId).forUpdate().executeTakeFirst();
    const settings = await readRegistrationSettings(tx.trx, scope.competitionId, tx.now);
    requireOpenWindow(as, settings);
    requireDocuments(settings, input.documents);
    const rows = await tx.trx
      .selectFrom("registration")
      .select(["id", "status", "skillId"])
      .where("id", "in", input.registrationIds.length > 0 ? input.registrationIds : ["00000000-0000-0000-0000-000000000000"])
      .where("delegationId", "=", scope.delegationId)
      .where("competitionId", "=", scope.competitionId)
      .forUpdate()
      .execute();
    if (rows.length !== new Set(input.registrationIds).size) throw new DomainError("NOT_FOUND");
    const toSubmit = rows.filter((r) => r.status === "draft" || r.status === "rejected");
    for (const r of toSubmit) requireAction(r.status, as, "submit");
    // A fixed rejected registration comes back into the quota: count again.
    const resubmitted = toSubmit.filter((r) => r.status === "rejected");
    if (resubmitted.length > 0) {
      const skills = await loadSkillsForRegistration(tx.trx, scope.competitionId, settings.defaultQuota);
      for (const skill of skills) {
        const back = resubmitted.filter((r) => r.skillId === skill.id).length;
        if (back === 0) continue;
        const { n } = await tx.trx
          .selectFrom("registration")
          .select(sql<number>`count(*)::int`.as("n"))
          .where("delegationId", "=", scope.delegationId)
          .where("skillId", "=", skill.id)
          .where("status", "<>", "rejected")
          .executeTakeFirstOrThrow();
        if (n + back > skill.quota) throw new DomainError("QUOTA_EXCEEDED", { skill: skill.nameZh, quota: skill.quota, used: n });
      }
    }
    if (toSubmit.length === 0) return { submitted: 0 };
    const ids = toSubmit.map((r) => r.id);
    await tx.trx
      .updateTable("registration")
      .set({
        status: "submitted",
        documents: JSON.stringify(input.documents),
        submittedAt: tx.now,
        updatedAt: tx.now,
        rejectionReason: null,
        version: sql<number>`version + 1`,
      })
      .where("id", "in", ids)
      .execute();
    tx.audit({
      actorUserId: principal.userId,
      action: "registrations.submitted",
      entityType: "delegation",
      entityId: scope.delegationId,
      competitionId: scope.competitionId,
      after: { registrationIds: ids, documents: input.documents },
    });
    return { submitted: ids.length };
  });
}
