import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createCompetitionWithSkill,
  createDelegation,
  createPlatformAdmin,
  createTestDatabase,
  refusalCode,
  testServiceDeps,
  type TestDatabase,
} from "../../../db/testing";
import type { Principal } from "~/domain/access/roles";
import { composeIdNumber } from "~/domain/identity/id-number";
import type { RegistrationRowInput } from "~/domain/registration/registrations";
import { verifyStoredAuditChain } from "../audit/verify-audit-chain.server";
import { grantRole } from "../accounts/grant-role.server";
import {
  RegistrationSettingsInputSchema,
  SkillRegistrationRuleInputSchema,
  saveRegistrationSettings,
  saveSkillRegistrationRule,
} from "./registration-settings.server";
import { registrationTemplate } from "./registration-xlsx.server";
import { checkRegistrationImport } from "./check-registration-import.server";
import { commitRegistrationImport } from "./commit-registration-import.server";
import { deleteRegistration } from "./delete-registration.server";
import { reviewRegistrations } from "./review-registrations.server";
import { saveRegistrationRows } from "./save-registration-rows.server";
import { submitRegistrations } from "./submit-registrations.server";
import { updateRegistration } from "./update-registration.server";

let t: TestDatabase;
let env: ReturnType<typeof testServiceDeps>;
let admin: Principal;
let organizer: Principal;
let leader: Principal;
let competitionId: string;
let weldId: string;
let chengdu: string;
let mianyang: string;

const leaderOf = (userId: string, delegationId: string): Principal => ({
  userId,
  isPlatformAdmin: false,
  grants: [{ role: "team_leader", competitionId, skillId: null, delegationId }],
});

let sequence = 200;
function row(n: number, fields: Partial<RegistrationRowInput> = {}): RegistrationRowInput {
  const birthDate = fields.birthDate ?? "2005-03-04";
  return {
    row: n,
    name: `选手${n}`,
    gender: "男",
    idNumber: composeIdNumber("510104", birthDate, (sequence += 2) + 1, "male"),
    birthDate,
    phone: "13800000000",
    employer: "成都工匠机械有限公司",
    occupation: "焊工",
    skillLevel: "三级",
    skill: "焊接",
    group: "职工组",
    postCategory: "",
    team: "",
    ...fields,
  };
}

const settingsForm = (overrides: Record<string, string> = {}) =>
  RegistrationSettingsInputSchema.parse({
    opensAt: "2026-11-01T09:00",
    closesAt: "2026-11-22T12:00",
    defaultQuota: "2",
    cutOffDate: "",
    requiredDocuments: "身份证复印件 | Copy of ID card\n在职证明 | Proof of employment",
    ...overrides,
  });
const documents = ["身份证复印件", "在职证明"];

beforeAll(async () => {
  t = await createTestDatabase();
  env = testServiceDeps(t);
  admin = await createPlatformAdmin(t.db);
  ({ competitionId, skillId: weldId } = await createCompetitionWithSkill(env.deps, admin));
  chengdu = await createDelegation(env.deps, admin, competitionId);
  mianyang = await createDelegation(env.deps, admin, competitionId, { nameZh: "绵阳市代表队", kind: "region", regionCode: "510700" });
  const org = await grantRole(env.deps, admin, competitionId, {
    username: "organizer",
    displayName: "赛务组",
    password: null,
    role: "organizer",
    skillId: null,
    delegationId: null,
  });
  organizer = { userId: org.userId, isPlatformAdmin: false, grants: [{ role: "organizer", competitionId, skillId: null, delegationId: null }] };
  const lead = await grantRole(env.deps, admin, competitionId, {
    username: "leader.chengdu",
    displayName: "领队",
    password: null,
    role: "team_leader",
    skillId: null,
    delegationId: chengdu,
  });
  leader = leaderOf(lead.userId, chengdu);
});

afterAll(async () => {
  await t.close();
});

describe("registration", () => {
  it("is closed to team leaders until the organizer opens a window, and open to the organizer", async () => {
    expect(await refusalCode(saveRegistrationRows(env.deps, leader, { competitionId, delegationId: chengdu }, [row(3)], { mode: "all", submit: false }))).toBe(
      "REGISTRATION_NOT_OPENED",
    );
    await saveRegistrationSettings(env.deps, organizer, competitionId, settingsForm({ opensAt: "2026-11-23T09:00", closesAt: "2026-11-30T18:00" }));
    expect(await refusalCode(saveRegistrationRows(env.deps, leader, { competitionId, delegationId: chengdu }, [row(3)], { mode: "all", submit: false }))).toBe(
      "REGISTRATION_NOT_OPENED",
    );
    await saveRegistrationSettings(env.deps, organizer, competitionId, settingsForm());
    expect(await refusalCode(saveRegistrationSettings(env.deps, leader, competitionId, settingsForm()))).toBe("FORBIDDEN");
  });

  it("refuses a team leader touching another delegation", async () => {
    expect(await refusalCode(saveRegistrationRows(env.deps, leader, { competitionId, delegationId: mianyang }, [row(3)], { mode: "all", submit: false }))).toBe(
      "FORBIDDEN",
    );
  });

  it("refuses a whole batch with a bad row, then imports only the clean rows when asked", async () => {
    const scope = { competitionId, delegationId: chengdu };
    const rows = [row(3), row(4, { birthDate: "2001-01-01" }), row(5)];
    const refused = await saveRegistrationRows(env.deps, leader, scope, rows, { mode: "all", submit: false });
    expect(refused.ok).toBe(false);
    // Row 4 is out of the age window, and would also be the third entry for a quota of 2.
    expect(refused.check.problems.map((p) => `${p.row}:${p.field}:${p.code}`)).toEqual(["4:birthDate:BORN_TOO_EARLY", "4:skill:QUOTA_EXCEEDED"]);
    expect(await t.db.selectFrom("registration").select("id").execute()).toHaveLength(0);

    const saved = await saveRegistrationRows(env.deps, leader, scope, rows, { mode: "clean_only", submit: false });
    expect(saved.ok && saved.created).toBe(2);
    const stored = await t.db.selectFrom("registration").select(["status", "delegationId"]).execute();
    expect(stored).toEqual([
      { status: "draft", delegationId: chengdu },
      { status: "draft", delegationId: chengdu },
    ]);
    // The quota of 2 is now used: a third is refused with the numbers.
    const over = await saveRegistrationRows(env.deps, leader, scope, [row(6)], { mode: "all", submit: false });
    expect(!over.ok && over.check.problems[0]).toMatchObject({ code: "QUOTA_EXCEEDED", params: { quota: 2, used: 2 } });
    // A skill rule raises the quota for this skill.
    await saveSkillRegistrationRule(
      env.deps,
      organizer,
      { competitionId, skillId: weldId },
      SkillRegistrationRuleInputSchema.parse({ quota: "3", requiredSkillLevel: "", requireLocality: "on" }),
    );
    const third = await saveRegistrationRows(env.deps, leader, scope, [row(6)], { mode: "all", submit: false });
    expect(third.ok).toBe(true);
  });

  it("needs the required documents to submit; the organizer approves into competitors and rejects with a reason", async () => {
    const scope = { competitionId, delegationId: chengdu };
    const drafts = await t.db.selectFrom("registration").select("id").where("delegationId", "=", chengdu).orderBy("entryNo").execute();
    const ids = drafts.map((d) => d.id);
    expect(await refusalCode(submitRegistrations(env.deps, leader, scope, { registrationIds: ids, documents: ["身份证复印件"] }))).toBe("DOCUMENTS_MISSING");
    expect(await submitRegistrations(env.deps, leader, scope, { registrationIds: ids, documents })).toEqual({ submitted: 3 });
    // Submitting again is answered as done.
    expect(await submitRegistrations(env.deps, leader, scope, { registrationIds: ids, documents })).toEqual({ submitted: 0 });
    // Leaders do not review.
    expect(await refusalCode(reviewRegistrations(env.deps, leader, competitionId, { registrationIds: ids, decision: "approve", reason: null }))).toBe(
      "FORBIDDEN",
    );
    expect(await refusalCode(reviewRegistrations(env.deps, organizer, competitionId, { registrationIds: [ids[2]!], decision: "reject", reason: null }))).toBe(
      "REASON_REQUIRED",
    );
    await reviewRegistrations(env.deps, organizer, competitionId, { registrationIds: [ids[2]!], decision: "reject", reason: "在职证明缺少单位盖章" });
    expect(await reviewRegistrations(env.deps, organizer, competitionId, { registrationIds: ids.slice(0, 2), decision: "approve", reason: null })).toEqual({
      changed: 2,
    });
    const competitors = await t.db.selectFrom("competitor").select(["registrationNo", "delegationId", "skillId"]).orderBy("registrationNo").execute();
    expect(competitors).toEqual([
      { registrationNo: "BM2026-0001", delegationId: chengdu, skillId: weldId },
      { registrationNo: "BM2026-0002", delegationId: chengdu, skillId: weldId },
    ]);
    // Approving again changes nothing; an approved registration cannot be rejected.
    expect(await reviewRegistrations(env.deps, organizer, competitionId, { registrationIds: ids.slice(0, 2), decision: "approve", reason: null })).toEqual({
      changed: 0,
    });
    expect(await refusalCode(reviewRegistrations(env.deps, organizer, competitionId, { registrationIds: [ids[0]!], decision: "reject", reason: "x" }))).toBe(
      "REGISTRATION_STATE",
    );
    const rejected = await t.db.selectFrom("registration").select(["status", "rejectionReason", "version"]).where("id", "=", ids[2]!).executeTakeFirstOrThrow();
    expect(rejected).toMatchObject({ status: "rejected", rejectionReason: "在职证明缺少单位盖章" });

    // The leader fixes the rejected registration (a stale version is refused) and resubmits.
    const fixed = row(9, { name: "王芳", gender: "女", idNumber: composeIdNumber("510104", "2006-02-02", 88, "female"), birthDate: "2006-02-02" });
    expect(await refusalCode(updateRegistration(env.deps, leader, competitionId, ids[2]!, { version: rejected.version - 1, rows: [fixed] }))).toBe(
      "REGISTRATION_CHANGED",
    );
    expect(await updateRegistration(env.deps, leader, competitionId, ids[2]!, { version: rejected.version, rows: [fixed] })).toEqual({ ok: true });
    expect(await submitRegistrations(env.deps, leader, scope, { registrationIds: [ids[2]!], documents })).toEqual({ submitted: 1 });
    const resubmitted = await t.db.selectFrom("registration").select(["status", "rejectionReason"]).where("id", "=", ids[2]!).executeTakeFirstOrThrow();
    expect(resubmitted).toEqual({ status: "submitted", rejectionReason: null });
    const names = await t.db
      .selectFrom("registrationMember")
      .innerJoin("person", "person.id", "registrationMember.personId")
      .select("person.name")
      .where("registrationId", "=", ids[2]!)
      .execute();
    expect(names).toEqual([{ name: "王芳" }]);
  });

  it("closes to team leaders when the window ends; drafts can be deleted inside it", async () => {
    const scope = { competitionId, delegationId: chengdu };
    await saveSkillRegistrationRule(
      env.deps,
      organizer,
      { competitionId, skillId: weldId },
      SkillRegistrationRuleInputSchema.parse({ quota: "5", requiredSkillLevel: "", requireLocality: "on" }),
    );
    const saved = await saveRegistrationRows(env.deps, leader, scope, [row(10)], { mode: "all", submit: false });
    if (!saved.ok) throw new Error("expected a draft");
    await deleteRegistration(env.deps, leader, competitionId, saved.registrationIds[0]!);
    expect(await t.db.selectFrom("registration").select("id").where("id", "=", saved.registrationIds[0]!).execute()).toEqual([]);
    env.advance(3 * 3600_000); // past 12:00 Shanghai on 22 November
    expect(await refusalCode(saveRegistrationRows(env.deps, leader, scope, [row(11)], { mode: "all", submit: false }))).toBe("REGISTRATION_CLOSED");
    // The organizer may still enter a late registration, recorded as theirs.
    const late = await saveRegistrationRows(env.deps, organizer, scope, [row(11)], { mode: "all", submit: true, documents });
    expect(late.ok).toBe(true);
  });

  it("keeps one person across competitions, matched by ID number", async () => {
    const { competitionId: next } = await createCompetitionWithSkill(env.deps, admin, {
      competition: { nameZh: "2027年四川工匠杯", startsOn: "2027-04-20", endsOn: "2027-04-24" },
      skill: { startsAt: "2027-04-21T08:30", endsAt: "2027-04-21T17:30" },
    });
    const delegationId = await createDelegation(env.deps, admin, next);
    const idNumber = composeIdNumber("510104", "2006-02-02", 88, "female");
    const again = await saveRegistrationRows(
      env.deps,
      admin,
      { competitionId: next, delegationId },
      [row(3, { name: "王芳", gender: "女", idNumber, birthDate: "2006-02-02" })],
      { mode: "all", submit: false },
    );
    expect(again.ok).toBe(true);
    const persons = await t.db.selectFrom("person").select("id").where("name", "=", "王芳").execute();
    expect(persons).toHaveLength(1);
    const entries = await t.db.selectFrom("registrationMember").select("registrationId").where("personId", "=", persons[0]!.id).execute();
    expect(entries).toHaveLength(2);
  });

  it("checks an uploaded workbook, changes nothing, then imports only its clean rows once", async () => {
    const scope = { competitionId, delegationId: mianyang };
    const rows = [row(3), row(4, { idNumber: "510104198001011234" }), row(5, { skill: "插花" })].map(({ row: _, ...values }) => ({
      ...values,
      employer: "绵阳精密仪器厂",
    }));
    const bytes = await registrationTemplate({ competitionName: "x", delegationName: "绵阳", skills: [], closesAt: null, requiredDocuments: [] }, rows);
    const checked = await checkRegistrationImport(env.deps, organizer, scope, { name: "绵阳.xlsx", bytes });
    if (!checked.ok) throw new Error(JSON.stringify(checked.fileProblems));
    expect(checked.problems.map((p) => `${p.row}:${p.field}:${p.code}`)).toEqual(["4:idNumber:ID_NUMBER_CHECK_DIGIT", "5:skill:UNKNOWN_SKILL"]);
    expect([checked.rowCount, checked.cleanRows]).toEqual([3, 1]);
    expect(await t.db.selectFrom("registration").select("id").where("delegationId", "=", mianyang).execute()).toEqual([]);
    const all = await commitRegistrationImport(env.deps, organizer, scope, { importId: checked.importId, mode: "all" });
    expect(all.ok).toBe(false);
    expect(await commitRegistrationImport(env.deps, organizer, scope, { importId: checked.importId, mode: "clean_only" })).toEqual({
      ok: true,
      imported: 1,
      repeated: false,
    });
    expect(await commitRegistrationImport(env.deps, organizer, scope, { importId: checked.importId, mode: "clean_only" })).toEqual({
      ok: true,
      imported: 1,
      repeated: true,
    });
    expect(await t.db.selectFrom("registration").select("id").where("delegationId", "=", mianyang).execute()).toHaveLength(1);
    // Another delegation's leader cannot use the check.
    expect(await refusalCode(commitRegistrationImport(env.deps, leader, scope, { importId: checked.importId, mode: "clean_only" }))).toBe("FORBIDDEN");
    const notExcel = await checkRegistrationImport(env.deps, organizer, scope, { name: "a.xlsx", bytes: new TextEncoder().encode("not a workbook") });
    expect(notExcel).toEqual({ ok: false, fileProblems: [{ code: "IMPORT_NOT_XLSX", params: {} }] });
  });

  it("audits every change in an intact chain", async () => {
    const actions = await t.db.selectFrom("auditEvent").select("action").where("action", "like", "registration%").execute();
    expect(new Set(actions.map((a) => a.action))).toEqual(
      new Set([
        "registration_import.checked",
        "registration_settings.saved",
        "registrations.created",
        "registrations.submitted",
        "registrations.rejected",
        "registrations.approved",
        "registration.updated",
        "registration.deleted",
      ]),
    );
    expect((await verifyStoredAuditChain(t.db)).ok).toBe(true);
  });
});
