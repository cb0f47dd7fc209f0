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
import { verifyStoredAuditChain } from "../audit/verify-audit-chain.server";
import { grantRole } from "../accounts/grant-role.server";
import { createApiToken, principalOfApiToken } from "../auth/api-tokens.server";
import { loadPrincipal } from "../auth/grants.server";
import { RegisterCompetitorsSchema, registerCompetitors, type RegistrationResult } from "./register-competitors.server";

let t: TestDatabase;
let env: ReturnType<typeof testServiceDeps>;
let admin: Principal;
let competitionId: string;
let skillId: string;
let teamSkillId: string;
let delegationId: string;
let otherCompetitionId: string;
let otherSkillId: string;

const wang = {
  name: "王建国",
  idNumber: composeIdNumber("510104", "2005-03-07", 11, "male"),
  gender: "male",
  birthDate: "2005-03-07",
  employerName: "成都数控机床厂",
};
const li = { name: "李秀英", idNumber: composeIdNumber("510104", "2006-08-15", 22, "female"), gender: "female", birthDate: "2006-08-15" };
const zhao = { name: "赵磊", idNumber: composeIdNumber("510300", "2004-12-01", 33, "male"), gender: "male", birthDate: "2004-12-01", phone: "138 0000 0000" };

function batch(competitors: unknown[]) {
  return RegisterCompetitorsSchema.parse({ competitors });
}

async function register(principal: Principal, skill: string, competitors: unknown[], competition = competitionId): Promise<RegistrationResult> {
  return registerCompetitors(env.deps, principal, { competitionId: competition, skillId: skill }, batch(competitors));
}

const counts = async () => ({
  persons: Number(
    (
      await t.db
        .selectFrom("person")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  competitors: Number(
    (
      await t.db
        .selectFrom("competitor")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  ),
});

beforeAll(async () => {
  t = await createTestDatabase();
  env = testServiceDeps(t);
  admin = await createPlatformAdmin(t.db);
  ({ competitionId, skillId } = await createCompetitionWithSkill(env.deps, admin));
  teamSkillId = await createSkill(env.deps, admin, competitionId, { nameZh: "机电一体化", teamSize: "2" });
  delegationId = await createDelegation(env.deps, admin, competitionId, { nameZh: "成都市代表队", nameEn: "Chengdu", kind: "region", regionCode: "510100" });
  ({ competitionId: otherCompetitionId, skillId: otherSkillId } = await createCompetitionWithSkill(env.deps, admin, {
    competition: { nameZh: "2026年成都市职业技能大赛", level: "city" },
  }));
  await createDelegation(env.deps, admin, otherCompetitionId, { nameZh: "高新区代表队", kind: "region" });
});
afterAll(async () => t.drop());

describe("registering competitors", () => {
  it("registers persons protected, answers masked, and audits the batch", async () => {
    const result = await register(admin, skillId, [
      { code: "W-001", delegationId, members: [wang] },
      { code: "W-002", delegation: "成都市代表队", members: [li] },
    ]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.created).toBe(2);
    expect(result.competitors.map((c) => [c.code, c.created, c.delegation.id])).toEqual([
      ["W-001", true, delegationId],
      ["W-002", true, delegationId],
    ]);
    const member = result.competitors[0]!.members[0]!;
    expect(member).toMatchObject({ name: "王建国", gender: "male", birthDate: "2005-03-07", idNumberMasked: `510${"*".repeat(11)}${wang.idNumber.slice(-4)}` });
    expect(JSON.stringify(result)).not.toContain(wang.idNumber);
    const stored = await t.db
      .selectFrom("person")
      .innerJoin("organization", "organization.id", "person.employerId")
      .select(["idNumberCipher", "idNumberIndex", "organization.name"])
      .where("person.name", "=", "王建国")
      .executeTakeFirstOrThrow();
    expect(stored.idNumberCipher).not.toContain(wang.idNumber);
    expect(stored.name).toBe("成都数控机床厂");
    const audit = await t.db.selectFrom("auditEvent").select(["action", "after"]).where("action", "=", "competitors.registered").execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.after)).not.toContain(wang.idNumber);
    expect((await verifyStoredAuditChain(t.db)).ok).toBe(true);
    expect(env.published.some((e) => e.type === "competition.updated" && e.competitionId === competitionId)).toBe(true);
  });

  it("answers a repeated batch with the stored competitors, writing nothing", async () => {
    const before = await counts();
    const audits = (await t.db.selectFrom("auditEvent").select("seq").execute()).length;
    const again = await register(admin, skillId, [
      { code: "W-001", delegationId, members: [{ ...wang, idNumber: wang.idNumber.toLowerCase() + " " }] },
      { code: "W-002", delegation: "Chengdu", members: [li] },
    ]);
    expect(again).toMatchObject({ ok: true, created: 0 });
    if (again.ok)
      expect(again.competitors.map((c) => [c.code, c.created])).toEqual([
        ["W-001", false],
        ["W-002", false],
      ]);
    expect(await counts()).toEqual(before);
    expect((await t.db.selectFrom("auditEvent").select("seq").execute()).length).toBe(audits);
  });

  it("answers two identical batches sent at once with one set of competitors", async () => {
    const entry = { code: "W-050", delegationId, members: [{ ...zhao, name: "赵磊", idNumber: composeIdNumber("510300", "2004-12-01", 55, "male") }] };
    const [a, b] = await Promise.all([register(admin, skillId, [entry]), register(admin, skillId, [entry])]);
    expect([a, b].map((r) => (r.ok ? r.created : "refused")).sort()).toEqual([0, 1]);
    expect(a.ok && b.ok && a.competitors[0]!.id === b.competitors[0]!.id).toBe(true);
  });

  it("refuses a conflicting repeat: the same code for another person", async () => {
    const result = await register(admin, skillId, [{ code: "W-001", delegationId, members: [zhao] }]);
    expect(result).toEqual({ ok: false, conflict: true, problems: [{ path: "competitors[0].code", code: "CODE_TAKEN", params: { code: "W-001" } }] });
  });

  it("refuses a half-valid batch whole, with every problem and its path", async () => {
    const before = await counts();
    const badCheck = zhao.idNumber.slice(0, 17) + (zhao.idNumber.endsWith("1") ? "2" : "1");
    const result = await register(admin, skillId, [
      { code: "W-003", delegationId, members: [zhao] }, // valid on its own
      { code: "W-004", delegationId, members: [{ ...zhao, name: "赵二", idNumber: badCheck }] },
      {
        code: "W-005",
        delegationId,
        members: [{ ...li, name: "李四", idNumber: composeIdNumber("510104", "2006-01-01", 40, "female"), birthDate: "2006-01-02", gender: "male" }],
      },
      { code: "W-003", delegation: "不存在代表队", members: [wang, li] },
      { code: "W-006", delegationId, members: [{ ...zhao }] },
      { code: "W-007", delegationId, members: [{ ...li, name: "李秀兰", idNumber: li.idNumber }] },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.conflict).toBe(false);
    expect(result.problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      "competitors[1].members[0].idNumber ID_NUMBER_CHECK_DIGIT",
      "competitors[2].members[0].birthDate BIRTH_DATE_MISMATCH",
      "competitors[2].members[0].gender GENDER_MISMATCH",
      "competitors[3].code DUPLICATE_CODE",
      "competitors[3].delegation UNKNOWN_DELEGATION",
      "competitors[3].members TEAM_SIZE_MISMATCH",
      "competitors[3].members[0].idNumber PERSON_ALREADY_IN_SKILL",
      "competitors[3].members[1].idNumber PERSON_ALREADY_IN_SKILL",
      "competitors[4].members[0].idNumber PERSON_TWICE",
      "competitors[5].members[0].idNumber PERSON_TWICE", // 李秀英 is in competitors[3] too
      "competitors[5].members[0].name PERSON_NAME_MISMATCH",
      "competitors[5].members[0].idNumber PERSON_ALREADY_IN_SKILL",
    ]);
    expect(result.problems.find((p) => p.code === "TEAM_SIZE_MISMATCH")?.params).toEqual({ expected: 1, actual: 2 });
    expect(await counts()).toEqual(before);
  });

  it("checks the team size of a team skill", async () => {
    const result = await register(admin, teamSkillId, [{ code: "T-001", delegationId, members: [zhao] }]);
    expect(result.ok ? [] : result.problems.map((p) => p.code)).toEqual(["TEAM_SIZE_MISMATCH"]);
    const team = await register(admin, teamSkillId, [{ code: "T-001", delegationId, members: [zhao, wang] }]);
    expect(team).toMatchObject({ ok: true, created: 1 });
    if (team.ok) expect(team.competitors[0]!.members).toHaveLength(2);
  });

  it("finds the same person in another competition by ID number, never by name", async () => {
    const before = await counts();
    const result = await register(admin, otherSkillId, [{ code: "CD-01", delegation: "高新区代表队", members: [wang] }], otherCompetitionId);
    expect(result).toMatchObject({ ok: true, created: 1 });
    const after = await counts();
    expect(after).toEqual({ persons: before.persons, competitors: before.competitors + 1 });
    const personIds = await t.db
      .selectFrom("competitorMember")
      .innerJoin("person", "person.id", "competitorMember.personId")
      .select("person.id")
      .where("person.name", "=", "王建国")
      .execute();
    expect(new Set(personIds.map((p) => p.id)).size).toBe(1);
    // A namesake with another ID number is another person.
    const namesake = await register(
      admin,
      otherSkillId,
      [{ code: "CD-02", delegation: "高新区代表队", members: [{ ...wang, idNumber: composeIdNumber("510104", "2005-03-07", 91, "male") }] }],
      otherCompetitionId,
    );
    expect(namesake).toMatchObject({ ok: true, created: 1 });
    expect((await counts()).persons).toBe(before.persons + 1);
  });

  it("is for the competition's organizers only", async () => {
    await grantRole(env.deps, admin, competitionId, {
      username: "judge.weld",
      displayName: "焊接裁判",
      password: null,
      role: "judge",
      skillId,
      delegationId: null,
    });
    await grantRole(env.deps, admin, otherCompetitionId, {
      username: "org.city",
      displayName: "市赛组委会",
      password: null,
      role: "organizer",
      skillId: null,
      delegationId: null,
    });
    const judgeId = (await t.db.selectFrom("appUser").select("id").where("username", "=", "judge.weld").executeTakeFirstOrThrow()).id;
    const judgeToken = await createApiToken(env.deps, (await loadPrincipal(t.db, judgeId))!, competitionId, {
      label: "裁判设备",
      username: "judge.weld",
      role: "judge",
    });
    const otherToken = await createApiToken(env.deps, admin, otherCompetitionId, { label: "市赛", username: "org.city", role: "organizer" });
    const judge = (await principalOfApiToken(t.db, judgeToken.token, env.deps.now()))!;
    const otherOrganizer = (await principalOfApiToken(t.db, otherToken.token, env.deps.now()))!;
    const entry = { code: "W-099", delegationId, members: [zhao] };
    expect(await refusalCode(register(judge, skillId, [entry]))).toBe("FORBIDDEN");
    expect(await refusalCode(register(otherOrganizer, skillId, [entry]))).toBe("FORBIDDEN");
    // Its own competition, but a skill of another one: not found.
    expect(await refusalCode(register(otherOrganizer, skillId, [entry], otherCompetitionId))).toBe("NOT_FOUND");
  });

  it("validates the shape with paths a program can follow", () => {
    const parsed = RegisterCompetitorsSchema.safeParse({
      competitors: [{ code: "", delegationId: "x", delegation: "y", members: [{ ...wang, gender: "m", phone: "call me" }] }],
    });
    expect(parsed.success).toBe(false);
    const paths = parsed.success ? [] : parsed.error.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(
      expect.arrayContaining(["competitors.0.code", "competitors.0.delegationId", "competitors.0.members.0.gender", "competitors.0.members.0.phone"]),
    );
  });
});
