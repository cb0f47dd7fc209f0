// What the check-in page reads (docs/decisions/013). Two projections of a skill's competitors:
// the desk's (organizers, supervisors) shows who each one is — names, the masked ID number, birth
// date, gender, delegation, check-in and workstation numbers — for the identity check; the chief
// judge's shows only the code judges know (workstation number, before its draw the registration
// number), so running the competition time never breaks anonymity. ID numbers are never
// decrypted: a search compares the masked number's visible tail, or a whole number through the
// blind index. Also: where every skill stands (the organizer's check-in tab).
import { sql, type ExpressionBuilder } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { DB } from "../../../db/connection";
import type { Database } from "../../../db/schema";
import { computeCheckCharacter } from "~/domain/identity/id-number";
import { competitorStates, type CheckInQuery, type CompetitorState, type StateAction } from "~/domain/registration/check-in";
import { indexIdNumber } from "../identity/protect-id-number.server";
import { competitorCode } from "../competitors/competitor-code.server";
import type { Secrets } from "../deps.server";

type Scope = { competitionId: string; skillId: string };
export type CheckInView = "identity" | "codes";

/** Escapes LIKE's wildcards so a typed % or _ matches itself. */
function likeLiteral(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function extraMinutesOf(eb: ExpressionBuilder<Database, "competitor">) {
  return eb
    .selectFrom("competitorStateEvent")
    .select(sql<number>`coalesce(sum(competitor_state_event.extra_minutes), 0)::int`.as("minutes"))
    .whereRef("competitorStateEvent.competitorId", "=", "competitor.id")
    .as("extraMinutes");
}

function membersOf(eb: ExpressionBuilder<Database, "competitor">) {
  return jsonArrayFrom(
    eb
      .selectFrom("competitorMember")
      .innerJoin("person", "person.id", "competitorMember.personId")
      .select(["person.name", "person.idNumberMasked", "person.birthDate", "person.gender"])
      .whereRef("competitorMember.competitorId", "=", "competitor.id")
      .orderBy("person.name"),
  ).as("members");
}

/** The desk's list: every competitor of the skill matching the query (all of them without one). */
export async function listCheckInIdentities(db: DB, secrets: Secrets, scope: Scope, query: CheckInQuery | null) {
  let q = db
    .selectFrom("competitor")
    .innerJoin("delegation", "delegation.id", "competitor.delegationId")
    .select([
      "competitor.id",
      "competitor.registrationNo",
      "competitor.checkInNo",
      "competitor.workstationNo",
      "competitor.state",
      "delegation.nameZh as delegationNameZh",
      "delegation.nameEn as delegationNameEn",
    ])
    .select((eb) => [membersOf(eb), extraMinutesOf(eb)])
    .where("competitor.competitionId", "=", scope.competitionId)
    .where("competitor.skillId", "=", scope.skillId);
  if (query) {
    const index =
      query.idNumber && computeCheckCharacter(query.idNumber.slice(0, 17)) === query.idNumber[17] ? indexIdNumber(secrets.piiKey, query.idNumber) : null;
    q = q.where((eb) =>
      eb.or([
        eb(eb.fn("upper", ["competitor.registrationNo"]), "=", query.code),
        eb(eb.fn("upper", ["competitor.checkInNo"]), "=", query.code),
        eb(eb.fn("upper", ["competitor.workstationNo"]), "=", query.code),
        eb.exists(
          eb
            .selectFrom("competitorMember")
            .innerJoin("person", "person.id", "competitorMember.personId")
            .select("person.id")
            .whereRef("competitorMember.competitorId", "=", "competitor.id")
            .where((m) =>
              m.or([
                m("person.name", "ilike", likeLiteral(query.text)),
                ...(query.idTail ? [m(m.fn("right", ["person.idNumberMasked", sql.lit(4)]), "=", query.idTail)] : []),
                ...(index ? [m("person.idNumberIndex", "=", index)] : []),
              ]),
            ),
        ),
      ]),
    );
  }
  return q
    .orderBy(sql`competitor.check_in_no is null`)
    .orderBy("competitor.checkInNo")
    .orderBy("competitor.registrationNo")
    .execute();
}

/** The chief judge's list: codes and states only; a query matches the code exactly. */
export async function listCheckInCodes(db: DB, scope: Scope, query: CheckInQuery | null) {
  let q = db
    .selectFrom("competitor")
    .select((eb) => ["competitor.id", "competitor.state", competitorCode(eb).as("code"), extraMinutesOf(eb)])
    .where("competitor.competitionId", "=", scope.competitionId)
    .where("competitor.skillId", "=", scope.skillId);
  if (query) q = q.where((eb) => eb(eb.fn("upper", [competitorCode(eb)]), "=", query.code));
  return q
    .orderBy(sql`competitor.workstation_no is null`)
    .orderBy("competitor.workstationNo")
    .orderBy("competitor.registrationNo")
    .execute();
}

export interface StateChangeEntry {
  id: number;
  action: StateAction;
  fromState: CompetitorState;
  toState: CompetitorState;
  reason: string | null;
  extraMinutes: number | null;
  actorName: string;
  witnessName: string | null;
  occurredAt: Date;
}

/** One competitor's history, newest first. */
export async function loadStateHistory(db: DB, scope: Scope, competitorId: string): Promise<StateChangeEntry[]> {
  return db
    .selectFrom("competitorStateEvent")
    .innerJoin("appUser as actor", "actor.id", "competitorStateEvent.actorUserId")
    .leftJoin("appUser as witness", "witness.id", "competitorStateEvent.witnessedBy")
    .select([
      "competitorStateEvent.id",
      "competitorStateEvent.action",
      "competitorStateEvent.fromState",
      "competitorStateEvent.toState",
      "competitorStateEvent.reason",
      "competitorStateEvent.extraMinutes",
      "competitorStateEvent.occurredAt",
      "actor.displayName as actorName",
      "witness.displayName as witnessName",
    ])
    .where("competitorStateEvent.competitorId", "=", competitorId)
    .where("competitorStateEvent.skillId", "=", scope.skillId)
    .orderBy("competitorStateEvent.id", "desc")
    .execute();
}

/** The supervisors who may witness a check-in in this skill (competition-wide or of the skill). */
export async function listCheckInWitnesses(db: DB, scope: Scope) {
  return db
    .selectFrom("roleAssignment")
    .innerJoin("appUser", "appUser.id", "roleAssignment.userId")
    .select(["appUser.id", "appUser.displayName", "appUser.username"])
    .distinct()
    .where("roleAssignment.role", "=", "supervisor")
    .where("roleAssignment.competitionId", "=", scope.competitionId)
    .where((w) => w.or([w("roleAssignment.skillId", "is", null), w("roleAssignment.skillId", "=", scope.skillId)]))
    .where("roleAssignment.revokedAt", "is", null)
    .where("appUser.disabledAt", "is", null)
    .orderBy("appUser.displayName")
    .execute();
}

export type StateCounts = Record<CompetitorState, number>;

/** Every skill of the competition with how many of its competitors are in each state. */
export async function loadCheckInBoard(db: DB, competitionId: string) {
  const [skills, counts] = await Promise.all([
    db
      .selectFrom("skill")
      .select(["id", "nameZh", "nameEn", "startsAt"])
      .where("competitionId", "=", competitionId)
      .orderBy("startsAt")
      .orderBy("nameZh")
      .execute(),
    db
      .selectFrom("competitor")
      .select((eb) => ["competitor.skillId", "competitor.state", eb.fn.countAll<number>().as("n")])
      .where("competitor.competitionId", "=", competitionId)
      .groupBy(["competitor.skillId", "competitor.state"])
      .execute(),
  ]);
  return skills.map((skill) => {
    const byState = Object.fromEntries(competitorStates.map((s) => [s, 0])) as StateCounts;
    for (const c of counts) if (c.skillId === skill.id) byState[c.state] = Number(c.n);
    return { id: skill.id, nameZh: skill.nameZh, nameEn: skill.nameEn, total: Object.values(byState).reduce((a, b) => a + b, 0), counts: byState };
  });
}
