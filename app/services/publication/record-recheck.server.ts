// The chief judge's re-check 复核 of one competitor's result, once every module is locked.
import { DomainError } from "~/domain/errors";
import type { Principal } from "~/domain/access/roles";
import { canRunJudging } from "~/domain/access/policy";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";
import { type PublicationScope, moduleLocks } from "./publication-rows.server";

/** The chief judge (or deputy) records a re-check 复核 of one competitor's result. */
export async function recordRecheck(
  deps: ServiceDeps,
  principal: Principal,
  scope: PublicationScope,
  input: { competitorId: string; foundError: boolean; note: string | null },
): Promise<void> {
  if (!canRunJudging(principal, scope)) throw new DomainError("FORBIDDEN");
  const note = input.note?.trim() || null;
  if (input.foundError && !note) throw new DomainError("REASON_REQUIRED", {}, "note");
  await inWriteTransaction(deps, async (tx) => {
    const locks = await moduleLocks(tx.trx, scope.skillId);
    const unlocked = locks.filter((m) => !m.locked).map((m) => m.code);
    if (locks.length === 0 || unlocked.length > 0) throw new DomainError("RESULTS_MODULES_UNLOCKED", { modules: unlocked.join(" ") });
    const competitor = await tx.trx
      .selectFrom("competitor")
      .select("id")
      .where("id", "=", input.competitorId)
      .where("skillId", "=", scope.skillId)
      .executeTakeFirst();
    if (!competitor) throw new DomainError("NOT_FOUND", {}, "competitorId");
    await tx.trx
      .insertInto("resultRecheck")
      .values({
        competitionId: scope.competitionId,
        skillId: scope.skillId,
        competitorId: input.competitorId,
        checkedBy: principal.userId,
        foundError: input.foundError,
        note,
        checkedAt: tx.now,
      })
      .execute();
    tx.audit({
      actorUserId: principal.userId,
      action: "results.rechecked",
      entityType: "competitor",
      entityId: input.competitorId,
      competitionId: scope.competitionId,
      after: { skillId: scope.skillId, foundError: input.foundError },
      reason: note,
    });
  });
}
