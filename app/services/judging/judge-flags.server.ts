// A judge flags a problem to the chief judge from the tablet — about a competitor (by code) and
// optionally one aspect — and the chief judge closes it with a note. Both are append-only rows,
// audited, and pushed to the skill's staff room. Raising is idempotent by the client's
// submission id, like a mark. Only the code travels: the list shows codes and judges, never a
// competitor's name.
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../../db/schema";
import { DomainError } from "~/domain/errors";
import type { Principal } from "~/domain/access/roles";
import { canMarkSkill, canRunJudging } from "~/domain/access/policy";
import type { ServiceDeps } from "../deps.server";
import { isUniqueViolation } from "../errors.server";
import { inWriteTransaction } from "../transaction.server";
import { competitorCode } from "../competitors/competitor-code.server";

interface Scope {
  competitionId: string;
  skillId: string;
}

export const RaiseJudgeFlagSchema = z.object({
  submissionId: z.uuid(),
  competitorCode: z.string().trim().min(1).max(40),
  aspectCode: z.string().trim().min(1).max(30).optional(),
  text: z.string().trim().min(1).max(2000),
});
export type RaiseJudgeFlag = z.infer<typeof RaiseJudgeFlagSchema>;

export const ResolveJudgeFlagSchema = z.object({
  flagId: z.uuid(),
  note: z.string().trim().min(1).max(2000),
});
export type ResolveJudgeFlag = z.infer<typeof ResolveJudgeFlagSchema>;

async function competitorByCode(trx: Kysely<Database>, scope: Scope, code: string): Promise<string> {
  const found = await trx
    .selectFrom("competitor")
    .select("id")
    .where("competitor.skillId", "=", scope.skillId)
    .where("competitor.competitionId", "=", scope.competitionId)
    .where((eb) => eb(competitorCode(eb), "=", code))
    .orderBy("competitor.workstationNo")
    .limit(1)
    .executeTakeFirst();
  if (!found) throw new DomainError("UNKNOWN_COMPETITOR", { code }, "competitorCode");
  return found.id;
}

export async function raiseJudgeFlag(
  deps: ServiceDeps,
  principal: Principal,
  scope: Scope,
  input: RaiseJudgeFlag,
): Promise<{ flagId: string; replayed: boolean }> {
  if (!canMarkSkill(principal, scope)) throw new DomainError("FORBIDDEN");
  const replay = async () => {
    const stored = await deps.db
      .selectFrom("judgeFlag")
      .select(["id", "judgeUserId", "skillId"])
      .where("submissionId", "=", input.submissionId)
      .executeTakeFirst();
    if (!stored) return null;
    if (stored.judgeUserId !== principal.userId || stored.skillId !== scope.skillId) throw new DomainError("SUBMISSION_REUSED");
    return { flagId: stored.id, replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  try {
    return await inWriteTransaction(deps, async (tx) => {
      const competitorId = await competitorByCode(tx.trx, scope, input.competitorCode);
      let aspectId: string | null = null;
      if (input.aspectCode) {
        const aspect = await tx.trx
          .selectFrom("aspect")
          .innerJoin("markingScheme", "markingScheme.id", "aspect.schemeId")
          .select("aspect.id")
          .where("markingScheme.skillId", "=", scope.skillId)
          .where("aspect.code", "=", input.aspectCode)
          .executeTakeFirst();
        if (!aspect) throw new DomainError("UNKNOWN_ASPECT", { aspect: input.aspectCode }, "aspectCode");
        aspectId = aspect.id;
      }
      const row = await tx.trx
        .insertInto("judgeFlag")
        .values({
          submissionId: input.submissionId,
          competitionId: scope.competitionId,
          skillId: scope.skillId,
          competitorId,
          aspectId,
          judgeUserId: principal.userId,
          text: input.text,
          raisedAt: tx.now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      tx.emit({
        type: "flag.raised",
        competitionId: scope.competitionId,
        skillId: scope.skillId,
        flagId: row.id,
        competitorId,
        aspectCode: input.aspectCode ?? null,
      });
      tx.audit({
        actorUserId: principal.userId,
        action: "flag.raised",
        entityType: "judge_flag",
        entityId: row.id,
        competitionId: scope.competitionId,
        after: { skillId: scope.skillId, competitorId, aspect: input.aspectCode ?? null, text: input.text },
      });
      return { flagId: row.id, replayed: false };
    });
  } catch (error) {
    // The same submission twice at once: the other one stored it.
    if (isUniqueViolation(error)) {
      const stored = await replay();
      if (stored) return stored;
    }
    throw error;
  }
}

export async function resolveJudgeFlag(deps: ServiceDeps, principal: Principal, scope: Scope, input: ResolveJudgeFlag): Promise<void> {
  if (!canRunJudging(principal, scope)) throw new DomainError("FORBIDDEN");
  try {
    await inWriteTransaction(deps, async (tx) => {
      const flag = await tx.trx
        .selectFrom("judgeFlag")
        .select("id")
        .where("id", "=", input.flagId)
        .where("skillId", "=", scope.skillId)
        .where("competitionId", "=", scope.competitionId)
        .executeTakeFirst();
      if (!flag) throw new DomainError("NOT_FOUND");
      const done = await tx.trx.selectFrom("judgeFlagResolution").select("flagId").where("flagId", "=", flag.id).executeTakeFirst();
      if (done) throw new DomainError("FLAG_ALREADY_RESOLVED");
      await tx.trx.insertInto("judgeFlagResolution").values({ flagId: flag.id, resolvedBy: principal.userId, note: input.note, resolvedAt: tx.now }).execute();
      tx.emit({ type: "flag.resolved", competitionId: scope.competitionId, skillId: scope.skillId, flagId: flag.id });
      tx.audit({
        actorUserId: principal.userId,
        action: "flag.resolved",
        entityType: "judge_flag",
        entityId: flag.id,
        competitionId: scope.competitionId,
        after: { skillId: scope.skillId },
        reason: input.note,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("FLAG_ALREADY_RESOLVED");
    throw error;
  }
}

export interface JudgeFlagView {
  id: string;
  code: string;
  aspectCode: string | null;
  judgeName: string;
  text: string;
  raisedAt: string;
  resolution: { note: string; resolvedAt: string } | null;
}

/** A skill's flags, open ones first, then newest first. `judgeUserId`: only that judge's own. */
export async function listJudgeFlags(db: Kysely<Database>, scope: Scope, options: { judgeUserId?: string } = {}): Promise<JudgeFlagView[]> {
  let query = db
    .selectFrom("judgeFlag")
    .innerJoin("competitor", "competitor.id", "judgeFlag.competitorId")
    .innerJoin("appUser", "appUser.id", "judgeFlag.judgeUserId")
    .leftJoin("aspect", "aspect.id", "judgeFlag.aspectId")
    .leftJoin("judgeFlagResolution", "judgeFlagResolution.flagId", "judgeFlag.id")
    .select((eb) => [
      "judgeFlag.id",
      competitorCode(eb).as("code"),
      "aspect.code as aspectCode",
      "appUser.displayName as judgeName",
      "judgeFlag.text",
      "judgeFlag.raisedAt",
      "judgeFlagResolution.note",
      "judgeFlagResolution.resolvedAt",
    ])
    .where("judgeFlag.skillId", "=", scope.skillId)
    .where("judgeFlag.competitionId", "=", scope.competitionId);
  if (options.judgeUserId) query = query.where("judgeFlag.judgeUserId", "=", options.judgeUserId);
  const rows = await query
    .orderBy((eb) => eb("judgeFlagResolution.flagId", "is not", null))
    .orderBy("judgeFlag.raisedAt", "desc")
    .limit(500)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    aspectCode: r.aspectCode,
    judgeName: r.judgeName,
    text: r.text,
    raisedAt: r.raisedAt.toISOString(),
    resolution: r.note && r.resolvedAt ? { note: r.note, resolvedAt: r.resolvedAt.toISOString() } : null,
  }));
}
