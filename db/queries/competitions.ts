// Read models of competitions for pages and the API. Explicit columns only: nothing here may
// carry a person's name or ID number (competitor counts, never competitors).
import { sql } from "kysely";
import type { DB } from "../connection";

const competitionColumns = ["competition.id", "nameZh", "nameEn", "level", "year", "startsOn", "endsOn", "venue", "organizerName", "status"] as const;

/** Competitions anyone may see (not drafts), newest first, with skill and delegation counts. */
export async function listPublicCompetitions(db: DB) {
  return db
    .selectFrom("competition")
    .select(competitionColumns)
    .select((eb) => [
      eb
        .selectFrom("skill")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("skill.competitionId", "=", "competition.id")
        .as("skillCount"),
      eb
        .selectFrom("delegation")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("delegation.competitionId", "=", "competition.id")
        .as("delegationCount"),
    ])
    .where("status", "!=", "draft")
    .orderBy("startsOn", "desc")
    .execute();
}

/** Competitions the given ids name (an organizer's own), drafts included. */
export async function listCompetitionsByIds(db: DB, ids: readonly string[] | "all") {
  if (ids !== "all" && ids.length === 0) return [];
  return db
    .selectFrom("competition")
    .select(competitionColumns)
    .$if(ids !== "all", (q) => q.where("competition.id", "in", ids as string[]))
    .orderBy("startsOn", "desc")
    .execute();
}

export async function getCompetition(db: DB, id: string) {
  return db.selectFrom("competition").select(competitionColumns).select("ruleSettings").where("competition.id", "=", id).executeTakeFirst();
}

export async function listSkills(db: DB, competitionId: string) {
  return db
    .selectFrom("skill")
    .select(["skill.id", "nameZh", "nameEn", "track", "occupationCode", "wsNumber", "teamSize", "entrantGroup", "ageRule", "startsAt", "endsAt", "venueArea"])
    .select((eb) =>
      eb
        .selectFrom("competitor")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("competitor.skillId", "=", "skill.id")
        .as("competitorCount"),
    )
    .where("competitionId", "=", competitionId)
    .orderBy("startsAt")
    .orderBy("nameZh")
    .execute();
}

export async function getSkill(db: DB, competitionId: string, skillId: string) {
  return db
    .selectFrom("skill")
    .select(["id", "nameZh", "nameEn", "track", "occupationCode", "wsNumber", "teamSize", "entrantGroup", "ageRule", "startsAt", "endsAt", "venueArea"])
    .where("competitionId", "=", competitionId)
    .where("id", "=", skillId)
    .executeTakeFirst();
}

/** Delegations with their competitor counts and team leaders' display names. */
export async function listDelegations(db: DB, competitionId: string) {
  return db
    .selectFrom("delegation")
    .select(["delegation.id", "nameZh", "nameEn", "kind", "regionCode"])
    .select((eb) => [
      eb
        .selectFrom("competitor")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("competitor.delegationId", "=", "delegation.id")
        .as("competitorCount"),
      eb
        .selectFrom("roleAssignment")
        .innerJoin("appUser", "appUser.id", "roleAssignment.userId")
        .select(sql<string[]>`coalesce(array_agg(app_user.display_name order by app_user.display_name), '{}')`.as("names"))
        .whereRef("roleAssignment.delegationId", "=", "delegation.id")
        .where("roleAssignment.role", "=", "team_leader")
        .where("roleAssignment.revokedAt", "is", null)
        .as("teamLeaders"),
    ])
    .where("competitionId", "=", competitionId)
    .orderBy("regionCode")
    .orderBy("nameZh")
    .execute();
}

export async function getDelegation(db: DB, competitionId: string, delegationId: string) {
  return db
    .selectFrom("delegation")
    .select(["id", "nameZh", "nameEn", "kind", "regionCode"])
    .where("competitionId", "=", competitionId)
    .where("id", "=", delegationId)
    .executeTakeFirst();
}
