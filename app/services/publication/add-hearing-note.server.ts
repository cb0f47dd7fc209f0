// The arbitrators' review of an appeal: the first hearing note opens it.
import { DomainError } from "~/domain/errors";
import type { Principal } from "~/domain/access/roles";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";
import { requireArbitrator } from "./appeal-rows.server";

/** An arbitrator opens the review or adds a hearing note (the first note opens the review). */
export async function addHearingNote(deps: ServiceDeps, principal: Principal, appealId: string, text: string | null): Promise<void> {
  const note = text?.trim() || null;
  await inWriteTransaction(deps, async (tx) => {
    const appeal = await tx.trx.selectFrom("appeal").select(["id", "competitionId", "state"]).where("id", "=", appealId).forUpdate().executeTakeFirst();
    if (!appeal) throw new DomainError("NOT_FOUND");
    requireArbitrator(principal, appeal.competitionId);
    if (appeal.state !== "received" && appeal.state !== "under_review") throw new DomainError("APPEAL_STATE");
    if (appeal.state === "received") {
      await tx.trx.updateTable("appeal").set({ state: "under_review" }).where("id", "=", appealId).execute();
      await tx.trx
        .insertInto("appealEvent")
        .values({ appealId, kind: "review_started", text: null, actorUserId: principal.userId, occurredAt: tx.now })
        .execute();
      tx.audit({
        actorUserId: principal.userId,
        action: "appeal.review_started",
        entityType: "appeal",
        entityId: appealId,
        competitionId: appeal.competitionId,
        before: { state: "received" },
        after: { state: "under_review" },
      });
    }
    if (note) {
      if (note.length > 4000) throw new DomainError("VALIDATION", {}, "note");
      await tx.trx
        .insertInto("appealEvent")
        .values({ appealId, kind: "hearing_note", text: note, actorUserId: principal.userId, occurredAt: tx.now })
        .execute();
      tx.audit({
        actorUserId: principal.userId,
        action: "appeal.hearing_note",
        entityType: "appeal",
        entityId: appealId,
        competitionId: appeal.competitionId,
        after: { note },
      });
    } else if (appeal.state === "under_review") throw new DomainError("VALIDATION", {}, "note");
  });
}
