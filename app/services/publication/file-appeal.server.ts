// A team leader files an appeal in writing, with its attachments checked by their first bytes.
import { createHash } from "node:crypto";
import { DomainError } from "~/domain/errors";
import type { Principal } from "~/domain/access/roles";
import { canFileAppeal } from "~/domain/access/policy";
import { readRuleSettings } from "~/domain/competition/rule-settings";
import { appealDeadline, appealTiming } from "~/domain/publication/finality";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";
import { currentPublication } from "./publication-rows.server";
import { maxAttachmentBytes, maxAttachments } from "~/domain/publication/attachments";
import { beijing, notify } from "./appeal-rows.server";

/** Accepted attachments, recognised by their first bytes (a file's name or declared type proves nothing). */
const signatures: Array<{ type: string; test: (b: Uint8Array) => boolean }> = [
  { type: "application/pdf", test: (b) => b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46 },
  { type: "image/jpeg", test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: "image/png", test: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 },
  {
    type: "image/webp",
    test: (b) => b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50,
  },
];

export interface AttachmentInput {
  fileName: string;
  bytes: Uint8Array;
}

/** The attachments' checked form, or a refusal naming the file and what is wrong. */
export function checkAttachments(files: readonly AttachmentInput[]): Array<{ fileName: string; contentType: string; bytes: Uint8Array }> {
  if (files.length > maxAttachments)
    throw new DomainError("ATTACHMENT_INVALID", { name: files[maxAttachments]!.fileName, problem: `max ${maxAttachments}` }, "attachments");
  return files.map((f) => {
    const fileName =
      [...f.fileName]
        .map((ch) => (ch === "/" || ch === "\\" || ch.charCodeAt(0) < 0x20 ? "_" : ch))
        .join("")
        .slice(0, 200) || "attachment";
    if (f.bytes.length === 0 || f.bytes.length > maxAttachmentBytes)
      throw new DomainError("ATTACHMENT_INVALID", { name: fileName, problem: "1 B – 5 MB" }, "attachments");
    const type = signatures.find((s) => s.test(f.bytes))?.type;
    if (!type) throw new DomainError("ATTACHMENT_INVALID", { name: fileName, problem: "PDF / JPEG / PNG / WebP" }, "attachments");
    return { fileName, contentType: type, bytes: f.bytes };
  });
}

export interface FileAppealInput {
  submissionId: string;
  skillId: string;
  delegationId: string;
  competitorId: string | null;
  reason: string;
  attachments: readonly AttachmentInput[];
}

/** A team leader files an appeal. A repeat of the same submission answers with the stored appeal. */
export async function fileAppeal(
  deps: ServiceDeps,
  principal: Principal,
  competitionId: string,
  input: FileAppealInput,
): Promise<{ appealId: string; appealNo: string; replayed: boolean }> {
  if (!canFileAppeal(principal, { competitionId, delegationId: input.delegationId })) throw new DomainError("FORBIDDEN");
  const reason = input.reason.trim();
  if (reason.length < 10 || reason.length > 4000) throw new DomainError("VALIDATION", {}, "reason");
  const files = checkAttachments(input.attachments);
  return inWriteTransaction(deps, async (tx) => {
    const stored = await tx.trx.selectFrom("appeal").select(["id", "appealNo", "filedBy"]).where("submissionId", "=", input.submissionId).executeTakeFirst();
    if (stored) {
      if (stored.filedBy !== principal.userId) throw new DomainError("MARK_CONFLICT");
      return { appealId: stored.id, appealNo: String(stored.appealNo), replayed: true };
    }
    const skill = await tx.trx
      .selectFrom("skill")
      .innerJoin("competition", "competition.id", "skill.competitionId")
      .select(["skill.startsAt", "skill.endsAt", "competition.ruleSettings"])
      .where("skill.id", "=", input.skillId)
      .where("skill.competitionId", "=", competitionId)
      .where("skill.rehearsalOf", "is", null)
      .executeTakeFirst();
    if (!skill) throw new DomainError("NOT_FOUND", {}, "skillId");
    if (input.competitorId) {
      const competitor = await tx.trx
        .selectFrom("competitor")
        .select("id")
        .where("id", "=", input.competitorId)
        .where("skillId", "=", input.skillId)
        .where("delegationId", "=", input.delegationId)
        .executeTakeFirst();
      if (!competitor) throw new DomainError("NOT_FOUND", {}, "competitorId");
    }
    const rules = readRuleSettings(skill.ruleSettings);
    const publication = await currentPublication(tx.trx, input.skillId);
    const noticeEndsAt = publication ? new Date(publication.noticeEndsAt) : null;
    const timing = appealTiming(tx.now, { startsAt: skill.startsAt, endsAt: skill.endsAt }, rules.appealWindowMinutes, noticeEndsAt);
    if (timing === "too_early") throw new DomainError("APPEAL_TOO_EARLY");
    if (timing === "too_late")
      throw new DomainError("APPEAL_TOO_LATE", { deadline: beijing(appealDeadline(skill.endsAt, rules.appealWindowMinutes, noticeEndsAt)) });
    const appeal = await tx.trx
      .insertInto("appeal")
      .values({
        submissionId: input.submissionId,
        competitionId,
        skillId: input.skillId,
        delegationId: input.delegationId,
        competitorId: input.competitorId,
        filedBy: principal.userId,
        filedAt: tx.now,
        reason,
      })
      .returning(["id", "appealNo"])
      .executeTakeFirstOrThrow();
    await tx.trx
      .insertInto("appealEvent")
      .values({ appealId: appeal.id, kind: "filed", text: null, actorUserId: principal.userId, occurredAt: tx.now })
      .execute();
    for (const f of files) {
      await tx.trx
        .insertInto("appealAttachment")
        .values({
          appealId: appeal.id,
          fileName: f.fileName,
          contentType: f.contentType,
          byteSize: f.bytes.length,
          sha256: createHash("sha256").update(f.bytes).digest("hex"),
          content: f.bytes,
        })
        .execute();
    }
    const arbitrators = await tx.trx
      .selectFrom("roleAssignment")
      .select("userId")
      .where("competitionId", "=", competitionId)
      .where("role", "=", "arbitrator")
      .where("revokedAt", "is", null)
      .execute();
    await notify(
      tx,
      arbitrators.map((a) => a.userId),
      { competitionId, kind: "appeal.filed", payload: { appealId: appeal.id, appealNo: String(appeal.appealNo), skillId: input.skillId } },
    );
    tx.audit({
      actorUserId: principal.userId,
      action: "appeal.filed",
      entityType: "appeal",
      entityId: appeal.id,
      competitionId,
      after: {
        appealNo: String(appeal.appealNo),
        skillId: input.skillId,
        delegationId: input.delegationId,
        competitorId: input.competitorId,
        attachments: files.map((f) => ({ fileName: f.fileName, bytes: f.bytes.length })),
      },
      reason,
    });
    return { appealId: appeal.id, appealNo: String(appeal.appealNo), replayed: false };
  });
}
