// Helpers of the demo scenario test (db/scenarios/demo.db.test.ts) and its groups of checks: the
// loaded demo as the tests see it, and queries that summarise what the demo wrote.
import { loadSkillStandings, loadCompetitionStandings } from "~/services/results/load-skill-standings.server";
import type { ServiceDeps } from "~/services/deps.server";
import type { DB } from "../../connection";
import type { TestDatabase } from "../../testing";
import type { DemoSummary } from "../demo";
import { toFixed } from "~/domain/results/exact";
import type { Principal } from "~/domain/access/roles";
import type { CompetitionLevel } from "~/domain/competition/ladder";

export const piiKey = Buffer.alloc(32, 7);

/** The loaded demo, filled in by the test file's beforeAll (read inside each test). */
export interface DemoRun {
  t: TestDatabase;
  summary: DemoSummary;
  emptyBefore: boolean;
  loadMs: number;
}

export function depsFor(db: DB): ServiceDeps {
  return { db, now: () => new Date("2026-11-22T02:00:00Z"), events: { publish() {} }, secrets: { sessionSecret: "test", piiKey } };
}

/** What must come out the same on every run: names, registrations and draws (ids and IVs are random). */
export async function fingerprint(db: DB) {
  const names = (await db.selectFrom("person").select("name").orderBy("name").execute()).map((r) => r.name);
  const entries = await db
    .selectFrom("competitor")
    .innerJoin("competitorMember", "competitorMember.competitorId", "competitor.id")
    .innerJoin("person", "person.id", "competitorMember.personId")
    .innerJoin("skill", "skill.id", "competitor.skillId")
    .innerJoin("delegation", "delegation.id", "competitor.delegationId")
    .select([
      "competitor.registrationNo",
      "competitor.checkInNo",
      "competitor.workstationNo",
      "person.name",
      "person.idNumberIndex",
      "skill.nameZh as skill",
      "delegation.nameZh as delegation",
    ])
    .orderBy("competitor.registrationNo")
    .orderBy("person.name")
    .execute();
  return { names, entries, history: await historyStandings(db) };
}

/** Every history skill's ranking: registration numbers by rank, with totals. */
export async function historyStandings(db: DB): Promise<string[]> {
  const competitions = await db
    .selectFrom("competition")
    .select(["id", "nameZh"])
    .where("status", "in", ["finished", "archived"])
    .orderBy("startsOn")
    .execute();
  const lines: string[] = [];
  for (const c of competitions) {
    const registrationNos = new Map(
      (await db.selectFrom("competitor").select(["id", "registrationNo"]).where("competitionId", "=", c.id).execute()).map((r) => [r.id, r.registrationNo]),
    );
    for (const { standings } of await loadCompetitionStandings(db, c.id)) {
      for (const x of standings.competitors)
        lines.push(`${c.nameZh} ${x.rank} ${registrationNos.get(x.competitorId)} ${x.code} ${toFixed(x.total)} ${x.award ?? ""}`);
    }
  }
  return lines.sort();
}

/** The persons of a skill's competitors, best first (individual skills). */
export async function personsByRank(db: DB, competitionId: string, skillId: string): Promise<string[]> {
  const standings = await loadSkillStandings(db, { competitionId, skillId });
  const members = new Map(
    (
      await db
        .selectFrom("competitorMember")
        .innerJoin("competitor", "competitor.id", "competitorMember.competitorId")
        .select(["competitor.id", "competitorMember.personId"])
        .where("competitor.skillId", "=", skillId)
        .execute()
    ).map((m) => [m.id, m.personId]),
  );
  return [...standings.competitors].sort((a, b) => a.rank - b.rank).map((c) => members.get(c.competitorId)!);
}

/** A history competition's skills: id, name, WorldSkills number, occupation. */
export async function skillsOf(db: DB, competitionId: string) {
  return db
    .selectFrom("skill")
    .select(["id", "nameZh", "wsNumber", "occupationCode", "track", "endsAt"])
    .where("competitionId", "=", competitionId)
    .orderBy("startsAt")
    .orderBy("nameZh")
    .execute();
}

/** The persons of a delegation (by region code) in a skill. */
export async function delegationPersons(db: DB, skillId: string, regionCode: string): Promise<string[]> {
  const rows = await db
    .selectFrom("competitorMember")
    .innerJoin("competitor", "competitor.id", "competitorMember.competitorId")
    .innerJoin("delegation", "delegation.id", "competitor.delegationId")
    .select("competitorMember.personId")
    .where("competitor.skillId", "=", skillId)
    .where("delegation.regionCode", "=", regionCode)
    .execute();
  return rows.map((r) => r.personId);
}

/** Every competition a person competed in, in time order, with the rank where the skill is marked. */
export async function pathwayOf(db: DB, personId: string) {
  const rows = await db
    .selectFrom("competitorMember")
    .innerJoin("competitor", "competitor.id", "competitorMember.competitorId")
    .innerJoin("skill", "skill.id", "competitor.skillId")
    .innerJoin("competition", "competition.id", "competitor.competitionId")
    .select([
      "competition.id as competitionId",
      "competition.level",
      "competition.nameZh",
      "skill.id as skillId",
      "skill.nameZh as skill",
      "skill.startsAt",
      "competitor.id as competitorId",
    ])
    .where("competitorMember.personId", "=", personId)
    .orderBy("skill.startsAt")
    .execute();
  const steps = [];
  for (const r of rows) {
    const scheme = await db.selectFrom("markingScheme").select("id").where("skillId", "=", r.skillId).executeTakeFirst();
    const standings = scheme ? await loadSkillStandings(db, { competitionId: r.competitionId, skillId: r.skillId }) : null;
    const rank = standings?.complete ? (standings.competitors.find((c) => c.competitorId === r.competitorId)?.rank ?? null) : null;
    steps.push({ level: r.level as CompetitionLevel, competition: r.nameZh, skill: r.skill, startsAt: r.startsAt, rank });
  }
  return steps;
}

/** The principal of a demo account, from its role assignments. */
export async function principalOf(db: DB, username: string): Promise<Principal> {
  const grants = await db
    .selectFrom("roleAssignment")
    .innerJoin("appUser", "appUser.id", "roleAssignment.userId")
    .select(["appUser.id as userId", "roleAssignment.role", "roleAssignment.competitionId", "roleAssignment.skillId", "roleAssignment.delegationId"])
    .where("appUser.username", "=", username)
    .where("roleAssignment.revokedAt", "is", null)
    .execute();
  return { userId: grants[0]!.userId, isPlatformAdmin: false, grants };
}
