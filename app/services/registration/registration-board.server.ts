// What the registration pages show: a delegation's registrations for its team leader (status,
// the reason of a rejection, workstation after the draw, the skill's days) and the organizer's
// review table across delegations. Explicit selects: persons leave here with the masked ID
// number only, never the cipher or the index.
import { sql } from "kysely";
import type { DB } from "../../../db/connection";
import type { RegistrationStatus } from "~/domain/registration/registrations";
import { loadSkillsForRegistration, readRegistrationSettings } from "./registration-scope.server";
import type { RegistrationFilters } from "~/domain/registration/review-filters";

/** Registrations with their members in position order: one row per registration. */
async function registrationRows(db: DB, where: { competitionId: string } & RegistrationFilters, page: { offset: number; limit: number }) {
  const rows = await db
    .selectFrom("registration as r")
    .innerJoin("skill as s", "s.id", "r.skillId")
    .innerJoin("delegation as d", "d.id", "r.delegationId")
    .leftJoin("competitor as c", "c.id", "r.competitorId")
    .select([
      "r.id",
      "r.status",
      "r.version",
      "r.rejectionReason",
      "r.updatedAt",
      "r.submittedAt",
      "r.skillId",
      "r.delegationId",
      "s.nameZh as skillNameZh",
      "s.nameEn as skillNameEn",
      "s.entrantGroup",
      "s.startsAt",
      "s.endsAt",
      "s.venueArea",
      "d.nameZh as delegationNameZh",
      "d.nameEn as delegationNameEn",
      "c.registrationNo",
      "c.checkInNo",
      "c.workstationNo",
      sql<string>`(select json_agg(json_build_object(
          'personId', p.id, 'name', p.name, 'gender', p.gender, 'birthDate', p.birth_date, 'idNumberMasked', p.id_number_masked,
          'employer', o.name, 'skillLevel', m.skill_level, 'occupation', m.occupation, 'phone', m.phone,
          'retirementCategory', m.retirement_category) order by m.position)::text
        from registration_member m join person p on p.id = m.person_id left join organization o on o.id = m.employer_id
        where m.registration_id = r.id)`.as("members"),
    ])
    .where("r.competitionId", "=", where.competitionId)
    .$if(where.skillId !== null, (q) => q.where("r.skillId", "=", where.skillId!))
    .$if(where.delegationId !== null, (q) => q.where("r.delegationId", "=", where.delegationId!))
    .$if(where.status !== null, (q) => q.where("r.status", "=", where.status!))
    .orderBy("s.startsAt")
    .orderBy("s.nameZh")
    .orderBy("d.nameZh")
    .orderBy("r.entryNo")
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return rows.map(({ members, ...r }) => ({
    ...r,
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    submittedAt: r.submittedAt?.toISOString() ?? null,
    members: JSON.parse(members ?? "[]") as Array<{
      personId: string;
      name: string;
      gender: "male" | "female";
      birthDate: string;
      idNumberMasked: string;
      employer: string | null;
      skillLevel: string | null;
      occupation: string | null;
      phone: string | null;
      retirementCategory: string | null;
    }>,
  }));
}

export type RegistrationRow = Awaited<ReturnType<typeof registrationRows>>[number];

/** The team leader's page: one delegation. */
export async function loadDelegationRegistrations(db: DB, competitionId: string, delegationId: string, now: Date) {
  const competition = await db
    .selectFrom("competition")
    .select(["id", "nameZh", "nameEn", "startsOn", "endsOn", "venue"])
    .where("id", "=", competitionId)
    .executeTakeFirst();
  const delegation = await db
    .selectFrom("delegation")
    .select(["id", "nameZh", "nameEn", "regionCode"])
    .where("id", "=", delegationId)
    .where("competitionId", "=", competitionId)
    .executeTakeFirst();
  if (!competition || !delegation) return null;
  const settings = await readRegistrationSettings(db, competitionId, now);
  const skills = await loadSkillsForRegistration(db, competitionId, settings.defaultQuota);
  const registrations = await registrationRows(db, { competitionId, delegationId, skillId: null, status: null }, { offset: 0, limit: 5000 });
  const direct = await db
    .selectFrom("competitor")
    .select(["skillId", sql<number>`count(*)::int`.as("n")])
    .where("delegationId", "=", delegationId)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("registration").select("registration.id").whereRef("registration.competitorId", "=", "competitor.id"))),
    )
    .groupBy("skillId")
    .execute();
  const used = new Map<string, number>(direct.map((d) => [d.skillId, d.n]));
  for (const r of registrations) if (r.status !== "rejected") used.set(r.skillId, (used.get(r.skillId) ?? 0) + 1);
  return {
    competition,
    delegation,
    settings: { ...settings, opensAt: settings.opensAt?.toISOString() ?? null, closesAt: settings.closesAt?.toISOString() ?? null },
    skills: skills.map((s) => ({ ...s, used: used.get(s.id) ?? 0 })),
    registrations,
  };
}

/**
 * The organizer's review: every delegation, filtered, one page at a time (a provincial
 * competition has thousands); counts per status over the same filters but status, and the
 * number of rows all pages hold.
 */
export async function loadRegistrationReview(db: DB, competitionId: string, filters: RegistrationFilters, now: Date, page: { offset: number; limit: number }) {
  const settings = await readRegistrationSettings(db, competitionId, now);
  const skills = await loadSkillsForRegistration(db, competitionId, settings.defaultQuota);
  const delegations = await db
    .selectFrom("delegation")
    .select(["id", "nameZh", "nameEn"])
    .where("competitionId", "=", competitionId)
    .orderBy("nameZh")
    .execute();
  const rules = await db
    .selectFrom("skillRegistrationRule")
    .select(["skillId", "quota", "requiredSkillLevel", "requireLocality", "requireOccupation", "requiredResultLevel", "requiredResultRank"])
    .where("competitionId", "=", competitionId)
    .execute();
  const counts = await db
    .selectFrom("registration")
    .select(["status", sql<number>`count(*)::int`.as("n")])
    .where("competitionId", "=", competitionId)
    .$if(filters.skillId !== null, (q) => q.where("skillId", "=", filters.skillId!))
    .$if(filters.delegationId !== null, (q) => q.where("delegationId", "=", filters.delegationId!))
    .groupBy("status")
    .execute();
  const registrations = await registrationRows(db, { competitionId, ...filters }, page);
  const byStatus = Object.fromEntries(counts.map((c) => [c.status, c.n])) as Partial<Record<RegistrationStatus, number>>;
  const total = filters.status ? (byStatus[filters.status] ?? 0) : counts.reduce((n, c) => n + c.n, 0);
  return {
    total,
    settings: { ...settings, opensAt: settings.opensAt?.toISOString() ?? null, closesAt: settings.closesAt?.toISOString() ?? null },
    skills,
    rules,
    delegations,
    counts: byStatus,
    registrations,
  };
}

/** Delegations the user leads (team leader grants), with their competitions, for /registration. */
export async function loadLedDelegations(db: DB, userId: string) {
  return db
    .selectFrom("roleAssignment as g")
    .innerJoin("delegation as d", "d.id", "g.delegationId")
    .innerJoin("competition as c", "c.id", "g.competitionId")
    .select([
      "c.id as competitionId",
      "c.nameZh as competitionNameZh",
      "c.nameEn as competitionNameEn",
      "c.startsOn",
      "d.id as delegationId",
      "d.nameZh as delegationNameZh",
      "d.nameEn as delegationNameEn",
    ])
    .where("g.userId", "=", userId)
    .where("g.role", "=", "team_leader")
    .where("g.revokedAt", "is", null)
    .orderBy("c.startsOn", "desc")
    .execute();
}
