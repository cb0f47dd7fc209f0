// Creates or edits a competition. The creator becomes its organizer. Dates may not move so that
// an existing skill falls outside them. A change of rules remakes the kept scores.
import { DomainError } from "~/domain/errors";
import { type Principal } from "~/domain/access/roles";
import { canCreateCompetition, canManageCompetition } from "~/domain/access/policy";
import { shanghaiDateOf } from "~/domain/time";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";
import { readRuleSettings } from "~/domain/competition/rule-settings";
import { rebuildSkillScores } from "../results/rebuild-skill-scores.server";
import type { CompetitionInput } from "~/domain/competition/inputs";

const auditedColumns = ["nameZh", "nameEn", "level", "year", "startsOn", "endsOn", "venue", "organizerName", "status", "ruleSettings"] as const;

export async function saveCompetition(
  deps: ServiceDeps,
  principal: Principal,
  input: CompetitionInput,
  competitionId: string | null,
): Promise<{ competitionId: string }> {
  if (input.endsOn < input.startsOn) throw new DomainError("DATES_OUT_OF_ORDER", {}, "endsOn");
  const values = { ...input, year: Number(input.startsOn.slice(0, 4)), ruleSettings: JSON.stringify(input.ruleSettings) };
  return inWriteTransaction(deps, async (tx) => {
    if (competitionId === null) {
      if (!canCreateCompetition(principal)) throw new DomainError("FORBIDDEN");
      const created = await tx.trx
        .insertInto("competition")
        .values({ ...values, updatedAt: tx.now })
        .returning("id")
        .executeTakeFirstOrThrow();
      await tx.trx
        .insertInto("roleAssignment")
        .values({ userId: principal.userId, role: "organizer", competitionId: created.id, grantedBy: principal.userId })
        .execute();
      tx.audit({
        actorUserId: principal.userId,
        action: "competition.created",
        entityType: "competition",
        entityId: created.id,
        competitionId: created.id,
        after: input,
      });
      return { competitionId: created.id };
    }
    if (!canManageCompetition(principal, competitionId)) throw new DomainError("FORBIDDEN");
    const before = await tx.trx.selectFrom("competition").select(auditedColumns).where("id", "=", competitionId).forUpdate().executeTakeFirst();
    if (!before) throw new DomainError("NOT_FOUND");
    const skills = await tx.trx.selectFrom("skill").select(["id", "startsAt", "endsAt"]).where("competitionId", "=", competitionId).execute();
    if (skills.some((s) => shanghaiDateOf(s.startsAt) < input.startsOn || shanghaiDateOf(s.endsAt) > input.endsOn)) {
      throw new DomainError("SKILL_OUTSIDE_COMPETITION", {}, "startsOn");
    }
    await tx.trx
      .updateTable("competition")
      .set({ ...values, updatedAt: tx.now })
      .where("id", "=", competitionId)
      .execute();
    // The rules decide how marks make aspect scores (team size, spread limit): remake the kept
    // scores when they change, in this transaction.
    if (JSON.stringify(readRuleSettings(before.ruleSettings)) !== JSON.stringify(input.ruleSettings)) {
      for (const skill of skills) await rebuildSkillScores(tx.trx, tx.now, { competitionId, skillId: skill.id });
    }
    tx.audit({
      actorUserId: principal.userId,
      action: "competition.updated",
      entityType: "competition",
      entityId: competitionId,
      competitionId,
      before,
      after: input,
    });
    tx.emit({ type: "competition.updated", competitionId, skillId: null, entity: "competition" });
    return { competitionId };
  });
}
