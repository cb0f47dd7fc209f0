// Creates or edits a delegation (代表队) of a competition; names are unique per competition.
import { DomainError } from "~/domain/errors";
import { type Principal } from "~/domain/access/roles";
import { canManageCompetition } from "~/domain/access/policy";
import type { ServiceDeps } from "../deps.server";
import { isUniqueViolation } from "../errors.server";
import { inWriteTransaction } from "../transaction.server";
import type { DelegationInput } from "~/domain/competition/inputs";

export async function saveDelegation(
  deps: ServiceDeps,
  principal: Principal,
  competitionId: string,
  input: DelegationInput,
  delegationId: string | null,
): Promise<{ delegationId: string }> {
  if (!canManageCompetition(principal, competitionId)) throw new DomainError("FORBIDDEN");
  try {
    return await inWriteTransaction(deps, async (tx) => {
      const exists = await tx.trx.selectFrom("competition").select("id").where("id", "=", competitionId).executeTakeFirst();
      if (!exists) throw new DomainError("NOT_FOUND");
      if (delegationId === null) {
        const created = await tx.trx
          .insertInto("delegation")
          .values({ ...input, competitionId, updatedAt: tx.now })
          .returning("id")
          .executeTakeFirstOrThrow();
        tx.audit({ actorUserId: principal.userId, action: "delegation.created", entityType: "delegation", entityId: created.id, competitionId, after: input });
        tx.emit({ type: "competition.updated", competitionId, skillId: null, entity: "delegation" });
        return { delegationId: created.id };
      }
      const before = await tx.trx
        .selectFrom("delegation")
        .select(["nameZh", "nameEn", "kind", "regionCode"])
        .where("id", "=", delegationId)
        .where("competitionId", "=", competitionId)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw new DomainError("NOT_FOUND");
      await tx.trx
        .updateTable("delegation")
        .set({ ...input, updatedAt: tx.now })
        .where("id", "=", delegationId)
        .execute();
      tx.audit({
        actorUserId: principal.userId,
        action: "delegation.updated",
        entityType: "delegation",
        entityId: delegationId,
        competitionId,
        before,
        after: input,
      });
      tx.emit({ type: "competition.updated", competitionId, skillId: null, entity: "delegation" });
      return { delegationId };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("DUPLICATE_NAME", {}, "nameZh");
    throw error;
  }
}
