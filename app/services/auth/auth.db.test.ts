import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, refusalCode, testServiceDeps, type TestDatabase } from "../../../db/testing";
import { hashPassword } from "./passwords.server";
import { signIn } from "./sign-in.server";
import { loadSessionUser, revokeSession } from "./sessions.server";
import { issueTabletCode, redeemTabletCode } from "./tablet-codes.server";
import { saveCompetition } from "../competitions/save-competition.server";
import { saveSkill } from "../competitions/save-skill.server";
import { grantRole } from "../accounts/grant-role.server";
import { CompetitionInputSchema, SkillInputSchema } from "~/domain/competition/inputs";
import { exampleCompetitionForm, exampleSkillForm } from "../../../db/test-support/example-forms";
import type { Principal } from "~/domain/access/roles";
import { DomainError } from "~/domain/errors";
import { action as signInAction } from "~/routes/sign-in";

let t: TestDatabase;
let env: ReturnType<typeof testServiceDeps>;
let admin: Principal;
let competitionId: string;
let skillId: string;
let judgeId: string;
let chief: Principal;

const codeOf = refusalCode;

/** The wait a throttled attempt was refused with, in seconds (what Retry-After says). */
async function retryAfterOf(attempt: Promise<unknown>): Promise<number | undefined> {
  try {
    await attempt;
  } catch (error) {
    if (error instanceof DomainError && error.code === "SIGN_IN_THROTTLED") return Number(error.params.retryAfterSeconds);
    throw error;
  }
  return undefined;
}

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

  it("holds back one address guessing an account with a doubling wait; the judge at another address signs in", async () => {
    const attempt = (password: string, address: string) => signIn(env.deps, { username: "chief.one", password, address, userAgent: null });
    for (let i = 0; i < 5; i++) expect(await codeOf(attempt("nope", "10.1.0.1"))).toBe("SIGN_IN_FAILED");
    // Even the right password from there waits 30 s…
    expect(await retryAfterOf(attempt("chief-password-1", "10.1.0.1"))).toBe(30);
    // …while the chief judge, elsewhere, is not locked out.
    await expect(attempt("chief-password-1", "10.1.1.1")).resolves.toHaveProperty("token");
    env.advance(30_000);
    expect(await codeOf(attempt("nope", "10.1.0.1"))).toBe("SIGN_IN_FAILED");
    expect(await retryAfterOf(attempt("nope", "10.1.0.1"))).toBe(60);
    env.advance(60_000);
    await expect(attempt("chief-password-1", "10.1.0.1")).resolves.toHaveProperty("token");
    env.advance(15 * 60 * 1000);
  });

  it("holds back an account guessed from many addresses, each within its own allowance", async () => {
    const attempt = (password: string, address: string) => signIn(env.deps, { username: "root", password, address, userAgent: null });
    for (let i = 0; i < 50; i++) expect(await codeOf(attempt("nope", `10.4.${Math.floor(i / 4)}.${i % 4}`))).toBe("SIGN_IN_FAILED");
    expect(await retryAfterOf(attempt("correct horse battery", "10.5.0.1"))).toBe(60);
    env.advance(60_000);
    await expect(attempt("correct horse battery", "10.5.0.1")).resolves.toHaveProperty("token");
    env.advance(15 * 60 * 1000);
  });

  it("answers a throttled form with 429 and Retry-After in seconds", async () => {
    const post = () =>
      signInAction({
        request: new Request("http://localhost/sign-in", {
          method: "POST",
          body: new URLSearchParams({ username: "judge.one", password: "nope", redirectTo: "/" }),
        }),
        context: { deps: env.deps, clientAddress: "10.6.0.1", cookieSecure: false },
        params: {},
      });
    for (let i = 0; i < 5; i++) expect(((await post()) as { init: ResponseInit | null }).init?.status).toBe(400);
    const refused = (await post()) as { init: ResponseInit | null };
    expect(refused.init?.status).toBe(429);
    expect(new Headers(refused.init?.headers).get("Retry-After")).toBe("30");
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

  it("holds back wrong codes from one address, but a correct code from there still signs in", async () => {
    const redeem = (code: string, address: string) => redeemTabletCode(env.deps, { code, address, userAgent: null });
    for (let i = 0; i < 10; i++) expect(await codeOf(redeem(String(10_000_000 + i), "10.9.9.9"))).toBe("TABLET_CODE_INVALID");
    // The eleventh wrong code: 429, with the doubling wait.
    expect(await retryAfterOf(redeem("10000010", "10.9.9.9"))).toBe(60);
    expect(await retryAfterOf(redeem("10000011", "10.9.9.9"))).toBe(120);
    // The venue's judge, behind the same address, types the code the chief judge gave.
    const { code } = await issueTabletCode(env.deps, chief, { competitionId, skillId, judgeUserId: judgeId });
    await expect(redeem(code, "10.9.9.9")).resolves.toMatchObject({ userId: judgeId });
    env.advance(10 * 60 * 1000);
  });

  it("stops checking codes from held-back addresses while codes are guessed everywhere; other addresses are served", async () => {
    const redeem = (code: string, address: string) => redeemTabletCode(env.deps, { code, address, userAgent: null });
    for (let i = 0; i < 200; i++) await codeOf(redeem(String(20_000_000 + i), `10.7.${Math.floor(i / 10)}.1`));
    const { code } = await issueTabletCode(env.deps, chief, { competitionId, skillId, judgeUserId: judgeId });
    // 10.7.0.1 made ten wrong attempts: held back, and so is every code typed anywhere: not checked.
    expect(await retryAfterOf(redeem(code, "10.7.0.1"))).toBeGreaterThan(0);
    // A venue that typed nothing wrong is served.
    await expect(redeem(code, "10.8.0.1")).resolves.toMatchObject({ userId: judgeId });
    env.advance(10 * 60 * 1000);
  });
});
