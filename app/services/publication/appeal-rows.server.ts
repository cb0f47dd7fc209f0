// Appeals 申诉 (RULES.md "Publication and appeals"; decision 018). A team leader files, in
// writing, for a competitor of their own delegation, from the skill's start until the appeal
// window after its end or — once results are published — the end of the notice period
// (objections 异议). The arbitrators 仲裁 review it (hearing notes) and rule upheld or rejected;
// the ruling is final. An upheld appeal lets the chief judge prepare a correction (new marks, in
// the paper score sheet's four columns), preview its effect on ranks, awards, titles and
// promotions, and apply it as a whole: each mark supersedes the judge's earlier one (past the
// lock: an appeal decision may change locked marks), the results are republished, and the team
// leader is notified. Every step is an appeal_event and an audit event.
// One use case a file beside this one; here what they share: the appeal's row, who may act on
// it, and the notices to the team leaders.
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { DomainError } from "~/domain/errors";
import type { Principal } from "~/domain/access/roles";
import { canLeadDelegation, canReadAllAppeals, canRuleOnAppeal, canRunJudging } from "~/domain/access/policy";
import { instantToShanghaiLocal } from "~/domain/time";
import type { MarkValue } from "~/domain/marking-scheme/mark-value";
import type { WriteContext } from "../transaction.server";

type Reader = Kysely<Database>;

export function beijing(at: Date): string {
  return instantToShanghaiLocal(at).replace("T", " ");
}

/** In-app notices to the given users (the team leader hears of the ruling and the correction). */
export async function notify(
  tx: WriteContext,
  userIds: readonly string[],
  input: { competitionId: string; kind: string; payload: Record<string, unknown> },
): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  await tx.trx
    .insertInto("notification")
    .values(
      unique.map((userId) => ({ userId, competitionId: input.competitionId, kind: input.kind, payload: JSON.stringify(input.payload), createdAt: tx.now })),
    )
    .execute();
}

/** The delegation's team leaders now, and whoever filed: all hear of the appeal's outcome. */
export async function leadersOf(db: Reader, appeal: { competitionId: string; delegationId: string; filedBy: string }): Promise<string[]> {
  const rows = await db
    .selectFrom("roleAssignment")
    .select("userId")
    .where("competitionId", "=", appeal.competitionId)
    .where("delegationId", "=", appeal.delegationId)
    .where("role", "=", "team_leader")
    .where("revokedAt", "is", null)
    .execute();
  return [appeal.filedBy, ...rows.map((r) => r.userId)];
}

export async function appealRow(db: Reader, appealId: string) {
  const appeal = await db
    .selectFrom("appeal")
    .select([
      "id",
      "appealNo",
      "competitionId",
      "skillId",
      "delegationId",
      "competitorId",
      "filedBy",
      "filedAt",
      "reason",
      "state",
      "ruling",
      "ruledAt",
      "correctedAt",
      "correctedPublicationId",
    ])
    .where("id", "=", appealId)
    .executeTakeFirst();
  if (!appeal) throw new DomainError("NOT_FOUND");
  return appeal;
}

/**
 * Whether the reader may see which delegation stands behind an appeal's competitor code: anyone
 * but a reader who is only a judge of the skill while its drawn codes are still encrypted (the
 * delegation next to a code would tell the chief judge whose work it is before decryption).
 */
export async function seesDelegation(
  db: Reader,
  principal: Principal,
  appeal: { competitionId: string; skillId: string; delegationId: string },
): Promise<boolean> {
  if (canReadAllAppeals(principal, appeal.competitionId)) return true;
  if (canLeadDelegation(principal, { competitionId: appeal.competitionId, delegationId: appeal.delegationId })) return true;
  const [drawn, layers] = await Promise.all([
    db.selectFrom("draw").select("id").where("skillId", "=", appeal.skillId).limit(1).executeTakeFirst(),
    db.selectFrom("decryption").select("layer").where("skillId", "=", appeal.skillId).execute(),
  ]);
  return drawn === undefined || layers.length >= 2;
}

export function requireArbitrator(principal: Principal, competitionId: string): void {
  if (!canRuleOnAppeal(principal, competitionId)) throw new DomainError("FORBIDDEN");
}

export function requireCorrector(principal: Principal, scope: { competitionId: string; skillId: string }): void {
  if (!canRunJudging(principal, scope)) throw new DomainError("FORBIDDEN");
}

export interface CorrectionRow {
  row: number;
  competitorId: string;
  aspectCode: string;
  judgeUserId: string;
  input: MarkValue;
}

export async function latestCorrection(db: Reader, appealId: string) {
  return db
    .selectFrom("appealCorrection")
    .select(["id", "rows", "preparedAt", "appliedAt"])
    .where("appealId", "=", appealId)
    .orderBy("preparedAt", "desc")
    .limit(1)
    .executeTakeFirst();
}
