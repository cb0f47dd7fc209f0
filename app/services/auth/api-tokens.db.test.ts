import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testServiceDeps, type TestDatabase } from "../../../db/testing";
import { DomainError } from "~/domain/errors";
import type { Principal } from "~/domain/access/roles";
import { CompetitionInputSchema, SkillInputSchema } from "~/domain/competition/inputs";
import { exampleCompetitionForm, exampleSkillForm } from "../../../db/test-support/example-forms";
import { saveCompetition } from "../competitions/save-competition.server";
import { saveSkill } from "../competitions/save-skill.server";
import { grantRole } from "../accounts/grant-role.server";
import { createApiToken, principalOfApiToken } from "./api-tokens.server";

let t: TestDatabase;
let env: ReturnType<typeof testServiceDeps>;
let admin: Principal;
let competitionId: string;
let skillId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  env = testServiceDeps(t);
  const root = await t.db
    .insertInto("appUser")
    .values({ username: "root", displayName: "管理员", passwordHash: null, isPlatformAdmin: true })
    .returning("id")
    .executeTakeFirstOrThrow();
  admin = { userId: root.id, isPlatformAdmin: true, grants: [] };
  ({ competitionId } = await saveCompetition(env.deps, admin, CompetitionInputSchema.parse(exampleCompetitionForm), null));
  ({ skillId } = await saveSkill(env.deps, admin, competitionId, SkillInputSchema.parse(exampleSkillForm), null));
  await grantRole(env.deps, admin, competitionId, {
    username: "judge.api",
    displayName: "设备裁判",
    password: null,
    role: "judge",
    skillId,
    delegationId: null,
  });
  await grantRole(env.deps, admin, competitionId, {
    username: "judge.api",
    displayName: null,
    password: null,
    role: "supervisor",
    skillId: null,
    delegationId: null,
  });
});
afterAll(async () => t.drop());

describe("API tokens", () => {
  it("act as the account with only the token's role, in only its competition", async () => {
    const { token } = await createApiToken(env.deps, admin, competitionId, { label: "A馆计分终端", username: "judge.api", role: "judge" });
    expect(token).toMatch(/^gj_[A-Za-z0-9_-]{43}$/);
    const principal = await principalOfApiToken(t.db, token, env.deps.now());
    expect(principal?.grants).toEqual([{ role: "judge", competitionId, skillId, delegationId: null }]);
    const stored = await t.db.selectFrom("apiToken").select("tokenHash").executeTakeFirstOrThrow();
    expect(stored.tokenHash).not.toContain(token.slice(3, 20));
  });

  it("cannot grant a role the account does not hold", async () => {
    await expect(createApiToken(env.deps, admin, competitionId, { label: "越权", username: "judge.api", role: "organizer" })).rejects.toBeInstanceOf(
      DomainError,
    );
  });

  it("stops working when revoked, and nonsense is no token", async () => {
    const { token, id } = await createApiToken(env.deps, admin, competitionId, { label: "临时", username: "judge.api", role: "supervisor" });
    await t.db.updateTable("apiToken").set({ revokedAt: env.deps.now() }).where("id", "=", id).execute();
    expect(await principalOfApiToken(t.db, token, env.deps.now())).toBeNull();
    for (const nonsense of ["", "gj_", "Bearer x", "gj_' OR '1'='1", "x".repeat(5000)])
      expect(await principalOfApiToken(t.db, nonsense, env.deps.now())).toBeNull();
  });

  it("only organizers create tokens", async () => {
    const judge: Principal = { userId: admin.userId, isPlatformAdmin: false, grants: [{ role: "judge", competitionId, skillId, delegationId: null }] };
    await expect(createApiToken(env.deps, judge, competitionId, { label: "x", username: "judge.api", role: "judge" })).rejects.toBeInstanceOf(DomainError);
  });
});
