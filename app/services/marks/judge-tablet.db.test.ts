// The judge's tablet against a real database: the sheet it loads (codes only, recusal shown as
// a reason, own marks, team scores revealed only when the whole team has scored) and the flags a
// judge raises to the chief judge (idempotent, audited, staff-only event, resolved once).
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
import { listJudgeFlags, raiseJudgeFlag, resolveJudgeFlag } from "../judging/judge-flags.server";
import { loadJudgeSheet } from "./judge-sheet.server";
import { recordMark } from "./record-mark.server";
import { setModuleLock } from "./set-module-lock.server";

let t: TestDatabase;
let env: ReturnType<typeof testServiceDeps>;
let scope: { competitionId: string; skillId: string };
const competitorIds: Record<string, string> = {};
const judges: Principal[] = [];
let compatriot: Principal;
let chief: Principal;
const example = parseSchemeCsv(readFileSync(new URL("../../../docs/examples/marking-scheme.csv", import.meta.url))).draft!;

async function person(name: string, regionCode: string, seq: number): Promise<string> {
  const id = composeIdNumber(regionCode, "1990-03-01", seq, "male");
  const row = await t.db
    .insertInto("person")
    .values({ name, gender: "male", birthDate: "1990-03-01", ...protectIdNumber(env.deps.secrets.piiKey, id), employerId: null, regionCode, phone: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function account(username: string, personId: string, role: "judge" | "chief_judge"): Promise<Principal> {
  const user = await t.db
    .insertInto("appUser")
    .values({ username, displayName: username, passwordHash: null, personId })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db.insertInto("roleAssignment").values({ userId: user.id, role, competitionId: scope.competitionId, skillId: scope.skillId }).execute();
  return { userId: user.id, isPlatformAdmin: false, grants: [{ role, competitionId: scope.competitionId, skillId: scope.skillId, delegationId: null }] };
}

beforeAll(async () => {
  t = await createTestDatabase();
  env = testServiceDeps(t);
  const root = await t.db
    .insertInto("appUser")
    .values({ username: "root", displayName: "管理员", passwordHash: null, isPlatformAdmin: true })
    .returning("id")
    .executeTakeFirstOrThrow();
  const admin: Principal = { userId: root.id, isPlatformAdmin: true, grants: [] };
  const { competitionId } = await saveCompetition(env.deps, admin, CompetitionInputSchema.parse(exampleCompetitionForm), null);
  const { skillId } = await saveSkill(env.deps, admin, competitionId, SkillInputSchema.parse(exampleSkillForm), null);
  scope = { competitionId, skillId };
  await saveMarkingScheme(env.deps, admin, { ...scope, draft: example });
  const { delegationId: mianyang } = await saveDelegation(
    env.deps,
    admin,
    competitionId,
    DelegationInputSchema.parse({ nameZh: "绵阳市代表队", kind: "region", regionCode: "510700" }),
    null,
  );
  const { delegationId: deyang } = await saveDelegation(
    env.deps,
    admin,
    competitionId,
    DelegationInputSchema.parse({ nameZh: "德阳市代表队", kind: "region", regionCode: "510600" }),
    null,
  );
  for (const [no, delegationId, seq] of [
    ["T-01", mianyang, 11],
    ["T-02", deyang, 12],
  ] as const) {
    const c = await t.db
      .insertInto("competitor")
      .values({ competitionId, skillId, delegationId, registrationNo: no })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("competitorMember")
      .values({ competitorId: c.id, personId: await person(`选手${seq}`, delegationId === mianyang ? "510700" : "510600", seq) })
      .execute();
    competitorIds[no] = c.id;
  }
  for (const [i, region] of ["510100", "510300", "510400"].entries())
    judges.push(await account(`judge.${i}`, await person(`裁判${i}`, region, 21 + i), "judge"));
  compatriot = await account("judge.my", await person("赵裁判", "510700", 31), "judge");
  chief = await account("chief", await person("孙裁判长", "510100", 41), "chief_judge");
});
afterAll(async () => t.drop());

const score = (judge: Principal, code: string, aspectCode: string, value: number, reason?: string) =>
  recordMark(env.deps, judge, scope, { submissionId: randomUUID(), competitorId: competitorIds[code]!, aspectCode, value: { score: value }, reason });

describe("the judge's sheet", () => {
  it("lists competitors by code only, with the recusal reason instead of a name", async () => {
    const sheet = await loadJudgeSheet(t.db, compatriot, scope);
    expect(sheet.competitors.map(({ code, conflict }) => ({ code, conflict }))).toEqual([
      { code: "T-01", conflict: "delegation" },
      { code: "T-02", conflict: null },
    ]);
    expect(JSON.stringify(sheet)).not.toMatch(/选手|绵阳|德阳/);
    expect(sheet.modules.map((m) => [m.code, m.locked])).toEqual([
      ["A", false],
      ["B", false],
    ]);
    const aspects = sheet.modules.flatMap((m) => m.subCriteria.flatMap((sc) => sc.aspects));
    expect(aspects.find((a) => a.code === "A1.3")?.input).toMatchObject({ type: "score" });
    expect(aspects.find((a) => a.code === "A1.2")?.input).toEqual({
      type: "choice",
      choices: [
        { id: "none", deduction: "0.00" },
        { id: "minor", deduction: "3.00" },
        { id: "severe", deduction: "10.00" },
      ],
    });
    expect(aspects.find((a) => a.code === "A1.1")?.input).toEqual({ type: "measured", target: "1.500" });
    expect(aspects.find((a) => a.code === "A2.1")?.input).toEqual({ type: "achieved" });
  });

  it("shows a judge their own current marks and the team's scores only once the whole team has scored", async () => {
    await score(judges[0]!, "T-02", "A1.3", 1);
    await score(judges[0]!, "T-02", "A1.3", 3, "复核后更正");
    await score(judges[1]!, "T-02", "A1.3", 1);
    let sheet = await loadJudgeSheet(t.db, judges[0]!, scope);
    expect(sheet.marks.map((m) => [m.code, m.aspectCode, m.value, m.revision])).toEqual([["T-02", "A1.3", { score: 3 }, 2]]);
    expect(sheet.teams).toEqual([]);
    await score(judges[2]!, "T-02", "A1.3", 1);
    sheet = await loadJudgeSheet(t.db, judges[0]!, scope);
    expect(sheet.teams).toEqual([{ code: "T-02", aspectCode: "A1.3", scores: [1, 1, 3], overLimit: true }]);
    // A judge who has not scored the aspect does not see the others' scores.
    expect((await loadJudgeSheet(t.db, chief, scope)).teams).toEqual([]);
  });

  it("shows a locked module as locked", async () => {
    await setModuleLock(env.deps, chief, scope, { moduleCode: "B", locked: true, reason: "模块B评分完成" });
    const sheet = await loadJudgeSheet(t.db, judges[0]!, scope);
    expect(sheet.modules.map((m) => [m.code, m.locked])).toEqual([
      ["A", false],
      ["B", true],
    ]);
  });
});

describe("flags to the chief judge", () => {
  it("stores a flag once per submission id, audited, for the staff room only", async () => {
    const input = { submissionId: randomUUID(), competitorCode: "T-02", aspectCode: "A1.3", text: "试件边缘有裂纹，请裁判长查看" };
    const before = env.published.length;
    const first = await raiseJudgeFlag(env.deps, judges[0]!, scope, input);
    expect(first.replayed).toBe(false);
    expect(await raiseJudgeFlag(env.deps, judges[0]!, scope, input)).toEqual({ flagId: first.flagId, replayed: true });
    expect(await refusalCode(raiseJudgeFlag(env.deps, judges[1]!, scope, input))).toBe("SUBMISSION_REUSED");
    const events = env.published.slice(before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "flag.raised", flagId: first.flagId, competitorId: competitorIds["T-02"], aspectCode: "A1.3" });
    expect(roomsForEvent(events[0]!)).toEqual([`staff:competition:${scope.competitionId}:skill:${scope.skillId}`]);
    const audit = await t.db.selectFrom("auditEvent").select(["action", "actorUserId"]).where("entityId", "=", first.flagId).execute();
    expect(audit).toEqual([{ action: "flag.raised", actorUserId: judges[0]!.userId }]);
    expect(await verifyStoredAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it.each([
    ["an unknown competitor code", { competitorCode: "T-99" }, "UNKNOWN_COMPETITOR"],
    ["an unknown aspect", { aspectCode: "Z9.9" }, "UNKNOWN_ASPECT"],
  ])("refuses %s and writes nothing", async (_name, over, code) => {
    const count = async () =>
      (
        await t.db
          .selectFrom("judgeFlag")
          .select(sql<number>`count(*)::int`.as("n"))
          .executeTakeFirstOrThrow()
      ).n;
    const before = await count();
    expect(await refusalCode(raiseJudgeFlag(env.deps, judges[0]!, scope, { submissionId: randomUUID(), competitorCode: "T-02", text: "?", ...over }))).toBe(
      code,
    );
    expect(await count()).toBe(before);
  });

  it("lets only the chief judge resolve a flag, once; flags are append-only", async () => {
    env.advance(60_000);
    const { flagId } = await raiseJudgeFlag(env.deps, judges[1]!, scope, { submissionId: randomUUID(), competitorCode: "T-01", text: "工位照明故障" });
    let list = await listJudgeFlags(t.db, scope);
    expect(list.filter((f) => !f.resolution).map((f) => [f.code, f.aspectCode, f.text])).toEqual([
      ["T-01", null, "工位照明故障"],
      ["T-02", "A1.3", "试件边缘有裂纹，请裁判长查看"],
    ]);
    expect(await refusalCode(resolveJudgeFlag(env.deps, judges[0]!, scope, { flagId, note: "已处理" }))).toBe("FORBIDDEN");
    await resolveJudgeFlag(env.deps, chief, scope, { flagId, note: "已更换照明" });
    expect(await refusalCode(resolveJudgeFlag(env.deps, chief, scope, { flagId, note: "再次" }))).toBe("FLAG_ALREADY_RESOLVED");
    list = await listJudgeFlags(t.db, scope);
    expect(list.map((f) => [f.code, f.resolution?.note ?? null])).toEqual([
      ["T-02", null],
      ["T-01", "已更换照明"],
    ]);
    expect((await listJudgeFlags(t.db, scope, { judgeUserId: judges[1]!.userId })).map((f) => f.code)).toEqual(["T-01"]);
    await expect(sql`update judge_flag set text = 'x'`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from judge_flag_resolution`.execute(t.db)).rejects.toThrow(/append-only/);
  });
});
