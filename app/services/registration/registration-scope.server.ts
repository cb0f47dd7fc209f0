// What every registration use case asks first: who is acting for the delegation, whether the
// window is open, the settings and skills it checks against, and the registration it changes.
import type { Transaction } from "kysely";
import { sql } from "kysely";
import type { Database } from "../../../db/schema";
import type { Principal } from "~/domain/access/roles";
import { canLeadDelegation, canManageCompetition } from "~/domain/access/policy";
import { DomainError } from "~/domain/errors";
import { allowedActions, windowState, type RegistrationAction, type RegistrationStatus, type SkillForRegistration } from "~/domain/registration/registrations";
import { instantToShanghaiLocal, shanghaiDateOf } from "~/domain/time";
import type { ServiceDeps } from "../deps.server";

export type Trx = Transaction<Database>;

export interface DelegationScope {
  competitionId: string;
  delegationId: string;
}

/** Who is acting: the organizer (any delegation, any time) or the delegation's team leader (inside the window). */
export function actingAs(principal: Principal, scope: DelegationScope): "organizer" | "team_leader" {
  if (canManageCompetition(principal, scope.competitionId)) return "organizer";
  if (canLeadDelegation(principal, scope)) return "team_leader";
  throw new DomainError("FORBIDDEN");
}

export interface RegistrationSettingsView {
  opensAt: Date | null;
  closesAt: Date | null;
  defaultQuota: number;
  cutOffDate: string;
  requiredDocuments: Array<{ code: string; nameZh: string; nameEn: string }>;
  window: "not_opened" | "open" | "closed";
}

export async function readRegistrationSettings(db: ServiceDeps["db"] | Trx, competitionId: string, now: Date): Promise<RegistrationSettingsView> {
  const competition = await db.selectFrom("competition").select(["startsOn"]).where("id", "=", competitionId).executeTakeFirst();
  if (!competition) throw new DomainError("NOT_FOUND");
  const row = await db
    .selectFrom("registrationSettings")
    .select(["opensAt", "closesAt", "defaultQuota", "cutOffDate", sql<string>`required_documents::text`.as("requiredDocuments")])
    .where("competitionId", "=", competitionId)
    .executeTakeFirst();
  const settings = {
    opensAt: row?.opensAt ?? null,
    closesAt: row?.closesAt ?? null,
    defaultQuota: row?.defaultQuota ?? 2,
    cutOffDate: row?.cutOffDate ?? competition.startsOn,
    requiredDocuments: row ? (JSON.parse(row.requiredDocuments) as RegistrationSettingsView["requiredDocuments"]) : [],
  };
  return { ...settings, window: windowState(settings, now) };
}

/** The skills of a competition with their registration rules, for checks and forms. */
export async function loadSkillsForRegistration(db: ServiceDeps["db"] | Trx, competitionId: string, defaultQuota: number): Promise<SkillForRegistration[]> {
  const rows = await db
    .selectFrom("skill")
    .leftJoin("skillRegistrationRule as rule", "rule.skillId", "skill.id")
    .select([
      "skill.id",
      "skill.nameZh",
      "skill.nameEn",
      "skill.entrantGroup",
      "skill.teamSize",
      "skill.ageRule",
      "skill.occupationCode",
      "skill.track",
      "skill.startsAt",
      "skill.endsAt",
      "rule.quota",
      "rule.requiredSkillLevel",
      "rule.requireLocality",
      "rule.requireOccupation",
      "rule.requiredResultLevel",
      "rule.requiredResultRank",
    ])
    .where("skill.competitionId", "=", competitionId)
    .where("skill.rehearsalOf", "is", null) // a rehearsal copy takes no registrations
    .orderBy("skill.startsAt")
    .orderBy("skill.nameZh")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    nameZh: r.nameZh,
    nameEn: r.nameEn,
    entrantGroup: r.entrantGroup,
    teamSize: r.teamSize,
    ageRule: r.ageRule,
    occupationCode: r.occupationCode,
    startsOn: shanghaiDateOf(r.startsAt),
    endsOn: shanghaiDateOf(new Date(r.endsAt.getTime() - 1)),
    quota: r.quota ?? defaultQuota,
    requiredSkillLevel: r.requiredSkillLevel ?? null,
    requireLocality: r.requireLocality ?? true,
    // National selected skills are only for people working in the occupation (RULES.md).
    requireOccupation: r.requireOccupation ?? false,
    requiredResult: r.requiredResultLevel && r.requiredResultRank ? { level: r.requiredResultLevel, rank: r.requiredResultRank } : null,
  }));
}

export function requireOpenWindow(as: "organizer" | "team_leader", settings: RegistrationSettingsView): void {
  if (as === "organizer") return;
  if (settings.window === "not_opened") throw new DomainError("REGISTRATION_NOT_OPENED");
  if (settings.window === "closed") throw new DomainError("REGISTRATION_CLOSED", { closesAt: instantToShanghaiLocal(settings.closesAt!).replace("T", " ") });
}

export function requireDocuments(settings: RegistrationSettingsView, documents: readonly string[]): void {
  const missing = settings.requiredDocuments.filter((d) => !documents.includes(d.code));
  if (missing.length > 0) throw new DomainError("DOCUMENTS_MISSING", { documents: missing.map((d) => d.nameZh).join("、") }, "documents");
}

export async function lockRegistration(trx: Trx, competitionId: string, registrationId: string) {
  const row = await trx
    .selectFrom("registration")
    .select(["id", "competitionId", "skillId", "delegationId", "status", "version", "competitorId", sql<string>`documents::text`.as("documents")])
    .where("id", "=", registrationId)
    .where("competitionId", "=", competitionId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new DomainError("NOT_FOUND");
  return { ...row, documents: JSON.parse(row.documents) as string[] };
}

export function requireAction(status: RegistrationStatus, as: "organizer" | "team_leader", action: RegistrationAction): void {
  if (!allowedActions(status, as).includes(action)) throw new DomainError("REGISTRATION_STATE", { status, action });
}

export async function membersOf(trx: Trx, registrationId: string) {
  return trx
    .selectFrom("registrationMember as m")
    .innerJoin("person as p", "p.id", "m.personId")
    .select(["m.personId", "p.name", "p.idNumberMasked", "m.skillLevel", "m.occupation", "m.retirementCategory", "m.employerId", "m.phone"])
    .where("m.registrationId", "=", registrationId)
    .orderBy("m.position")
    .execute();
}
