// One appeal with its history and what the reader may do with it, and its attachments' bytes.
import type { DB } from "../../../db/connection";
import { DomainError } from "~/domain/errors";
import type { Principal } from "~/domain/access/roles";
import { canLeadDelegation, canReadProvisionalResults, canRuleOnAppeal, canRunJudging } from "~/domain/access/policy";
import { appealRow, seesDelegation } from "./appeal-rows.server";

/** One appeal with its history, attachments' names and what the reader may do with it. */
export async function loadAppeal(db: DB, principal: Principal, appealId: string) {
  const appeal = await appealRow(db, appealId);
  const scope = { competitionId: appeal.competitionId, skillId: appeal.skillId };
  const isLeader = canLeadDelegation(principal, { competitionId: appeal.competitionId, delegationId: appeal.delegationId });
  const isArbitrator = canRuleOnAppeal(principal, appeal.competitionId);
  const isChief = canRunJudging(principal, scope);
  if (!isLeader && !isArbitrator && !isChief && !canReadProvisionalResults(principal, scope)) throw new DomainError("FORBIDDEN");
  const [events, attachments, skill, delegation, competitor] = await Promise.all([
    db
      .selectFrom("appealEvent as e")
      .innerJoin("appUser as u", "u.id", "e.actorUserId")
      .select(["e.id", "e.kind", "e.text", "e.occurredAt", "u.displayName"])
      .where("e.appealId", "=", appealId)
      .orderBy("e.id")
      .execute(),
    db.selectFrom("appealAttachment").select(["id", "fileName", "contentType", "byteSize"]).where("appealId", "=", appealId).orderBy("fileName").execute(),
    db.selectFrom("skill").select(["nameZh", "nameEn", "endsAt"]).where("id", "=", appeal.skillId).executeTakeFirstOrThrow(),
    db.selectFrom("delegation").select(["nameZh", "nameEn"]).where("id", "=", appeal.delegationId).executeTakeFirstOrThrow(),
    appeal.competitorId
      ? db.selectFrom("competitor").select(["workstationNo", "registrationNo"]).where("id", "=", appeal.competitorId).executeTakeFirst()
      : undefined,
  ]);
  return {
    id: appeal.id,
    appealNo: String(appeal.appealNo),
    competitionId: appeal.competitionId,
    skillId: appeal.skillId,
    skill: { nameZh: skill.nameZh, nameEn: skill.nameEn },
    delegation: (await seesDelegation(db, principal, appeal)) ? { nameZh: delegation.nameZh, nameEn: delegation.nameEn } : null,
    competitorCode: competitor ? (competitor.workstationNo ?? competitor.registrationNo) : null,
    reason: appeal.reason,
    state: appeal.state,
    ruling: appeal.ruling,
    filedAt: new Date(appeal.filedAt).toISOString(),
    corrected: appeal.correctedAt !== null,
    events: events.map((e) => ({ id: String(e.id), kind: e.kind, text: e.text, at: new Date(e.occurredAt).toISOString(), by: e.displayName })),
    attachments: attachments.map((a) => ({ id: a.id, fileName: a.fileName, contentType: a.contentType, byteSize: a.byteSize })),
    can: {
      review: isArbitrator && (appeal.state === "received" || appeal.state === "under_review"),
      correct: isChief && appeal.state === "upheld" && appeal.correctedAt === null,
    },
  };
}

/** An attachment's bytes for someone who may read the appeal. */
export async function loadAttachment(db: DB, principal: Principal, appealId: string, attachmentId: string) {
  await loadAppeal(db, principal, appealId);
  const file = await db
    .selectFrom("appealAttachment")
    .select(["fileName", "contentType", "content"])
    .where("id", "=", attachmentId)
    .where("appealId", "=", appealId)
    .executeTakeFirst();
  if (!file) throw new DomainError("NOT_FOUND");
  return file;
}
