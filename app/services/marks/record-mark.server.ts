// A judge records (or corrects) one mark. Never an update: a correction is the next revision,
// superseding the previous one, with a reason. The client's submission id makes the write
// idempotent — a repeat is answered with the stored mark. Refused, with nothing written: a
// judge of another skill, a conflicted judge (recusal: delegation, employer, declared
// relation), a locked module, a value that does not fit the aspect, a competitor of another
// skill.
import { sql, type QueryCreator } from "kysely";
import type { Database } from "../../../db/schema";
import { z } from "zod";
import { DomainError } from "~/domain/errors";
import { canRunJudging, holdsRole, type Principal } from "~/domain/access/roles";
import { findConflict } from "~/domain/judging/conflicts";
import { checkMarkValue, type MarkValue } from "~/domain/marking-scheme/mark-value";
import { MarkInputError } from "~/domain/results/aspect-marks";
import type { ServiceDeps } from "../deps.server";
import { isUniqueViolation } from "../errors.server";
import { inWriteTransaction } from "../transaction.server";
import { jsonArrayFrom, jsonObjectFrom } from "kysely/helpers/postgres";
import { applyAspectScore, lockCompetitorScore } from "../results/scores.server";
import { aspectForMarkingQuery, toAspectForMarking } from "./aspect-for-marking.server";

const decimalText = z.string().regex(/^-?\d{1,15}(\.\d{1,12})?$/);

export const MarkValueSchema = z.union([
  z.strictObject({ score: z.number().int() }),
  z.strictObject({ achieved: z.boolean() }),
  z.strictObject({ choiceId: z.string().min(1).max(50) }),
  z.strictObject({ measured: decimalText }),
  z.strictObject({ mark: decimalText }),
]);

export const RecordMarkSchema = z.object({
  submissionId: z.uuid(),
  competitorId: z.uuid(),
  aspectCode: z.string().trim().min(1).max(30),
  value: MarkValueSchema,
  reason: z.string().trim().min(1).max(1000).optional(),
});
export type RecordMark = z.infer<typeof RecordMarkSchema>;

export interface RecordedMark {
  markId: string;
  revision: number;
  /** True when this submission id had already been stored: nothing new was written. */
  replayed: boolean;
}

export async function recordMark(deps: ServiceDeps, principal: Principal, scope: { competitionId: string; skillId: string }, input: RecordMark): Promise<RecordedMark> {
  const isJudge = holdsRole(principal, "judge", scope) || canRunJudging(principal, scope);
  if (!isJudge) throw new DomainError("FORBIDDEN");
  try {
    return await inWriteTransaction(deps, async (tx) => {
      // Everything the checks need, in one statement (the marking hot path counts round trips).
      const checks = await tx.trx
        .selectNoFrom((eb) => [
          jsonObjectFrom(eb.selectFrom("mark").select(["id", "revision", "judgeUserId", "skillId"]).where("submissionId", "=", input.submissionId)).as("stored"),
          jsonObjectFrom(aspectForMarkingQuery(tx.trx, scope.skillId, input.aspectCode)).as("target"),
          jsonObjectFrom(
            eb
              .selectFrom("competitor")
              .innerJoin("delegation", "delegation.id", "competitor.delegationId")
              .select(["competitor.id", "delegation.regionCode"])
              .where("competitor.id", "=", input.competitorId)
              .where("competitor.skillId", "=", scope.skillId),
          ).as("competitor"),
          jsonArrayFrom(
            eb
              .selectFrom("competitorMember")
              .innerJoin("person", "person.id", "competitorMember.personId")
              .select(["person.id as personId", "person.employerId"])
              .where("competitorMember.competitorId", "=", input.competitorId),
          ).as("members"),
          jsonObjectFrom(eb.selectFrom("appUser").leftJoin("person", "person.id", "appUser.personId").select(["person.regionCode", "person.employerId"]).where("appUser.id", "=", principal.userId)).as("judgePerson"),
          jsonArrayFrom(
            eb.selectFrom("declaredRelation").select("personId").where("judgeUserId", "=", principal.userId).where("competitionId", "=", scope.competitionId).where("withdrawnAt", "is", null),
          ).as("relations"),
          jsonObjectFrom(
            eb
              .selectFrom("mark")
              .innerJoin("aspect", "aspect.id", "mark.aspectId")
              .innerJoin("markingScheme", "markingScheme.id", "aspect.schemeId")
              .select(["mark.id", "mark.revision"])
              .where("markingScheme.skillId", "=", scope.skillId)
              .where("aspect.code", "=", input.aspectCode)
              .where("mark.competitorId", "=", input.competitorId)
              .where("mark.judgeUserId", "=", principal.userId)
              .orderBy("mark.revision", "desc")
              .limit(1),
          ).as("previous"),
        ])
        .executeTakeFirstOrThrow();
      const { stored, competitor, members, judgePerson, relations, previous } = checks;
      if (stored) {
        // The same submission again (a tablet retrying after a lost answer): the stored result.
        if (stored.judgeUserId !== principal.userId || stored.skillId !== scope.skillId) throw new DomainError("MARK_CONFLICT");
        return { markId: stored.id, revision: stored.revision, replayed: true };
      }
      const target = await toAspectForMarking(tx.trx, scope.skillId, input.aspectCode, checks.target);
      if (target.locked) throw new DomainError("MODULE_LOCKED", { module: target.moduleCode });
      try {
        checkMarkValue(target.aspect, input.value as MarkValue);
      } catch (error) {
        if (error instanceof MarkInputError) throw new DomainError(error.code, {}, "value");
        throw error;
      }
      if (!competitor) throw new DomainError("NOT_FOUND", {}, "competitorId");
      const conflict = findConflict(
        { regionCode: judgePerson?.regionCode ?? null, employerId: judgePerson?.employerId ?? null, relatedPersonIds: relations.map((r) => r.personId) },
        { delegationRegionCode: competitor.regionCode, members },
      );
      if (conflict) throw new DomainError("JUDGE_CONFLICT", { reason: conflict.reason }, "competitorId");

      if (previous && !input.reason) throw new DomainError("REASON_REQUIRED", {}, "reason");
      const revision = (previous?.revision ?? 0) + 1;
      // The mark, and the lock on the competitor's kept totals, in one statement.
      // The share lock on the module row is held to the commit: a lock of the module waits for
      // this mark, or this mark sees the lock (applyAspectScore's guard reads it afresh).
      const markWrite = tx.trx.with("moduleShare", (db) => db.selectFrom("schemeModule").select("id").where("id", "=", target.moduleId).forShare()).with("written", (db) =>
          db
            .insertInto("mark")
            .values({
              submissionId: input.submissionId,
              competitionId: scope.competitionId,
              skillId: scope.skillId,
              schemeId: target.schemeId,
              aspectId: target.aspectId,
              competitorId: competitor.id,
              judgeUserId: principal.userId,
              revision,
              input: JSON.stringify(input.value),
              supersedesId: previous?.id ?? null,
              reason: previous ? input.reason! : null,
              recordedBy: principal.userId,
              recordedAt: tx.now,
            })
            .returning("id"),
      );
      // The CTE only adds the `written` name; the statement is typed as the plain lock.
      const written = await lockCompetitorScore(markWrite as unknown as QueryCreator<Database>, tx.now, competitor.id, scope.skillId)
        .returning([sql<string>`(select id from written)`.as("markId"), sql<string>`(select id from module_share)`.as("moduleShared")])
        .executeTakeFirstOrThrow();
      const row = { id: written.markId };
      // The aspect's score and the competitor's totals move with the mark, in this transaction.
      await applyAspectScore(tx.trx, tx.now, { skillId: scope.skillId, competitorId: competitor.id, aspectId: target.aspectId, moduleCode: target.moduleCode, aspect: target.aspect, rules: target.rules }, written, { guard: { unlockedModuleId: target.moduleId }, writeAtEnd: tx.writeAtEnd });
      tx.emit({ type: "mark.recorded", competitionId: scope.competitionId, skillId: scope.skillId, competitorId: competitor.id, aspectCode: input.aspectCode, revision });
      // Last: the audit chain's lock is held from here to the commit, so keep that short.
      tx.audit({
        actorUserId: principal.userId,
        action: previous ? "mark.corrected" : "mark.recorded",
        entityType: "mark",
        entityId: row.id,
        competitionId: scope.competitionId,
        before: previous ? { markId: previous.id, revision: previous.revision } : null,
        after: { skillId: scope.skillId, competitorId: competitor.id, aspect: input.aspectCode, revision, value: input.value },
        reason: previous ? input.reason : null,
      });
      return { markId: row.id, revision, replayed: false };
    });
  } catch (error) {
    // Two corrections of the same mark at once: the revision's uniqueness lets one win.
    if (isUniqueViolation(error)) {
      const stored = await deps.db.selectFrom("mark").select(["id", "revision", "judgeUserId"]).where("submissionId", "=", input.submissionId).executeTakeFirst();
      if (stored && stored.judgeUserId === principal.userId) return { markId: stored.id, revision: stored.revision, replayed: true };
      throw new DomainError("MARK_CONFLICT");
    }
    throw error;
  }
}
