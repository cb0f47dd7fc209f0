// The organizer records a judge's declared relation to a person (relative, student, teacher,
// other) for recusal; marks by that judge for a competitor with that person are refused from
// then on. A declaration is withdrawn with a reason, never deleted. Both are audited.
import { z } from "zod";
import { DomainError } from "~/domain/errors";
import { relationKinds } from "~/domain/judging/conflicts";
import { type Principal } from "~/domain/access/roles";
import { canManageCompetition } from "~/domain/access/policy";
import type { ServiceDeps } from "../deps.server";
import { isUniqueViolation } from "../errors.server";
import { inWriteTransaction } from "../transaction.server";

export const DeclareRelationSchema = z.object({
  judgeUserId: z.uuid(),
  competitorId: z.uuid(),
  kind: z.enum(relationKinds),
  note: z
    .string()
    .trim()
    .max(500)
    .optional()
    .transform((v) => v || null),
});

export const WithdrawRelationSchema = z.object({ relationId: z.uuid(), reason: z.string().trim().min(1).max(500) });

/** Declares the judge's relation to every member of the competitor entry (a team: each person). */
export async function declareRelation(
  deps: ServiceDeps,
  principal: Principal,
  competitionId: string,
  input: z.output<typeof DeclareRelationSchema>,
): Promise<{ relationIds: string[] }> {
  if (!canManageCompetition(principal, competitionId)) throw new DomainError("FORBIDDEN");
  try {
    return await inWriteTransaction(deps, async (tx) => {
      const judge = await tx.trx
        .selectFrom("roleAssignment")
        .select("userId")
        .where("userId", "=", input.judgeUserId)
        .where("competitionId", "=", competitionId)
        .where("role", "in", ["judge", "chief_judge", "deputy_chief_judge"])
        .executeTakeFirst();
      if (!judge) throw new DomainError("NOT_FOUND", {}, "judgeUserId");
      const members = await tx.trx
        .selectFrom("competitorMember")
        .innerJoin("competitor", "competitor.id", "competitorMember.competitorId")
        .select("competitorMember.personId")
        .where("competitor.id", "=", input.competitorId)
        .where("competitor.competitionId", "=", competitionId)
        .execute();
      if (members.length === 0) throw new DomainError("NOT_FOUND", {}, "competitorId");
      const rows = await tx.trx
        .insertInto("declaredRelation")
        .values(
          members.map((m) => ({
            competitionId,
            judgeUserId: input.judgeUserId,
            personId: m.personId,
            kind: input.kind,
            note: input.note,
            declaredBy: principal.userId,
            declaredAt: tx.now,
          })),
        )
        .returning("id")
        .execute();
      tx.audit({
        actorUserId: principal.userId,
        action: "relation.declared",
        entityType: "declared_relation",
        entityId: rows[0]!.id,
        competitionId,
        after: { judgeUserId: input.judgeUserId, competitorId: input.competitorId, kind: input.kind, note: input.note, relationIds: rows.map((r) => r.id) },
      });
      return { relationIds: rows.map((r) => r.id) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("RELATION_ALREADY_DECLARED", {}, "competitorId");
    throw error;
  }
}

export async function withdrawRelation(
  deps: ServiceDeps,
  principal: Principal,
  competitionId: string,
  input: z.output<typeof WithdrawRelationSchema>,
): Promise<void> {
  if (!canManageCompetition(principal, competitionId)) throw new DomainError("FORBIDDEN");
  await inWriteTransaction(deps, async (tx) => {
    const updated = await tx.trx
      .updateTable("declaredRelation")
      .set({ withdrawnAt: tx.now, withdrawnBy: principal.userId, withdrawnReason: input.reason })
      .where("id", "=", input.relationId)
      .where("competitionId", "=", competitionId)
      .where("withdrawnAt", "is", null)
      .returning(["id", "judgeUserId", "personId", "kind"])
      .executeTakeFirst();
    if (!updated) throw new DomainError("NOT_FOUND", {}, "relationId");
    tx.audit({
      actorUserId: principal.userId,
      action: "relation.withdrawn",
      entityType: "declared_relation",
      entityId: updated.id,
      competitionId,
      before: updated,
      reason: input.reason,
    });
  });
}

/** The competition's declarations for the organizer's page (names: staff only). */
export function listDeclaredRelations(deps: Pick<ServiceDeps, "db">, competitionId: string) {
  return deps.db
    .selectFrom("declaredRelation")
    .innerJoin("appUser as judge", "judge.id", "declaredRelation.judgeUserId")
    .innerJoin("person", "person.id", "declaredRelation.personId")
    .select([
      "declaredRelation.id",
      "judge.displayName as judgeName",
      "person.name as personName",
      "declaredRelation.kind",
      "declaredRelation.note",
      "declaredRelation.declaredAt",
      "declaredRelation.withdrawnAt",
      "declaredRelation.withdrawnReason",
    ])
    .where("declaredRelation.competitionId", "=", competitionId)
    .orderBy("declaredRelation.declaredAt", "desc")
    .execute();
}
