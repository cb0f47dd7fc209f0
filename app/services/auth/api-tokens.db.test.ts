import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCompetitionWithSkill, createPlatformAdmin, createTestDatabase, refusalCode, testServiceDeps, type TestDatabase } from "../../../db/testing";
import { DomainError } from "~/domain/errors";
import type { Principal } from "~/domain/access/roles";
import { grantRole } from "../accounts/grant-role.server";
import { revokeRole } from "../accounts/revoke-role.server";
import { createApiToken, principalOfApiToken } from "./api-tokens.server";
import { loadPrincipal } from "./grants.server";

let t: TestDatabase;
let env: ReturnType<typeof testServiceDeps>;
let admin: Principal;
let competitionId: string;
let skillId: string;
let judgeApi: Principal;
let organizer: Principal;

beforeAll(async () => {
  t = await createTestDatabase();
  env = testServiceDeps(t);
  admin = await createPlatformAdmin(t.db);
  ({ competitionId, skillId } = await createCompetitionWithSkill(env.deps, admin));
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
  const idOf = async (username: string) => (await t.db.selectFrom("appUser").select("id").where("username", "=", username).executeTakeFirstOrThrow()).id;
  judgeApi = (await loadPrincipal(t.db, await idOf("judge.api")))!;
  await grantRole(env.deps, admin, competitionId, {
    username: "org.a",
    displayName: "赛务组",
    password: null,
    role: "organizer",
    skillId: null,
    delegationId: null,
  });
  organizer = (await loadPrincipal(t.db, await idOf("org.a")))!;
});
afterAll(async () => t.drop());

const auditOf = (action: string, entityId: string) =>
  t.db.selectFrom("auditEvent").select(["actorUserId", "after", "before"]).where("action", "=", action).where("entityId", "=", entityId).executeTakeFirst();

describe("API tokens", () => {
  it("act as the account with only the token's role, in only its competition", async () => {
    const { token } = await createApiToken(env.deps, judgeApi, competitionId, { label: "A馆计分终端", username: "judge.api", role: "judge" });
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
    const { token, id } = await createApiToken(env.deps, judgeApi, competitionId, { label: "临时", username: "judge.api", role: "supervisor" });
    await t.db.updateTable("apiToken").set({ revokedAt: env.deps.now() }).where("id", "=", id).execute();
    expect(await principalOfApiToken(t.db, token, env.deps.now())).toBeNull();
    for (const nonsense of ["", "gj_", "Bearer x", "gj_' OR '1'='1", "x".repeat(5000)])
      expect(await principalOfApiToken(t.db, nonsense, env.deps.now())).toBeNull();
  });

  it("a judging token is made only by its holder: not by an organizer, not by a platform admin, not by another judge", async () => {
    for (const creator of [organizer, admin])
      for (const role of ["judge", "supervisor"] as const)
        expect(await refusalCode(createApiToken(env.deps, creator, competitionId, { label: "代办", username: "judge.api", role }))).toBe("API_TOKEN_NOT_OWN");
    expect(await t.db.selectFrom("apiToken").select("id").where("label", "=", "代办").execute()).toEqual([]);
  });

  it("lets an organizer make another account's token of a role that is not personal", async () => {
    await grantRole(env.deps, admin, competitionId, {
      username: "org.b",
      displayName: "赛务组乙",
      password: null,
      role: "organizer",
      skillId: null,
      delegationId: null,
    });
    const { token } = await createApiToken(env.deps, organizer, competitionId, { label: "批量导入", username: "org.b", role: "organizer" });
    expect((await principalOfApiToken(t.db, token, env.deps.now()))?.grants).toEqual([{ role: "organizer", competitionId, skillId: null, delegationId: null }]);
  });

  it("audits every token made, with who made it and for whom", async () => {
    const { id } = await createApiToken(env.deps, judgeApi, competitionId, { label: "B馆", username: "judge.api", role: "judge" });
    expect(await auditOf("api_token.created", id)).toMatchObject({
      actorUserId: judgeApi.userId,
      after: { label: "B馆", userId: judgeApi.userId, username: "judge.api", role: "judge" },
    });
  });

  it("only organizers create tokens", async () => {
    const judge: Principal = { userId: admin.userId, isPlatformAdmin: false, grants: [{ role: "judge", competitionId, skillId, delegationId: null }] };
    await expect(createApiToken(env.deps, judge, competitionId, { label: "x", username: "judge.api", role: "judge" })).rejects.toBeInstanceOf(DomainError);
  });
});

describe("role grants", () => {
  it("refuses one person organizing and judging a skill, in either order, and audits grants and revocations with their actor", async () => {
    const granted = await grantRole(env.deps, admin, competitionId, {
      username: "judge.two",
      displayName: "裁判乙",
      password: null,
      role: "judge",
      skillId,
      delegationId: null,
    });
    const organizing = { username: "judge.two", displayName: null, password: null, role: "organizer", skillId: null, delegationId: null } as const;
    expect(await refusalCode(grantRole(env.deps, organizer, competitionId, organizing))).toBe("ROLE_CONFLICT");
    const orgName = "org.a";
    for (const role of ["judge", "chief_judge", "deputy_chief_judge"] as const)
      expect(
        await refusalCode(
          grantRole(env.deps, organizer, competitionId, { username: orgName, displayName: null, password: null, role, skillId, delegationId: null }),
        ),
      ).toBe("ROLE_CONFLICT");
    // A supervisor's seat beside organizing is not a judging one.
    await grantRole(env.deps, organizer, competitionId, {
      username: orgName,
      displayName: null,
      password: null,
      role: "supervisor",
      skillId: null,
      delegationId: null,
    });

    const assignment = await t.db
      .selectFrom("roleAssignment")
      .select("id")
      .where("userId", "=", granted.userId)
      .where("role", "=", "judge")
      .executeTakeFirstOrThrow();
    expect(await auditOf("role.granted", assignment.id)).toMatchObject({
      actorUserId: admin.userId,
      after: { userId: granted.userId, role: "judge", skillId },
    });
    await revokeRole(env.deps, organizer, competitionId, assignment.id);
    expect(await auditOf("role.revoked", assignment.id)).toMatchObject({ actorUserId: organizer.userId, before: { userId: granted.userId, role: "judge" } });
    // Once the judging seat is revoked, the organizing one may be granted.
    await expect(grantRole(env.deps, organizer, competitionId, organizing)).resolves.toMatchObject({ userId: granted.userId });
  });
});
