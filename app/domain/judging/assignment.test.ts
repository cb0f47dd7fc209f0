import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkAssignment,
  proposeAssignment,
  type AssignmentCompetitor,
  type AssignmentContext,
  type AssignmentJudge,
  type AssignmentModule,
} from "./assignment";

const judge = (userId: string, regionCode: string | null, employerId: string | null = null, related: string[] = []): AssignmentJudge => ({
  userId,
  name: `裁判${userId}`,
  ties: { regionCode, employerId, relatedPersonIds: related },
});
const competitor = (id: string, regionCode: string, employerId: string | null = null): AssignmentCompetitor => ({
  id,
  code: id.padStart(2, "0"),
  ties: { delegationRegionCode: regionCode, members: [{ personId: `p${id}`, employerId }] },
});
const moduleA: AssignmentModule = {
  code: "A",
  aspects: [
    { code: "A1.1", kind: "judgement", panelSize: null },
    { code: "A1.2", kind: "measurement", panelSize: null },
  ],
};
const moduleB: AssignmentModule = { code: "B", aspects: [{ code: "B1.1", kind: "trimmed_mean", panelSize: 5 }] };

const ctx = (judges: AssignmentJudge[], competitors: AssignmentCompetitor[], modules: AssignmentModule[] = [moduleA]): AssignmentContext => ({
  judges,
  competitors,
  modules,
  judgementTeamSize: 3,
});

describe("checking an assignment", () => {
  const judges = [judge("1", "510100"), judge("2", "510700"), judge("3", "510600"), judge("4", "510500")];
  const competitors = [competitor("1", "510100"), competitor("2", "510300"), competitor("3", "510400")];

  it("refuses a team with a judge of a competitor's own delegation, naming both and why", () => {
    const problems = checkAssignment(
      { teams: [{ name: "A组", moduleCode: "A", memberIds: ["1", "2", "3"], aspectCodes: ["A1.1", "A1.2"], competitorIds: ["1", "2", "3"] }] },
      ctx(judges, competitors),
    );
    expect(problems).toEqual([{ code: "TEAM_CONFLICT", team: "A组", judge: "裁判1", competitorCodes: "01", reason: "delegation" }]);
  });

  it("lets a judge sit in two teams of one module that mark different competitors", () => {
    const plan = {
      teams: [
        { name: "A组1", moduleCode: "A", memberIds: ["2", "3", "4"], aspectCodes: ["A1.1", "A1.2"], competitorIds: ["1"] },
        { name: "A组2", moduleCode: "A", memberIds: ["1", "2", "3"], aspectCodes: ["A1.1", "A1.2"], competitorIds: ["2", "3"] },
      ],
    };
    // Judges 2 and 3 sit in both teams of module A; judge 1 never meets the Chengdu competitor.
    expect(checkAssignment(plan, ctx(judges, competitors))).toEqual([]);
  });

  it("refuses an employer conflict, a declared relation, a small team, and aspects left unmarked or marked twice", () => {
    const tied = [judge("1", null, "org-1"), judge("2", null, null, ["p2"]), judge("3", null)];
    const plan = {
      teams: [
        { name: "T1", moduleCode: "A", memberIds: ["1", "2", "3"], aspectCodes: ["A1.1"], competitorIds: ["1", "2"] },
        { name: "T2", moduleCode: "A", memberIds: ["3"], aspectCodes: ["A1.1", "A1.2"], competitorIds: ["2"] },
      ],
    };
    const problems = checkAssignment(plan, ctx(tied, [competitor("1", "510100", "org-1"), competitor("2", "510300")]));
    expect(problems).toEqual([
      { code: "TEAM_CONFLICT", team: "T1", judge: "裁判1", competitorCodes: "01", reason: "employer" },
      { code: "TEAM_CONFLICT", team: "T1", judge: "裁判2", competitorCodes: "02", reason: "relation" },
      { code: "TEAM_TOO_SMALL", team: "T2", size: 1, required: 3 },
      { code: "ASPECT_COVERED_TWICE", moduleCode: "A", aspectCode: "A1.1", competitorCodes: "02" },
      { code: "ASPECT_UNCOVERED", moduleCode: "A", aspectCode: "A1.2", competitorCodes: "01" },
    ]);
  });

  it("names each conflicting judge once with every competitor concerned, and a module nobody marks", () => {
    const chengdu = [competitor("1", "510100"), competitor("2", "510100"), competitor("3", "510300")];
    const plan = { teams: [{ name: "A", moduleCode: "A", memberIds: ["1", "2", "3"], aspectCodes: ["A1.1", "A1.2"], competitorIds: ["1", "2", "3"] }] };
    const problems = checkAssignment(plan, ctx(judges, chengdu, [moduleA, moduleB]));
    expect(problems).toEqual([
      { code: "TEAM_CONFLICT", team: "A", judge: "裁判1", competitorCodes: "01 02", reason: "delegation" },
      { code: "MODULE_UNASSIGNED", moduleCode: "B" },
    ]);
  });

  it("needs five for a trimmed-mean panel", () => {
    const five = ["1", "2", "3", "4"].map((id) => judge(id, null));
    const problems = checkAssignment(
      { teams: [{ name: "B", moduleCode: "B", memberIds: ["1", "2", "3", "4"], aspectCodes: ["B1.1"], competitorIds: ["1"] }] },
      ctx(five, [competitor("1", "510100")], [moduleB]),
    );
    expect(problems).toEqual([{ code: "TEAM_TOO_SMALL", team: "B", size: 4, required: 5 }]);
  });
});

describe("proposing an assignment", () => {
  it("splits competitors into seat groups so that no judge marks their own delegation", () => {
    // Five judges from three delegations, as Welding has: no team of three suits everyone.
    const judges = ["510100", "510100", "510700", "510600", "510600"].map((r, i) => judge(String(i + 1), r));
    const competitors = ["510100", "510700", "510600", "510300", "510100", "510400"].map((r, i) => competitor(String(i + 1), r));
    const proposal = proposeAssignment(ctx(judges, competitors, [moduleA, { code: "C", aspects: [{ code: "C1.1", kind: "judgement", panelSize: null }] }]));
    if (!proposal.ok) throw new Error(JSON.stringify(proposal));
    expect(
      checkAssignment(proposal.plan, ctx(judges, competitors, [moduleA, { code: "C", aspects: [{ code: "C1.1", kind: "judgement", panelSize: null }] }])),
    ).toEqual([]);
    expect(new Set(proposal.plan.teams.map((t) => t.moduleCode))).toEqual(new Set(["A", "C"]));
  });

  it("says which competitors cannot be placed when too few judges are free of them", () => {
    const judges = [judge("1", "510100"), judge("2", "510100"), judge("3", "510700")];
    const proposal = proposeAssignment(ctx(judges, [competitor("1", "510100"), competitor("2", "510300")]));
    expect(proposal).toEqual({ ok: false, moduleCode: "A", unplaced: ["01"] });
  });

  /** Independent of the proposer: every competitor needs `size` judges free of all its ties. */
  function conflictFreePlanExists(judges: AssignmentJudge[], competitors: AssignmentCompetitor[], size: number): boolean {
    const free = (j: AssignmentJudge, c: AssignmentCompetitor) =>
      j.ties.regionCode !== c.ties.delegationRegionCode && (j.ties.employerId === null || j.ties.employerId !== c.ties.members[0]!.employerId);
    return competitors.every((c) => judges.filter((j) => free(j, c)).length >= size);
  }

  it("finds a conflict-free plan whenever one exists, and its plan always checks clean (property)", () => {
    const regions = ["510100", "510300", "510700", "510600"];
    fc.assert(
      fc.property(
        fc.array(fc.record({ region: fc.constantFrom(...regions, null), employer: fc.constantFrom("e1", "e2", null) }), { minLength: 3, maxLength: 9 }),
        fc.array(fc.record({ region: fc.constantFrom(...regions), employer: fc.constantFrom("e1", "e2", null) }), { minLength: 1, maxLength: 6 }),
        (js, cs) => {
          const judges = js.map((j, i) => judge(String(i + 1), j.region, j.employer));
          const competitors = cs.map((c, i) => competitor(String(i + 1), c.region, c.employer));
          const context = ctx(judges, competitors, [{ code: "A", aspects: [{ code: "A1.1", kind: "judgement", panelSize: null }] }]);
          const proposal = proposeAssignment(context);
          expect(proposal.ok).toBe(conflictFreePlanExists(judges, competitors, 3));
          if (proposal.ok) expect(checkAssignment(proposal.plan, context)).toEqual([]);
        },
      ),
      { numRuns: 400, seed: 20261130 },
    );
  });
});
