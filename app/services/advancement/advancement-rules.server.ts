// The organizer's advancement rules 晋级规则: how this competition feeds a higher level (top N per
// skill → reserve, eligible, delegation or squad of the target level, optionally one named
// competition of it). A rule is withdrawn with a reason, never deleted; withdrawing revokes the
// qualifications it gave. A new rule applies at once to the skills already published.
import { z } from "zod";
import { type Principal } from "~/domain/access/roles";
import { canManageCompetition } from "~/domain/access/policy";
import { advancementKinds } from "~/domain/advancement/advancement";
import { competitionLevels, ladderRung, tracks } from "~/domain/competition/ladder";
import { DomainError } from "~/domain/errors";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";
import { choice, integer, text } from "~/domain/fields";
import { applyAdvancement } from "./apply-advancement.server";

const optionalUuid = z.preprocess((v) => (v === "" || v === undefined ? null : v), z.uuid({ message: "invalidFormat" }).nullable());
const optionalInteger = (min: number, max: number) => z.preprocess((v) => (v === "" || v === undefined ? null : v), integer(min, max).nullable());

export const CreateAdvancementRuleSchema = z.object({
  kind: choice(advancementKinds),
  targetLevel: choice(competitionLevels),
  targetCompetitionId: optionalUuid,
  topN: integer(1, 1000),
  topNTeam: optionalInteger(1, 1000),
  track: z.preprocess((v) => (v === "" || v === undefined ? null : v), choice(tracks).nullable()),
});
export type CreateAdvancementRule = z.output<typeof CreateAdvancementRuleSchema>;

export const WithdrawAdvancementRuleSchema = z.object({ ruleId: z.uuid({ message: "invalidFormat" }), reason: text(500) });
export type WithdrawAdvancementRule = z.output<typeof WithdrawAdvancementRuleSchema>;

export async function createAdvancementRule(
  deps: ServiceDeps,
  principal: Principal,
  competitionId: string,
  input: CreateAdvancementRule,
): Promise<{ ruleId: string; added: number }> {
  if (!canManageCompetition(principal, competitionId)) throw new DomainError("FORBIDDEN");
  return inWriteTransaction(deps, async (tx) => {
    const competition = await tx.trx.selectFrom("competition").select(["id", "level"]).where("id", "=", competitionId).executeTakeFirst();
    if (!competition) throw new DomainError("NOT_FOUND");
    if (ladderRung(input.targetLevel) <= ladderRung(competition.level))
      throw new DomainError("ADVANCEMENT_TARGET_NOT_HIGHER", { level: competition.level }, "targetLevel");
    if (input.targetCompetitionId !== null) {
      const target = await tx.trx.selectFrom("competition").select(["level"]).where("id", "=", input.targetCompetitionId).executeTakeFirst();
      if (!target) throw new DomainError("NOT_FOUND", {}, "targetCompetitionId");
      if (target.level !== input.targetLevel) throw new DomainError("ADVANCEMENT_TARGET_LEVEL_MISMATCH", { level: input.targetLevel }, "targetCompetitionId");
    }
    const rule = await tx.trx
      .insertInto("advancementRule")
      .values({
        competitionId,
        kind: input.kind,
        targetLevel: input.targetLevel,
        targetCompetitionId: input.targetCompetitionId,
        topN: input.topN,
        teamTopN: input.topNTeam,
        track: input.track,
        createdBy: principal.userId,
        createdAt: tx.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    tx.audit({
      actorUserId: principal.userId,
      action: "advancement_rule.created",
      entityType: "advancement_rule",
      entityId: rule.id,
      competitionId,
      after: input,
    });
    // Skills published before the rule existed are qualified now, by their current publication.
    const publications = await tx.trx.selectFrom("publication").select("id").where("competitionId", "=", competitionId).where("isCurrent", "=", true).execute();
    let added = 0;
    for (const p of publications) added += (await applyAdvancement(tx, { publicationId: p.id, actorUserId: principal.userId, reason: null })).added;
    return { ruleId: rule.id, added };
  });
}

export async function withdrawAdvancementRule(
  deps: ServiceDeps,
  principal: Principal,
  competitionId: string,
  input: WithdrawAdvancementRule,
): Promise<{ revoked: number }> {
  if (!canManageCompetition(principal, competitionId)) throw new DomainError("FORBIDDEN");
  return inWriteTransaction(deps, async (tx) => {
    const rule = await tx.trx
      .updateTable("advancementRule")
      .set({ withdrawnAt: tx.now, withdrawnBy: principal.userId, withdrawnReason: input.reason })
      .where("id", "=", input.ruleId)
      .where("competitionId", "=", competitionId)
      .where("withdrawnAt", "is", null)
      .returning(["id", "kind", "targetLevel", "topN", "track"])
      .executeTakeFirst();
    if (!rule) throw new DomainError("NOT_FOUND", {}, "ruleId");
    const revoked = await tx.trx
      .updateTable("advancement")
      .set({ revokedAt: tx.now, revokedReason: input.reason })
      .where("ruleId", "=", rule.id)
      .where("revokedAt", "is", null)
      .returning("id")
      .execute();
    tx.audit({
      actorUserId: principal.userId,
      action: "advancement_rule.withdrawn",
      entityType: "advancement_rule",
      entityId: rule.id,
      competitionId,
      before: rule,
      after: { revokedAdvancements: revoked.map((r) => r.id) },
      reason: input.reason,
    });
    return { revoked: revoked.length };
  });
}

export interface AdvancementRuleView {
  id: string;
  kind: (typeof advancementKinds)[number];
  targetLevel: (typeof competitionLevels)[number];
  targetCompetition: { id: string; nameZh: string; nameEn: string | null } | null;
  topN: number;
  topNTeam: number | null;
  track: (typeof tracks)[number] | null;
  createdAt: string;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
}

export async function listAdvancementRules(db: ServiceDeps["db"], competitionId: string): Promise<AdvancementRuleView[]> {
  const rows = await db
    .selectFrom("advancementRule as r")
    .leftJoin("competition as t", "t.id", "r.targetCompetitionId")
    .select([
      "r.id",
      "r.kind",
      "r.targetLevel",
      "r.targetCompetitionId",
      "t.nameZh",
      "t.nameEn",
      "r.topN",
      "r.teamTopN",
      "r.track",
      "r.createdAt",
      "r.withdrawnAt",
      "r.withdrawnReason",
    ])
    .where("r.competitionId", "=", competitionId)
    .orderBy("r.createdAt")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    targetLevel: r.targetLevel,
    targetCompetition: r.targetCompetitionId ? { id: r.targetCompetitionId, nameZh: r.nameZh!, nameEn: r.nameEn } : null,
    topN: r.topN,
    topNTeam: r.teamTopN,
    track: r.track,
    createdAt: r.createdAt.toISOString(),
    withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
    withdrawnReason: r.withdrawnReason,
  }));
}

/** Competitions a rule of this competition may target: any of a higher rung. */
export async function listTargetCompetitions(db: ServiceDeps["db"], competitionId: string) {
  const competition = await db.selectFrom("competition").select("level").where("id", "=", competitionId).executeTakeFirst();
  if (!competition) throw new DomainError("NOT_FOUND");
  const higher = competitionLevels.filter((l) => ladderRung(l) > ladderRung(competition.level));
  if (higher.length === 0) return { levels: [], competitions: [] };
  const competitions = await db
    .selectFrom("competition")
    .select(["id", "nameZh", "nameEn", "level", "year"])
    .where("level", "in", higher)
    .orderBy("startsOn", "desc")
    .limit(200)
    .execute();
  return { levels: higher, competitions };
}
