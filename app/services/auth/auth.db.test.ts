import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, refusalCode, testServiceDeps, type TestDatabase } from "../../../db/testing";
import { hashPassword } from "./passwords.server";
import { signIn } from "./sign-in.server";
import { loadSessionUser, revokeSession } from "./sessions.server";
import { issueTabletCode, redeemTabletCode } from "./tablet-codes.server";
import { saveCompetition } from "../competitions/save-competition.server";
import { saveSkill } from "../competitions/save-skill.server";
import { grantRole } from "../accounts/grant-role.server";
import { CompetitionInputSchema, SkillInputSchema } from "../competitions/inputs";
import { exampleCompetitionForm, exampleSkillForm } from "../competitions/example-forms";
import type { Principal } from "~/domain/access/roles";

let t: TestDatabase;
let env: ReturnType<typeof testServiceDeps>;
let admin: Principal;
let competitionId: string;
let skillId: string;
let judgeId: string;
let chief: Principal;

const codeOf = refusalCode;

beforeAll(async () => {
  t = await createTestDatabase();
  env = testServiceDeps(t);
  const user = await t.db
    .insertInto("appUser")
    .values({ username: "root", displayName: "管理员", passwordHash: await hashPassword("correct horse battery"), isPlatformAdmin: true })
    .returning("id")
    .executeTakeFirstOrThrow();
  admin = { userId: user.id, isPlatformAdmin: true, grants: [] };
  const competition = CompetitionInputSchema.parse({ ...exampleCompetitionForm, status: "running" });
  ({ competitionId } = await saveCompetition(env.deps, admin, competition, null));
  const skill = SkillInputSchema.parse(exampleSkillForm);
  ({ skillId } = await saveSkill(env.deps, admin, competitionId, skill, null));
  ({ userId: judgeId } = await grantRole(env.deps, admin, competitionId, {
    username: "judge.one",
    displayName: "裁判一",
    password: null,
    role: "judge",
    skillId,
    delegationId: null,
  }));
  const { userId: chiefId } = await grantRole(env.deps, admin, competitionId, {
    username: "chief.one",
    displayName: "裁判长",
    password: "chief-password-1",
    role: "chief_judge",
    skillId,
    delegationId: null,
  });
  chief = { userId: chiefId, isPlatformAdmin: false, grants: [{ role: "chief_judge", competitionId, skillId, delegationId: null }] };
});
afterAll(async () => t.drop());

describe("password sign-in", () => {
  it("creates a database session the cookie token resolves to, with the user's grants", async () => {
    const session = await signIn(env.deps, { username: "chief.one", password: "chief-password-1", address: "10.0.0.1", userAgent: "test" });
    const user = await loadSessionUser(t.db, session.token, env.deps.now());
    expect(user).toMatchObject({ username: "chief.one", sessionKind: "password", grants: [{ role: "chief_judge", competitionId, skillId }] });
    await revokeSession(t.db, session.token, env.deps.now());
    expect(await loadSessionUser(t.db, session.token, env.deps.now())).toBeNull();
  });

  it("stores only a hash of the session token", async () => {
    const session = await signIn(env.deps, { username: "root", password: "correct horse battery", address: "10.0.0.1", userAgent: null });
    const rows = await t.db.selectFrom("session").select("id").execute();
    expect(rows.map((r) => r.id)).not.toContain(session.token);
  });

  it("refuses a wrong password and an unknown account the same way", async () => {
    expect(await codeOf(signIn(env.deps, { username: "root", password: "wrong", address: "10.0.0.2", userAgent: null }))).toBe("SIGN_IN_FAILED");
    expect(await codeOf(signIn(env.deps, { username: "nobody", password: "wrong", address: "10.0.0.2", userAgent: null }))).toBe("SIGN_IN_FAILED");
  });

  it("an account without a password cannot sign in with one", async () => {
    expect(await codeOf(signIn(env.deps, { username: "judge.one", password: "", address: "10.0.0.3", userAgent: null }))).toBe("SIGN_IN_FAILED");
  });

  it("throttles an account after 5 failures, even with the right password, until the window passes", async () => {
    for (let i = 0; i < 5; i++) await codeOf(signIn(env.deps, { username: "chief.one", password: "nope", address: `10.1.0.${i}`, userAgent: null }));
    expect(await codeOf(signIn(env.deps, { username: "chief.one", password: "chief-password-1", address: "10.1.1.1", userAgent: null }))).toBe(
      "SIGN_IN_THROTTLED",
    );
    env.advance(15 * 60 * 1000 + 1000);
    await expect(signIn(env.deps, { username: "chief.one", password: "chief-password-1", address: "10.1.1.1", userAgent: null })).resolves.toHaveProperty(
      "token",
    );
  });
});

describe("tablet sign-in codes", () => {
  it("a chief judge's code signs the judge in once, then never again", async () => {
    const { code } = await issueTabletCode(env.deps, chief, { competitionId, skillId, judgeUserId: judgeId });
    expect(code).toMatch(/^\d{8}$/);
    const session = await redeemTabletCode(env.deps, { code, address: "10.2.0.1", userAgent: "tablet" });
    expect(session).toMatchObject({ userId: judgeId, competitionId, skillId });
    expect((await loadSessionUser(t.db, session.token, env.deps.now()))?.sessionKind).toBe("tablet_code");
    expect(await codeOf(redeemTabletCode(env.deps, { code, address: "10.2.0.1", userAgent: "tablet" }))).toBe("TABLET_CODE_INVALID");
  });

  it("expires after 15 minutes, and a new code retires the old one", async () => {
    const first = await issueTabletCode(env.deps, chief, { competitionId, skillId, judgeUserId: judgeId });
    const second = await issueTabletCode(env.deps, chief, { competitionId, skillId, judgeUserId: judgeId });
    expect(await codeOf(redeemTabletCode(env.deps, { code: first.code, address: "10.3.0.1", userAgent: null }))).toBe("TABLET_CODE_INVALID");
    env.advance(16 * 60 * 1000);
    expect(await codeOf(redeemTabletCode(env.deps, { code: second.code, address: "10.3.0.1", userAgent: null }))).toBe("TABLET_CODE_INVALID");
  });

  it("only the skill's chief judge may issue, and only to a judge of that skill", async () => {
    const judge: Principal = { userId: judgeId, isPlatformAdmin: false, grants: [{ role: "judge", competitionId, skillId, delegationId: null }] };
    expect(await codeOf(issueTabletCode(env.deps, judge, { competitionId, skillId, judgeUserId: judgeId }))).toBe("FORBIDDEN");
    expect(await codeOf(issueTabletCode(env.deps, chief, { competitionId, skillId, judgeUserId: admin.userId }))).toBe("NOT_FOUND");
  });

  it("throttles guessing from one tablet address", async () => {
    for (let i = 0; i < 10; i++)
      expect(await codeOf(redeemTabletCode(env.deps, { code: String(10_000_000 + i), address: "10.9.9.9", userAgent: null }))).toBe("TABLET_CODE_INVALID");
    const { code } = await issueTabletCode(env.deps, chief, { competitionId, skillId, judgeUserId: judgeId });
    expect(await codeOf(redeemTabletCode(env.deps, { code, address: "10.9.9.9", userAgent: null }))).toBe("SIGN_IN_THROTTLED");
  });
});
