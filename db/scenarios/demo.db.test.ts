import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseIdNumber } from "~/domain/identity/id-number";
import { loadMyEntries } from "~/services/registration/my-entries.server";
import { checkAssignment } from "~/domain/judging/assignment";
import { decryptLayer, loadConsole } from "~/services/judging/console.server";
import { setModuleLock } from "~/services/marks/set-module-lock.server";
import { recordMark } from "~/services/marks/record-mark.server";
import { createRehearsal, setRehearsalRunning, tickRehearsals } from "~/services/leaderboards/rehearsal.server";
import { sql } from "kysely";
import { loadSkillStandings } from "~/services/results/scores.server";
import { saveSkill } from "~/services/competitions/save-skill.server";
import { SkillInputSchema } from "~/services/competitions/inputs";
import { SkillRegistrationRuleInputSchema, saveSkillRegistrationRule } from "~/services/registration/registration-settings.server";
import { saveRegistrationRows } from "~/services/registration/registrations.server";
import { loadAssignmentContext, loadMyAssignment, proposeJudgeAssignment, saveJudgeAssignment } from "~/services/judging/judge-assignment.server";
import { verifyStoredAuditChain } from "~/services/audit/verify-audit-chain.server";
import { verifyPassword } from "~/services/auth/passwords.server";
import type { ServiceDeps } from "~/services/deps.server";
import { revealIdNumber } from "~/services/identity/protect-id-number.server";
import type { DB } from "../connection";
import { createTestDatabase, refusalCode, type TestDatabase } from "../testing";
import { demoPassword, drawnSkills, isDatabaseEmpty, listDemoLogins, loadDemoScenario, type DemoSummary } from "./demo";
import { verifyAllDraws } from "~/services/registration/draw.server";
import { loadSchemeDraft } from "../queries/marking-schemes";
import { sectionAllocation, validateScheme } from "~/domain/marking-scheme/scheme";
import { toFixed } from "~/domain/results/exact";
import { loadSkillResults } from "~/services/results/load-skill-results.server";
import { readFileSync } from "node:fs";
import type { Principal } from "~/domain/access/roles";
import { enterScoreSheet, verifyScoreSheet } from "~/services/marks/score-sheets.server";
import { demoWeldingReady } from "./demo-check-in";

const piiKey = Buffer.alloc(32, 7);

function depsFor(db: DB): ServiceDeps {
  return { db, now: () => new Date("2026-11-22T02:00:00Z"), events: { publish() {} }, secrets: { sessionSecret: "test", piiKey } };
}

/** What must come out the same on every run: names, registrations and draws (ids and IVs are random). */
async function fingerprint(db: DB) {
  const names = (await db.selectFrom("person").select("name").orderBy("name").execute()).map((r) => r.name);
  const entries = await db
    .selectFrom("competitor")
    .innerJoin("competitorMember", "competitorMember.competitorId", "competitor.id")
    .innerJoin("person", "person.id", "competitorMember.personId")
    .innerJoin("skill", "skill.id", "competitor.skillId")
    .innerJoin("delegation", "delegation.id", "competitor.delegationId")
    .select(["competitor.registrationNo", "competitor.checkInNo", "competitor.workstationNo", "person.name", "person.idNumberIndex", "skill.nameZh as skill", "delegation.nameZh as delegation"])
    .orderBy("competitor.registrationNo")
    .orderBy("person.name")
    .execute();
  return { names, entries };
}

async function demoPrincipal(username: string): Promise<Principal> {
  const grants = await t.db
    .selectFrom("roleAssignment")
    .innerJoin("appUser", "appUser.id", "roleAssignment.userId")
    .select(["appUser.id as userId", "roleAssignment.role", "roleAssignment.competitionId", "roleAssignment.skillId", "roleAssignment.delegationId"])
    .where("appUser.username", "=", username)
    .where("roleAssignment.revokedAt", "is", null)
    .execute();
  return { userId: grants[0]!.userId, isPlatformAdmin: false, grants };
}

let t: TestDatabase;
let summary: DemoSummary;
let emptyBefore: boolean;
let loadMs: number;

beforeAll(async () => {
  t = await createTestDatabase();
  emptyBefore = await isDatabaseEmpty(t.db);
  const started = performance.now();
  summary = await loadDemoScenario(depsFor(t.db));
  loadMs = performance.now() - started;
}, 120_000);
afterAll(async () => {
  await t.drop();
});

describe(`demo scenario (${process.env.TEST_DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("loads into an empty database only", async () => {
    expect(emptyBefore).toBe(true);
    expect(await isDatabaseEmpty(t.db)).toBe(false);
    console.info(`demo scenario loaded in ${Math.round(loadMs)} ms: ${JSON.stringify(summary.counts)}`);
  });

  it("runs the 2026 Sichuan Craftsman Cup with skills on all three tracks and 21 delegations", async () => {
    const competition = await t.db.selectFrom("competition").selectAll().where("id", "=", summary.competitionId).executeTakeFirstOrThrow();
    expect(competition).toMatchObject({ nameZh: "2026年四川工匠杯职业技能大赛", level: "provincial", status: "running", startsOn: "2026-11-20", endsOn: "2026-11-24" });
    const skills = await t.db.selectFrom("skill").select(["track", "entrantGroup", "teamSize"]).where("competitionId", "=", summary.competitionId).execute();
    expect(skills.length).toBeGreaterThanOrEqual(8);
    expect(new Set(skills.map((s) => s.track))).toEqual(new Set(["ws", "national", "local"]));
    expect(skills.some((s) => s.entrantGroup === "student")).toBe(true);
    expect(skills.some((s) => s.teamSize > 1)).toBe(true);
    const delegations = await t.db.selectFrom("delegation").select("regionCode").where("competitionId", "=", summary.competitionId).execute();
    expect(delegations).toHaveLength(21);
    expect(summary.counts.delegations).toBe(21);
  });

  it("registers at least 200 competitors, each with as many persons as the skill's team size", async () => {
    const competitors = await t.db
      .selectFrom("competitor")
      .innerJoin("skill", "skill.id", "competitor.skillId")
      .select((eb) => ["skill.teamSize", eb.selectFrom("competitorMember").select(eb.fn.countAll<number>().as("n")).whereRef("competitorMember.competitorId", "=", "competitor.id").as("members")])
      .where("competitor.competitionId", "=", summary.competitionId)
      .execute();
    expect(competitors.length).toBeGreaterThanOrEqual(200);
    expect(competitors.length).toBe(summary.counts.competitors);
    for (const c of competitors) expect(Number(c.members)).toBe(c.teamSize);
  });

  it("stores ID numbers protected: masked for display, never in plain text", async () => {
    const persons = await t.db.selectFrom("person").selectAll().execute();
    // The main competition's people, and those the 2027 registrations added.
    expect(persons.length).toBe(summary.counts.persons + summary.next.newPersons);
    for (const person of persons) {
      expect(person.idNumberMasked).toMatch(/^\d{3}\*+\d{3}[\dX]$/);
      const plain = revealIdNumber(piiKey, person.idNumberCipher);
      const facts = parseIdNumber(plain, "2026-11-22");
      expect(facts).toMatchObject({ birthDate: person.birthDate, gender: person.gender, regionCode: person.regionCode });
      // The blind index is hex and may hold a run of digits; a stored number would stand alone.
      for (const value of Object.values(person)) {
        if (typeof value === "string") expect(value).not.toMatch(/(?<![0-9A-Za-z])\d{17}[\dX](?![0-9A-Za-z])/);
      }
      expect(JSON.stringify(person)).not.toContain(plain);
    }
  });

  it("links every judge account to a person and lets the demo logins sign in", async () => {
    const judges = await t.db
      .selectFrom("roleAssignment")
      .innerJoin("appUser", "appUser.id", "roleAssignment.userId")
      .select(["appUser.username", "appUser.personId", "roleAssignment.role", "roleAssignment.skillId"])
      .where("roleAssignment.competitionId", "=", summary.competitionId)
      .where("roleAssignment.role", "in", ["chief_judge", "judge"])
      .execute();
    expect(judges).toHaveLength(summary.counts.judges);
    for (const judge of judges) {
      expect(judge.personId).not.toBeNull();
      expect(judge.skillId).not.toBeNull();
    }
    const chiefs = judges.filter((j) => j.role === "chief_judge");
    expect(new Set(chiefs.map((j) => j.skillId)).size).toBe(summary.counts.skills);

    const usernames = summary.logins.map((l) => l.username);
    expect(usernames).toEqual(["admin", "organizer", "leader.chengdu", "chief.weld", "judge.weld", "supervisor", "arbitrator", "contestant"]);
    const accounts = await t.db.selectFrom("appUser").select(["username", "passwordHash", "isPlatformAdmin"]).where("username", "in", usernames).execute();
    expect(accounts).toHaveLength(usernames.length);
    for (const account of accounts) {
      expect(await verifyPassword(account.passwordHash, demoPassword)).toBe(true);
      expect(account.isPlatformAdmin).toBe(account.username === "admin");
    }
    expect((await listDemoLogins(t.db)).map((l) => l.username)).toEqual(usernames);
  });

  it("gives every skill of the main competition a valid 100-mark scheme using every marking method", async () => {
    const skills = await t.db.selectFrom("skill").select(["id", "nameZh"]).where("competitionId", "=", summary.competitionId).execute();
    const kinds = new Set<string>();
    const calculations = new Set<string>();
    for (const skill of skills) {
      const stored = await loadSchemeDraft(t.db, skill.id);
      const result = validateScheme(stored!.draft);
      if (!result.ok) throw new Error(`${skill.nameZh}: ${JSON.stringify(result.problems)}`);
      expect(toFixed(result.scheme.total), skill.nameZh).toBe("100.00");
      expect(sectionAllocation(result.scheme).some((r) => r.warning), skill.nameZh).toBe(false);
      for (const a of result.scheme.modules.flatMap((m) => m.subCriteria.flatMap((sc) => sc.aspects))) {
        kinds.add(a.kind);
        if (a.kind === "measurement") calculations.add(a.calculation.kind);
      }
    }
    expect([...kinds].sort()).toEqual(["judgement", "measurement", "trimmed_mean"]);
    expect([...calculations].sort()).toEqual(["all_or_nothing", "bands", "choice", "per_unit"]);
  });

  it("has Cyber Security completely marked: every competitor ranked with WorldSkills points", async () => {
    const skill = await t.db.selectFrom("skill").select("id").where("competitionId", "=", summary.competitionId).where("nameZh", "=", "网络安全").executeTakeFirstOrThrow();
    const results = await loadSkillResults(t.db, { competitionId: summary.competitionId, skillId: skill.id });
    expect(results.competitors.length).toBeGreaterThan(5);
    expect(new Set(results.competitors.map((c) => c.rank)).size).toBeGreaterThan(3);
    expect(results.complete).toBe(true);
    expect(results.competitors.every((c) => c.points !== null)).toBe(true);
    // Fewer entrants than the competition's minimum of 30: selection only, no medals.
    expect(results.selectionOnly).toBe(true);
    expect(results.competitors.every((c) => c.award === null)).toBe(true);
  });

  it("lets a chief judge assign the Automotive judges without conflicts, refuses a plan that breaks recusal by name, and enforces the plan on marks", async () => {
    const skill = await t.db.selectFrom("skill").select("id").where("competitionId", "=", summary.competitionId).where("nameZh", "=", "汽车维修工").executeTakeFirstOrThrow();
    const scope = { competitionId: summary.competitionId, skillId: skill.id };
    const roleUser = (role: "chief_judge" | "judge") => t.db.selectFrom("roleAssignment").innerJoin("appUser", "appUser.id", "roleAssignment.userId").select("appUser.username").where("roleAssignment.skillId", "=", skill.id).where("roleAssignment.role", "=", role).orderBy("appUser.username").execute();
    const chief = await demoPrincipal((await roleUser("chief_judge"))[0]!.username);
    const context = await loadAssignmentContext(t.db, scope);
    const proposal = await proposeJudgeAssignment(t.db, chief, scope);
    if (!proposal.ok) throw new Error(`no conflict-free plan: ${JSON.stringify(proposal)}`);
    expect(checkAssignment(proposal.plan, context)).toEqual([]);
    // One team marking everyone: every judge from a delegation with a competitor conflicts.
    const everyone = { name: "all", moduleCode: context.modules[0]!.code, memberIds: context.judges.map((j) => j.userId), aspectCodes: context.modules[0]!.aspects.map((a) => a.code), competitorIds: context.competitors.map((c) => c.id) };
    const refused = await saveJudgeAssignment(depsFor(t.db), chief, scope, { teams: [everyone], source: "manual", reason: null, basedOnVersion: 0 });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.problems.find((p) => p.code === "TEAM_CONFLICT")).toMatchObject({ code: "TEAM_CONFLICT", reason: "delegation" });
    expect(await saveJudgeAssignment(depsFor(t.db), chief, scope, { teams: proposal.plan.teams, source: "proposal", reason: null, basedOnVersion: 0 })).toEqual({ ok: true, version: 1 });
    // A judge sees only their own teams; marks follow the plan: a judgement aspect of the team's
    // module for the team's competitor is taken, the same aspect for a competitor the judge has
    // no team for is refused.
    const judgementModule = context.modules.find((m) => m.aspects.some((a) => a.kind === "judgement"))!;
    const aspect = judgementModule.aspects.find((a) => a.kind === "judgement")!;
    const team = proposal.plan.teams.find((x) => x.moduleCode === judgementModule.code)!;
    const judgeId = team.memberIds[0]!;
    const mine = await loadMyAssignment(t.db, scope, judgeId);
    expect(mine?.teams.map((x) => x.name)).toContain(team.name);
    const judge: Principal = { userId: judgeId, isPlatformAdmin: false, grants: [{ role: "judge", ...scope, delegationId: null }] };
    const mark = (competitorId: string) => refusalCode(recordMark(depsFor(t.db), judge, scope, { submissionId: crypto.randomUUID(), competitorId, aspectCode: aspect.code, value: { score: 2 } }));
    expect(await mark(team.competitorIds[0]!)).toBeUndefined();
    const outsider = context.competitors.find((c) => !proposal.plan.teams.some((x) => x.memberIds.includes(judgeId) && x.moduleCode === judgementModule.code && x.competitorIds.includes(c.id)));
    expect(outsider).toBeDefined();
    expect(await mark(outsider!.id)).toBe("NOT_ASSIGNED");
    // A save based on an old version is refused; a change needs a reason; judges cannot assign.
    expect(await refusalCode(saveJudgeAssignment(depsFor(t.db), chief, scope, { teams: proposal.plan.teams, source: "manual", reason: "x", basedOnVersion: 0 }))).toBe("ASSIGNMENT_CHANGED");
    expect(await refusalCode(saveJudgeAssignment(depsFor(t.db), chief, scope, { teams: proposal.plan.teams, source: "manual", reason: null, basedOnVersion: 1 }))).toBe("REASON_REQUIRED");
    expect(await refusalCode(saveJudgeAssignment(depsFor(t.db), judge, scope, { teams: proposal.plan.teams, source: "manual", reason: "x", basedOnVersion: 1 }))).toBe("FORBIDDEN");
  });

  it("shows Cyber Security's console complete, and opens its codes only when locked, witnessed, layer by layer", async () => {
    const skill = await t.db.selectFrom("skill").select("id").where("competitionId", "=", summary.competitionId).where("nameZh", "=", "网络安全").executeTakeFirstOrThrow();
    const scope = { competitionId: summary.competitionId, skillId: skill.id };
    const chiefName = await t.db.selectFrom("roleAssignment").innerJoin("appUser", "appUser.id", "roleAssignment.userId").select("appUser.username").where("roleAssignment.skillId", "=", skill.id).where("roleAssignment.role", "=", "chief_judge").executeTakeFirstOrThrow();
    const chief = await demoPrincipal(chiefName.username);
    const board = await loadConsole(t.db, scope, null);
    expect(board.totals.missing + board.totals.partial).toBe(0);
    expect(board.rows[0]?.names).toBeNull();
    expect(board.judges.some((j) => j.severity !== null)).toBe(true);
    const supervisor = await demoPrincipal("supervisor");
    expect(await refusalCode(decryptLayer(depsFor(t.db), chief, scope, { layer: 1, witnessUserId: supervisor.userId }))).toBe("DECRYPT_MODULES_UNLOCKED");
    for (const m of board.modules) await setModuleLock(depsFor(t.db), chief, scope, { moduleCode: m.code, locked: true });
    expect(await refusalCode(decryptLayer(depsFor(t.db), chief, scope, { layer: 2, witnessUserId: supervisor.userId }))).toBe("DECRYPT_LAYER_ORDER");
    expect(await refusalCode(decryptLayer(depsFor(t.db), chief, scope, { layer: 1, witnessUserId: chief.userId }))).toBe("DECRYPT_WITNESS_SELF");
    const judge = await t.db.selectFrom("roleAssignment").select("userId").where("skillId", "=", skill.id).where("role", "=", "judge").executeTakeFirstOrThrow();
    expect(await refusalCode(decryptLayer(depsFor(t.db), chief, scope, { layer: 1, witnessUserId: judge.userId }))).toBe("DECRYPT_WITNESS_NOT_SUPERVISOR");
    expect(await decryptLayer(depsFor(t.db), chief, scope, { layer: 1, witnessUserId: supervisor.userId })).toEqual({ layer: 1, replayed: false });
    const layer1 = await loadConsole(t.db, scope, null);
    expect(layer1.rows[0]?.checkInNo).toMatch(/^J\d{2}$/);
    expect(layer1.rows[0]?.names).toBeNull();
    expect(await decryptLayer(depsFor(t.db), chief, scope, { layer: 2, witnessUserId: supervisor.userId })).toEqual({ layer: 2, replayed: false });
    expect(await decryptLayer(depsFor(t.db), chief, scope, { layer: 2, witnessUserId: supervisor.userId })).toEqual({ layer: 2, replayed: true });
    const layer2 = await loadConsole(t.db, scope, null);
    expect(layer2.rows[0]?.names).toBeTruthy();
    expect(layer2.layers.map((l) => l.layer)).toEqual([1, 2]);
  });

  it("takes the documented paper score sheet on Welding: entered by chief.weld, verified by the organizer", async () => {
    const principal = demoPrincipal;
    const skill = await t.db.selectFrom("skill").select("id").where("competitionId", "=", summary.competitionId).where("nameZh", "=", "焊接").executeTakeFirstOrThrow();
    const scope = { competitionId: summary.competitionId, skillId: skill.id };
    const bytes = readFileSync(new URL("../../docs/examples/score-sheet.csv", import.meta.url));
    const entered = await enterScoreSheet(depsFor(t.db), await principal("chief.weld"), scope, { fileName: "score-sheet.csv", bytes });
    if (!entered.ok) throw new Error(JSON.stringify(entered.problems));
    expect(await verifyScoreSheet(depsFor(t.db), await principal("organizer"), scope, entered.sheetId)).toMatchObject({ ok: true, marks: entered.rows, corrections: 0 });
    const results = await loadSkillResults(t.db, scope);
    const marked = results.competitors.filter((c) => c.aspects.some((a) => a.mark !== null)).map((c) => c.code);
    expect(marked).toEqual(["24", "31"]);
  });

  it("has a check-in list: Welding partly checked in with one absent, Mechatronics competing with one team paused and given extra time", async () => {
    const states = async (nameZh: string) =>
      t.db
        .selectFrom("competitor")
        .innerJoin("skill", "skill.id", "competitor.skillId")
        .select(["competitor.id", "competitor.state", "competitor.checkInNo"])
        .where("skill.nameZh", "=", nameZh)
        .where("skill.competitionId", "=", summary.competitionId)
        .orderBy("competitor.checkInNo")
        .execute();
    const weld = await states("焊接");
    expect(weld.slice(0, demoWeldingReady).every((c) => c.state === "ready")).toBe(true);
    expect(weld[demoWeldingReady]!.state).toBe("absent");
    expect(weld.slice(demoWeldingReady + 1).every((c) => c.state === "registered")).toBe(true);
    expect(weld.length).toBeGreaterThan(demoWeldingReady + 2);
    const mecha = await states("机电一体化");
    expect(mecha[0]!.state).toBe("paused");
    expect(mecha.slice(1).every((c) => c.state === "competing")).toBe(true);
    const extra = await t.db.selectFrom("competitorStateEvent").select(["extraMinutes", "reason"]).where("competitorId", "=", mecha[0]!.id).where("action", "=", "grant_extra_time").execute();
    expect(extra).toEqual([{ extraMinutes: 15, reason: expect.stringContaining("更换设备") }]);
    const witnessed = await t.db.selectFrom("competitorStateEvent").select("id").where("witnessedBy", "is not", null).execute();
    expect(witnessed).toHaveLength(2);
  });

  it("has both draws of some skills done and verifiable, Cyber Security's before its marks", async () => {
    const verdicts = await verifyAllDraws(t.db, { competitionId: summary.competitionId });
    expect(verdicts).toHaveLength(drawnSkills.length * 2);
    expect(verdicts.every((v) => v.ok && v.inForce)).toBe(true);
    const draws = await t.db
      .selectFrom("draw")
      .innerJoin("appUser as conductor", "conductor.id", "draw.conductedBy")
      .innerJoin("appUser as witness", "witness.id", "draw.witnessedBy")
      .select(["conductor.username as conductor", "witness.username as witness", "draw.supersedesId"])
      .execute();
    expect(new Set(draws.map((d) => `${d.conductor}/${d.witness}/${d.supersedesId}`))).toEqual(new Set(["organizer/supervisor/null"]));
    // In the audit chain, every draw comes before the first mark.
    const lastDraw = await t.db.selectFrom("auditEvent").select((eb) => eb.fn.max("seq").as("seq")).where("action", "=", "draw.conducted").executeTakeFirstOrThrow();
    const firstMark = await t.db.selectFrom("auditEvent").select((eb) => eb.fn.min("seq").as("seq")).where("action", "=", "mark.recorded").executeTakeFirstOrThrow();
    expect(Number(lastDraw.seq)).toBeLessThan(Number(firstMark.seq));
    // Cyber Security's results know its competitors by workstation number only.
    const skill = await t.db.selectFrom("skill").select("id").where("competitionId", "=", summary.competitionId).where("nameZh", "=", "网络安全").executeTakeFirstOrThrow();
    const results = await loadSkillResults(t.db, { competitionId: summary.competitionId, skillId: skill.id });
    const workstations = await t.db.selectFrom("competitor").select("workstationNo").where("skillId", "=", skill.id).execute();
    expect(results.competitors.map((c) => c.code).sort()).toEqual(workstations.map((w) => w.workstationNo).sort());
    expect(results.competitors.every((c) => /^\d{2}$/.test(c.code))).toBe(true);
    const checkIns = await t.db.selectFrom("competitor").select("checkInNo").where("skillId", "=", skill.id).execute();
    expect(checkIns.every((c) => /^J\d{2}$/.test(c.checkInNo ?? ""))).toBe(true);
  });

  it("lists five competitions over at least three levels and three years", async () => {
    const competitions = await t.db.selectFrom("competition").select(["level", "year", "status"]).execute();
    expect(competitions).toHaveLength(5);
    expect(new Set(competitions.map((c) => c.level)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(competitions.map((c) => c.year))).toEqual(new Set([2025, 2026, 2027]));
    expect(competitions.filter((c) => c.status !== "draft")).toHaveLength(5);
  });

  it("has the 2027 edition open for registration with registrations in every state", async () => {
    const rows = await t.db
      .selectFrom("registration")
      .innerJoin("delegation", "delegation.id", "registration.delegationId")
      .select(["registration.status", "registration.rejectionReason", "delegation.regionCode"])
      .where("registration.competitionId", "=", summary.next.competitionId)
      .execute();
    expect(rows).toHaveLength(summary.next.registrations);
    const chengdu = rows.filter((r) => r.regionCode === "510100");
    expect(new Set(chengdu.map((r) => r.status))).toEqual(new Set(["draft", "submitted", "approved", "rejected"]));
    expect(chengdu.find((r) => r.status === "rejected")?.rejectionReason).toMatch(/公章/);
    expect(rows.filter((r) => r.status === "approved").length).toBeGreaterThan(4);
    const settings = await t.db.selectFrom("registrationSettings").select(["opensAt", "closesAt"]).where("competitionId", "=", summary.next.competitionId).executeTakeFirstOrThrow();
    expect(settings.opensAt?.toISOString()).toBe("2026-11-16T01:00:00.000Z");
    // A 2026 welder returns in 2027 as the same person: one person, entries in both years.
    const both = await t.db
      .selectFrom("registrationMember as m")
      .innerJoin("competitorMember as cm", "cm.personId", "m.personId")
      .innerJoin("competitor as c", "c.id", "cm.competitorId")
      .select("m.personId")
      .where("c.competitionId", "=", summary.competitionId)
      .execute();
    expect(both.length).toBeGreaterThanOrEqual(1);
    // That person signs in as `contestant` and sees both years' entries, with the 2026 workstation.
    const contestant = await t.db.selectFrom("appUser").select("id").where("username", "=", "contestant").executeTakeFirstOrThrow();
    const mine = await loadMyEntries(t.db, contestant.id);
    expect(mine?.entries.map((e) => e.competitionNameZh).sort()).toEqual(["2026年四川工匠杯职业技能大赛", "2027年四川工匠杯职业技能大赛"]);
    expect(mine?.entries.find((e) => e.competitionNameZh.startsWith("2026"))?.workstationNo).toMatch(/^\d{2}$/);
    expect(JSON.stringify(mine)).not.toMatch(/id_number_cipher|idNumberCipher|idNumberIndex/);
  });

  it("admits to a 2027 skill only those ranked in the top 3 of 2026's Cyber Security (晋级资格)", async () => {
    const organizer = await demoPrincipal("organizer");
    const cyber = await t.db.selectFrom("skill").select(["id", "occupationCode"]).where("competitionId", "=", summary.competitionId).where("nameZh", "=", "网络安全").executeTakeFirstOrThrow();
    const standings = await loadSkillStandings(t.db, { competitionId: summary.competitionId, skillId: cyber.id });
    const byRank = [...standings.competitors].sort((a, b) => a.rank - b.rank);
    const personOf = async (competitorId: string) =>
      t.db
        .selectFrom("competitorMember as m")
        .innerJoin("person as p", "p.id", "m.personId")
        .innerJoin("competitor as c", "c.id", "m.competitorId")
        .innerJoin("delegation as d", "d.id", "c.delegationId")
        .select(["p.name", "p.gender", "p.birthDate", "p.idNumberCipher", "d.regionCode"])
        .where("m.competitorId", "=", competitorId)
        .executeTakeFirstOrThrow();
    const { skillId } = await saveSkill(depsFor(t.db), organizer, summary.next.competitionId, SkillInputSchema.parse({ nameZh: "网络安全", track: "ws", occupationCode: cyber.occupationCode, wsNumber: "54", teamSize: "1", entrantGroup: "student", ageRule: "ws_under_25", startsAt: "2027-04-22T08:30", endsAt: "2027-04-22T17:30" }), null);
    await saveSkillRegistrationRule(depsFor(t.db), organizer, { competitionId: summary.next.competitionId, skillId }, SkillRegistrationRuleInputSchema.parse({ quota: "", requiredSkillLevel: "", requiredResultLevel: "provincial", requiredResultRank: "3" }));
    const register = async (competitorId: string) => {
      const p = await personOf(competitorId);
      const delegation = await t.db.selectFrom("delegation").select("id").where("competitionId", "=", summary.next.competitionId).where("regionCode", "=", p.regionCode).executeTakeFirstOrThrow();
      const row = { row: 3, name: p.name, gender: p.gender === "male" ? "男" : "女", idNumber: revealIdNumber(piiKey, p.idNumberCipher), birthDate: p.birthDate, phone: "", employer: "晋级测试学校", occupation: "", skillLevel: "", skill: "网络安全", group: "学生组", postCategory: "", team: "" };
      return saveRegistrationRows(depsFor(t.db), organizer, { competitionId: summary.next.competitionId, delegationId: delegation.id }, [row], { mode: "all", submit: false });
    };
    const first = await register(byRank[0]!.competitorId);
    expect(first.check.problems).toEqual([]);
    const last = await register(byRank[byRank.length - 1]!.competitorId);
    expect(last.check.problems).toEqual([{ row: 3, field: "idNumber", code: "RESULT_REQUIRED", params: { level: "provincial", rank: 3 } }]);
  });

  it("rehearses Welding on a copy: synthetic judges mark at the chosen pace, one instance per tick", async () => {
    const organizer = await demoPrincipal("organizer");
    const welding = await t.db.selectFrom("skill").select("id").where("competitionId", "=", summary.competitionId).where("nameZh", "=", "焊接").executeTakeFirstOrThrow();
    let now = new Date("2026-11-22T02:00:00Z");
    const deps: ServiceDeps = { ...depsFor(t.db), now: () => now };
    const { skillId } = await createRehearsal(deps, organizer, { competitionId: summary.competitionId, sourceSkillId: welding.id });
    const copy = await t.db.selectFrom("skill").select(["nameZh", "rehearsalOf"]).where("id", "=", skillId).executeTakeFirstOrThrow();
    expect(copy).toEqual({ nameZh: "焊接（演练）", rehearsalOf: welding.id });
    const [source, copied] = await Promise.all([welding.id, skillId].map((id) => t.db.selectFrom("competitor").select(["workstationNo"]).where("skillId", "=", id).orderBy("workstationNo").execute()));
    expect(copied).toEqual(source);
    const members = await t.db.selectFrom("competitorMember").innerJoin("competitor", "competitor.id", "competitorMember.competitorId").select("competitorMember.personId").where("competitor.skillId", "=", skillId).execute();
    expect(members).toEqual([]);
    const scope = { competitionId: summary.competitionId, skillId };
    expect(await tickRehearsals(deps)).toBe(0); // not started
    await setRehearsalRunning(deps, organizer, scope, { running: true, pacePerMinute: 120 });
    now = new Date(now.getTime() + 10_000); // 10 s at 120 a minute: 20 marks due
    expect(await tickRehearsals(deps)).toBe(20);
    expect(await tickRehearsals(deps)).toBe(0); // just ticked: another instance would leave it
    now = new Date(now.getTime() + 5_000);
    expect(await tickRehearsals(deps)).toBe(10);
    const marks = await t.db.selectFrom("mark").select(sql<number>`count(*)::int`.as("n")).where("skillId", "=", skillId).executeTakeFirstOrThrow();
    expect(marks.n).toBe(30);
    await setRehearsalRunning(deps, organizer, scope, { running: false, pacePerMinute: 120 });
    now = new Date(now.getTime() + 60_000);
    expect(await tickRehearsals(deps)).toBe(0);
    expect(await refusalCode(createRehearsal(deps, await demoPrincipal("chief.weld"), { competitionId: summary.competitionId, sourceSkillId: welding.id }))).toBe("FORBIDDEN");
  });

  it("records every step in an audit chain that verifies", async () => {
    const verdict = await verifyStoredAuditChain(t.db);
    expect(verdict).toMatchObject({ ok: true });
    const loaded = await t.db.selectFrom("auditEvent").select(["after", "competitionId"]).where("action", "=", "scenario.loaded").execute();
    expect(loaded).toHaveLength(1);
    expect(loaded[0]?.competitionId).toBe(summary.competitionId);
    expect(loaded[0]?.after).toMatchObject({ competitors: summary.counts.competitors, persons: summary.counts.persons });
  });

  it("produces the same people and registrations in a second database", async () => {
    const second = await createTestDatabase();
    try {
      await loadDemoScenario(depsFor(second.db));
      const [a, b] = [await fingerprint(t.db), await fingerprint(second.db)];
      expect(b.names).toEqual(a.names);
      expect(b.entries).toEqual(a.entries);
    } finally {
      await second.drop();
    }
  }, 120_000);
});
