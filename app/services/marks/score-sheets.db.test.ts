import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createCompetitionWithSkill,
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
import { toFixed } from "~/domain/results/exact";
import { verifyStoredAuditChain } from "../audit/verify-audit-chain.server";
import { DelegationInputSchema } from "~/domain/competition/inputs";
import { saveDelegation } from "../competitions/save-delegation.server";
import { protectIdNumber } from "../identity/protect-id-number.server";
import { DeclareRelationSchema, declareRelation } from "../judging/declared-relations.server";
import { saveMarkingScheme } from "../marking-schemes/save-marking-scheme.server";
import { loadSkillResults } from "../results/load-skill-results.server";
import { loadSkillStandings } from "../results/load-skill-standings.server";
import { recordMark } from "./record-mark.server";
import { enterScoreSheet, listScoreSheets, loadScoreSheet, rejectScoreSheet, verifyScoreSheet } from "./score-sheets.server";
import { setModuleLock } from "./set-module-lock.server";
import { grantRole } from "../accounts/grant-role.server";
import { createApiToken, principalOfApiToken } from "../auth/api-tokens.server";

let t: TestDatabase;
let env: ReturnType<typeof testServiceDeps>;
let scope: { competitionId: string; skillId: string };
let chief: Principal;
let deputy: Principal;
let organizer: Principal;
let judgeA: Principal;
const competitorOf: Record<string, string> = {};
const personOf: Record<string, string> = {};

const header = "competitor_code,aspect_code,judge,value";
const csv = (...rows: string[]) => new TextEncoder().encode([header, ...rows].join("\n") + "\n");
const countOf = async (table: "mark" | "scoreSheet" | "scoreSheetRow") =>
  (
    await t.db
      .selectFrom(table)
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow()
  ).n;
const enter = (bytes: Uint8Array, fileName = "sheet.csv", by: Principal = chief) => enterScoreSheet(env.deps, by, scope, { fileName, bytes });

async function enteredId(bytes: Uint8Array, fileName?: string): Promise<string> {
  const outcome = await enter(bytes, fileName);
  if (!outcome.ok) throw new Error(`refused: ${JSON.stringify(outcome.problems)}`);
  return outcome.sheetId;
}

let nextSequence = 0;
async function person(name: string, regionCode: string): Promise<string> {
  const id = composeIdNumber(regionCode, "1996-03-01", (nextSequence += 2), "female");
  const row = await t.db
    .insertInto("person")
    .values({ name, gender: "female", birthDate: "1996-03-01", ...protectIdNumber(env.deps.secrets.piiKey, id), employerId: null, regionCode, phone: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function account(
  username: string,
  role: "judge" | "chief_judge" | "deputy_chief_judge" | "organizer",
  skillId: string | null,
  regionCode: string | null,
): Promise<Principal> {
  const personId = regionCode ? await person(`${username} 本人`, regionCode) : null;
  const user = await t.db
    .insertInto("appUser")
    .values({ username, displayName: `裁判 ${username}`, passwordHash: null, personId })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db.insertInto("roleAssignment").values({ userId: user.id, role, competitionId: scope.competitionId, skillId }).execute();
  return { userId: user.id, isPlatformAdmin: false, grants: [{ role, competitionId: scope.competitionId, skillId, delegationId: null }] };
}

beforeAll(async () => {
  t = await createTestDatabase();
  env = testServiceDeps(t);
  const admin = await createPlatformAdmin(t.db);
  const { competitionId, skillId } = await createCompetitionWithSkill(env.deps, admin);
  const otherSkillId = await createSkill(env.deps, admin, competitionId, { nameZh: "数控铣" });
  scope = { competitionId, skillId };
  await saveMarkingScheme(env.deps, admin, { ...scope, draft: exampleSchemeDraft() });
  for (const [code, region, skill] of [
    ["T-0001", "510700", skillId],
    ["T-0002", "510600", skillId],
    ["T-0003", "510800", skillId],
    ["X-0001", "510800", otherSkillId],
  ] as const) {
    const { delegationId } = await saveDelegation(
      env.deps,
      admin,
      competitionId,
      DelegationInputSchema.parse({ nameZh: `${code}代表队`, kind: "region", regionCode: region }),
      null,
    ).catch(async () => ({
      delegationId: (await t.db.selectFrom("delegation").select("id").where("regionCode", "=", region).executeTakeFirstOrThrow()).id,
    }));
    personOf[code] = await person(`选手${code}`, region);
    const c = await t.db
      .insertInto("competitor")
      .values({ competitionId, skillId: skill, delegationId, registrationNo: code })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db.insertInto("competitorMember").values({ competitorId: c.id, personId: personOf[code]! }).execute();
    competitorOf[code] = c.id;
  }
  chief = await account("chief.w", "chief_judge", skillId, "510100");
  deputy = await account("deputy.w", "deputy_chief_judge", skillId, "510100");
  organizer = await account("org", "organizer", null, null);
  judgeA = await account("judge.a", "judge", skillId, "510100");
  await account("judge.b", "judge", skillId, "510300");
  await account("judge.c", "judge", skillId, "510400");
  await account("judge.my", "judge", skillId, "510700"); // Mianyang, as T-0001's delegation
  await account("judge.cnc", "judge", otherSkillId, "510500");
  await t.db.insertInto("appUser").values({ username: "clerk", displayName: "录入员", passwordHash: null }).execute();
});
afterAll(async () => t.drop());

describe("entering and verifying a paper score sheet", () => {
  it("keeps a clean sheet as entered, counting nothing, until a second person verifies it; then its marks count", async () => {
    const marksBefore = await countOf("mark");
    const entered = await enter(
      csv(
        "T-0001,A1.3,judge.a,2",
        "T-0001,A1.3,judge.b,3",
        "T-0001,A1.3,judge.c,2",
        "T-0001,A2.1,judge.a,yes",
        "T-0003,A1.2,judge.b,minor",
        "T-0003,A1.1,judge.c,1.8",
      ),
      "模块A 纸质评分表.csv",
    );
    expect(entered).toMatchObject({ ok: true, rows: 6, replayed: false });
    if (!entered.ok) return;
    expect(await countOf("mark")).toBe(marksBefore);
    expect((await loadSkillResults(t.db, scope)).competitors.find((c) => c.code === "T-0001")!.aspects.find((a) => a.code === "A1.3")!.mark).toBeNull();

    const verified = await verifyScoreSheet(env.deps, organizer, scope, entered.sheetId);
    expect(verified).toEqual({ ok: true, sheetId: entered.sheetId, marks: 6, corrections: 0, replayed: false });
    const marks = await t.db
      .selectFrom("mark")
      .innerJoin("appUser", "appUser.id", "mark.judgeUserId")
      .select(["appUser.username", "mark.recordedBy", "mark.revision"])
      .where("mark.recordedBy", "=", organizer.userId)
      .execute();
    expect(marks.map((m) => m.username).sort()).toEqual(["judge.a", "judge.a", "judge.b", "judge.b", "judge.c", "judge.c"]);
    const results = await loadSkillResults(t.db, scope);
    const t1 = results.competitors.find((c) => c.code === "T-0001")!;
    // Judgement: 10 × mean(2, 3, 2) / 3 = 70/9; all or nothing: 5.
    expect(toFixed(t1.aspects.find((a) => a.code === "A1.3")!.mark!)).toBe("7.78");
    expect(toFixed(t1.aspects.find((a) => a.code === "A2.1")!.mark!)).toBe("5.00");
    const t3 = results.competitors.find((c) => c.code === "T-0003")!;
    expect(toFixed(t3.aspects.find((a) => a.code === "A1.2")!.mark!)).toBe("7.00");
    // The kept standings moved with every mark, as the full re-aggregation says.
    const standings = await loadSkillStandings(t.db, scope);
    for (const c of results.competitors) expect(toFixed(standings.competitors.find((s) => s.competitorId === c.competitorId)!.total)).toBe(toFixed(c.total));

    const rows = await t.db.selectFrom("scoreSheetRow").select(["markId"]).where("sheetId", "=", entered.sheetId).execute();
    expect(rows.every((r) => r.markId !== null)).toBe(true);
    const [sheet] = await listScoreSheets(t.db, scope);
    expect(sheet).toMatchObject({
      id: entered.sheetId,
      fileName: "模块A 纸质评分表.csv",
      state: "verified",
      enteredBy: { id: chief.userId, name: "裁判 chief.w" },
      decidedBy: { id: organizer.userId, name: "裁判 org" },
    });
    const audited = await t.db
      .selectFrom("auditEvent")
      .select(["action", "actorUserId", "after"])
      .where("action", "in", ["mark.recorded", "score_sheet.entered", "score_sheet.verified"])
      .orderBy("seq")
      .execute();
    expect(audited.filter((e) => e.action === "mark.recorded" && (e.after as { scoreSheetId?: string }).scoreSheetId === entered.sheetId)).toHaveLength(6);
    expect(audited.map((e) => e.action).slice(-2)).toEqual(["mark.recorded", "score_sheet.verified"]);
    const events = env.published.filter((e) => e.type === "mark.recorded").slice(-6);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 6 }, (_, i) => events[0]!.seq + i));
    expect(await verifyStoredAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it("lets neither the person who entered a sheet verify or reject it, nor a judge enter or verify one", async () => {
    const sheetId = await enteredId(csv("T-0002,A1.3,judge.a,1"));
    expect(await codeOf(verifyScoreSheet(env.deps, chief, scope, sheetId))).toBe("SCORE_SHEET_SAME_PERSON");
    expect(await codeOf(rejectScoreSheet(env.deps, chief, scope, sheetId, "录错了"))).toBe("SCORE_SHEET_SAME_PERSON");
    expect(await codeOf(enter(csv("T-0002,A1.3,judge.b,1"), "x.csv", judgeA))).toBe("FORBIDDEN");
    expect(await codeOf(verifyScoreSheet(env.deps, judgeA, scope, sheetId))).toBe("FORBIDDEN");
    // The database holds the same line.
    await expect(
      sql`update score_sheet set state = 'verified', decided_by = entered_by, decided_at = now() where id = ${sheetId}`.execute(t.db),
    ).rejects.toThrow();
    // The deputy chief judge is another person who runs the skill's judging.
    await expect(verifyScoreSheet(env.deps, deputy, scope, sheetId)).resolves.toMatchObject({ ok: true, marks: 1 });
  });

  it("refuses a half-valid file whole, listing every problem with its row and column, and writes nothing", async () => {
    const before = await Promise.all([countOf("mark"), countOf("scoreSheet"), countOf("scoreSheetRow")]);
    const outcome = await enter(
      csv(
        "T-0003,A2.2,judge.a,2", // 2: fine
        "T-9999,A2.2,judge.a,2", // 3: unknown code
        "X-0001,A2.2,judge.a,2", // 4: a competitor of another skill
        "T-0003,Z9.9,judge.a,2", // 5: no such aspect
        "T-0003,A2.2,nobody,2", // 6: no such account
        "T-0003,A2.2,judge.cnc,2", // 7: a judge of another skill
        "T-0003,A2.2,clerk,1", // 8: an account that judges nothing
        "T-0003,A2.2,judge.b,4", // 9: judgement out of 0–3
        "T-0003,A2.1,judge.a,maybe", // 10: all or nothing takes yes/no
        "T-0003,B1.2,judge.a,grade9", // 11: not one of the choices
        "T-0003,B2.2,judge.a,10.01", // 12: panel mark above the max
        "T-0003,B1.1,judge.a,1.5cm", // 13: not a number
        "T-0001,A2.2,judge.my,2", // 14: recusal — the judge's own delegation
        "T-0003,A2.2,judge.a,3", // 15: the same judge, aspect and competitor as row 2
        "T-0003,,judge.c,2", // 16: empty cell
      ),
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [3, "competitor_code", "UNKNOWN_COMPETITOR"],
      [4, "competitor_code", "COMPETITOR_OF_OTHER_SKILL"],
      [5, "aspect_code", "UNKNOWN_ASPECT"],
      [6, "judge", "UNKNOWN_JUDGE"],
      [7, "judge", "NOT_A_JUDGE_OF_SKILL"],
      [8, "judge", "NOT_A_JUDGE_OF_SKILL"],
      [9, "value", "SCORE_NOT_0_TO_3"],
      [10, "value", "VALUE_NOT_YES_NO"],
      [11, "value", "UNKNOWN_CHOICE"],
      [12, "value", "MARK_OUT_OF_RANGE"],
      [13, "value", "VALUE_NOT_A_NUMBER"],
      [14, "judge", "JUDGE_CONFLICT"],
      [15, "judge", "DUPLICATE_ROW"],
      [16, "aspect_code", "MISSING_VALUE"],
    ]);
    expect(outcome.problems.find((p) => p.row === 14)!.params).toEqual({ reason: "delegation", judge: "judge.my" });
    expect(outcome.problems.find((p) => p.row === 3)!.params).toEqual({ value: "T-9999" });
    expect(await Promise.all([countOf("mark"), countOf("scoreSheet"), countOf("scoreSheetRow")])).toEqual(before);
  });

  it("refuses a file it cannot read, with nothing stored", async () => {
    const before = await countOf("scoreSheet");
    expect(await enter(new Uint8Array([0xd1, 0xa1, 0xca, 0xd6, 0x2c, 0x0a]))).toEqual({ ok: false, problems: [{ code: "NOT_UTF8", params: {} }] });
    expect(await enter(new TextEncoder().encode(`${header}\n`))).toEqual({ ok: false, problems: [{ code: "EMPTY_FILE", params: {} }] });
    expect(await countOf("scoreSheet")).toBe(before);
  });

  it("refuses the verification of a sheet whose module was locked after it was entered, writing nothing; after the unlock it verifies", async () => {
    const sheetId = await enteredId(csv("T-0002,B2.1,judge.b,yes", "T-0002,B2.3,judge.b,no", "T-0003,A2.2,judge.c,1"));
    await setModuleLock(env.deps, chief, scope, { moduleCode: "B", locked: true });
    const marksBefore = await countOf("mark");
    const refused = await verifyScoreSheet(env.deps, organizer, scope, sheetId);
    expect(refused).toEqual({
      ok: false,
      problems: [
        { code: "MODULE_LOCKED", row: 2, column: "aspect_code", params: { module: "B" } },
        { code: "MODULE_LOCKED", row: 3, column: "aspect_code", params: { module: "B" } },
      ],
    });
    expect(await countOf("mark")).toBe(marksBefore);
    expect((await loadScoreSheet(t.db, scope, sheetId))!.sheet.state).toBe("entered");
    await setModuleLock(env.deps, chief, scope, { moduleCode: "B", locked: false, reason: "纸质评分表待录入" });
    await expect(verifyScoreSheet(env.deps, organizer, scope, sheetId)).resolves.toMatchObject({ ok: true, marks: 3 });
  });

  it("refuses a row whose judge has a declared relation to the competitor, at entry and at verification", async () => {
    const judgeC = (await t.db.selectFrom("appUser").select("id").where("username", "=", "judge.c").executeTakeFirstOrThrow()).id;
    const sheetId = await enteredId(csv("T-0002,A2.2,judge.c,2"));
    await declareRelation(
      env.deps,
      organizer,
      scope.competitionId,
      DeclareRelationSchema.parse({ judgeUserId: judgeC, competitorId: competitorOf["T-0002"], kind: "teacher" }),
    );
    expect(await verifyScoreSheet(env.deps, organizer, scope, sheetId)).toEqual({
      ok: false,
      problems: [{ code: "JUDGE_CONFLICT", row: 2, column: "judge", params: { reason: "relation", judge: "judge.c" } }],
    });
    const again = await enter(csv("T-0002,A1.1,judge.c,1.5"));
    expect(again.ok ? [] : again.problems.map((p) => [p.code, p.params.reason])).toEqual([["JUDGE_CONFLICT", "relation"]]);
  });

  it("verifies once: a repeated verification, even at the same moment, returns the stored result and writes no second mark", async () => {
    const sheetId = await enteredId(csv("T-0003,A1.3,judge.a,3", "T-0003,A1.3,judge.b,3", "T-0003,A1.3,judge.c,2"));
    const [first, second] = await Promise.all([verifyScoreSheet(env.deps, organizer, scope, sheetId), verifyScoreSheet(env.deps, deputy, scope, sheetId)]);
    expect([first, second].map((o) => o.ok && o.replayed).sort()).toEqual([false, true]);
    const marks = await t.db
      .selectFrom("mark")
      .innerJoin("scoreSheetRow", "scoreSheetRow.markId", "mark.id")
      .select("mark.id")
      .where("scoreSheetRow.sheetId", "=", sheetId)
      .execute();
    expect(marks).toHaveLength(3);
    const markCount = await countOf("mark");
    await expect(verifyScoreSheet(env.deps, organizer, scope, sheetId)).resolves.toEqual({ ok: true, sheetId, marks: 3, corrections: 0, replayed: true });
    expect(await countOf("mark")).toBe(markCount);
  });

  it("rejects with a reason, by another person; a rejected sheet never counts, and its file may be entered again", async () => {
    const bytes = csv("T-0002,A2.1,judge.a,no");
    const sheetId = await enteredId(bytes);
    expect(await enter(bytes)).toEqual({ ok: true, sheetId, rows: 1, replayed: true }); // the same file again, while it waits
    expect(await codeOf(rejectScoreSheet(env.deps, organizer, scope, sheetId, "  "))).toBe("REASON_REQUIRED");
    await expect(rejectScoreSheet(env.deps, organizer, scope, sheetId, "第2行评分与纸质原件不符")).resolves.toEqual({
      sheetId,
      state: "rejected",
      replayed: false,
    });
    expect(await codeOf(verifyScoreSheet(env.deps, deputy, scope, sheetId))).toBe("SCORE_SHEET_DECIDED");
    const [listed] = (await listScoreSheets(t.db, scope)).filter((s) => s.id === sheetId);
    expect(listed).toMatchObject({ state: "rejected", rejectReason: "第2行评分与纸质原件不符", decidedBy: { id: organizer.userId } });
    expect(await t.db.selectFrom("scoreSheetRow").select("markId").where("sheetId", "=", sheetId).executeTakeFirst()).toEqual({ markId: null });
    const again = await enter(bytes);
    expect(again).toMatchObject({ ok: true, replayed: false });
    const audit = await t.db
      .selectFrom("auditEvent")
      .select(["reason", "actorUserId"])
      .where("action", "=", "score_sheet.rejected")
      .where("entityId", "=", sheetId)
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ reason: "第2行评分与纸质原件不符", actorUserId: organizer.userId });
  });

  it("corrects a judge's earlier mark with the sheet as the reason, but refuses to overwrite a mark recorded after the sheet was entered", async () => {
    const tablet = await recordMark(env.deps, judgeA, scope, {
      submissionId: randomUUID(),
      competitorId: competitorOf["T-0002"]!,
      aspectCode: "A1.2",
      value: { choiceId: "none" },
    });
    const sheetId = await enteredId(csv("T-0002,A1.2,judge.a,severe"), "复评.csv");
    expect((await loadScoreSheet(t.db, scope, sheetId))!.rows).toEqual([
      {
        row: 2,
        competitorCode: "T-0002",
        aspectCode: "A1.2",
        judge: { username: "judge.a", name: "裁判 judge.a" },
        value: { choiceId: "severe" },
        corrects: 1,
        revision: null,
      },
    ]);
    await expect(verifyScoreSheet(env.deps, organizer, scope, sheetId)).resolves.toMatchObject({ ok: true, marks: 1, corrections: 1 });
    const corrected = await t.db
      .selectFrom("mark")
      .select(["revision", "supersedesId", "reason", "recordedBy", "judgeUserId"])
      .where("supersedesId", "=", tablet.markId)
      .executeTakeFirstOrThrow();
    expect(corrected).toEqual({
      revision: 2,
      supersedesId: tablet.markId,
      reason: "纸质评分表 score sheet: 复评.csv",
      recordedBy: organizer.userId,
      judgeUserId: judgeA.userId,
    });

    // Entered against revision 2; the judge corrects at the tablet before it is verified.
    const stale = await enteredId(csv("T-0002,A1.2,judge.a,minor", "T-0003,A2.1,judge.a,yes"));
    await recordMark(env.deps, judgeA, scope, {
      submissionId: randomUUID(),
      competitorId: competitorOf["T-0002"]!,
      aspectCode: "A1.2",
      value: { choiceId: "none" },
      reason: "复测",
    });
    const marksBefore = await countOf("mark");
    expect(await verifyScoreSheet(env.deps, organizer, scope, stale)).toEqual({
      ok: false,
      problems: [{ code: "MARK_CONFLICT", row: 2, column: "value", params: { judge: "judge.a", revision: 3 } }],
    });
    expect(await countOf("mark")).toBe(marksBefore);
  });

  it("shows rows by codes only, never a competitor's name or delegation", async () => {
    const sheetId = await enteredId(csv("T-0001,B2.3,judge.b,yes"));
    const loaded = await loadScoreSheet(t.db, scope, sheetId);
    const text = JSON.stringify(loaded);
    expect(text).toContain("T-0001");
    expect(text).not.toContain("选手T-0001");
    expect(text).not.toContain("代表队");
    expect(
      await loadScoreSheet(
        t.db,
        { ...scope, skillId: (await t.db.selectFrom("skill").select("id").where("nameZh", "=", "数控铣").executeTakeFirstOrThrow()).id },
        sheetId,
      ),
    ).toBeNull();
  });

  it("keeps sheets and rows: a decision never goes back, nothing is deleted", async () => {
    const [verified] = (await listScoreSheets(t.db, scope)).filter((s) => s.state === "verified");
    await expect(sql`update score_sheet set state = 'entered', decided_by = null, decided_at = null where id = ${verified!.id}`.execute(t.db)).rejects.toThrow(
      /moves once/,
    );
    await expect(sql`delete from score_sheet_row where sheet_id = ${verified!.id}`.execute(t.db)).rejects.toThrow(/kept/);
    await expect(sql`update score_sheet_row set input = '{"score":0}' where sheet_id = ${verified!.id}`.execute(t.db)).rejects.toThrow(/changes only once/);
    await expect(sql`delete from score_sheet where id = ${verified!.id}`.execute(t.db)).rejects.toThrow(/kept/);
    expect(await verifyStoredAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it("refuses one person in both seats, whatever door: no organizer-made token, no organizer as chief judge, the chief's own token and session are one person", async () => {
    const organizerName = (await t.db.selectFrom("appUser").select("username").where("id", "=", organizer.userId).executeTakeFirstOrThrow()).username;
    // The organizer cannot mint the chief judge's token to enter a sheet as them, then verify it as themselves …
    expect(await codeOf(createApiToken(env.deps, organizer, scope.competitionId, { label: "代录", username: "chief.w", role: "chief_judge" }))).toBe(
      "API_TOKEN_NOT_OWN",
    );
    // … nor become the skill's chief judge (or a judge) beside organizing.
    for (const role of ["chief_judge", "judge"] as const)
      expect(
        await codeOf(
          grantRole(env.deps, organizer, scope.competitionId, {
            username: organizerName,
            displayName: null,
            password: null,
            role,
            skillId: scope.skillId,
            delegationId: null,
          }),
        ),
      ).toBe("ROLE_CONFLICT");
    // The chief judge's own token enters; the same person signed in cannot verify or reject it.
    const { token } = await createApiToken(env.deps, chief, scope.competitionId, { label: "裁判长终端", username: "chief.w", role: "chief_judge" });
    const chiefByToken = (await principalOfApiToken(t.db, token, env.deps.now()))!;
    const sheetId = await (async () => {
      const outcome = await enter(csv("T-0003,A1.3,judge.c,1"), "token.csv", chiefByToken);
      if (!outcome.ok) throw new Error(`refused: ${JSON.stringify(outcome.problems)}`);
      return outcome.sheetId;
    })();
    expect(await codeOf(verifyScoreSheet(env.deps, chief, scope, sheetId))).toBe("SCORE_SHEET_SAME_PERSON");
    expect(await codeOf(rejectScoreSheet(env.deps, chief, scope, sheetId, "同一人"))).toBe("SCORE_SHEET_SAME_PERSON");
    await expect(rejectScoreSheet(env.deps, organizer, scope, sheetId, "另一人退回")).resolves.toBeDefined();
  });
});

const codeOf = refusalCode;
