// Revoking keeps the row (who held the role, and until when, stays answerable).
import { DomainError } from "~/domain/errors";
import { type Principal } from "~/domain/access/roles";
import { canGrantRoles } from "~/domain/access/policy";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";

export async function revokeRole(deps: ServiceDeps, principal: Principal, competitionId: string, roleAssignmentId: string): Promise<void> {
  if (!canGrantRoles(principal, competitionId)) throw new DomainError("FORBIDDEN");
  await inWriteTransaction(deps, async (tx) => {
    const revoked = await tx.trx
      .updateTable("roleAssignment")
      .set({ revokedAt: tx.now, revokedBy: principal.userId })
      .where("id", "=", roleAssignmentId)
      .where("competitionId", "=", competitionId)
      .where("revokedAt", "is", null)
      .returning(["userId", "role", "skillId", "delegationId"])
      .executeTakeFirst();
    if (!revoked) throw new DomainError("NOT_FOUND");
    tx.audit({
      actorUserId: principal.userId,
      action: "role.revoked",
      entityType: "role_assignment",
      entityId: roleAssignmentId,
      competitionId,
      before: revoked,
    });
  });
}
