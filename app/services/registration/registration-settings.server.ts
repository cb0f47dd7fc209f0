// The organizer's registration settings: the window (Asia/Shanghai wall clock), the default quota
// per delegation and skill, the age cut-off date, the required documents, and per skill the
// quota, the required skill level, 属地 and the occupation rule. Audited with before and after.
import { sql } from "kysely";
import { z } from "zod";
import { type Principal } from "~/domain/access/roles";
import { canManageCompetition } from "~/domain/access/policy";
import { competitionLevels, skillLevels } from "~/domain/competition/ladder";
import { DomainError } from "~/domain/errors";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";
import { checkbox, choice, integer, isoDate, shanghaiDateTime } from "~/domain/fields";

const optionalDate = z.preprocess((v) => (v === "" || v === undefined ? null : v), isoDate.nullable());
const optionalDateTime = z.preprocess((v) => (v === "" || v === undefined ? null : v), shanghaiDateTime.nullable());

/** One document per line: `中文名称 | English name` (the English part optional). */
const documentLines = z
  .string()
  .default("")
  .transform((v, ctx) => {
    const lines = v
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== "");
    if (lines.length > 20) {
      ctx.addIssue({ code: "custom", message: "tooMany:20" });
      return z.NEVER;
    }
    const documents = lines.map((line) => {
      const [zh = "", en = ""] = line.split("|").map((p) => p.trim());
      return { code: zh, nameZh: zh, nameEn: en || zh };
    });
    if (documents.some((d) => d.nameZh === "" || d.nameZh.length > 100 || d.nameEn.length > 100)) {
      ctx.addIssue({ code: "custom", message: "tooLong:100" });
      return z.NEVER;
    }
    if (new Set(documents.map((d) => d.code)).size !== documents.length) {
      ctx.addIssue({ code: "custom", message: "invalidFormat" });
      return z.NEVER;
    }
    return documents;
  });

export const RegistrationSettingsInputSchema = z
  .object({
    opensAt: optionalDateTime,
    closesAt: optionalDateTime,
    defaultQuota: integer(1, 100),
    cutOffDate: optionalDate,
    requiredDocuments: documentLines,
  })
  .refine((v) => (v.opensAt === null) === (v.closesAt === null), { message: "required", path: ["closesAt"] })
  .refine((v) => v.opensAt === null || v.closesAt === null || v.closesAt > v.opensAt, { message: "datesOutOfOrder", path: ["closesAt"] });
export type RegistrationSettingsInput = z.output<typeof RegistrationSettingsInputSchema>;

const emptyIsNull = (v: unknown) => (v === "" || v === undefined ? null : v);
export const SkillRegistrationRuleInputSchema = z
  .object({
    quota: z.preprocess(emptyIsNull, integer(1, 100).nullable()),
    requiredSkillLevel: z.preprocess(emptyIsNull, choice(skillLevels).nullable()),
    requireLocality: checkbox,
    requireOccupation: checkbox,
    /** 晋级资格: a rank at most this at that lower level, in the skill's occupation. */
    requiredResultLevel: z.preprocess(emptyIsNull, choice(competitionLevels).nullable().default(null)),
    requiredResultRank: z.preprocess(emptyIsNull, integer(1, 100).nullable().default(null)),
  })
  .refine((v) => (v.requiredResultLevel === null) === (v.requiredResultRank === null), { message: "required", path: ["requiredResultRank"] });
export type SkillRegistrationRuleInput = z.output<typeof SkillRegistrationRuleInputSchema>;

export async function saveRegistrationSettings(
  deps: ServiceDeps,
  principal: Principal,
  competitionId: string,
  input: RegistrationSettingsInput,
): Promise<void> {
  if (!canManageCompetition(principal, competitionId)) throw new DomainError("FORBIDDEN");
  await inWriteTransaction(deps, async (tx) => {
    const competition = await tx.trx.selectFrom("competition").select("id").where("id", "=", competitionId).executeTakeFirst();
    if (!competition) throw new DomainError("NOT_FOUND");
    const before = await tx.trx
      .selectFrom("registrationSettings")
      .select(["opensAt", "closesAt", "defaultQuota", "cutOffDate", sql<string>`required_documents::text`.as("requiredDocuments")])
      .where("competitionId", "=", competitionId)
      .forUpdate()
      .executeTakeFirst();
    const values = { ...input, requiredDocuments: JSON.stringify(input.requiredDocuments), updatedAt: tx.now };
    await tx.trx
      .insertInto("registrationSettings")
      .values({ competitionId, ...values })
      .onConflict((oc) => oc.column("competitionId").doUpdateSet(values))
      .execute();
    tx.audit({
      actorUserId: principal.userId,
      action: "registration_settings.saved",
      entityType: "competition",
      entityId: competitionId,
      competitionId,
      before: before ? { ...before, requiredDocuments: JSON.parse(before.requiredDocuments) } : null,
      after: input,
    });
  });
}

export async function saveSkillRegistrationRule(
  deps: ServiceDeps,
  principal: Principal,
  scope: { competitionId: string; skillId: string },
  input: SkillRegistrationRuleInput,
): Promise<void> {
  if (!canManageCompetition(principal, scope.competitionId)) throw new DomainError("FORBIDDEN");
  await inWriteTransaction(deps, async (tx) => {
    const skill = await tx.trx
      .selectFrom("skill")
      .select("id")
      .where("id", "=", scope.skillId)
      .where("competitionId", "=", scope.competitionId)
      .executeTakeFirst();
    if (!skill) throw new DomainError("NOT_FOUND");
    const before = await tx.trx
      .selectFrom("skillRegistrationRule")
      .select(["quota", "requiredSkillLevel", "requireLocality", "requireOccupation", "requiredResultLevel", "requiredResultRank"])
      .where("skillId", "=", scope.skillId)
      .forUpdate()
      .executeTakeFirst();
    const values = { ...input, updatedAt: tx.now };
    await tx.trx
      .insertInto("skillRegistrationRule")
      .values({ skillId: scope.skillId, competitionId: scope.competitionId, ...values })
      .onConflict((oc) => oc.column("skillId").doUpdateSet(values))
      .execute();
    tx.audit({
      actorUserId: principal.userId,
      action: "skill_registration_rule.saved",
      entityType: "skill",
      entityId: scope.skillId,
      competitionId: scope.competitionId,
      before: before ?? null,
      after: input,
    });
  });
}
