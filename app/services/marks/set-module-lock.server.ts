// The chief judge locks a module (its marks can no longer change) or unlocks it with a reason.
// Locks are an append-only history; the latest event is the state, checked in the same
// transaction as every mark write.
import { DomainError } from "~/domain/errors";
import { type Principal } from "~/domain/access/roles";
import { canRunJudging } from "~/domain/access/policy";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";
import { loadSchemeContext } from "./scheme-context.server";

export async function setModuleLock(
  deps: ServiceDeps,
  principal: Principal,
  scope: { competitionId: string; skillId: string },
  input: { moduleCode: string; locked: boolean; reason?: string },
): Promise<void> {
  if (!canRunJudging(principal, scope)) throw new DomainError("FORBIDDEN");
  const reason = input.reason?.trim() || null;
  if (!input.locked && !reason) throw new DomainError("REASON_REQUIRED", {}, "reason");
  await inWriteTransaction(deps, async (tx) => {
    const skill = await tx.trx
      .selectFrom("skill")
      .select("id")
      .where("id", "=", scope.skillId)
      .where("competitionId", "=", scope.competitionId)
      .executeTakeFirst();
    if (!skill) throw new DomainError("NOT_FOUND");
    const context = await loadSchemeContext(tx.trx, scope.skillId);
    const module = context.modules.get(input.moduleCode);
    if (!module) throw new DomainError("NOT_FOUND", {}, "moduleCode");
    // Serialise with mark writes of this module (they hold a share lock on the row), then read
    // the state afresh: another lock or unlock may have committed while we waited.
    await tx.trx.selectFrom("schemeModule").select("id").where("id", "=", module.id).forUpdate().execute();
    const latest = await tx.trx
      .selectFrom("moduleLockEvent")
      .select("locked")
      .where("moduleId", "=", module.id)
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
    if ((latest?.locked ?? false) === input.locked) throw new DomainError(input.locked ? "MODULE_LOCKED" : "MODULE_NOT_LOCKED", { module: input.moduleCode });
    await tx.trx
      .insertInto("moduleLockEvent")
      .values({ schemeId: context.schemeId, moduleId: module.id, locked: input.locked, reason, actorUserId: principal.userId, occurredAt: tx.now })
      .execute();
    tx.audit({
      actorUserId: principal.userId,
      action: input.locked ? "module.locked" : "module.unlocked",
      entityType: "module",
      entityId: module.id,
      competitionId: scope.competitionId,
      after: { skillId: scope.skillId, module: input.moduleCode, locked: input.locked },
      reason,
    });
    tx.emit({ type: "module.locked", competitionId: scope.competitionId, skillId: scope.skillId, moduleCode: input.moduleCode, locked: input.locked });
  });
}
