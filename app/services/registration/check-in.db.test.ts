import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createCompetitionWithSkill,
  createDelegation,
  createPlatformAdmin,
  createSkill,
  createTestDatabase,
  refusalCode,
  testServiceDeps,
  type TestDatabase,
} from "../../../db/testing";
import type { Principal } from "~/domain/access/roles";
import { composeIdNumber } from "~/domain/identity/id-number";
import { parseCheckInQuery, type StateAction } from "~/domain/registration/check-in";
import { roomsForEvent } from "~/realtime/rooms";
import { RealtimeEventSchema } from "~/realtime/events";
import { verifyStoredAuditChain } from "../audit/verify-audit-chain.server";
import { grantRole } from "../accounts/grant-role.server";
import { RegisterCompetitorsSchema, registerCompetitors } from "../competitors/register-competitors.server";
import { canReadCheckIn, canSeeIdentities } from "~/domain/access/policy";
import { ChangeCompetitorStateSchema, changeCompetitorState } from "./change-competitor-state.server";
import { listCheckInCodes, listCheckInIdentities, loadCheckInBoard, loadStateHistory } from "./check-in-desk.server";

let t: TestDatabase;
let env: ReturnType<typeof testServiceDeps>;
let admin: Principal;
let organizer: Principal;
let chief: Principal;
let supervisor: Principal;
let judge: Principal;
let competitionId: string;
let skillId: string;
let otherSkillId: string;
const ids: Record<string, string> = {};
const idNumbers: Record<string, string> = {};
const users: Record<string, string> = {};

const scope = () => ({ competitionId, skillId });
function change(principal: Principal, code: string, action: StateAction, over: Record<string, unknown> = {}) {
  return changeCompetitorState(
    env.deps,
    principal,
    scope(),
    ChangeCompetitorStateSchema.parse({ competitorId: ids[code], submissionId: randomUUID(), action, ...over }),
  );
}
const stateOf = async (code: string) => (await t.db.selectFrom("competitor").select("state").where("id", "=", ids[code]!).executeTakeFirstOrThrow()).state;
const eventCount = async () =>
  Number(
    (
      await t.db
        .selectFrom("competitorStateEvent")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await createTestDatabase();
  env = testServiceDeps(t);
  admin = await createPlatformAdmin(t.db);
  ({ competitionId, skillId } = await createCompetitionWithSkill(env.deps, admin));
  otherSkillId = await createSkill(env.deps, admin, competitionId, { nameZh: "数控铣", wsNumber: "07" });
  const delegationId = await createDelegation(env.deps, admin, competitionId);
  const grant = async (username: string, role: "organizer" | "supervisor" | "judge" | "chief_judge", skill: string | null = null) =>
    (users[username] = (
      await grantRole(env.deps, admin, competitionId, { username, displayName: username, password: null, role, skillId: skill, delegationId: null })
    ).userId);
  const principal = (username: string, role: "organizer" | "supervisor" | "judge" | "chief_judge", skill: string | null): Principal => ({
    userId: users[username]!,
    isPlatformAdmin: false,
    grants: [{ role, competitionId, skillId: skill, delegationId: null }],
  });
  await grant("organizer", "organizer");
  await grant("supervisor", "supervisor");
  await grant("chief.weld", "chief_judge", skillId);
  await grant("judge.weld", "judge", skillId);
  await grant("chief.mill", "chief_judge", otherSkillId);
  organizer = principal("organizer", "organizer", null);
  supervisor = principal("supervisor", "supervisor", null);
  chief = principal("chief.weld", "chief_judge", skillId);
  judge = principal("judge.weld", "judge", skillId);
  const people = [
    ["W-001", "王小明", "2001-03-15", 101],
    ["W-002", "李华", "2002-07-01", 103],
    ["W-003", "张伟", "2000-12-31", 105],
    ["W-004", "王芳", "2003-01-20", 107],
  ] as const;
  const competitors = people.map(([code, name, birthDate, sequence]) => {
    idNumbers[code] = composeIdNumber("510104", birthDate, sequence, "male");
    return { code, delegationId, members: [{ name, idNumber: idNumbers[code], gender: "male", birthDate }] };
  });
  const registered = await registerCompetitors(env.deps, admin, scope(), RegisterCompetitorsSchema.parse({ competitors }));
  if (!registered.ok) throw new Error(JSON.stringify(registered.problems));
  for (const c of await t.db.selectFrom("competitor").select(["id", "registrationNo"]).execute()) ids[c.registrationNo] = c.id;
});
afterAll(async () => t.drop());

describe("who may", () => {
  it("read the page: the desk, supervisors and the skill's chief judge — not a judge, not another skill's chief", () => {
    expect([organizer, supervisor, chief].map((p) => canReadCheckIn(p, scope()))).toEqual([true, true, true]);
    expect(canReadCheckIn(judge, scope())).toBe(false);
    expect(
      canReadCheckIn(
        { userId: users["chief.mill"]!, isPlatformAdmin: false, grants: [{ role: "chief_judge", competitionId, skillId: otherSkillId, delegationId: null }] },
        scope(),
      ),
    ).toBe(false);
    // Only the desk sees who competitors are; the chief judge sees codes.
    expect([organizer, supervisor, chief].map((p) => canSeeIdentities(p, scope()))).toEqual([true, true, false]);
  });

  it("change a state: not a supervisor or a judge", async () => {
    expect(await refusalCode(change(supervisor, "W-001", "check_in"))).toBe("FORBIDDEN");
    expect(await refusalCode(change(judge, "W-001", "check_in"))).toBe("FORBIDDEN");
    expect(await refusalCode(change(chief, "W-001", "check_in"))).toBe("FORBIDDEN");
    expect(await eventCount()).toBe(0);
  });
});

describe("the check-in desk", () => {
  it("finds competitors by a piece of the name, the masked ID number's tail, the whole ID number or a code — never showing the number", async () => {
    const find = async (text: string) => (await listCheckInIdentities(t.db, env.deps.secrets, scope(), parseCheckInQuery(text))).map((c) => c.registrationNo);
    expect(await find("王")).toEqual(["W-001", "W-004"]);
    expect(await find("小明")).toEqual(["W-001"]);
    expect(await find(idNumbers["W-002"]!.slice(-4))).toEqual(["W-002"]);
    expect(await find(idNumbers["W-003"]!)).toEqual(["W-003"]);
    expect(await find("w-004")).toEqual(["W-004"]);
    expect(await find("%")).toEqual([]);
    expect(await find("")).toHaveLength(4);
    const [row] = await listCheckInIdentities(t.db, env.deps.secrets, scope(), parseCheckInQuery("小明"));
    expect(row!.members).toEqual([{ name: "王小明", idNumberMasked: expect.stringMatching(/^510\*+\d{3}[\dX]$/), birthDate: "2001-03-15", gender: "male" }]);
    expect(JSON.stringify(row)).not.toContain(idNumbers["W-001"]!);
  });

  it("checks a competitor in (identity confirmed, witnessed by a supervisor): recorded, audited, pushed to the staff room", async () => {
    env.published.length = 0;
    const done = await change(organizer, "W-001", "check_in", { witnessUserId: users.supervisor });
    expect(done).toMatchObject({ competitorId: ids["W-001"], action: "check_in", state: "ready", extraMinutes: null, repeated: false });
    expect(await stateOf("W-001")).toBe("ready");
    const [stored] = await t.db.selectFrom("competitorStateEvent").selectAll().execute();
    expect(stored).toMatchObject({
      id: done.eventId,
      action: "check_in",
      fromState: "registered",
      toState: "ready",
      actorUserId: users.organizer,
      witnessedBy: users.supervisor,
      reason: null,
    });
    const audit = await t.db
      .selectFrom("auditEvent")
      .select(["action", "before", "after"])
      .where("entityId", "=", ids["W-001"]!)
      .where("action", "=", "competitor.check_in")
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ before: { state: "registered" }, after: { state: "ready", witnessUserId: users.supervisor } });
    expect(env.published).toHaveLength(1);
    const event = RealtimeEventSchema.parse(env.published[0]);
    expect(event).toMatchObject({ type: "competitor.state_changed", competitionId, skillId, competitorId: ids["W-001"], action: "check_in", state: "ready" });
    expect(roomsForEvent(event)).toEqual([`staff:competition:${competitionId}:skill:${skillId}`]);
  });

  it("refuses a witness who is not a supervisor, or is the person checking in", async () => {
    expect(await refusalCode(change(organizer, "W-002", "check_in", { witnessUserId: users["judge.weld"] }))).toBe("CHECK_IN_WITNESS_NOT_SUPERVISOR");
    expect(await refusalCode(change(organizer, "W-002", "check_in", { witnessUserId: users.organizer }))).toBe("CHECK_IN_WITNESS_SELF");
    expect(await stateOf("W-002")).toBe("registered");
  });

  it("answers a repeat with the stored result and writes nothing: the same submission, or the state already reached", async () => {
    const submissionId = randomUUID();
    const first = await change(organizer, "W-002", "check_in", { submissionId });
    const before = await eventCount();
    const audits = await t.db.selectFrom("auditEvent").select("seq").execute();
    env.published.length = 0;
    expect(await change(organizer, "W-002", "check_in", { submissionId })).toEqual({ ...first, repeated: true });
    expect(await change(organizer, "W-002", "check_in")).toEqual({ ...first, repeated: true });
    expect(await eventCount()).toBe(before);
    expect(await t.db.selectFrom("auditEvent").select("seq").execute()).toHaveLength(audits.length);
    expect(env.published).toEqual([]);
    // The same submission id for something else is a client's mistake, refused.
    expect(await refusalCode(change(organizer, "W-003", "check_in", { submissionId }))).toBe("SUBMISSION_REUSED");
  });

  it("marks a no-show absent; an absent competitor cannot start, and checks in late only with a reason", async () => {
    await change(organizer, "W-004", "mark_absent");
    expect(await stateOf("W-004")).toBe("absent");
    expect(await refusalCode(change(chief, "W-004", "start"))).toBe("COMPETITOR_ABSENT");
    expect(await refusalCode(change(organizer, "W-004", "check_in"))).toBe("STATE_REASON_REQUIRED");
    expect(await change(organizer, "W-004", "check_in", { reason: "交通延误，开赛前到场" })).toMatchObject({ state: "ready" });
  });

  it("refuses a competitor of another skill", async () => {
    const other = changeCompetitorState(
      env.deps,
      organizer,
      { competitionId, skillId: otherSkillId },
      ChangeCompetitorStateSchema.parse({ competitorId: ids["W-003"], submissionId: randomUUID(), action: "check_in" }),
    );
    expect(await refusalCode(other)).toBe("UNKNOWN_COMPETITOR");
  });
});

describe("the chief judge", () => {
  it("starts, pauses with a reason, grants extra time, resumes and finishes; finished is final but for a reopening with a reason", async () => {
    expect(await refusalCode(change(chief, "W-003", "start"))).toBe("COMPETITOR_NOT_CHECKED_IN");
    await change(chief, "W-001", "start");
    expect(await refusalCode(change(chief, "W-001", "pause"))).toBe("STATE_REASON_REQUIRED");
    await change(chief, "W-001", "pause", { reason: "焊机故障，更换设备" });
    expect(await refusalCode(change(chief, "W-001", "grant_extra_time", { extraMinutes: 0, reason: "设备更换耗时" }))).toBe("EXTRA_TIME_INVALID");
    expect(await refusalCode(change(chief, "W-001", "grant_extra_time", { extraMinutes: "7.5", reason: "设备更换耗时" }))).toBe("EXTRA_TIME_INVALID");
    expect(await refusalCode(change(organizer, "W-001", "grant_extra_time", { extraMinutes: 10, reason: "设备更换耗时" }))).toBe("FORBIDDEN");
    expect(await change(chief, "W-001", "grant_extra_time", { extraMinutes: "10", reason: "设备更换耗时" })).toMatchObject({
      state: "paused",
      extraMinutes: 10,
    });
    await change(chief, "W-001", "resume");
    await change(chief, "W-001", "finish");
    expect(await refusalCode(change(chief, "W-001", "pause", { reason: "x" }))).toBe("COMPETITOR_FINISHED");
    expect(await refusalCode(change(chief, "W-001", "reopen"))).toBe("STATE_REASON_REQUIRED");
    await change(chief, "W-001", "reopen", { reason: "误点结束" });
    expect(await stateOf("W-001")).toBe("competing");
    const history = await loadStateHistory(t.db, scope(), ids["W-001"]!);
    expect(history.map((h) => [h.action, h.fromState, h.toState, h.extraMinutes])).toEqual([
      ["reopen", "finished", "competing", null],
      ["finish", "competing", "finished", null],
      ["resume", "paused", "competing", null],
      ["grant_extra_time", "paused", "paused", 10],
      ["pause", "competing", "paused", null],
      ["start", "ready", "competing", null],
      ["check_in", "registered", "ready", null],
    ]);
    expect(history[6]).toMatchObject({ actorName: "organizer", witnessName: "supervisor" });
    expect(history[4]).toMatchObject({ actorName: "chief.weld", reason: "焊机故障，更换设备" });
  });

  it("sees codes only, with each competitor's extra time", async () => {
    const rows = await listCheckInCodes(t.db, scope(), null);
    expect(rows.find((r) => r.id === ids["W-001"])).toEqual({ id: ids["W-001"], state: "competing", code: "W-001", extraMinutes: 10 });
    expect(Object.keys(rows[0]!).sort()).toEqual(["code", "extraMinutes", "id", "state"]);
    expect((await listCheckInCodes(t.db, scope(), parseCheckInQuery("w-002"))).map((r) => r.id)).toEqual([ids["W-002"]]);
    // A name finds nothing in the chief judge's list.
    expect(await listCheckInCodes(t.db, scope(), parseCheckInQuery("李华"))).toEqual([]);
  });

  it("disqualifies with a reason (so may an organizer); disqualified is final", async () => {
    expect(await refusalCode(change(organizer, "W-002", "disqualify"))).toBe("STATE_REASON_REQUIRED");
    await change(organizer, "W-002", "disqualify", { reason: "冒名顶替" });
    expect(await refusalCode(change(chief, "W-002", "start"))).toBe("COMPETITOR_DISQUALIFIED");
    expect(await refusalCode(change(chief, "W-002", "reopen", { reason: "x" }))).toBe("COMPETITOR_DISQUALIFIED");
  });
});

describe("the record", () => {
  it("cannot be updated or deleted, and the state column moves only with it", async () => {
    await expect(sql`update competitor_state_event set reason = 'x'`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from competitor_state_event`.execute(t.db)).rejects.toThrow(/append-only/);
    // A row whose from_state is not the competitor's state (a lost race) is refused by the database.
    await expect(
      t.db
        .insertInto("competitorStateEvent")
        .values({
          submissionId: randomUUID(),
          competitionId,
          skillId,
          competitorId: ids["W-003"]!,
          action: "start",
          fromState: "ready",
          toState: "competing",
          reason: null,
          extraMinutes: null,
          witnessedBy: null,
          actorUserId: users["chief.weld"]!,
          occurredAt: new Date(),
        })
        .execute(),
    ).rejects.toThrow(/not in state/);
    // Extra time without minutes, a pause without a reason: refused by CHECKs too.
    await expect(
      t.db
        .insertInto("competitorStateEvent")
        .values({
          submissionId: randomUUID(),
          competitionId,
          skillId,
          competitorId: ids["W-001"]!,
          action: "pause",
          fromState: "competing",
          toState: "paused",
          reason: null,
          extraMinutes: null,
          witnessedBy: null,
          actorUserId: users["chief.weld"]!,
          occurredAt: new Date(),
        })
        .execute(),
    ).rejects.toThrow();
  });

  it("counts each skill's competitors by state, and the audit chain holds", async () => {
    const board = await loadCheckInBoard(t.db, competitionId);
    expect(board.find((s) => s.id === skillId)).toMatchObject({ total: 4, counts: { registered: 1, ready: 1, competing: 1, disqualified: 1, absent: 0 } });
    expect(board.find((s) => s.id === otherSkillId)).toMatchObject({ total: 0 });
    expect(await verifyStoredAuditChain(t.db)).toMatchObject({ ok: true });
  });
});
