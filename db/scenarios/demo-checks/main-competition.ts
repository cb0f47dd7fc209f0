// Checks of the demo scenario's main competition, the 2026 Sichuan Craftsman Cup: its skills, people,
// schemes, marking, judge assignment, decryption, score sheets, check-in and draws. Registered by
// db/scenarios/demo.db.test.ts inside its one describe, over the one demo it loads.
import { expect, it } from "vitest";
import { parseIdNumber } from "~/domain/identity/id-number";
import { checkAssignment } from "~/domain/judging/assignment";
import { decryptLayer, loadConsole } from "~/services/judging/console.server";
import { setModuleLock } from "~/services/marks/set-module-lock.server";
import { recordMark } from "~/services/marks/record-mark.server";
import { loadAssignmentContext, loadMyAssignment, proposeJudgeAssignment, saveJudgeAssignment } from "~/services/judging/judge-assignment.server";
import { verifyPassword } from "~/services/auth/passwords.server";
import { revealIdNumber } from "~/services/identity/protect-id-number.server";
import { refusalCode } from "../../testing";
import { demoPassword, drawnSkills, isDatabaseEmpty, listDemoLogins } from "../demo";
import { verifyAllDraws } from "~/services/registration/draw.server";
import { loadSchemeDraft } from "../../queries/marking-schemes";
import { sectionAllocation, validateScheme } from "~/domain/marking-scheme/scheme";
import { toFixed } from "~/domain/results/exact";
import { loadSkillResults } from "~/services/results/load-skill-results.server";
import { readFileSync } from "node:fs";
import type { Principal } from "~/domain/access/roles";
import { enterScoreSheet, verifyScoreSheet } from "~/services/marks/score-sheets.server";
import { demoWeldingReady } from "../demo-check-in";
import { depsFor, principalOf, piiKey, type DemoRun } from "./helpers";

/** The 2026 Sichuan Craftsman Cup as the demo leaves it (tests of the demo describe). */
export function checkMainCompetition(run: DemoRun): void {
  const demoPrincipal = (username: string) => principalOf(run.t.db, username);

  it("loads into an empty database only", async () => {
    const { t, summary, emptyBefore, loadMs } = run;
    expect(emptyBefore).toBe(true);
    expect(await isDatabaseEmpty(t.db)).toBe(false);
    console.info(`demo scenario loaded in ${Math.round(loadMs)} ms: ${JSON.stringify(summary.counts)}`);
  });

  it("runs the 2026 Sichuan Craftsman Cup with skills on all three tracks and 21 delegations", async () => {
    const { t, summary } = run;
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
    const { t, summary } = run;
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
    const { t, summary } = run;
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
    const { t, summary } = run;
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
    const { t, summary } = run;
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
    const { t, summary } = run;
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
    const { t, summary } = run;
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
    const { t, summary } = run;
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
    const { t, summary } = run;
    const principal = demoPrincipal;
    const skill = await t.db
      .selectFrom("skill")
      .select("id")
      .where("competitionId", "=", summary.competitionId)
      .where("nameZh", "=", "焊接")
      .executeTakeFirstOrThrow();
    const scope = { competitionId: summary.competitionId, skillId: skill.id };
    const bytes = readFileSync(new URL("../../../docs/examples/score-sheet.csv", import.meta.url));
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
    const { t, summary } = run;
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
    const { t, summary } = run;
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
}
