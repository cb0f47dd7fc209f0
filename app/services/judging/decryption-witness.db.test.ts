// The two-person rule of decryption: the chief judge opens the codes, another person — a
// supervisor — witnesses; one person holding both roles still cannot be both, by session or token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createCompetitionWithSkill,
  createPlatformAdmin,
  createTestDatabase,
  exampleSchemeDraft,
  refusalCode,
  testServiceDeps,
  type TestDatabase,
} from "../../../db/testing";
import type { Principal } from "~/domain/access/roles";
import { grantRole } from "../accounts/grant-role.server";
import { createApiToken, principalOfApiToken } from "../auth/api-tokens.server";
import { loadPrincipal } from "../auth/grants.server";
import { saveMarkingScheme } from "../marking-schemes/save-marking-scheme.server";
import { setModuleLock } from "../marks/set-module-lock.server";
import { decryptLayer } from "./console.server";

let t: TestDatabase;
let env: ReturnType<typeof testServiceDeps>;
let scope: { competitionId: string; skillId: string };
let chief: Principal;
let supervisor: Principal;
let judge: Principal;

beforeAll(async () => {
  t = await createTestDatabase();
  env = testServiceDeps(t);
  const admin = await createPlatformAdmin(t.db);
  const { competitionId, skillId } = await createCompetitionWithSkill(env.deps, admin);
  scope = { competitionId, skillId };
  await saveMarkingScheme(env.deps, admin, { ...scope, draft: exampleSchemeDraft() });
  const grant = async (username: string, role: "chief_judge" | "supervisor" | "judge", skill: string | null) =>
    (await grantRole(env.deps, admin, competitionId, { username, displayName: username, password: null, role, skillId: skill, delegationId: null })).userId;
  // The chief judge also supervises (a grant the rules allow): still one person.
  const chiefId = await grant("chief.w", "chief_judge", skillId);
  await grant("chief.w", "supervisor", null);
  chief = (await loadPrincipal(t.db, chiefId))!;
  supervisor = (await loadPrincipal(t.db, await grant("supervisor.w", "supervisor", null)))!;
  judge = (await loadPrincipal(t.db, await grant("judge.w", "judge", skillId)))!;
  const modules = await t.db
    .selectFrom("schemeModule as m")
    .innerJoin("markingScheme as s", "s.id", "m.schemeId")
    .select("m.code")
    .where("s.skillId", "=", skillId)
    .execute();
  for (const m of modules) await setModuleLock(env.deps, chief, scope, { moduleCode: m.code, locked: true });
});
afterAll(async () => t.drop());

describe("decryption and its witness", () => {
  it("refuses the chief judge as their own witness, though they hold a supervisor's grant, by session or by their own token", async () => {
    expect(await refusalCode(decryptLayer(env.deps, chief, scope, { layer: 1, witnessUserId: chief.userId }))).toBe("DECRYPT_WITNESS_SELF");
    const { token } = await createApiToken(env.deps, chief, scope.competitionId, { label: "裁判长", username: "chief.w", role: "chief_judge" });
    const chiefByToken = (await principalOfApiToken(t.db, token, env.deps.now()))!;
    expect(await refusalCode(decryptLayer(env.deps, chiefByToken, scope, { layer: 1, witnessUserId: chief.userId }))).toBe("DECRYPT_WITNESS_SELF");
    // Nor does a supervisor decrypt with the chief judge as witness: decrypting is the chief judge's.
    expect(await refusalCode(decryptLayer(env.deps, supervisor, scope, { layer: 1, witnessUserId: chief.userId }))).toBe("FORBIDDEN");
    expect(await t.db.selectFrom("decryption").select("layer").execute()).toEqual([]);
  });

  it("takes a witness who supervises, and no one else", async () => {
    expect(await refusalCode(decryptLayer(env.deps, chief, scope, { layer: 1, witnessUserId: judge.userId }))).toBe("DECRYPT_WITNESS_NOT_SUPERVISOR");
    await expect(decryptLayer(env.deps, chief, scope, { layer: 1, witnessUserId: supervisor.userId })).resolves.toMatchObject({ layer: 1, replayed: false });
    const audited = await t.db.selectFrom("auditEvent").select(["actorUserId", "after"]).where("action", "like", "%decrypt%").execute();
    expect(audited).toEqual([expect.objectContaining({ actorUserId: chief.userId, after: { layer: 1, witnessUserId: supervisor.userId } })]);
  });
});
