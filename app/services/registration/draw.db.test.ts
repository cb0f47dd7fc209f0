import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createCompetitionWithSkill,
  createDelegation,
  createPlatformAdmin,
  createSkill,
  createTestDatabase,
  exampleSchemeDraft,
  refusalCode,
  testServiceDeps,
  type TestDatabase,
} from "../../../db/testing";
import type { Principal } from "~/domain/access/roles";
import { composeIdNumber } from "~/domain/identity/id-number";
import { conductDraw, formatDrawNumbers } from "~/domain/registration/draw";
import { verifyStoredAuditChain } from "../audit/verify-audit-chain.server";
import { grantRole } from "../accounts/grant-role.server";
import { revokeRole } from "../accounts/revoke-role.server";
import { competitorIdOf } from "../competitors/competitor-code.server";
import { RegisterCompetitorsSchema, registerCompetitors } from "../competitors/register-competitors.server";
import { saveMarkingScheme } from "../marking-schemes/save-marking-scheme.server";
import { recordMark } from "../marks/record-mark.server";
import { importOfficialPoints } from "../results/import-official-points.server";
import { loadSkillResults } from "../results/load-skill-results.server";
import { loadSkillStandings } from "../results/load-skill-standings.server";
import { RunDrawSchema, runDraw, verifyAllDraws, verifyDraw } from "./draw.server";

let t: TestDatabase;
let env: ReturnType<typeof testServiceDeps>;
let admin: Principal;
let organizer: Principal;
let competitionId: string;
let skillId: string;
let otherSkillId: string;
let delegationId: string;
const users: Record<"organizer" | "supervisor" | "skillSupervisor" | "otherSkillSupervisor" | "judge" | "revoked" | "organizerSupervisor", string> = {
  organizer: "",
  supervisor: "",
  skillSupervisor: "",
  otherSkillSupervisor: "",
  judge: "",
  revoked: "",
  organizerSupervisor: "",
};

const scope = () => ({ competitionId, skillId });
const draw = (input: Record<string, unknown>, principal = organizer, where = scope()) => runDraw(env.deps, principal, where, RunDrawSchema.parse(input));

async function register(skill: string, codes: readonly string[], firstSequence: number) {
  const competitors = codes.map((code, i) => {
    const birthDate = `2004-0${1 + (i % 9)}-1${i % 10}`;
    return {
      code,
      delegationId,
      members: [{ name: `选手${code}`, idNumber: composeIdNumber("510104", birthDate, firstSequence + i * 2, "male"), gender: "male", birthDate }],
    };
  });
  const result = await registerCompetitors(env.deps, admin, { competitionId, skillId: skill }, RegisterCompetitorsSchema.parse({ competitors }));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
}

const numbersOf = async (skill: string) =>
  t.db.selectFrom("competitor").select(["id", "registrationNo", "checkInNo", "workstationNo"]).where("skillId", "=", skill).orderBy("registrationNo").execute();

beforeAll(async () => {
  t = await createTestDatabase();
  env = testServiceDeps(t);
  admin = await createPlatformAdmin(t.db);
  ({ competitionId, skillId } = await createCompetitionWithSkill(env.deps, admin, {
    competition: { minimumEntrants: "3", checkInNoPrefix: "J", drawNumberDigits: "2" },
  }));
  otherSkillId = await createSkill(env.deps, admin, competitionId, { nameZh: "数控铣", wsNumber: "07" });
  delegationId = await createDelegation(env.deps, admin, competitionId);
  const grant = async (username: string, role: "organizer" | "supervisor" | "judge", skill: string | null = null) =>
    (await grantRole(env.deps, admin, competitionId, { username, displayName: username, password: null, role, skillId: skill, delegationId: null })).userId;
  users.organizer = await grant("organizer", "organizer");
  users.supervisor = await grant("supervisor", "supervisor");
  users.skillSupervisor = await grant("supervisor.weld", "supervisor", skillId);
  users.otherSkillSupervisor = await grant("supervisor.mill", "supervisor", otherSkillId);
  users.judge = await grant("judge.weld", "judge", skillId);
  users.revoked = await grant("supervisor.former", "supervisor");
  const revoked = await t.db.selectFrom("roleAssignment").select("id").where("userId", "=", users.revoked).executeTakeFirstOrThrow();
  await revokeRole(env.deps, admin, competitionId, revoked.id);
  users.organizerSupervisor = await grant("organizer.supervisor", "organizer");
  await grant("organizer.supervisor", "supervisor");
  organizer = { userId: users.organizer, isPlatformAdmin: false, grants: [{ role: "organizer", competitionId, skillId: null, delegationId: null }] };
  await saveMarkingScheme(env.deps, admin, {
    ...scope(),
    draft: exampleSchemeDraft(),
  });
  await register(skillId, ["W-003", "W-001", "W-010", "W-002", "W-005", "W-004"], 100);
  await register(otherSkillId, ["M-001", "M-002"], 300);
});
afterAll(async () => t.drop());

describe("the witness", () => {
  it("is refused unless a supervisor of the competition or of this skill, not revoked", async () => {
    expect(await refusalCode(draw({ kind: "check_in", witnessUserId: users.judge }))).toBe("DRAW_WITNESS_NOT_SUPERVISOR");
    expect(await refusalCode(draw({ kind: "check_in", witnessUserId: users.revoked }))).toBe("DRAW_WITNESS_NOT_SUPERVISOR");
    expect(await refusalCode(draw({ kind: "check_in", witnessUserId: users.otherSkillSupervisor }))).toBe("DRAW_WITNESS_NOT_SUPERVISOR");
    expect(await refusalCode(draw({ kind: "check_in", witnessUserId: randomUUID() }))).toBe("DRAW_WITNESS_NOT_SUPERVISOR");
    expect(await t.db.selectFrom("draw").select("id").execute()).toEqual([]);
  });

  it("is another person than the one who runs the draw, even an organizer who also supervises", async () => {
    const both: Principal = {
      userId: users.organizerSupervisor,
      isPlatformAdmin: false,
      grants: [
        { role: "organizer", competitionId, skillId: null, delegationId: null },
        { role: "supervisor", competitionId, skillId: null, delegationId: null },
      ],
    };
    expect(await refusalCode(draw({ kind: "check_in", witnessUserId: users.organizerSupervisor }, both))).toBe("DRAW_WITNESS_SELF");
  });

  it("does not run the draw: only an organizer does", async () => {
    const supervisor: Principal = {
      userId: users.supervisor,
      isPlatformAdmin: false,
      grants: [{ role: "supervisor", competitionId, skillId: null, delegationId: null }],
    };
    expect(await refusalCode(draw({ kind: "check_in", witnessUserId: users.skillSupervisor }, supervisor))).toBe("FORBIDDEN");
  });
});

describe("the check-in draw", () => {
  it("comes before the workstation draw", async () => {
    expect(await refusalCode(draw({ kind: "workstation", witnessUserId: users.supervisor }))).toBe("DRAW_CHECK_IN_FIRST");
  });

  it("numbers every competitor of the skill from the seed, witnessed, recorded and audited", async () => {
    env.published.length = 0;
    const done = await draw({ kind: "check_in", witnessUserId: users.supervisor });
    expect(done).toMatchObject({ kind: "check_in", seedSource: "generated", entrants: 6, supersedesId: null });
    expect(done.seed).toMatch(/^[0-9a-f]{64}$/);
    const stored = await t.db.selectFrom("draw").selectAll().where("id", "=", done.drawId).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      skillId,
      kind: "check_in",
      algorithm: "gj-draw-v1",
      conductedBy: users.organizer,
      witnessedBy: users.supervisor,
      supersedesId: null,
      reason: null,
      basedOnId: null,
    });
    // Entrants in canonical order (registration numbers by code point), whatever order they came in.
    expect((stored.entrants as Array<{ key: string }>).map((e) => e.key)).toEqual(["W-001", "W-002", "W-003", "W-004", "W-005", "W-010"]);
    const numbers = formatDrawNumbers(6, { prefix: "J", digits: 2 });
    expect(stored.numbers).toEqual(numbers);
    const expected = conductDraw({ seed: done.seed, entrants: ["W-001", "W-002", "W-003", "W-004", "W-005", "W-010"], numbers });
    expect((await numbersOf(skillId)).map((c) => c.checkInNo)).toEqual(expected);
    expect((await numbersOf(skillId)).every((c) => c.workstationNo === null)).toBe(true);
    const audit = await t.db
      .selectFrom("auditEvent")
      .select(["action", "actorUserId", "after", "reason"])
      .where("entityId", "=", done.drawId)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: "draw.conducted",
      actorUserId: users.organizer,
      reason: null,
      after: { kind: "check_in", seed: done.seed, witnessUserId: users.supervisor, seedSource: "generated" },
    });
    // Check-in numbers change no code that results show: nothing to announce.
    expect(env.published).toEqual([]);
    expect(await verifyDraw(t.db, done.drawId)).toEqual({
      drawId: done.drawId,
      ok: true,
      competitionId,
      skillId,
      kind: "check_in",
      entrants: 6,
      inForce: true,
    });
  });

  it("cannot be redone without a reason", async () => {
    const before = await numbersOf(skillId);
    expect(await refusalCode(draw({ kind: "check_in", witnessUserId: users.supervisor }))).toBe("DRAW_REDO_REASON_REQUIRED");
    expect(await refusalCode(draw({ kind: "check_in", witnessUserId: users.supervisor, reason: "   " }))).toBe("DRAW_REDO_REASON_REQUIRED");
    expect(await numbersOf(skillId)).toEqual(before);
    expect(await t.db.selectFrom("draw").select("id").execute()).toHaveLength(1);
  });

  it("is redone with a reason and a public seed from the witness, superseding the first", async () => {
    const first = await t.db.selectFrom("draw").select("id").executeTakeFirstOrThrow();
    // Dice rolls read out with spaces, in capitals: the seed as stored is their hex text.
    const done = await draw({
      kind: "check_in",
      witnessUserId: users.skillSupervisor,
      seed: "3516 2243 6512 4563 AB",
      reason: "漏登记一名选手的报名号，重新抽签",
    });
    expect(done).toMatchObject({ seed: "3516224365124563ab", seedSource: "witness", supersedesId: first.id });
    const stored = await t.db.selectFrom("draw").select(["supersedesId", "reason", "witnessedBy"]).where("id", "=", done.drawId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ supersedesId: first.id, reason: "漏登记一名选手的报名号，重新抽签", witnessedBy: users.skillSupervisor });
    const expected = conductDraw({
      seed: "3516224365124563ab",
      entrants: ["W-001", "W-002", "W-003", "W-004", "W-005", "W-010"],
      numbers: formatDrawNumbers(6, { prefix: "J", digits: 2 }),
    });
    expect((await numbersOf(skillId)).map((c) => c.checkInNo)).toEqual(expected);
    const audit = await t.db.selectFrom("auditEvent").select(["action", "reason"]).where("entityId", "=", done.drawId).executeTakeFirstOrThrow();
    expect(audit).toEqual({ action: "draw.redone", reason: "漏登记一名选手的报名号，重新抽签" });
    // The superseded draw still re-runs to its own result; it is no longer in force.
    expect(await verifyDraw(t.db, first.id)).toMatchObject({ ok: true, inForce: false });
    expect(await verifyDraw(t.db, done.drawId)).toMatchObject({ ok: true, inForce: true });
  });

  it("refuses a seed that is not hex, and a skill without competitors", async () => {
    expect(RunDrawSchema.safeParse({ kind: "check_in", witnessUserId: users.supervisor, seed: "七七七七七七七七七七七七七七七七" }).success).toBe(false);
    expect(RunDrawSchema.safeParse({ kind: "check_in", witnessUserId: users.supervisor, seed: "12345" }).success).toBe(false);
    const empty = await createSkill(env.deps, admin, competitionId, { nameZh: "空赛项" });
    expect(await refusalCode(draw({ kind: "check_in", witnessUserId: users.supervisor }, organizer, { competitionId, skillId: empty }))).toBe(
      "DRAW_NO_ENTRANTS",
    );
  });
});

describe("the workstation draw", () => {
  it("numbers the check-in numbers in their order, and results, standings and imports key on it", async () => {
    env.published.length = 0;
    const done = await draw({ kind: "workstation", witnessUserId: users.supervisor });
    const stored = await t.db.selectFrom("draw").select(["entrants", "numbers", "basedOnId"]).where("id", "=", done.drawId).executeTakeFirstOrThrow();
    const rows = await numbersOf(skillId);
    const redoneCheckIn = await t.db
      .selectFrom("draw")
      .select("id")
      .where("skillId", "=", skillId)
      .where("kind", "=", "check_in")
      .where("supersedesId", "is not", null)
      .executeTakeFirstOrThrow();
    expect(stored.basedOnId).toBe(redoneCheckIn.id);
    expect((stored.entrants as Array<{ key: string }>).map((e) => e.key)).toEqual(formatDrawNumbers(6, { prefix: "J", digits: 2 }));
    expect(stored.numbers).toEqual(formatDrawNumbers(6, { prefix: "", digits: 2 }));
    expect(rows.map((r) => r.workstationNo).sort()).toEqual(["01", "02", "03", "04", "05", "06"]);
    expect(env.published.map((e) => [e.type, "cause" in e ? e.cause : null])).toEqual([["results.changed", "draw"]]);
    expect(await verifyDraw(t.db, done.drawId)).toMatchObject({ ok: true, kind: "workstation", inForce: true });

    const workstationOf = new Map(rows.map((r) => [r.id, r.workstationNo!]));
    const results = await loadSkillResults(t.db, scope());
    expect(results.competitors.map((c) => c.code).sort()).toEqual(["01", "02", "03", "04", "05", "06"]);
    for (const c of results.competitors) expect(c.code).toBe(workstationOf.get(c.competitorId));
    const standings = await loadSkillStandings(t.db, scope());
    for (const c of standings.competitors) expect(c.code).toBe(workstationOf.get(c.competitorId));
    // The official points file names competitors by the code on the results page.
    const [first] = rows;
    expect(await importOfficialPoints(env.deps, admin, scope(), new TextEncoder().encode(`code,points\n${first!.workstationNo},720\n`))).toEqual({
      ok: true,
      count: 1,
    });
    expect(await importOfficialPoints(env.deps, admin, scope(), new TextEncoder().encode(`code,points\n${first!.registrationNo},720\n`))).toMatchObject({
      ok: false,
    });
    expect(await importOfficialPoints(env.deps, admin, scope(), null)).toEqual({ ok: true, count: 0 });
  });

  it("lets the API find a competitor by workstation number, no longer by registration number", async () => {
    const [row] = await numbersOf(skillId);
    expect(await competitorIdOf(t.db, scope(), { competitorCode: row!.workstationNo! })).toBe(row!.id);
    expect(await refusalCode(competitorIdOf(t.db, scope(), { competitorCode: row!.registrationNo }))).toBe("UNKNOWN_COMPETITOR");
    expect(await refusalCode(competitorIdOf(t.db, { competitionId, skillId: otherSkillId }, { competitorCode: row!.workstationNo! }))).toBe(
      "UNKNOWN_COMPETITOR",
    );
  });

  it("is voided by a redone check-in draw and then redone with a reason", async () => {
    const done = await draw({ kind: "check_in", witnessUserId: users.supervisor, reason: "检录号封存袋破损，经督导确认重抽" });
    expect((await numbersOf(skillId)).every((c) => c.checkInNo !== null && c.workstationNo === null)).toBe(true);
    // The voided workstation draw still re-runs to its result, but is no longer in force.
    const voided = await t.db.selectFrom("draw").select("id").where("skillId", "=", skillId).where("kind", "=", "workstation").executeTakeFirstOrThrow();
    expect(await verifyDraw(t.db, voided.id)).toMatchObject({ ok: true, inForce: false });
    expect((await loadSkillResults(t.db, scope())).competitors.map((c) => c.code).sort()).toEqual(["W-001", "W-002", "W-003", "W-004", "W-005", "W-010"]);
    expect(await refusalCode(draw({ kind: "workstation", witnessUserId: users.supervisor }))).toBe("DRAW_REDO_REASON_REQUIRED");
    const redone = await draw({ kind: "workstation", witnessUserId: users.supervisor, reason: "检录号重抽后重新抽工位号" });
    const stored = await t.db.selectFrom("draw").select(["basedOnId", "supersedesId"]).where("id", "=", redone.drawId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ basedOnId: done.drawId, supersedesId: voided.id });
    expect((await numbersOf(skillId)).every((c) => c.workstationNo !== null)).toBe(true);
  });

  it("waits for a check-in number for everyone: a competitor registered after the check-in draw", async () => {
    await draw({ kind: "check_in", witnessUserId: users.supervisor }, organizer, { competitionId, skillId: otherSkillId });
    await register(otherSkillId, ["M-003"], 400);
    expect(await refusalCode(draw({ kind: "workstation", witnessUserId: users.supervisor }, organizer, { competitionId, skillId: otherSkillId }))).toBe(
      "DRAW_CHECK_IN_INCOMPLETE",
    );
  });
});

describe("once marking has started", () => {
  it("refuses every draw of the skill", async () => {
    const [row] = await numbersOf(skillId);
    const judge: Principal = { userId: users.judge, isPlatformAdmin: false, grants: [{ role: "judge", competitionId, skillId, delegationId: null }] };
    await recordMark(env.deps, judge, scope(), { submissionId: randomUUID(), competitorId: row!.id, aspectCode: "A2.1", value: { achieved: true } });
    const before = await numbersOf(skillId);
    expect(await refusalCode(draw({ kind: "workstation", witnessUserId: users.supervisor, reason: "再抽一次" }))).toBe("DRAW_AFTER_MARKS");
    expect(await refusalCode(draw({ kind: "check_in", witnessUserId: users.supervisor, reason: "再抽一次" }))).toBe("DRAW_AFTER_MARKS");
    expect(await numbersOf(skillId)).toEqual(before);
  });
});

describe("verification", () => {
  it("verifies every draw, and the audit chain holds", async () => {
    const verdicts = await verifyAllDraws(t.db);
    expect(verdicts.length).toBe(6);
    expect(verdicts.every((v) => v.ok)).toBe(true);
    expect((await verifyAllDraws(t.db, { competitionId: randomUUID() })).length).toBe(0);
    expect(await verifyStoredAuditChain(t.db)).toMatchObject({ ok: true });
    expect(await verifyDraw(t.db, randomUUID())).toMatchObject({ ok: false, problem: "not_found" });
  });

  it("keeps draws append-only", async () => {
    const [one] = await t.db.selectFrom("draw").select("id").execute();
    await expect(sql`update draw set seed = repeat('0', 64) where id = ${one!.id}`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from draw where id = ${one!.id}`.execute(t.db)).rejects.toThrow(/append-only/);
  });

  it("detects a tampered result, entrants out of order and numbers changed on the competitors", async () => {
    const current = await t.db
      .selectFrom("draw")
      .select(["id", "result", "entrants"])
      .where("skillId", "=", skillId)
      .where("kind", "=", "workstation")
      .where((eb) => eb.not(eb.exists(eb.selectFrom("draw as later").select("later.id").whereRef("later.supersedesId", "=", "draw.id"))))
      .executeTakeFirstOrThrow();
    const result = current.result as Array<{ competitorId: string; number: string }>;
    const entrants = current.entrants as Array<{ competitorId: string; key: string }>;
    const tamper = async (column: "result" | "entrants", value: unknown) => {
      // An attacker with database access disables the append-only trigger.
      await sql`alter table draw disable trigger draw_no_update`.execute(t.db);
      await sql`update draw set ${sql.ref(column)} = ${JSON.stringify(value)}::jsonb where id = ${current.id}`.execute(t.db);
      await sql`alter table draw enable trigger draw_no_update`.execute(t.db);
    };
    const swapped = result.map((r) => ({ ...r }));
    [swapped[0]!.number, swapped[1]!.number] = [swapped[1]!.number, swapped[0]!.number];
    await tamper("result", swapped);
    expect(await verifyDraw(t.db, current.id)).toMatchObject({ ok: false, problem: "result_mismatch", count: 2 });
    await tamper("result", result);
    await tamper("entrants", [entrants[1], entrants[0], ...entrants.slice(2)]);
    expect(await verifyDraw(t.db, current.id)).toMatchObject({ ok: false, problem: "entrants_out_of_order" });
    await tamper("entrants", entrants);
    expect(await verifyDraw(t.db, current.id)).toMatchObject({ ok: true });

    await sql`update competitor set workstation_no = 'XX' where id = ${result[0]!.competitorId}`.execute(t.db);
    expect(await verifyDraw(t.db, current.id)).toMatchObject({ ok: false, problem: "competitors_disagree", count: 1 });
    await sql`update competitor set workstation_no = ${result[0]!.number} where id = ${result[0]!.competitorId}`.execute(t.db);
    expect(await verifyDraw(t.db, current.id)).toMatchObject({ ok: true });
  });

  it("refuses a second first draw of a kind in the database itself", async () => {
    const row = await t.db
      .selectFrom("draw")
      .selectAll()
      .where("skillId", "=", skillId)
      .where("kind", "=", "check_in")
      .where("supersedesId", "is", null)
      .executeTakeFirstOrThrow();
    const { id: _id, ...copy } = row;
    const json = { entrants: JSON.stringify(copy.entrants), numbers: JSON.stringify(copy.numbers), result: JSON.stringify(copy.result) };
    await expect(
      t.db
        .insertInto("draw")
        .values({ ...copy, ...json })
        .execute(),
    ).rejects.toThrow(/draw_first_of_kind_idx/);
    // A redo of the draw in force, but witnessed by the one who runs it.
    const inForce = await t.db
      .selectFrom("draw")
      .select("id")
      .where("skillId", "=", skillId)
      .where("kind", "=", "check_in")
      .where((eb) => eb.not(eb.exists(eb.selectFrom("draw as later").select("later.id").whereRef("later.supersedesId", "=", "draw.id"))))
      .executeTakeFirstOrThrow();
    await expect(
      t.db
        .insertInto("draw")
        .values({ ...copy, ...json, witnessedBy: copy.conductedBy, supersedesId: inForce.id, reason: "同一人" })
        .execute(),
    ).rejects.toThrow(/violates check constraint/);
    // A redo of a draw already superseded: a fork of the chain.
    await expect(
      t.db
        .insertInto("draw")
        .values({ ...copy, ...json, supersedesId: row.id, reason: "分叉" })
        .execute(),
    ).rejects.toThrow(/draw_supersedes_id_key/);
  });
});
