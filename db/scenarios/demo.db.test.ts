import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPathway } from "~/services/pathway/pathway.server";
import { parseIdNumber } from "~/domain/identity/id-number";
import { loadMyEntries } from "~/services/registration/my-entries.server";
import { checkAssignment } from "~/domain/judging/assignment";
import { decryptLayer, loadConsole } from "~/services/judging/console.server";
import { setModuleLock } from "~/services/marks/set-module-lock.server";
import { recordMark } from "~/services/marks/record-mark.server";
import { createRehearsal, setRehearsalRunning, tickRehearsals } from "~/services/leaderboards/rehearsal.server";
import { sql } from "kysely";
import { loadSkillStandings } from "~/services/results/load-skill-standings.server";
import { saveSkill } from "~/services/competitions/save-skill.server";
import { SkillInputSchema } from "~/domain/competition/inputs";
import { SkillRegistrationRuleInputSchema, saveSkillRegistrationRule } from "~/services/registration/registration-settings.server";
import { saveRegistrationRows } from "~/services/registration/save-registration-rows.server";
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
import { competitionLevels, ladderRung, type CompetitionLevel } from "~/domain/competition/ladder";
import { readRuleSettings } from "~/domain/competition/rule-settings";
import { loadCompetitionStandings } from "~/services/results/load-skill-standings.server";
import { shanghaiLocalToInstant } from "~/domain/time";
import { historyCompetitions, squadRounds } from "./data/history";

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
    .select([
      "competitor.registrationNo",
      "competitor.checkInNo",
      "competitor.workstationNo",
      "person.name",
      "person.idNumberIndex",
      "skill.nameZh as skill",
      "delegation.nameZh as delegation",
    ])
    .orderBy("competitor.registrationNo")
    .orderBy("person.name")
    .execute();
  return { names, entries, history: await historyStandings(db) };
}

/** Every history skill's ranking: registration numbers by rank, with totals. */
async function historyStandings(db: DB): Promise<string[]> {
  const competitions = await db
    .selectFrom("competition")
    .select(["id", "nameZh"])
    .where("status", "in", ["finished", "archived"])
    .orderBy("startsOn")
    .execute();
  const lines: string[] = [];
  for (const c of competitions) {
    const registrationNos = new Map(
      (await db.selectFrom("competitor").select(["id", "registrationNo"]).where("competitionId", "=", c.id).execute()).map((r) => [r.id, r.registrationNo]),
    );
    for (const { standings } of await loadCompetitionStandings(db, c.id)) {
      for (const x of standings.competitors)
        lines.push(`${c.nameZh} ${x.rank} ${registrationNos.get(x.competitorId)} ${x.code} ${toFixed(x.total)} ${x.award ?? ""}`);
    }
  }
  return lines.sort();
}

/** The persons of a skill's competitors, best first (individual skills). */
async function personsByRank(db: DB, competitionId: string, skillId: string): Promise<string[]> {
  const standings = await loadSkillStandings(db, { competitionId, skillId });
  const members = new Map(
    (
      await db
        .selectFrom("competitorMember")
        .innerJoin("competitor", "competitor.id", "competitorMember.competitorId")
        .select(["competitor.id", "competitorMember.personId"])
        .where("competitor.skillId", "=", skillId)
        .execute()
    ).map((m) => [m.id, m.personId]),
  );
  return [...standings.competitors].sort((a, b) => a.rank - b.rank).map((c) => members.get(c.competitorId)!);
}

/** A history competition's skills: id, name, WorldSkills number, occupation. */
async function skillsOf(db: DB, competitionId: string) {
  return db
    .selectFrom("skill")
    .select(["id", "nameZh", "wsNumber", "occupationCode", "track", "endsAt"])
    .where("competitionId", "=", competitionId)
    .orderBy("startsAt")
    .orderBy("nameZh")
    .execute();
}

/** The persons of a delegation (by region code) in a skill. */
async function delegationPersons(db: DB, skillId: string, regionCode: string): Promise<string[]> {
  const rows = await db
    .selectFrom("competitorMember")
    .innerJoin("competitor", "competitor.id", "competitorMember.competitorId")
    .innerJoin("delegation", "delegation.id", "competitor.delegationId")
    .select("competitorMember.personId")
    .where("competitor.skillId", "=", skillId)
    .where("delegation.regionCode", "=", regionCode)
    .execute();
  return rows.map((r) => r.personId);
}

/** Every competition a person competed in, in time order, with the rank where the skill is marked. */
async function pathwayOf(db: DB, personId: string) {
  const rows = await db
    .selectFrom("competitorMember")
    .innerJoin("competitor", "competitor.id", "competitorMember.competitorId")
    .innerJoin("skill", "skill.id", "competitor.skillId")
    .innerJoin("competition", "competition.id", "competitor.competitionId")
    .select([
      "competition.id as competitionId",
      "competition.level",
      "competition.nameZh",
      "skill.id as skillId",
      "skill.nameZh as skill",
      "skill.startsAt",
      "competitor.id as competitorId",
    ])
    .where("competitorMember.personId", "=", personId)
    .orderBy("skill.startsAt")
    .execute();
  const steps = [];
  for (const r of rows) {
    const scheme = await db.selectFrom("markingScheme").select("id").where("skillId", "=", r.skillId).executeTakeFirst();
    const standings = scheme ? await loadSkillStandings(db, { competitionId: r.competitionId, skillId: r.skillId }) : null;
    const rank = standings?.complete ? (standings.competitors.find((c) => c.competitorId === r.competitorId)?.rank ?? null) : null;
    steps.push({ level: r.level as CompetitionLevel, competition: r.nameZh, skill: r.skill, startsAt: r.startsAt, rank });
  }
  return steps;
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
}, 300_000);
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
    expect(competition).toMatchObject({
      nameZh: "2026年四川工匠杯职业技能大赛",
      level: "provincial",
      status: "running",
      startsOn: "2026-11-20",
      endsOn: "2026-11-24",
    });
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
      .select((eb) => [
        "skill.teamSize",
        eb
          .selectFrom("competitorMember")
          .select(eb.fn.countAll<number>().as("n"))
          .whereRef("competitorMember.competitorId", "=", "competitor.id")
          .as("members"),
      ])
      .where("competitor.competitionId", "=", summary.competitionId)
      .execute();
    expect(competitors.length).toBeGreaterThanOrEqual(200);
    expect(competitors.length).toBe(summary.counts.competitors);
    for (const c of competitors) expect(Number(c.members)).toBe(c.teamSize);
  });

  it("stores ID numbers protected: masked for display, never in plain text", async () => {
    const persons = await t.db.selectFrom("person").selectAll().execute();
    // The main competition's people, those its history added and those the 2027 registrations added.
    expect(persons.length).toBe(summary.counts.persons + summary.history.newPersons + summary.next.newPersons);
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
      expect(
        sectionAllocation(result.scheme).some((r) => r.warning),
        skill.nameZh,
      ).toBe(false);
      for (const a of result.scheme.modules.flatMap((m) => m.subCriteria.flatMap((sc) => sc.aspects))) {
        kinds.add(a.kind);
        if (a.kind === "measurement") calculations.add(a.calculation.kind);
      }
    }
    expect([...kinds].sort()).toEqual(["judgement", "measurement", "trimmed_mean"]);
    expect([...calculations].sort()).toEqual(["all_or_nothing", "bands", "choice", "per_unit"]);
  });

  it("has Cyber Security completely marked: every competitor ranked with WorldSkills points", async () => {
    const skill = await t.db
      .selectFrom("skill")
      .select("id")
      .where("competitionId", "=", summary.competitionId)
      .where("nameZh", "=", "网络安全")
      .executeTakeFirstOrThrow();
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
    const skill = await t.db
      .selectFrom("skill")
      .select("id")
      .where("competitionId", "=", summary.competitionId)
      .where("nameZh", "=", "汽车维修工")
      .executeTakeFirstOrThrow();
    const scope = { competitionId: summary.competitionId, skillId: skill.id };
    const roleUser = (role: "chief_judge" | "judge") =>
      t.db
        .selectFrom("roleAssignment")
        .innerJoin("appUser", "appUser.id", "roleAssignment.userId")
        .select("appUser.username")
        .where("roleAssignment.skillId", "=", skill.id)
        .where("roleAssignment.role", "=", role)
        .orderBy("appUser.username")
        .execute();
    const chief = await demoPrincipal((await roleUser("chief_judge"))[0]!.username);
    const context = await loadAssignmentContext(t.db, scope);
    const proposal = await proposeJudgeAssignment(t.db, chief, scope);
    if (!proposal.ok) throw new Error(`no conflict-free plan: ${JSON.stringify(proposal)}`);
    expect(checkAssignment(proposal.plan, context)).toEqual([]);
    // One team marking everyone: every judge from a delegation with a competitor conflicts.
    const everyone = {
      name: "all",
      moduleCode: context.modules[0]!.code,
      memberIds: context.judges.map((j) => j.userId),
      aspectCodes: context.modules[0]!.aspects.map((a) => a.code),
      competitorIds: context.competitors.map((c) => c.id),
    };
    const refused = await saveJudgeAssignment(depsFor(t.db), chief, scope, { teams: [everyone], source: "manual", reason: null, basedOnVersion: 0 });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.problems.find((p) => p.code === "TEAM_CONFLICT")).toMatchObject({ code: "TEAM_CONFLICT", reason: "delegation" });
    expect(await saveJudgeAssignment(depsFor(t.db), chief, scope, { teams: proposal.plan.teams, source: "proposal", reason: null, basedOnVersion: 0 })).toEqual(
      { ok: true, version: 1 },
    );
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
    const mark = (competitorId: string) =>
      refusalCode(recordMark(depsFor(t.db), judge, scope, { submissionId: crypto.randomUUID(), competitorId, aspectCode: aspect.code, value: { score: 2 } }));
    expect(await mark(team.competitorIds[0]!)).toBeUndefined();
    const outsider = context.competitors.find(
      (c) => !proposal.plan.teams.some((x) => x.memberIds.includes(judgeId) && x.moduleCode === judgementModule.code && x.competitorIds.includes(c.id)),
    );
    expect(outsider).toBeDefined();
    expect(await mark(outsider!.id)).toBe("NOT_ASSIGNED");
    // A save based on an old version is refused; a change needs a reason; judges cannot assign.
    expect(
      await refusalCode(saveJudgeAssignment(depsFor(t.db), chief, scope, { teams: proposal.plan.teams, source: "manual", reason: "x", basedOnVersion: 0 })),
    ).toBe("ASSIGNMENT_CHANGED");
    expect(
      await refusalCode(saveJudgeAssignment(depsFor(t.db), chief, scope, { teams: proposal.plan.teams, source: "manual", reason: null, basedOnVersion: 1 })),
    ).toBe("REASON_REQUIRED");
    expect(
      await refusalCode(saveJudgeAssignment(depsFor(t.db), judge, scope, { teams: proposal.plan.teams, source: "manual", reason: "x", basedOnVersion: 1 })),
    ).toBe("FORBIDDEN");
  });

  it("shows Cyber Security's console complete, and opens its codes only when locked, witnessed, layer by layer", async () => {
    const skill = await t.db
      .selectFrom("skill")
      .select("id")
      .where("competitionId", "=", summary.competitionId)
      .where("nameZh", "=", "网络安全")
      .executeTakeFirstOrThrow();
    const scope = { competitionId: summary.competitionId, skillId: skill.id };
    const chiefName = await t.db
      .selectFrom("roleAssignment")
      .innerJoin("appUser", "appUser.id", "roleAssignment.userId")
      .select("appUser.username")
      .where("roleAssignment.skillId", "=", skill.id)
      .where("roleAssignment.role", "=", "chief_judge")
      .executeTakeFirstOrThrow();
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
    const judge = await t.db
      .selectFrom("roleAssignment")
      .select("userId")
      .where("skillId", "=", skill.id)
      .where("role", "=", "judge")
      .executeTakeFirstOrThrow();
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
    const skill = await t.db
      .selectFrom("skill")
      .select("id")
      .where("competitionId", "=", summary.competitionId)
      .where("nameZh", "=", "焊接")
      .executeTakeFirstOrThrow();
    const scope = { competitionId: summary.competitionId, skillId: skill.id };
    const bytes = readFileSync(new URL("../../docs/examples/score-sheet.csv", import.meta.url));
    const entered = await enterScoreSheet(depsFor(t.db), await principal("chief.weld"), scope, { fileName: "score-sheet.csv", bytes });
    if (!entered.ok) throw new Error(JSON.stringify(entered.problems));
    expect(await verifyScoreSheet(depsFor(t.db), await principal("organizer"), scope, entered.sheetId)).toMatchObject({
      ok: true,
      marks: entered.rows,
      corrections: 0,
    });
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
    const extra = await t.db
      .selectFrom("competitorStateEvent")
      .select(["extraMinutes", "reason"])
      .where("competitorId", "=", mecha[0]!.id)
      .where("action", "=", "grant_extra_time")
      .execute();
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
      .where("draw.competitionId", "=", summary.competitionId)
      .execute();
    expect(new Set(draws.map((d) => `${d.conductor}/${d.witness}/${d.supersedesId}`))).toEqual(new Set(["organizer/supervisor/null"]));
    // In the audit chain, every draw comes before the first mark.
    const lastDraw = await t.db
      .selectFrom("auditEvent")
      .select((eb) => eb.fn.max("seq").as("seq"))
      .where("action", "=", "draw.conducted")
      .executeTakeFirstOrThrow();
    const firstMark = await t.db
      .selectFrom("auditEvent")
      .select((eb) => eb.fn.min("seq").as("seq"))
      .where("action", "=", "mark.recorded")
      .executeTakeFirstOrThrow();
    expect(Number(lastDraw.seq)).toBeLessThan(Number(firstMark.seq));
    // Cyber Security's results know its competitors by workstation number only.
    const skill = await t.db
      .selectFrom("skill")
      .select("id")
      .where("competitionId", "=", summary.competitionId)
      .where("nameZh", "=", "网络安全")
      .executeTakeFirstOrThrow();
    const results = await loadSkillResults(t.db, { competitionId: summary.competitionId, skillId: skill.id });
    const workstations = await t.db.selectFrom("competitor").select("workstationNo").where("skillId", "=", skill.id).execute();
    expect(results.competitors.map((c) => c.code).sort()).toEqual(workstations.map((w) => w.workstationNo).sort());
    expect(results.competitors.every((c) => /^\d{2}$/.test(c.code))).toBe(true);
    const checkIns = await t.db.selectFrom("competitor").select("checkInNo").where("skillId", "=", skill.id).execute();
    expect(checkIns.every((c) => /^J\d{2}$/.test(c.checkInNo ?? ""))).toBe(true);
  });

  it("lists nine competitions over six levels and three years", async () => {
    const competitions = await t.db.selectFrom("competition").select(["level", "year", "status"]).execute();
    expect(competitions).toHaveLength(9);
    const perLevel = Object.fromEntries(competitionLevels.map((level) => [level, competitions.filter((c) => c.level === level).length]));
    expect(perLevel).toEqual({ enterprise: 1, city: 2, industry: 0, provincial: 3, national: 1, ws_selection: 1, ws_squad: 1, worldskills: 0 });
    expect(new Set(competitions.map((c) => c.year))).toEqual(new Set([2025, 2026, 2027]));
    expect(competitions.filter((c) => c.status !== "draft")).toHaveLength(9);
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
    const settings = await t.db
      .selectFrom("registrationSettings")
      .select(["opensAt", "closesAt"])
      .where("competitionId", "=", summary.next.competitionId)
      .executeTakeFirstOrThrow();
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
    // That person signs in as `contestant` and sees both years' entries, with the 2026 workstation,
    // and the group's and the city's contests that led there.
    const contestant = await t.db.selectFrom("appUser").select("id").where("username", "=", "contestant").executeTakeFirstOrThrow();
    const mine = await loadMyEntries(t.db, contestant.id, new Date());
    expect(mine?.entries.map((e) => e.competitionNameZh).sort()).toEqual([
      "2026年四川工匠杯职业技能大赛",
      "2026年四川蜀能装备集团岗位练兵技能比武",
      "2026年成都市职业技能大赛",
      "2027年四川工匠杯职业技能大赛",
    ]);
    expect(mine?.entries.find((e) => e.competitionNameZh.startsWith("2026"))?.workstationNo).toMatch(/^\d{2}$/);
    expect(JSON.stringify(mine)).not.toMatch(/id_number_cipher|idNumberCipher|idNumberIndex/);
  });

  it("admits to a 2027 skill only those ranked in the top 3 of 2026's Cyber Security (晋级资格)", async () => {
    const organizer = await demoPrincipal("organizer");
    const cyber = await t.db
      .selectFrom("skill")
      .select(["id", "occupationCode"])
      .where("competitionId", "=", summary.competitionId)
      .where("nameZh", "=", "网络安全")
      .executeTakeFirstOrThrow();
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
    const { skillId } = await saveSkill(
      depsFor(t.db),
      organizer,
      summary.next.competitionId,
      SkillInputSchema.parse({
        nameZh: "网络安全",
        track: "ws",
        occupationCode: cyber.occupationCode,
        wsNumber: "54",
        teamSize: "1",
        entrantGroup: "student",
        ageRule: "ws_under_25",
        startsAt: "2027-04-22T08:30",
        endsAt: "2027-04-22T17:30",
      }),
      null,
    );
    await saveSkillRegistrationRule(
      depsFor(t.db),
      organizer,
      { competitionId: summary.next.competitionId, skillId },
      SkillRegistrationRuleInputSchema.parse({ quota: "", requiredSkillLevel: "", requiredResultLevel: "provincial", requiredResultRank: "3" }),
    );
    const register = async (competitorId: string) => {
      const p = await personOf(competitorId);
      const delegation = await t.db
        .selectFrom("delegation")
        .select("id")
        .where("competitionId", "=", summary.next.competitionId)
        .where("regionCode", "=", p.regionCode)
        .executeTakeFirstOrThrow();
      const row = {
        row: 3,
        name: p.name,
        gender: p.gender === "male" ? "男" : "女",
        idNumber: revealIdNumber(piiKey, p.idNumberCipher),
        birthDate: p.birthDate,
        phone: "",
        employer: "晋级测试学校",
        occupation: "",
        skillLevel: "",
        skill: "网络安全",
        group: "学生组",
        postCategory: "",
        team: "",
      };
      return saveRegistrationRows(depsFor(t.db), organizer, { competitionId: summary.next.competitionId, delegationId: delegation.id }, [row], {
        mode: "all",
        submit: false,
      });
    };
    const first = await register(byRank[0]!.competitorId);
    expect(first.check.problems).toEqual([]);
    const last = await register(byRank[byRank.length - 1]!.competitorId);
    expect(last.check.problems).toEqual([{ row: 3, field: "idNumber", code: "RESULT_REQUIRED", params: { level: "provincial", rank: 3 } }]);
  });

  it("rehearses Welding on a copy: synthetic judges mark at the chosen pace, one instance per tick", async () => {
    const organizer = await demoPrincipal("organizer");
    const welding = await t.db
      .selectFrom("skill")
      .select("id")
      .where("competitionId", "=", summary.competitionId)
      .where("nameZh", "=", "焊接")
      .executeTakeFirstOrThrow();
    let now = new Date("2026-11-22T02:00:00Z");
    const deps: ServiceDeps = { ...depsFor(t.db), now: () => now };
    const { skillId } = await createRehearsal(deps, organizer, { competitionId: summary.competitionId, sourceSkillId: welding.id });
    const copy = await t.db.selectFrom("skill").select(["nameZh", "rehearsalOf"]).where("id", "=", skillId).executeTakeFirstOrThrow();
    expect(copy).toEqual({ nameZh: "焊接（演练）", rehearsalOf: welding.id });
    const [source, copied] = await Promise.all(
      [welding.id, skillId].map((id) => t.db.selectFrom("competitor").select(["workstationNo"]).where("skillId", "=", id).orderBy("workstationNo").execute()),
    );
    expect(copied).toEqual(source);
    const members = await t.db
      .selectFrom("competitorMember")
      .innerJoin("competitor", "competitor.id", "competitorMember.competitorId")
      .select("competitorMember.personId")
      .where("competitor.skillId", "=", skillId)
      .execute();
    expect(members).toEqual([]);
    const scope = { competitionId: summary.competitionId, skillId };
    expect(await tickRehearsals(deps)).toBe(0); // not started
    await setRehearsalRunning(deps, organizer, scope, { running: true, pacePerMinute: 120 });
    now = new Date(now.getTime() + 10_000); // 10 s at 120 a minute: 20 marks due
    expect(await tickRehearsals(deps)).toBe(20);
    expect(await tickRehearsals(deps)).toBe(0); // just ticked: another instance would leave it
    now = new Date(now.getTime() + 5_000);
    expect(await tickRehearsals(deps)).toBe(10);
    const marks = await t.db
      .selectFrom("mark")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("skillId", "=", skillId)
      .executeTakeFirstOrThrow();
    expect(marks.n).toBe(30);
    await setRehearsalRunning(deps, organizer, scope, { running: false, pacePerMinute: 120 });
    now = new Date(now.getTime() + 60_000);
    expect(await tickRehearsals(deps)).toBe(0);
    expect(
      await refusalCode(createRehearsal(deps, await demoPrincipal("chief.weld"), { competitionId: summary.competitionId, sourceSkillId: welding.id })),
    ).toBe("FORBIDDEN");
  });

  it("has a ladder of earlier competitions in time order, each skill small", async () => {
    const { competitions } = summary.history;
    expect(competitions.map((c) => `${c.year} ${c.level}`)).toEqual([
      "2025 city",
      "2025 provincial",
      "2025 national",
      "2025 ws_selection",
      "2026 ws_squad",
      "2026 enterprise",
      "2026 city",
    ]);
    const stored = await t.db
      .selectFrom("competition")
      .select(["id", "startsOn", "level", "status"])
      .where(
        "id",
        "in",
        competitions.map((c) => c.competitionId),
      )
      .execute();
    const startsOn = competitions.map((c) => stored.find((s) => s.id === c.competitionId)!.startsOn);
    expect(startsOn).toEqual([...startsOn].sort());
    expect(stored.every((s) => s.status === "finished" || s.status === "archived")).toBe(true);
    // The funnel: competitors per level of the history.
    const perLevel: Record<string, number> = {};
    for (const c of competitions) perLevel[c.level] = (perLevel[c.level] ?? 0) + c.competitors;
    expect(perLevel).toEqual({ city: 46, provincial: 48, national: 24, ws_selection: 24, ws_squad: 34, enterprise: 30 });
    for (const c of competitions) {
      const counts = await t.db
        .selectFrom("competitor")
        .select((eb) => ["skillId", eb.fn.countAll<number>().as("n")])
        .where("competitionId", "=", c.competitionId)
        .groupBy("skillId")
        .execute();
      expect(counts).toHaveLength(c.skills);
      expect(counts.reduce((n, r) => n + Number(r.n), 0)).toBe(c.competitors);
      // 8 to 12 entrants a skill; the squad's later rounds are smaller by design (5, then 2).
      for (const r of counts) expect(Number(r.n)).toBeGreaterThanOrEqual(c.level === "ws_squad" ? 2 : 8);
      for (const r of counts) expect(Number(r.n)).toBeLessThanOrEqual(12);
    }
  });

  it("marks every history skill completely with a valid 100-mark scheme, every module locked, both draws verifiable, everyone finished", async () => {
    for (const c of summary.history.competitions) {
      const skills = await skillsOf(t.db, c.competitionId);
      const standings = await loadCompetitionStandings(t.db, c.competitionId);
      expect(standings).toHaveLength(skills.length);
      for (const { skillId, standings: s } of standings) {
        const name = `${c.key} ${skills.find((k) => k.id === skillId)?.nameZh}`;
        expect(s.complete, name).toBe(true);
        expect(
          s.competitors.every((x) => x.missingCount === 0 && x.flaggedCount === 0 && !x.unresolvedTie),
          name,
        ).toBe(true);
        expect(new Set(s.competitors.map((x) => x.rank)).size, name).toBe(s.competitors.length);
        const stored = await loadSchemeDraft(t.db, skillId);
        const valid = validateScheme(stored!.draft);
        if (!valid.ok) throw new Error(`${name}: ${JSON.stringify(valid.problems)}`);
        expect(toFixed(valid.scheme.total), name).toBe("100.00");
        const modules = await t.db
          .selectFrom("schemeModule")
          .innerJoin("markingScheme", "markingScheme.id", "schemeModule.schemeId")
          .select((eb) => [
            "schemeModule.code",
            eb
              .selectFrom("moduleLockEvent")
              .select("locked")
              .whereRef("moduleLockEvent.moduleId", "=", "schemeModule.id")
              .orderBy("moduleLockEvent.id", "desc")
              .limit(1)
              .as("locked"),
          ])
          .where("markingScheme.skillId", "=", skillId)
          .execute();
        expect(modules.length, name).toBe(valid.scheme.modules.length);
        expect(
          modules.every((m) => m.locked === true),
          name,
        ).toBe(true);
      }
      const draws = await verifyAllDraws(t.db, { competitionId: c.competitionId });
      expect(draws).toHaveLength(skills.length * 2);
      expect(draws.every((d) => d.ok && d.inForce)).toBe(true);
      const states = await t.db.selectFrom("competitor").select("state").distinct().where("competitionId", "=", c.competitionId).execute();
      expect(states).toEqual([{ state: "finished" }]);
    }
    // Every lock went through the service: audited, by the skill's chief judge.
    const locks = await t.db
      .selectFrom("auditEvent")
      .select("actorUserId")
      .where("action", "=", "module.locked")
      .where(
        "competitionId",
        "in",
        summary.history.competitions.map((c) => c.competitionId),
      )
      .execute();
    const modules = await t.db
      .selectFrom("schemeModule")
      .innerJoin("markingScheme", "markingScheme.id", "schemeModule.schemeId")
      .innerJoin("skill", "skill.id", "markingScheme.skillId")
      .select("schemeModule.id")
      .where(
        "skill.competitionId",
        "in",
        summary.history.competitions.map((c) => c.competitionId),
      )
      .execute();
    expect(locks).toHaveLength(modules.length);
  });

  it("takes each rung's entrants from the results of the one before", async () => {
    const id = (key: string) => summary.history.competitions.find((c) => c.key === key)!.competitionId;
    const province = await skillsOf(t.db, id("province2025"));
    const sameSkill = (skills: Awaited<ReturnType<typeof skillsOf>>, occupationCode: string) =>
      skills.find((s) => s.occupationCode === occupationCode && s.track === "ws")!;
    // National industry contest: Sichuan's two best of each WorldSkills-track provincial skill;
    // the WorldSkills selection: the best three.
    for (const [key, top] of [
      ["national2025", 2],
      ["wsSelection2025", 3],
    ] as const) {
      for (const skill of await skillsOf(t.db, id(key))) {
        const best = (await personsByRank(t.db, id("province2025"), sameSkill(province, skill.occupationCode).id)).slice(0, top);
        expect((await delegationPersons(t.db, skill.id, "510000")).sort(), `${key} ${skill.nameZh}`).toEqual(best.sort());
      }
    }
    // The squad: round 1 is the selection's top 10, each later round the best of the one before.
    const selection = await skillsOf(t.db, id("wsSelection2025"));
    for (const occupation of summary.history.squad) {
      let previous = await personsByRank(t.db, id("wsSelection2025"), selection.find((s) => s.occupationCode === occupation.occupationCode)!.id);
      for (const [i, round] of occupation.rounds.entries()) {
        const entrants = await personsByRank(t.db, occupation.competitionId, round.skillId);
        expect([...entrants].sort()).toEqual(previous.slice(0, squadRounds[i]!.from).sort());
        previous = entrants;
      }
    }
    // Deyang's best young welders and turners went on to the provincial contest.
    const deyang = await skillsOf(t.db, id("deyang2025"));
    for (const skill of deyang) {
      const best = (await personsByRank(t.db, id("deyang2025"), skill.id)).slice(0, 3);
      const onward = await delegationPersons(t.db, province.find((s) => s.occupationCode === skill.occupationCode)!.id, "510600");
      expect(onward.length).toBeGreaterThanOrEqual(1);
      for (const person of onward) expect(best).toContain(person);
    }
    // Chengdu 2026: the group's best Chengdu welders entered; and among each skill's best three
    // stands a member of the running provincial contest's Chengdu team.
    const chengdu = await skillsOf(t.db, id("chengdu2026"));
    const mainChengdu = new Set(
      (
        await t.db
          .selectFrom("competitorMember")
          .innerJoin("competitor", "competitor.id", "competitorMember.competitorId")
          .innerJoin("delegation", "delegation.id", "competitor.delegationId")
          .select("competitorMember.personId")
          .where("competitor.competitionId", "=", summary.competitionId)
          .where("delegation.regionCode", "=", "510100")
          .execute()
      ).map((r) => r.personId),
    );
    for (const skill of chengdu) {
      const best = (await personsByRank(t.db, id("chengdu2026"), skill.id)).slice(0, 3);
      expect(
        best.some((p) => mainChengdu.has(p)),
        skill.nameZh,
      ).toBe(true);
    }
    const enterpriseWeld = (await skillsOf(t.db, id("enterprise2026"))).find((s) => s.nameZh === "焊工")!;
    const cityWelders = await personsByRank(t.db, id("chengdu2026"), chengdu.find((s) => s.nameZh === "焊工")!.id);
    const groupBest = (await personsByRank(t.db, id("enterprise2026"), enterpriseWeld.id)).slice(0, 2);
    for (const person of groupBest) expect(cityWelders).toContain(person);
  });

  it("lets a Deyang welder climb five rungs to represent China, and the contestant come up through the group and the city", async () => {
    const climber = await pathwayOf(t.db, summary.history.climberPersonId);
    expect(climber.map((s) => s.level)).toEqual(["city", "provincial", "national", "ws_selection", "ws_squad", "ws_squad", "ws_squad"]);
    expect(climber.at(-1)).toMatchObject({ skill: "焊接 集训第三阶段考核（2进1）", rank: 1 });
    // More than one person climbs at least four rungs, never stepping down.
    const people = await t.db
      .selectFrom("competitorMember")
      .innerJoin("competitor", "competitor.id", "competitorMember.competitorId")
      .innerJoin("competition", "competition.id", "competitor.competitionId")
      .select(["competitorMember.personId", "competition.level"])
      .execute();
    const levels = new Map<string, Set<string>>();
    for (const r of people) levels.set(r.personId, (levels.get(r.personId) ?? new Set()).add(r.level));
    const climbers = [...levels].filter(([, l]) => l.size >= 4).map(([personId]) => personId);
    expect(climbers.length).toBeGreaterThanOrEqual(2);
    for (const personId of climbers) {
      const rungs = (await pathwayOf(t.db, personId)).map((s) => ladderRung(s.level));
      expect(rungs).toEqual([...rungs].sort((a, b) => a - b));
    }
    const contestant = await t.db.selectFrom("appUser").select("personId").where("username", "=", "contestant").executeTakeFirstOrThrow();
    const path = await pathwayOf(t.db, contestant.personId!);
    expect(path.map((s) => s.level)).toEqual(["enterprise", "city", "provincial", "provincial"]);
    expect(path[0]!.rank).toBeLessThanOrEqual(3);
    expect(path[1]!.rank).toBeLessThanOrEqual(3);
    expect(path.slice(2).map((s) => s.competition)).toEqual(["2026年四川工匠杯职业技能大赛", "2027年四川工匠杯职业技能大赛"]);
  });

  it("publishes the history: the climber's public pathway shows each rung's official result, the advancement it gave, and the final certificate", async () => {
    const { pathway, person, audience } = await loadPathway(t.db, summary.history.climberPersonId, null);
    expect(audience).toBe("public");
    expect(person?.idNumberMasked ?? null).toBeNull(); // the public never sees an ID number
    const levels = pathway.entries.map((e) => e.competition.level);
    expect(levels).toEqual(["city", "provincial", "national", "ws_selection", "ws_squad", "ws_squad", "ws_squad"]);
    // Every rung published (official, not provisional), in time order.
    expect(pathway.entries.every((e) => e.result !== null && e.result.status !== "provisional")).toBe(true);
    const starts = pathway.entries.map((e) => e.skill.startsAt);
    expect([...starts].sort()).toEqual(starts);
    // Eligibility at each step: the result that qualified him for the next rung, recorded by the
    // publication that applied the competition's advancement rule.
    const qualified = pathway.entries.slice(0, 4).map((e) => e.advancements.filter((a) => !a.revoked).map((a) => a.targetLevel));
    expect(qualified[0]).toContain("provincial");
    expect(qualified[1]).toEqual(expect.arrayContaining(["national", "ws_selection"]));
    expect(qualified[3]).toContain("ws_squad");
    const final = pathway.entries.at(-1)!;
    expect(final.result?.rank).toBe(1);
    expect(final.squadRound?.outcome).toBe("advance");
    // The 2025 provincial's certificates verify as final: its notice period ended long ago.
    const provincial = pathway.entries[1]!;
    for (const certificate of provincial.certificates) expect(certificate.revoked).toBe(false);
    const rows = await t.db
      .selectFrom("advancement")
      .innerJoin("competition as k", "k.id", "advancement.sourceCompetitionId")
      .select(["k.level", "advancement.kind", "advancement.targetLevel"])
      .where("advancement.personId", "=", summary.history.climberPersonId)
      .where("advancement.revokedAt", "is", null)
      .execute();
    expect(rows.map((r) => `${r.level}→${r.targetLevel}`)).toEqual(
      expect.arrayContaining(["city→provincial", "provincial→national", "provincial→ws_selection", "ws_selection→ws_squad"]),
    );
    const publications = await t.db
      .selectFrom("publication")
      .select(["noticeEndsAt"])
      .where(
        "competitionId",
        "in",
        summary.history.competitions.map((c) => c.competitionId),
      )
      .execute();
    expect(publications).toHaveLength(summary.history.publish.length);
    expect(publications.every((p) => new Date(p.noticeEndsAt).getTime() < new Date("2026-11-22T00:00:00Z").getTime())).toBe(true);
  });

  it("stores the titles and promotions each competition gives, and the skill level every member held on entry", async () => {
    const rules = async (competitionId: string) =>
      readRuleSettings((await t.db.selectFrom("competition").select("ruleSettings").where("id", "=", competitionId).executeTakeFirstOrThrow()).ruleSettings);
    const main = await rules(summary.competitionId);
    expect(main).toMatchObject({ awardScheme: "cn_fixed_counts", fixedAwardCounts: [1, 2, 5], minimumEntrants: 30 });
    expect(main.honourRules.filter((r) => r.kind === "title").map((r) => r.kind === "title" && r.code)).toEqual([
      "sichuan_craftsman",
      "sichuan_technical_expert",
    ]);
    for (const c of summary.history.competitions) {
      const honours = (await rules(c.competitionId)).honourRules;
      if (c.level === "ws_squad") expect(honours).toEqual([]);
      else
        expect(
          honours.some((r) => r.kind === "promotion"),
          c.key,
        ).toBe(true);
      if (c.level === "national")
        expect(honours).toContainEqual(expect.objectContaining({ kind: "title", code: "national_technical_expert", when: { rankTo: 5 } }));
    }
    const levels = await t.db
      .selectFrom("competitorMember")
      .innerJoin("competitor", "competitor.id", "competitorMember.competitorId")
      .select(["competitor.competitionId", "competitorMember.skillLevel"])
      .execute();
    expect(levels.every((l) => l.skillLevel !== null)).toBe(true);
    const mainLevels = levels.filter((l) => l.competitionId === summary.competitionId);
    const highSkilled = mainLevels.filter((l) => ["level3", "level2", "level1"].includes(l.skillLevel!)).length / mainLevels.length;
    expect(highSkilled).toBeGreaterThan(0.4);
    expect(highSkilled).toBeLessThan(0.9);
  });

  it("returns what to publish in time order, the squad's rounds and the advancement rules", async () => {
    const { publish, squad, advancementRules, competitions } = summary.history;
    const skills = await t.db
      .selectFrom("skill")
      .select(["id", "competitionId", "endsAt"])
      .where(
        "competitionId",
        "in",
        competitions.map((c) => c.competitionId),
      )
      .execute();
    expect(publish.map((p) => p.skillId).sort()).toEqual(skills.map((s) => s.id).sort());
    expect(publish.map((p) => p.publishedAtLocal)).toEqual(publish.map((p) => p.publishedAtLocal).sort());
    for (const p of publish) {
      const skill = skills.find((s) => s.id === p.skillId)!;
      expect(p.competitionId).toBe(skill.competitionId);
      expect(shanghaiLocalToInstant(p.publishedAtLocal)!.getTime()).toBeGreaterThan(skill.endsAt.getTime());
    }
    expect(squad.map((s) => s.occupationCode)).toEqual(["6-18-02-04", "6-18-01-01"]);
    for (const occupation of squad) {
      expect(occupation.rounds.map((r) => [r.roundNo, r.keepCount, r.reserveCount])).toEqual([
        [1, 5, 1],
        [2, 2, 1],
        [3, 1, 1],
      ]);
      for (const [i, round] of occupation.rounds.entries()) {
        const entrants = await t.db.selectFrom("competitor").select("id").where("skillId", "=", round.skillId).execute();
        expect(entrants).toHaveLength(i === 0 ? 10 : occupation.rounds[i - 1]!.keepCount);
      }
    }
    const levelOf = new Map((await t.db.selectFrom("competition").select(["id", "level"]).execute()).map((c) => [c.id, c.level]));
    expect(advancementRules.map((r) => `${r.kind}→${r.targetLevel}`)).toEqual([
      "reserve→provincial",
      "delegation→national",
      "eligible→ws_selection",
      "squad→ws_squad",
      "eligible→city",
      "reserve→provincial",
    ]);
    for (const rule of advancementRules) {
      expect(levelOf.get(rule.targetCompetitionId!)).toBe(rule.targetLevel);
      expect(ladderRung(rule.targetLevel)).toBeGreaterThan(ladderRung(levelOf.get(rule.competitionId)!));
    }
    expect(historyCompetitions.map((c) => c.key)).toEqual(competitions.map((c) => c.key));
  });

  it("records every step in an audit chain that verifies", async () => {
    const verdict = await verifyStoredAuditChain(t.db);
    expect(verdict).toMatchObject({ ok: true });
    const loaded = await t.db
      .selectFrom("auditEvent")
      .select(["after", "competitionId"])
      .where("action", "=", "scenario.loaded")
      .where("competitionId", "=", summary.competitionId)
      .execute();
    expect(loaded).toHaveLength(1);
    expect(loaded[0]?.after).toMatchObject({ scenario: "demo", competitors: summary.counts.competitors, persons: summary.counts.persons });
    // The history's bulk writes: people and entries, then marks, once per competition (per round
    // for the squad), adding up to what the history reports.
    const history = await t.db
      .selectFrom("auditEvent")
      .select(["action", "after"])
      .where("action", "in", ["scenario.loaded", "scenario.marked"])
      .where("competitionId", "<>", summary.competitionId)
      .execute();
    const total = (action: string, key: string) =>
      history.filter((e) => e.action === action).reduce((n, e) => n + Number((e.after as Record<string, unknown>)[key]), 0);
    expect(history.filter((e) => e.action === "scenario.loaded")).toHaveLength(historyCompetitions.length + squadRounds.length - 1);
    expect(total("scenario.loaded", "persons")).toBe(summary.history.newPersons);
    expect(total("scenario.loaded", "competitors")).toBe(summary.history.competitors);
    expect(total("scenario.marked", "marks")).toBe(summary.history.marks);
  });

  it("produces the same people and registrations in a second database", async () => {
    const second = await createTestDatabase();
    try {
      await loadDemoScenario(depsFor(second.db));
      const [a, b] = [await fingerprint(t.db), await fingerprint(second.db)];
      expect(b.names).toEqual(a.names);
      expect(b.entries).toEqual(a.entries);
      expect(b.history).toEqual(a.history);
      expect(a.history.length).toBe(summary.history.competitors);
    } finally {
      await second.drop();
    }
  }, 300_000);
});
