import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createPlatformAdmin, createTestDatabase, testServiceDeps, type TestDatabase } from "../../../db/testing";
import { DomainError } from "~/domain/errors";
import type { Principal } from "~/domain/access/roles";
import { parseForm } from "~/web/validation.server";
import { verifyStoredAuditChain } from "../audit/verify-audit-chain.server";
import { grantRole } from "../accounts/grant-role.server";
import { revokeRole } from "../accounts/revoke-role.server";
import { CompetitionInputSchema, DelegationInputSchema, SkillInputSchema } from "~/domain/competition/inputs";
import { exampleCompetitionForm, exampleSkillForm } from "../../../db/test-support/example-forms";
import { saveCompetition } from "./save-competition.server";
import { saveDelegation } from "./save-delegation.server";
import { saveSkill } from "./save-skill.server";

let t: TestDatabase;
let env: ReturnType<typeof testServiceDeps>;
let admin: Principal;

const competitionForm = exampleCompetitionForm;
const skillForm = exampleSkillForm;

function form(values: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.set(k, v);
  return f;
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof DomainError) return `${e.code}${e.field ? `@${e.field}` : ""}`;
    throw e;
  }
  return undefined;
}

beforeAll(async () => {
  t = await createTestDatabase();
  env = testServiceDeps(t);
  admin = await createPlatformAdmin(t.db);
});
afterAll(async () => t.drop());

describe("competitions", () => {
  it("creates a competition with its rule set, makes the creator its organizer, and audits it", async () => {
    const input = CompetitionInputSchema.parse(competitionForm);
    const { competitionId } = await saveCompetition(env.deps, admin, input, null);
    const stored = await t.db.selectFrom("competition").select(["year", "ruleSettings", "status"]).where("id", "=", competitionId).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      year: 2026,
      status: "announced",
      ruleSettings: { fixedAwardCounts: [1, 2, 5], allowSharedRanks: true, showProvisionalLeaderboard: false },
    });
    const organizer = await t.db
      .selectFrom("roleAssignment")
      .select("role")
      .where("competitionId", "=", competitionId)
      .where("userId", "=", admin.userId)
      .executeTakeFirst();
    expect(organizer?.role).toBe("organizer");
    const audit = await t.db.selectFrom("auditEvent").select(["action", "actorUserId"]).where("competitionId", "=", competitionId).execute();
    expect(audit).toEqual([{ action: "competition.created", actorUserId: admin.userId }]);
  });

  it("records before and after of an edit and publishes a sequenced event after commit", async () => {
    const { competitionId } = await saveCompetition(env.deps, admin, CompetitionInputSchema.parse({ ...competitionForm, nameZh: "编辑测试赛" }), null);
    env.published.length = 0;
    await saveCompetition(env.deps, admin, CompetitionInputSchema.parse({ ...competitionForm, nameZh: "编辑测试赛", venue: "绵阳" }), competitionId);
    await saveCompetition(env.deps, admin, CompetitionInputSchema.parse({ ...competitionForm, nameZh: "编辑测试赛", venue: "德阳" }), competitionId);
    const event = await t.db
      .selectFrom("auditEvent")
      .select(["before", "after"])
      .where("action", "=", "competition.updated")
      .where("competitionId", "=", competitionId)
      .orderBy("seq")
      .executeTakeFirstOrThrow();
    expect(event.before).toMatchObject({ venue: "成都" });
    expect(event.after).toMatchObject({ venue: "绵阳" });
    expect(env.published.map((e) => [e.type, e.competitionId, e.seq])).toEqual([
      ["competition.updated", competitionId, 1],
      ["competition.updated", competitionId, 2],
    ]);
  });

  it("publishes nothing when the transaction fails", async () => {
    env.published.length = 0;
    const { competitionId } = await saveCompetition(env.deps, admin, CompetitionInputSchema.parse({ ...competitionForm, nameZh: "回滚测试赛" }), null);
    await saveSkill(env.deps, admin, competitionId, SkillInputSchema.parse(skillForm), null);
    env.published.length = 0;
    // Moving the dates away from the skill is refused inside the transaction.
    expect(
      await codeOf(
        saveCompetition(env.deps, admin, CompetitionInputSchema.parse({ ...competitionForm, nameZh: "回滚测试赛", startsOn: "2026-11-22" }), competitionId),
      ),
    ).toBe("SKILL_OUTSIDE_COMPETITION@startsOn");
    expect(env.published).toEqual([]);
  });

  it("refuses an organizer of one competition editing another", async () => {
    const { competitionId: mine } = await saveCompetition(env.deps, admin, CompetitionInputSchema.parse({ ...competitionForm, nameZh: "甲赛" }), null);
    const { competitionId: theirs } = await saveCompetition(env.deps, admin, CompetitionInputSchema.parse({ ...competitionForm, nameZh: "乙赛" }), null);
    const organizer: Principal = {
      userId: admin.userId,
      isPlatformAdmin: false,
      grants: [{ role: "organizer", competitionId: mine, skillId: null, delegationId: null }],
    };
    expect(await codeOf(saveCompetition(env.deps, organizer, CompetitionInputSchema.parse(competitionForm), theirs))).toBe("FORBIDDEN");
    expect(await codeOf(saveSkill(env.deps, organizer, theirs, SkillInputSchema.parse(skillForm), null))).toBe("FORBIDDEN");
    // A skill id of the other competition is not found within mine.
    const { skillId } = await saveSkill(env.deps, admin, theirs, SkillInputSchema.parse(skillForm), null);
    expect(await codeOf(saveSkill(env.deps, organizer, mine, SkillInputSchema.parse(skillForm), skillId))).toBe("NOT_FOUND");
  });
});

describe("skills and delegations", () => {
  let competitionId: string;
  beforeAll(async () => {
    ({ competitionId } = await saveCompetition(env.deps, admin, CompetitionInputSchema.parse({ ...competitionForm, nameZh: "赛项测试赛" }), null));
  });

  it.each([
    ["before the competition", { startsAt: "2026-11-19T08:30" }, "SKILL_OUTSIDE_COMPETITION@startsAt"],
    ["after the competition", { endsAt: "2026-11-25T08:30" }, "SKILL_OUTSIDE_COMPETITION@startsAt"],
  ])("refuses a skill %s", async (_n, change, code) => {
    expect(await codeOf(saveSkill(env.deps, admin, competitionId, SkillInputSchema.parse({ ...skillForm, ...change }), null))).toBe(code);
  });

  it("refuses a skill ending before it starts in the form, beside other errors", () => {
    const parsed = parseForm(SkillInputSchema, form({ ...skillForm, nameZh: "", endsAt: "2026-11-21T07:00" }));
    expect(parsed.ok ? null : parsed.fieldErrors).toMatchObject({ nameZh: { key: "validation.required" }, endsAt: { key: "validation.datesOutOfOrder" } });
  });

  it("accepts a skill starting early on the first day in Beijing time (still the day before in UTC)", async () => {
    await expect(
      saveSkill(
        env.deps,
        admin,
        competitionId,
        SkillInputSchema.parse({ ...skillForm, nameZh: "早场", startsAt: "2026-11-20T07:00", endsAt: "2026-11-20T12:00" }),
        null,
      ),
    ).resolves.toHaveProperty("skillId");
  });

  it("refuses a duplicate skill name in the same group, allows it in the other group", async () => {
    await saveSkill(env.deps, admin, competitionId, SkillInputSchema.parse(skillForm), null);
    expect(await codeOf(saveSkill(env.deps, admin, competitionId, SkillInputSchema.parse(skillForm), null))).toBe("DUPLICATE_NAME@nameZh");
    await expect(saveSkill(env.deps, admin, competitionId, SkillInputSchema.parse({ ...skillForm, entrantGroup: "student" }), null)).resolves.toHaveProperty(
      "skillId",
    );
  });

  it("refuses a duplicate delegation name", async () => {
    const input = DelegationInputSchema.parse({ nameZh: "成都市代表队", kind: "region", regionCode: "510100" });
    await saveDelegation(env.deps, admin, competitionId, input, null);
    expect(await codeOf(saveDelegation(env.deps, admin, competitionId, input, null))).toBe("DUPLICATE_NAME@nameZh");
  });

  it("grants a team leader to a delegation, refuses it without one, and revokes it keeping the row", async () => {
    const { delegationId } = await saveDelegation(
      env.deps,
      admin,
      competitionId,
      DelegationInputSchema.parse({ nameZh: "绵阳市代表队", kind: "region" }),
      null,
    );
    expect(
      await codeOf(
        grantRole(env.deps, admin, competitionId, {
          username: "leader.my",
          displayName: "领队",
          password: null,
          role: "team_leader",
          skillId: null,
          delegationId: null,
        }),
      ),
    ).toBe("ROLE_SCOPE_INVALID@delegationId");
    await grantRole(env.deps, admin, competitionId, {
      username: "leader.my",
      displayName: "领队",
      password: null,
      role: "team_leader",
      skillId: null,
      delegationId,
    });
    expect(
      await codeOf(
        grantRole(env.deps, admin, competitionId, {
          username: "leader.my",
          displayName: null,
          password: null,
          role: "team_leader",
          skillId: null,
          delegationId,
        }),
      ),
    ).toBe("ROLE_ALREADY_GRANTED@role");
    const grant = await t.db.selectFrom("roleAssignment").select("id").where("delegationId", "=", delegationId).executeTakeFirstOrThrow();
    await revokeRole(env.deps, admin, competitionId, grant.id);
    const row = await t.db.selectFrom("roleAssignment").select(["revokedAt", "revokedBy"]).where("id", "=", grant.id).executeTakeFirstOrThrow();
    expect(row.revokedBy).toBe(admin.userId);
    expect(await codeOf(revokeRole(env.deps, admin, competitionId, grant.id))).toBe("NOT_FOUND");
  });
});

describe("hostile form input", () => {
  it.each([
    ["a missing name", { nameZh: "" }, "nameZh", "validation.required"],
    ["a 10 MB name", { nameZh: "赛".repeat(10 * 1024 * 1024) }, "nameZh", "validation.tooLong"],
    ["a NUL byte", { venue: "成都\u0000" }, "venue", "validation.controlCharacters"],
    ["an unknown level", { level: "galactic" }, "level", "validation.invalidChoice"],
    ["a date that does not exist", { startsOn: "2026-02-30" }, "startsOn", "validation.invalidDate"],
    ["a number that is not one", { minimumEntrants: "30; drop table competition" }, "minimumEntrants", "validation.notANumber"],
    ["an end before the start, beside another error", { nameZh: "", endsOn: "2026-11-01" }, "endsOn", "validation.datesOutOfOrder"],
  ])("refuses %s with a field error", (_n, change, field, key) => {
    const parsed = parseForm(CompetitionInputSchema, form({ ...competitionForm, ...change }));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.fieldErrors[field]?.key).toBe(key);
  });

  it("stores SQL and script text verbatim as data", async () => {
    const hostile = `'); drop table competition; -- <script>alert(1)</script>`;
    const parsed = parseForm(CompetitionInputSchema, form({ ...competitionForm, nameZh: hostile }));
    if (!parsed.ok) throw new Error("expected valid");
    const { competitionId } = await saveCompetition(env.deps, admin, parsed.data, null);
    const stored = await t.db.selectFrom("competition").select("nameZh").where("id", "=", competitionId).executeTakeFirstOrThrow();
    expect(stored.nameZh).toBe(hostile);
  });
});

describe("audit chain", () => {
  it("verifies after all the changes above, and names the first event tampered with directly in the database", async () => {
    const verdict = await verifyStoredAuditChain(t.db, 7);
    expect(verdict).toMatchObject({ ok: true });
    const checked = verdict.checked;
    expect(checked).toBeGreaterThan(10);
    // An attacker with database access disables the append-only trigger and edits event 5.
    await sql`alter table audit_event disable trigger audit_event_no_update`.execute(t.db);
    await sql`update audit_event set after = '{"venue":"forged"}'::jsonb where seq = 5`.execute(t.db);
    await sql`alter table audit_event enable trigger audit_event_no_update`.execute(t.db);
    expect(await verifyStoredAuditChain(t.db, 7)).toEqual({ ok: false, checked: 4, brokenAtSeq: 5, problem: "hash_mismatch" });
  });
});
