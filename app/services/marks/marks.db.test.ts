import { DeclareRelationSchema, declareRelation, withdrawRelation } from "../judging/declared-relations.server";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, refusalCode, testServiceDeps, type TestDatabase } from "../../../db/testing";
import { composeIdNumber } from "~/domain/identity/id-number";
import type { Principal } from "~/domain/access/roles";
import { roomsForEvent } from "~/realtime/rooms";
import { verifyStoredAuditChain } from "../audit/verify-audit-chain.server";
import { CompetitionInputSchema, DelegationInputSchema, SkillInputSchema } from "~/domain/competition/inputs";
import { exampleCompetitionForm, exampleSkillForm } from "../../../db/test-support/example-forms";
import { saveCompetition } from "../competitions/save-competition.server";
import { saveDelegation } from "../competitions/save-delegation.server";
import { saveSkill } from "../competitions/save-skill.server";
import { protectIdNumber } from "../identity/protect-id-number.server";
import { parseSchemeCsv } from "../marking-schemes/scheme-csv.server";
import { saveMarkingScheme } from "../marking-schemes/save-marking-scheme.server";
import { recordMark, type RecordMark } from "./record-mark.server";
import { setModuleLock } from "./set-module-lock.server";

let t: TestDatabase;
let env: ReturnType<typeof testServiceDeps>;
let admin: Principal;
let scope: { competitionId: string; skillId: string };
let otherSkillId: string;
let competitorId: string;
let otherSkillCompetitorId: string;
let judge: Principal;
let compatriot: Principal;
let colleague: Principal;
let chief: Principal;
const example = parseSchemeCsv(readFileSync(new URL("../../../docs/examples/marking-scheme.csv", import.meta.url))).draft!;

const codeOf = refusalCode;

async function person(name: string, regionCode: string, employerId: string | null, seq: number): Promise<string> {
  const id = composeIdNumber(regionCode, "1995-06-01", seq, "male");
  const row = await t.db
    .insertInto("person")
    .values({ name, gender: "male", birthDate: "1995-06-01", ...protectIdNumber(env.deps.secrets.piiKey, id), employerId, regionCode, phone: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function judgeAccount(username: string, personId: string, role: "judge" | "chief_judge", skillId: string): Promise<Principal> {
  const user = await t.db
    .insertInto("appUser")
    .values({ username, displayName: username, passwordHash: null, personId })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db.insertInto("roleAssignment").values({ userId: user.id, role, competitionId: scope.competitionId, skillId }).execute();
  return { userId: user.id, isPlatformAdmin: false, grants: [{ role, competitionId: scope.competitionId, skillId, delegationId: null }] };
}

const mark = (over: Partial<RecordMark> = {}): RecordMark => ({ submissionId: randomUUID(), competitorId, aspectCode: "A1.3", value: { score: 2 }, ...over });

beforeAll(async () => {
  t = await createTestDatabase();
  env = testServiceDeps(t);
  const root = await t.db
    .insertInto("appUser")
    .values({ username: "root", displayName: "管理员", passwordHash: null, isPlatformAdmin: true })
    .returning("id")
    .executeTakeFirstOrThrow();
  admin = { userId: root.id, isPlatformAdmin: true, grants: [] };
  const { competitionId } = await saveCompetition(env.deps, admin, CompetitionInputSchema.parse(exampleCompetitionForm), null);
  const { skillId } = await saveSkill(env.deps, admin, competitionId, SkillInputSchema.parse(exampleSkillForm), null);
  ({ skillId: otherSkillId } = await saveSkill(env.deps, admin, competitionId, SkillInputSchema.parse({ ...exampleSkillForm, nameZh: "数控铣" }), null));
  scope = { competitionId, skillId };
  await saveMarkingScheme(env.deps, admin, { ...scope, draft: example });
  const { delegationId: mianyang } = await saveDelegation(
    env.deps,
    admin,
    competitionId,
    DelegationInputSchema.parse({ nameZh: "绵阳市代表队", kind: "region", regionCode: "510700" }),
    null,
  );
  const org = await t.db
    .insertInto("organization")
    .values({ name: "绵阳精工机械有限公司", kind: "enterprise", regionCode: "510700" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const competitorPerson = await person("王强", "510700", org.id, 11);
  for (const [skill, no] of [
    [skillId, "T-0001"],
    [otherSkillId, "T-0002"],
  ] as const) {
    const c = await t.db
      .insertInto("competitor")
      .values({ competitionId, skillId: skill, delegationId: mianyang, registrationNo: no })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db.insertInto("competitorMember").values({ competitorId: c.id, personId: competitorPerson }).execute();
    if (skill === skillId) competitorId = c.id;
    else otherSkillCompetitorId = c.id;
  }
  judge = await judgeAccount("judge.cd", await person("李裁判", "510100", null, 21), "judge", skillId);
  compatriot = await judgeAccount("judge.my", await person("赵裁判", "510700", null, 31), "judge", skillId);
  colleague = await judgeAccount("judge.org", await person("钱裁判", "510300", org.id, 41), "judge", skillId);
  chief = await judgeAccount("chief.cd", await person("孙裁判长", "510100", null, 51), "chief_judge", skillId);
});
afterAll(async () => t.drop());

describe("recording marks", () => {
  it("records a judgement score once: a repeated submission returns the stored mark", async () => {
    const input = mark();
    const first = await recordMark(env.deps, judge, scope, input);
    expect(first).toMatchObject({ revision: 1, replayed: false });
    expect(await recordMark(env.deps, judge, scope, input)).toEqual({ ...first, replayed: true });
    const rows = await t.db.selectFrom("mark").select("id").where("submissionId", "=", input.submissionId).execute();
    expect(rows).toHaveLength(1);
    // The same submission id with other content is a conflict, not the stored answer.
    expect(await codeOf(recordMark(env.deps, judge, scope, { ...input, value: { score: 1 } }))).toBe("MARK_CONFLICT");
    expect(await codeOf(recordMark(env.deps, judge, scope, { ...input, aspectCode: "A1.2" }))).toBe("MARK_CONFLICT");
  });

  it("corrects only with a reason, as a new revision that supersedes the old one", async () => {
    expect(await codeOf(recordMark(env.deps, judge, scope, mark({ value: { score: 3 } })))).toBe("REASON_REQUIRED");
    const corrected = await recordMark(env.deps, judge, scope, mark({ value: { score: 3 }, reason: "复核后更正：焊缝成形均匀" }));
    expect(corrected.revision).toBe(2);
    const chain = await t.db
      .selectFrom("mark")
      .select(["revision", "supersedesId", "reason"])
      .where("competitorId", "=", competitorId)
      .where("judgeUserId", "=", judge.userId)
      .orderBy("revision")
      .execute();
    expect(chain.map((m) => [m.revision, m.supersedesId !== null, m.reason])).toEqual([
      [1, false, null],
      [2, true, "复核后更正：焊缝成形均匀"],
    ]);
  });

  it("never updates or deletes a stored mark", async () => {
    await expect(sql`update mark set input = '{"score":0}'`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from mark`.execute(t.db)).rejects.toThrow(/append-only/);
  });

  it.each([
    ["a judgement score of 4", { aspectCode: "A1.3", value: { score: 4 } }, "SCORE_NOT_0_TO_3"],
    ["a measured value on a judgement aspect", { aspectCode: "A1.3", value: { measured: "1.5" } }, "INPUT_DOES_NOT_FIT_CALCULATION"],
    ["a choice that is not offered", { aspectCode: "A1.2", value: { choiceId: "made-up" } }, "UNKNOWN_CHOICE"],
    ["a panel mark above the max", { aspectCode: "B2.2", value: { mark: "10.01" } }, "MARK_OUT_OF_RANGE"],
    ["a panel mark off the 0.01 grid", { aspectCode: "B2.2", value: { mark: "9.995" } }, "MARK_OUT_OF_RANGE"],
    ["an aspect that does not exist", { aspectCode: "Z9.9", value: { score: 1 } }, "UNKNOWN_ASPECT"],
    ["a competitor of another skill", { competitorId: "", value: { score: 1 } }, "NOT_FOUND"],
  ])("refuses %s and writes nothing", async (_name, over, code) => {
    const before = await t.db
      .selectFrom("mark")
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow();
    const input = mark(over as Partial<RecordMark>);
    if (input.competitorId === "") input.competitorId = otherSkillCompetitorId;
    expect(await codeOf(recordMark(env.deps, judge, scope, input))).toBe(code);
    expect(
      await t.db
        .selectFrom("mark")
        .select(sql<number>`count(*)::int`.as("n"))
        .executeTakeFirstOrThrow(),
    ).toEqual(before);
  });

  it("accepts each measurement input its calculation takes", async () => {
    for (const [aspectCode, value] of [
      ["A1.1", { measured: "1.72" }],
      ["A1.2", { choiceId: "minor" }],
      ["A2.1", { achieved: true }],
      ["B1.1", { measured: "1.4" }],
    ] as const) {
      await expect(recordMark(env.deps, judge, scope, mark({ aspectCode, value }))).resolves.toMatchObject({ revision: 1 });
    }
  });

  it("refuses judges with a conflict: same delegation, same employer", async () => {
    expect(await codeOf(recordMark(env.deps, compatriot, scope, mark()))).toBe("JUDGE_CONFLICT");
    expect(await codeOf(recordMark(env.deps, colleague, scope, mark()))).toBe("JUDGE_CONFLICT");
  });

  it("refuses a judge with a declared relation to the competitor until it is withdrawn", async () => {
    const uncle = await judgeAccount("judge.uncle", await person("亲属裁判", "510900", null, 77), "judge", scope.skillId);
    const declared = await declareRelation(
      env.deps,
      admin,
      scope.competitionId,
      DeclareRelationSchema.parse({ judgeUserId: uncle.userId, competitorId, kind: "relative", note: "舅甥" }),
    );
    expect(
      await codeOf(
        declareRelation(env.deps, admin, scope.competitionId, DeclareRelationSchema.parse({ judgeUserId: uncle.userId, competitorId, kind: "student" })),
      ),
    ).toBe("RELATION_ALREADY_DECLARED");
    expect(
      await codeOf(
        declareRelation(env.deps, uncle, scope.competitionId, DeclareRelationSchema.parse({ judgeUserId: uncle.userId, competitorId, kind: "other" })),
      ),
    ).toBe("FORBIDDEN");
    const refused = await recordMark(env.deps, uncle, scope, mark()).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "JUDGE_CONFLICT", params: { reason: "relation" } });
    await withdrawRelation(env.deps, admin, scope.competitionId, { relationId: declared.relationIds[0]!, reason: "登记错误" });
    await expect(recordMark(env.deps, uncle, scope, mark())).resolves.toMatchObject({ revision: 1 });
  });

  it("refuses a judge of another skill", async () => {
    const elsewhere: Principal = { ...judge, grants: [{ role: "judge", competitionId: scope.competitionId, skillId: otherSkillId, delegationId: null }] };
    expect(await codeOf(recordMark(env.deps, elsewhere, scope, mark()))).toBe("FORBIDDEN");
  });
});

describe("module locks", () => {
  it("stops marks in a locked module until the chief judge unlocks it with a reason", async () => {
    expect(await codeOf(setModuleLock(env.deps, judge, scope, { moduleCode: "A", locked: true }))).toBe("FORBIDDEN");
    await setModuleLock(env.deps, chief, scope, { moduleCode: "A", locked: true });
    expect(await codeOf(recordMark(env.deps, judge, scope, mark({ aspectCode: "A2.2", value: { score: 1 } })))).toBe("MODULE_LOCKED");
    // Module B is not locked.
    await expect(recordMark(env.deps, judge, scope, mark({ aspectCode: "B2.2", value: { mark: "8.50" } }))).resolves.toMatchObject({ revision: 1 });
    expect(await codeOf(setModuleLock(env.deps, chief, scope, { moduleCode: "A", locked: false }))).toBe("REASON_REQUIRED");
    await setModuleLock(env.deps, chief, scope, { moduleCode: "A", locked: false, reason: "A2.2 漏评，复评" });
    await expect(recordMark(env.deps, judge, scope, mark({ aspectCode: "A2.2", value: { score: 1 } }))).resolves.toMatchObject({ revision: 1 });
  });

  it("lets no mark land after a lock that raced it (the audit chain orders the commits)", async () => {
    const aspects = ["B1.1", "B1.2", "B2.1", "B2.3"];
    const values: Record<string, RecordMark["value"]> = {
      "B1.1": { measured: "0.5" },
      "B1.2": { choiceId: "grade1" },
      "B2.1": { achieved: true },
      "B2.3": { achieved: false },
    };
    const outcomes = await Promise.all([
      ...aspects.map((aspectCode) => codeOf(recordMark(env.deps, judge, scope, mark({ aspectCode, value: values[aspectCode]!, reason: "并发复测" })))),
      setModuleLock(env.deps, chief, scope, { moduleCode: "B", locked: true }).then(() => "locked"),
    ]);
    expect(outcomes.filter((o) => !(o === undefined || o === "MODULE_LOCKED" || o === "locked"))).toEqual([]);
    const events = await t.db
      .selectFrom("auditEvent")
      .select(["seq", "action", "after"])
      .where("action", "in", ["mark.recorded", "module.locked"])
      .orderBy("seq")
      .execute();
    const lockSeq = events.filter((e) => e.action === "module.locked").at(-1)!.seq;
    const late = events.filter((e) => e.action === "mark.recorded" && e.seq > lockSeq && aspects.includes((e.after as { aspect: string }).aspect));
    expect(late).toEqual([]);
    await setModuleLock(env.deps, chief, scope, { moduleCode: "B", locked: false, reason: "测试后解锁" });
  });

  it("freezes the scheme once marks exist", async () => {
    expect(await codeOf(saveMarkingScheme(env.deps, admin, { ...scope, draft: example }))).toBe("SCHEME_HAS_MARKS");
  });

  it("keeps marking events out of public rooms and the audit chain intact", async () => {
    const marking = env.published.filter((e) => e.type === "mark.recorded" || e.type === "module.locked");
    expect(marking.length).toBeGreaterThan(5);
    for (const e of marking) expect(roomsForEvent(e)).toEqual([`staff:competition:${scope.competitionId}:skill:${scope.skillId}`]);
    expect(await verifyStoredAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it("numbers each skill's realtime events without gaps, in commit order", () => {
    const streamed = env.published.filter((e) => e.skillId === scope.skillId).map((e) => e.seq);
    expect(streamed.length).toBeGreaterThan(5);
    expect(new Set(streamed).size).toBe(streamed.length);
    expect([...streamed].sort((a, b) => a - b)).toEqual(Array.from({ length: streamed.length }, (_, i) => streamed.reduce((m, x) => Math.min(m, x)) + i));
  });

  it("notices events cut from the end of the audit chain (the chain head remembers the last one)", async () => {
    const last = await t.db.selectFrom("auditEvent").select("seq").orderBy("seq", "desc").limit(1).executeTakeFirstOrThrow();
    await sql`alter table audit_event disable trigger audit_event_no_update`.execute(t.db);
    await sql`delete from audit_event where seq = ${last.seq}`.execute(t.db);
    await sql`alter table audit_event enable trigger audit_event_no_update`.execute(t.db);
    expect(await verifyStoredAuditChain(t.db)).toEqual({ ok: false, checked: last.seq - 1, brokenAtSeq: last.seq, problem: "tail_missing" });
  });
});
