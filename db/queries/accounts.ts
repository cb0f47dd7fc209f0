// Accounts and their role grants within one competition (the organizer's people page and the
// chief judge's tablet-code page).
import type { DB } from "../connection";

export async function listRoleAssignments(db: DB, competitionId: string) {
  return db
    .selectFrom("roleAssignment")
    .innerJoin("appUser", "appUser.id", "roleAssignment.userId")
    .leftJoin("skill", "skill.id", "roleAssignment.skillId")
    .leftJoin("delegation", "delegation.id", "roleAssignment.delegationId")
    .select([
      "roleAssignment.id",
      "roleAssignment.role",
      "roleAssignment.grantedAt",
      "appUser.id as userId",
      "appUser.username",
      "appUser.displayName",
      "skill.id as skillId",
      "skill.nameZh as skillNameZh",
      "skill.nameEn as skillNameEn",
      "delegation.nameZh as delegationNameZh",
      "delegation.nameEn as delegationNameEn",
    ])
    .where("roleAssignment.competitionId", "=", competitionId)
    .where("roleAssignment.revokedAt", "is", null)
    .orderBy("roleAssignment.role")
    .orderBy("appUser.displayName")
    .execute();
}

/** Judges (and deputies) who may mark in a skill: skill grants plus competition-wide ones. */
export async function listJudgesOfSkill(db: DB, competitionId: string, skillId: string) {
  return db
    .selectFrom("roleAssignment")
    .innerJoin("appUser", "appUser.id", "roleAssignment.userId")
    .select(["appUser.id as userId", "appUser.username", "appUser.displayName", "roleAssignment.role"])
    .where("roleAssignment.competitionId", "=", competitionId)
    .where("roleAssignment.revokedAt", "is", null)
    .where("roleAssignment.role", "in", ["judge", "deputy_chief_judge"])
    .where((eb) => eb.or([eb("roleAssignment.skillId", "=", skillId), eb("roleAssignment.skillId", "is", null)]))
    .where("appUser.disabledAt", "is", null)
    .orderBy("appUser.displayName")
    .execute();
}

/** A user's judging roles with the skills they cover (a competition-wide grant lists every skill). */
export async function listJudgingAssignments(db: DB, userId: string) {
  return db
    .selectFrom("roleAssignment")
    .innerJoin("competition", "competition.id", "roleAssignment.competitionId")
    .innerJoin("skill", (join) =>
      join
        .onRef("skill.competitionId", "=", "roleAssignment.competitionId")
        .on((eb) => eb.or([eb("roleAssignment.skillId", "is", null), eb("roleAssignment.skillId", "=", eb.ref("skill.id"))])),
    )
    .select([
      "roleAssignment.role",
      "competition.id as competitionId",
      "competition.nameZh as competitionNameZh",
      "competition.nameEn as competitionNameEn",
      "skill.id as skillId",
      "skill.nameZh as skillNameZh",
      "skill.nameEn as skillNameEn",
      "skill.startsAt",
      "skill.endsAt",
    ])
    .where("roleAssignment.userId", "=", userId)
    .where("roleAssignment.revokedAt", "is", null)
    .where("roleAssignment.role", "in", ["judge", "chief_judge", "deputy_chief_judge"])
    .orderBy("skill.startsAt")
    .execute();
}
