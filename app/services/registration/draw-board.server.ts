// What the organizer's draw page and its two printouts read (docs/decisions/012): where each
// skill's draw stands, the draws of one skill with their seeds and witnesses, the supervisors who
// may witness, the sealed mapping (registration no. → check-in no. → workstation no., with
// names: organizers only) and the code-only list of workstation numbers for judges and the venue.
import { sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { DB } from "../../../db/connection";
import { compareCodePoints, type DrawKind } from "~/domain/registration/draw";

export type DrawState = "none" | "check_in" | "workstation";

interface DrawRow {
  id: string;
  skillId: string;
  kind: DrawKind;
  basedOnId: string | null;
  supersedesId: string | null;
}

/** The draws in force: the check-in draw no redo replaced, and the workstation draw built on it. */
function drawsInForce<T extends DrawRow>(draws: readonly T[], skillId: string): { checkIn: T | null; workstation: T | null } {
  const superseded = new Set(draws.map((d) => d.supersedesId).filter((id): id is string => id !== null));
  const current = draws.filter((d) => d.skillId === skillId && !superseded.has(d.id));
  const checkIn = current.find((d) => d.kind === "check_in") ?? null;
  const workstation = current.find((d) => d.kind === "workstation" && checkIn !== null && d.basedOnId === checkIn.id) ?? null;
  return { checkIn, workstation };
}

function drawsQuery(db: DB) {
  return db
    .selectFrom("draw")
    .innerJoin("appUser as conductor", "conductor.id", "draw.conductedBy")
    .innerJoin("appUser as witness", "witness.id", "draw.witnessedBy")
    .select([
      "draw.id",
      "draw.skillId",
      "draw.kind",
      "draw.algorithm",
      "draw.seed",
      "draw.seedSource",
      "draw.basedOnId",
      "draw.supersedesId",
      "draw.reason",
      "draw.conductedAt",
      "conductor.displayName as conductorName",
      "witness.displayName as witnessName",
      sql<number>`jsonb_array_length(draw.entrants)`.as("entrantCount"),
    ])
    .orderBy("draw.conductedAt")
    .orderBy("draw.id");
}

/** Every skill of the competition with the state of its draw; the chosen skill's draws and possible witnesses. */
export async function loadDrawBoard(db: DB, competitionId: string, skillId: string | null) {
  const [skills, draws, supervisors] = await Promise.all([
    db
      .selectFrom("skill")
      .select(["skill.id", "skill.nameZh", "skill.nameEn"])
      .select((eb) => [
        eb.selectFrom("competitor").select(eb.fn.countAll().as("n")).whereRef("competitor.skillId", "=", "skill.id").as("competitorCount"),
        eb
          .selectFrom("competitor")
          .select(eb.fn.countAll().as("n"))
          .whereRef("competitor.skillId", "=", "skill.id")
          .where("competitor.checkInNo", "is", null)
          .as("withoutCheckIn"),
        eb.exists(eb.selectFrom("mark").select("mark.id").whereRef("mark.skillId", "=", "skill.id")).as("marked"),
      ])
      .where("skill.competitionId", "=", competitionId)
      .orderBy("skill.startsAt")
      .orderBy("skill.nameZh")
      .execute(),
    drawsQuery(db).where("draw.competitionId", "=", competitionId).execute(),
    db
      .selectFrom("roleAssignment")
      .innerJoin("appUser", "appUser.id", "roleAssignment.userId")
      .select(["appUser.id", "appUser.displayName", "appUser.username", "roleAssignment.skillId"])
      .where("roleAssignment.competitionId", "=", competitionId)
      .where("roleAssignment.role", "=", "supervisor")
      .where("roleAssignment.revokedAt", "is", null)
      .where("appUser.disabledAt", "is", null)
      .orderBy("appUser.username")
      .execute(),
  ]);
  const board = skills.map((s) => {
    const inForce = drawsInForce(draws, s.id);
    const state: DrawState = inForce.workstation ? "workstation" : inForce.checkIn ? "check_in" : "none";
    return {
      id: s.id,
      nameZh: s.nameZh,
      nameEn: s.nameEn,
      competitorCount: Number(s.competitorCount ?? 0),
      withoutCheckIn: Number(s.withoutCheckIn ?? 0),
      marked: Boolean(s.marked),
      state,
    };
  });
  const chosen = board.find((s) => s.id === skillId) ?? board[0] ?? null;
  if (!chosen) return { skills: board, chosen: null, draws: [], witnesses: [] };
  const inForce = drawsInForce(draws, chosen.id);
  const witnesses = new Map(
    supervisors.filter((s) => s.skillId === null || s.skillId === chosen.id).map((s) => [s.id, { id: s.id, displayName: s.displayName, username: s.username }]),
  );
  return {
    skills: board,
    chosen,
    draws: draws
      .filter((d) => d.skillId === chosen.id)
      .map((d) => ({
        id: d.id,
        kind: d.kind,
        seed: d.seed,
        seedSource: d.seedSource,
        reason: d.reason,
        conductedAt: d.conductedAt,
        conductorName: d.conductorName,
        witnessName: d.witnessName,
        entrantCount: Number(d.entrantCount),
        inForce: d.id === inForce.checkIn?.id || d.id === inForce.workstation?.id,
      }))
      .reverse(),
    witnesses: [...witnesses.values()],
  };
}

async function sheetHeading(db: DB, scope: { competitionId: string; skillId: string }) {
  return db
    .selectFrom("skill")
    .innerJoin("competition", "competition.id", "skill.competitionId")
    .select(["skill.nameZh", "skill.nameEn", "competition.nameZh as competitionNameZh", "competition.nameEn as competitionNameEn"])
    .where("skill.id", "=", scope.skillId)
    .where("skill.competitionId", "=", scope.competitionId)
    .executeTakeFirst();
}

/**
 * The sealed mapping of one skill: every competitor's registration, check-in and workstation
 * numbers with names and delegation, and the draws in force behind them. Organizers only: this
 * is what decryption opens, layer by layer, after the marks are locked.
 */
export async function loadSealedMapping(db: DB, scope: { competitionId: string; skillId: string }) {
  const heading = await sheetHeading(db, scope);
  if (!heading) return null;
  const [competitors, draws] = await Promise.all([
    db
      .selectFrom("competitor")
      .innerJoin("delegation", "delegation.id", "competitor.delegationId")
      .select([
        "competitor.id",
        "competitor.registrationNo",
        "competitor.checkInNo",
        "competitor.workstationNo",
        "delegation.nameZh as delegationNameZh",
        "delegation.nameEn as delegationNameEn",
      ])
      .select((eb) =>
        jsonArrayFrom(
          eb
            .selectFrom("competitorMember")
            .innerJoin("person", "person.id", "competitorMember.personId")
            .select("person.name")
            .whereRef("competitorMember.competitorId", "=", "competitor.id")
            .orderBy("person.name"),
        ).as("members"),
      )
      .where("competitor.skillId", "=", scope.skillId)
      .execute(),
    drawsQuery(db).where("draw.skillId", "=", scope.skillId).execute(),
  ]);
  const inForce = drawsInForce(draws, scope.skillId);
  const describe = (d: (typeof draws)[number] | null) =>
    d ? { id: d.id, algorithm: d.algorithm, seed: d.seed, conductedAt: d.conductedAt, conductorName: d.conductorName, witnessName: d.witnessName } : null;
  return {
    ...heading,
    checkInDraw: describe(inForce.checkIn),
    workstationDraw: describe(inForce.workstation),
    rows: competitors
      .map((c) => ({
        registrationNo: c.registrationNo,
        checkInNo: c.checkInNo,
        workstationNo: c.workstationNo,
        names: c.members.map((m) => m.name),
        delegationNameZh: c.delegationNameZh,
        delegationNameEn: c.delegationNameEn,
      }))
      .sort((a, b) => compareCodePoints(a.registrationNo, b.registrationNo)),
  };
}

/** The workstation numbers of one skill, in order — nothing else (for judges and the venue). */
export async function loadWorkstationList(db: DB, scope: { competitionId: string; skillId: string }) {
  const heading = await sheetHeading(db, scope);
  if (!heading) return null;
  const rows = await db.selectFrom("competitor").select("workstationNo").where("skillId", "=", scope.skillId).where("workstationNo", "is not", null).execute();
  return { ...heading, workstationNumbers: rows.map((r) => r.workstationNo!).sort(compareCodePoints) };
}
