// Test fixtures for the advancement, pathway and squad database tests: competitions and skills
// through the real services (db/testing.ts), competitors and publications written as the
// publication service writes them (a publication, its rows, the earlier version made not current).
import type { Principal } from "~/domain/access/roles";
import type { CompetitionLevel } from "~/domain/competition/ladder";
import { composeIdNumber } from "~/domain/identity/id-number";
import type { DatabaseHandle } from "../connection";
import type { PublishedAward } from "../schema";
import { createCompetitionWithSkill, createDelegation } from "../testing";
import type { ServiceDeps } from "~/services/deps.server";
import { protectIdNumber } from "~/services/identity/protect-id-number.server";

type Db = DatabaseHandle["db"];

export async function makeCompetition(
  deps: ServiceDeps,
  admin: Principal,
  input: { nameZh: string; level: CompetitionLevel; day: string; skill?: Record<string, string> },
) {
  const { competitionId, skillId } = await createCompetitionWithSkill(deps, admin, {
    competition: { nameZh: input.nameZh, level: input.level, startsOn: input.day, endsOn: input.day },
    skill: { startsAt: `${input.day}T08:30`, endsAt: `${input.day}T17:30`, ...input.skill },
  });
  return { competitionId, skillId, delegationId: await createDelegation(deps, admin, competitionId) };
}

let sequence = 500;

/** A person of Chengdu with a known ID number (to register again by it). */
export async function makePerson(db: Db, piiKey: Buffer, name: string) {
  const idNumber = composeIdNumber("510104", "2005-05-06", (sequence += 2) + 1, "male");
  const person = await db
    .insertInto("person")
    .values({ name, gender: "male", birthDate: "2005-05-06", ...protectIdNumber(piiKey, idNumber), employerId: null, regionCode: "510104", phone: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { personId: person.id, idNumber };
}

export async function makeCompetitor(
  db: Db,
  scope: { competitionId: string; skillId: string; delegationId: string },
  personIds: string[],
  registrationNo: string,
) {
  const competitor = await db
    .insertInto("competitor")
    .values({ ...scope, registrationNo })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("competitorMember")
    .values(personIds.map((personId) => ({ competitorId: competitor.id, personId })))
    .execute();
  return competitor.id;
}

export interface FixtureRow {
  competitorId: string;
  delegationId: string;
  rank: number;
  total?: string;
  points?: number | null;
  award?: PublishedAward | null;
}

/** Publishes version `version` of a skill (the earlier current one stops being current). */
export async function insertPublication(db: Db, input: { competitionId: string; skillId: string; publishedBy: string; at: Date; rows: FixtureRow[] }) {
  const previous = await db
    .selectFrom("publication")
    .select(["id", "version"])
    .where("skillId", "=", input.skillId)
    .where("isCurrent", "=", true)
    .executeTakeFirst();
  if (previous) await db.updateTable("publication").set({ isCurrent: false }).where("id", "=", previous.id).execute();
  const publication = await db
    .insertInto("publication")
    .values({
      competitionId: input.competitionId,
      skillId: input.skillId,
      version: (previous?.version ?? 0) + 1,
      signOffId: null,
      publishedBy: input.publishedBy,
      publishedAt: input.at,
      noticeEndsOn: "2026-12-31",
      noticeEndsAt: new Date("2026-12-31T15:59:59Z"),
      selectionOnly: false,
      reason: previous ? "appeal upheld" : null,
      appealId: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("publishedResult")
    .values(
      input.rows.map((r, i) => ({
        publicationId: publication.id,
        competitorId: r.competitorId,
        competitionId: input.competitionId,
        skillId: input.skillId,
        delegationId: r.delegationId,
        code: `W${String(i + 1).padStart(2, "0")}`,
        rank: r.rank,
        total: r.total ?? String(100 - r.rank * 5),
        moduleMarks: JSON.stringify({}),
        points: r.points ?? null,
        award: r.award ?? null,
      })),
    )
    .execute();
  return publication.id;
}
