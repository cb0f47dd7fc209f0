// The arbitrators rule an appeal upheld or rejected; the ruling is final and the leaders are told.
import { DomainError } from "~/domain/errors";
import type { Principal } from "~/domain/access/roles";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";
import { notify, leadersOf, requireArbitrator } from "./appeal-rows.server";

/** The arbitration group rules; the ruling is final. The team leaders of the delegation are notified. */
export async function ruleAppeal(
  deps: ServiceDeps,
  principal: Principal,
  appealId: string,
  input: { decision: "upheld" | "rejected"; ruling: string },
): Promise<void> {
  const ruling = input.ruling.trim();
  if (ruling.length < 2 || ruling.length > 4000) throw new DomainError("REASON_REQUIRED", {}, "ruling");
  await inWriteTransaction(deps, async (tx) => {
    const appeal = await tx.trx
      .selectFrom("appeal")
      .select(["id", "appealNo", "competitionId", "skillId", "delegationId", "filedBy", "state"])
      .where("id", "=", appealId)
      .forUpdate()
      .executeTakeFirst();
    if (!appeal) throw new DomainError("NOT_FOUND");
    requireArbitrator(principal, appeal.competitionId);
    if (appeal.state !== "received" && appeal.state !== "under_review") throw new DomainError("APPEAL_STATE");
    await tx.trx.updateTable("appeal").set({ state: input.decision, ruling, ruledBy: principal.userId, ruledAt: tx.now }).where("id", "=", appealId).execute();
    await tx.trx
      .insertInto("appealEvent")
      .values({ appealId, kind: input.decision, text: ruling, actorUserId: principal.userId, occurredAt: tx.now })
      .execute();
    await notify(tx, await leadersOf(tx.trx, appeal), {
      competitionId: appeal.competitionId,
      kind: "appeal.ruled",
      payload: { appealId, appealNo: String(appeal.appealNo), decision: input.decision },
    });
    if (input.decision === "upheld") {
      const chiefs = await tx.trx
        .selectFrom("roleAssignment")
        .select("userId")
        .where("competitionId", "=", appeal.competitionId)
        .where((w) => w.or([w("skillId", "is", null), w("skillId", "=", appeal.skillId)]))
        .where("role", "in", ["chief_judge", "deputy_chief_judge"])
        .where("revokedAt", "is", null)
        .execute();
      await notify(
        tx,
        chiefs.map((c) => c.userId),
        {
          competitionId: appeal.competitionId,
          kind: "appeal.correction_needed",
          payload: { appealId, appealNo: String(appeal.appealNo), skillId: appeal.skillId },
        },
      );
    }
    tx.audit({
      actorUserId: principal.userId,
      action: `appeal.${input.decision}`,
      entityType: "appeal",
      entityId: appealId,
      competitionId: appeal.competitionId,
      before: { state: appeal.state },
      after: { state: input.decision },
      reason: ruling,
    });
  });
}
