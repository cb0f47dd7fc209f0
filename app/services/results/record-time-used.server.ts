// The chief judge records the time a competitor used on a skill (a tie-break step). Times are an
// append-only history: the latest record counts, and a correction of a recorded time needs a
// reason. Audited; the skill's staff room hears `results.changed`.
import { DomainError } from "~/domain/errors";
import { type Principal } from "~/domain/access/roles";
import { canRunJudging } from "~/domain/access/policy";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";

export async function recordTimeUsed(
  deps: ServiceDeps,
  principal: Principal,
  scope: { competitionId: string; skillId: string },
  input: { competitorId: string; seconds: number; reason?: string | null },
): Promise<{ seconds: number; previousSeconds: number | null }> {
  if (!canRunJudging(principal, scope)) throw new DomainError("FORBIDDEN");
  if (!Number.isInteger(input.seconds) || input.seconds < 0 || input.seconds > 604800) throw new DomainError("VALIDATION", {}, "timeUsed");
  const reason = input.reason?.trim() || null;
  return inWriteTransaction(deps, async (tx) => {
    // Locks the competitor so two corrections apply one after the other, each seeing the last.
    const competitor = await tx.trx
      .selectFrom("competitor")
      .select("id")
      .where("id", "=", input.competitorId)
      .where("skillId", "=", scope.skillId)
      .where("competitionId", "=", scope.competitionId)
      .forUpdate()
      .executeTakeFirst();
    if (!competitor) throw new DomainError("UNKNOWN_COMPETITOR", {}, "competitorId");
    const previous = await tx.trx
      .selectFrom("timeUsedRecord")
      .select("seconds")
      .where("competitorId", "=", competitor.id)
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
    if (previous && previous.seconds === input.seconds) throw new DomainError("TIME_UNCHANGED", {}, "timeUsed");
    if (previous && !reason) throw new DomainError("REASON_REQUIRED", {}, "reason");
    await tx.trx
      .insertInto("timeUsedRecord")
      .values({
        competitionId: scope.competitionId,
        skillId: scope.skillId,
        competitorId: competitor.id,
        seconds: input.seconds,
        reason,
        recordedBy: principal.userId,
        recordedAt: tx.now,
      })
      .execute();
    tx.audit({
      actorUserId: principal.userId,
      action: previous ? "time_used.corrected" : "time_used.recorded",
      entityType: "competitor",
      entityId: competitor.id,
      competitionId: scope.competitionId,
      before: previous ? { seconds: previous.seconds } : null,
      after: { skillId: scope.skillId, seconds: input.seconds },
      reason,
    });
    tx.emit({ type: "results.changed", competitionId: scope.competitionId, skillId: scope.skillId, cause: "time_used" });
    return { seconds: input.seconds, previousSeconds: previous?.seconds ?? null };
  });
}
