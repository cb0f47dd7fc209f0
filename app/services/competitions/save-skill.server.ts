// Creates or edits a skill of a competition. Its schedule must lie within the competition's
// dates (Shanghai calendar), and its Chinese name is unique per entrant group.
import { DomainError } from "~/domain/errors";
import { type Principal } from "~/domain/access/roles";
import { canManageCompetition } from "~/domain/access/policy";
import { shanghaiDateOf } from "~/domain/time";
import type { ServiceDeps } from "../deps.server";
import { isUniqueViolation } from "../errors.server";
import { inWriteTransaction } from "../transaction.server";
import type { SkillInput } from "~/domain/competition/inputs";

const auditedColumns = [
  "nameZh",
  "nameEn",
  "track",
  "occupationCode",
  "wsNumber",
  "teamSize",
  "entrantGroup",
  "ageRule",
  "startsAt",
  "endsAt",
  "venueArea",
] as const;

export async function saveSkill(
  deps: ServiceDeps,
  principal: Principal,
  competitionId: string,
  input: SkillInput,
  skillId: string | null,
): Promise<{ skillId: string }> {
  if (!canManageCompetition(principal, competitionId)) throw new DomainError("FORBIDDEN");
  if (input.endsAt <= input.startsAt) throw new DomainError("DATES_OUT_OF_ORDER", {}, "endsAt");
  try {
    return await inWriteTransaction(deps, async (tx) => {
      const competition = await tx.trx.selectFrom("competition").select(["startsOn", "endsOn"]).where("id", "=", competitionId).executeTakeFirst();
      if (!competition) throw new DomainError("NOT_FOUND");
      if (shanghaiDateOf(input.startsAt) < competition.startsOn || shanghaiDateOf(input.endsAt) > competition.endsOn) {
        throw new DomainError("SKILL_OUTSIDE_COMPETITION", { startsOn: competition.startsOn, endsOn: competition.endsOn }, "startsAt");
      }
      const duplicate = await tx.trx
        .selectFrom("skill")
        .select("id")
        .where("competitionId", "=", competitionId)
        .where("nameZh", "=", input.nameZh)
        .where("entrantGroup", "=", input.entrantGroup)
        .$if(skillId !== null, (q) => q.where("id", "!=", skillId as string))
        .executeTakeFirst();
      if (duplicate) throw new DomainError("DUPLICATE_NAME", {}, "nameZh");
      if (skillId === null) {
        const created = await tx.trx
          .insertInto("skill")
          .values({ ...input, competitionId, updatedAt: tx.now })
          .returning("id")
          .executeTakeFirstOrThrow();
        tx.audit({ actorUserId: principal.userId, action: "skill.created", entityType: "skill", entityId: created.id, competitionId, after: input });
        tx.emit({ type: "competition.updated", competitionId, skillId: null, entity: "skill" });
        return { skillId: created.id };
      }
      const before = await tx.trx
        .selectFrom("skill")
        .select(auditedColumns)
        .where("id", "=", skillId)
        .where("competitionId", "=", competitionId)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw new DomainError("NOT_FOUND");
      await tx.trx
        .updateTable("skill")
        .set({ ...input, updatedAt: tx.now })
        .where("id", "=", skillId)
        .execute();
      tx.audit({ actorUserId: principal.userId, action: "skill.updated", entityType: "skill", entityId: skillId, competitionId, before, after: input });
      tx.emit({ type: "competition.updated", competitionId, skillId: null, entity: "skill" });
      return { skillId };
    });
  } catch (error) {
    // Two organizers saving the same name at once: the constraint decides.
    if (isUniqueViolation(error)) throw new DomainError("DUPLICATE_NAME", {}, "nameZh");
    throw error;
  }
}
