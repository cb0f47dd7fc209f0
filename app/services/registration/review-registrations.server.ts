// The organizer's review: approve (each registration becomes a competitor with the next
// registration number) or return with a reason the leader sees.
import { sql } from "kysely";
import type { Principal } from "~/domain/access/roles";
import { canManageCompetition } from "~/domain/access/policy";
import { DomainError } from "~/domain/errors";
import type { RegistrationStatus } from "~/domain/registration/registrations";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";
import { requireAction } from "./registration-scope.server";

/** The organizer approves (creating the competitor with the next registration number) or rejects with a reason. */
export async function reviewRegistrations(
  deps: ServiceDeps,
  principal: Principal,
  competitionId: string,
  input: { registrationIds: string[]; decision: "approve" | "reject"; reason: string | null },
): Promise<{ changed: number }> {
  if (!canManageCompetition(principal, competitionId)) throw new DomainError("FORBIDDEN");
  if (input.decision === "reject" && !input.reason) throw new DomainError("REASON_REQUIRED", {}, "reason");
  return inWriteTransaction(deps, async (tx) => {
    const rows = await tx.trx
      .selectFrom("registration")
      .select(["id", "status", "skillId", "delegationId"])
      .where("id", "in", input.registrationIds.length > 0 ? input.registrationIds : ["00000000-0000-0000-0000-000000000000"])
      .where("competitionId", "=", competitionId)
      .orderBy("entryNo")
      .forUpdate()
      .execute();
    if (rows.length !== new Set(input.registrationIds).size) throw new DomainError("NOT_FOUND");
    const target: RegistrationStatus = input.decision === "approve" ? "approved" : "rejected";
    // A repeat of the same decision is answered as done; anything else must be submitted.
    const pending = rows.filter((r) => r.status !== target);
    for (const r of pending) requireAction(r.status, "organizer", input.decision);
    if (pending.length === 0) return { changed: 0 };
    if (input.decision === "reject") {
      await tx.trx
        .updateTable("registration")
        .set({
          status: "rejected",
          rejectionReason: input.reason,
          reviewedBy: principal.userId,
          reviewedAt: tx.now,
          updatedAt: tx.now,
          version: sql<number>`version + 1`,
        })
        .where(
          "id",
          "in",
          pending.map((r) => r.id),
        )
        .execute();
      tx.audit({
        actorUserId: principal.userId,
        action: "registrations.rejected",
        entityType: "competition",
        entityId: competitionId,
        competitionId,
        after: { registrationIds: pending.map((r) => r.id), reason: input.reason },
      });
      return { changed: pending.length };
    }
    const competition = await tx.trx.selectFrom("competition").select("year").where("id", "=", competitionId).forUpdate().executeTakeFirstOrThrow();
    const prefix = `BM${competition.year}-`;
    const { last } = await tx.trx
      .selectFrom("competitor")
      .select(sql<number>`coalesce(max(substring(registration_no from ${`^${prefix}([0-9]+)$`})::int), 0)`.as("last"))
      .where("competitionId", "=", competitionId)
      .executeTakeFirstOrThrow();
    const competitors = pending.map((r, i) => ({
      competitionId,
      skillId: r.skillId,
      delegationId: r.delegationId,
      registrationNo: `${prefix}${String(last + i + 1).padStart(4, "0")}`,
    }));
    const created: Array<{ id: string; registrationNo: string }> = [];
    for (let i = 0; i < competitors.length; i += 500)
      created.push(
        ...(await tx.trx
          .insertInto("competitor")
          .values(competitors.slice(i, i + 500))
          .returning(["id", "registrationNo"])
          .execute()),
      );
    const competitorOf = new Map(created.map((c) => [c.registrationNo, c.id]));
    const ids = pending.map((r) => r.id);
    const members = await tx.trx
      .selectFrom("registrationMember")
      .select(["registrationId", "personId", "skillLevel"])
      .where("registrationId", "in", ids)
      .execute();
    const competitorIdOf = new Map(pending.map((r, i) => [r.id, competitorOf.get(competitors[i]!.registrationNo)!]));
    for (let i = 0; i < members.length; i += 500) {
      await tx.trx
        .insertInto("competitorMember")
        .values(members.slice(i, i + 500).map((m) => ({ competitorId: competitorIdOf.get(m.registrationId)!, personId: m.personId, skillLevel: m.skillLevel })))
        .execute();
    }
    for (let i = 0; i < pending.length; i += 500) {
      const chunk = pending.slice(i, i + 500);
      await sql`update registration as r set status = 'approved', competitor_id = v.competitor_id::uuid, reviewed_by = ${principal.userId}, reviewed_at = ${tx.now}, updated_at = ${tx.now}, version = r.version + 1
        from (values ${sql.join(chunk.map((r) => sql`(${r.id}, ${competitorIdOf.get(r.id)!})`))}) as v(id, competitor_id) where r.id = v.id::uuid`.execute(
        tx.trx,
      );
    }
    tx.audit({
      actorUserId: principal.userId,
      action: "registrations.approved",
      entityType: "competition",
      entityId: competitionId,
      competitionId,
      after: {
        registrations: pending.map((r, i) => ({
          registrationId: r.id,
          competitorId: competitorIdOf.get(r.id),
          registrationNo: competitors[i]!.registrationNo,
        })),
      },
    });
    tx.emit({ type: "competition.updated", competitionId, skillId: null, entity: "skill" });
    return { changed: pending.length };
  });
}
