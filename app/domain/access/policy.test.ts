// The authorisation table: every role × every permission × scope (the holder's own skill,
// delegation and competition; another skill or delegation of it; another competition).
import { describe, expect, it } from "vitest";
import * as policy from "./policy";
import { checkGrantCompatible, type Principal, type Role, type RoleGrant } from "./roles";

const c1 = "c1";
const c2 = "c2";
const grant = (role: Role, scope: Partial<RoleGrant> = {}): RoleGrant => ({ role, competitionId: c1, skillId: null, delegationId: null, ...scope });

const holders = {
  admin: { userId: "admin", isPlatformAdmin: true, grants: [] },
  organizer: { userId: "organizer", isPlatformAdmin: false, grants: [grant("organizer")] },
  team_leader: { userId: "team_leader", isPlatformAdmin: false, grants: [grant("team_leader", { delegationId: "d1" })] },
  chief_judge: { userId: "chief_judge", isPlatformAdmin: false, grants: [grant("chief_judge", { skillId: "s1" })] },
  deputy_chief_judge: { userId: "deputy_chief_judge", isPlatformAdmin: false, grants: [grant("deputy_chief_judge", { skillId: "s1" })] },
  judge: { userId: "judge", isPlatformAdmin: false, grants: [grant("judge", { skillId: "s1" })] },
  supervisor: { userId: "supervisor", isPlatformAdmin: false, grants: [grant("supervisor")] },
  arbitrator: { userId: "arbitrator", isPlatformAdmin: false, grants: [grant("arbitrator")] },
  nobody: { userId: "nobody", isPlatformAdmin: false, grants: [] },
} satisfies Record<string, Principal>;
type Holder = keyof typeof holders;
const everyone = Object.keys(holders) as Holder[];

/** own: the holder's skill s1 and delegation d1 of c1; other: skill s2 and delegation d2 of c1; elsewhere: the same ids in c2. */
const scopes = {
  own: { competitionId: c1, skillId: "s1", delegationId: "d1" },
  other: { competitionId: c1, skillId: "s2", delegationId: "d2" },
  elsewhere: { competitionId: c2, skillId: "s1", delegationId: "d1" },
} as const;
type ScopeName = keyof typeof scopes;
type AnyScope = (typeof scopes)[ScopeName];

const permissions: Record<string, (p: Principal, s: AnyScope) => boolean> = {
  canManageCompetition: (p, s) => policy.canManageCompetition(p, s.competitionId),
  canCreateCompetition: (p) => policy.canCreateCompetition(p),
  canReadDashboard: (p) => policy.canReadDashboard(p),
  canGrantRoles: (p, s) => policy.canGrantRoles(p, s.competitionId),
  canCreateApiTokensIn: (p, s) => policy.canCreateApiTokensIn(p, s.competitionId),
  canRunDraw: (p, s) => policy.canRunDraw(p, s.competitionId),
  canPublishResults: (p, s) => policy.canPublishResults(p, s.competitionId),
  canMarkSkill: policy.canMarkSkill,
  canRunJudging: policy.canRunJudging,
  canAssignJudges: policy.canAssignJudges,
  canEditMarkingScheme: policy.canEditMarkingScheme,
  canEnterScoreSheet: policy.canEnterScoreSheet,
  canVerifyScoreSheet: policy.canVerifyScoreSheet,
  canImportOfficialPoints: policy.canImportOfficialPoints,
  canDecrypt: policy.canDecrypt,
  canWitness: policy.canWitness,
  canCheckIn: (p, s) => policy.canCheckIn(p, s.competitionId),
  canChangeCompetitorState: policy.canChangeCompetitorState,
  canReadCheckIn: policy.canReadCheckIn,
  canSeeIdentities: policy.canSeeIdentities,
  canReadProvisionalResults: policy.canReadProvisionalResults,
  canFollowMarking: policy.canFollowMarking,
  canRegisterForDelegation: policy.canRegisterForDelegation,
  canLeadDelegation: policy.canLeadDelegation,
  canFileAppeal: policy.canFileAppeal,
  canRuleOnAppeal: (p, s) => policy.canRuleOnAppeal(p, s.competitionId),
  canReadAllAppeals: (p, s) => policy.canReadAllAppeals(p, s.competitionId),
  canSeePathwayAsStaff: (p, s) => policy.canSeePathwayAsStaff(p, [s]),
};

const organizers: Holder[] = ["admin", "organizer"];
const leads: Holder[] = ["admin", "chief_judge", "deputy_chief_judge"];
const leadsAndOrganizers: Holder[] = ["admin", "organizer", "chief_judge", "deputy_chief_judge"];
const personal: Holder[] = ["chief_judge", "deputy_chief_judge", "judge", "supervisor", "arbitrator"];

/** Who is allowed, per permission and scope. */
const table: Record<string, Record<ScopeName, Holder[]>> = {
  canManageCompetition: { own: organizers, other: organizers, elsewhere: ["admin"] },
  canCreateCompetition: { own: organizers, other: organizers, elsewhere: organizers },
  canReadDashboard: { own: organizers, other: organizers, elsewhere: organizers },
  canGrantRoles: { own: organizers, other: organizers, elsewhere: ["admin"] },
  canCreateApiTokensIn: { own: [...organizers, ...personal], other: [...organizers, ...personal], elsewhere: ["admin"] },
  canRunDraw: { own: organizers, other: organizers, elsewhere: ["admin"] },
  canPublishResults: { own: organizers, other: organizers, elsewhere: ["admin"] },
  canMarkSkill: { own: [...leads, "judge"], other: ["admin"], elsewhere: ["admin"] },
  canRunJudging: { own: leads, other: ["admin"], elsewhere: ["admin"] },
  canAssignJudges: { own: leadsAndOrganizers, other: organizers, elsewhere: ["admin"] },
  canEditMarkingScheme: { own: leadsAndOrganizers, other: organizers, elsewhere: ["admin"] },
  canEnterScoreSheet: { own: leads, other: ["admin"], elsewhere: ["admin"] },
  canVerifyScoreSheet: { own: leadsAndOrganizers, other: organizers, elsewhere: ["admin"] },
  canImportOfficialPoints: { own: leadsAndOrganizers, other: organizers, elsewhere: ["admin"] },
  canDecrypt: { own: leads, other: ["admin"], elsewhere: ["admin"] },
  // Witnessing is personal: a platform admin does not witness by reach.
  canWitness: { own: ["supervisor"], other: ["supervisor"], elsewhere: [] },
  canCheckIn: { own: organizers, other: organizers, elsewhere: ["admin"] },
  canChangeCompetitorState: { own: leadsAndOrganizers, other: organizers, elsewhere: ["admin"] },
  canReadCheckIn: { own: [...leadsAndOrganizers, "supervisor"], other: [...organizers, "supervisor"], elsewhere: ["admin"] },
  canSeeIdentities: { own: [...organizers, "supervisor"], other: [...organizers, "supervisor"], elsewhere: ["admin"] },
  canReadProvisionalResults: {
    own: [...leadsAndOrganizers, "supervisor", "arbitrator"],
    other: [...organizers, "supervisor", "arbitrator"],
    elsewhere: ["admin"],
  },
  canFollowMarking: { own: [...leadsAndOrganizers, "judge", "supervisor"], other: [...organizers, "supervisor"], elsewhere: ["admin"] },
  canRegisterForDelegation: { own: [...organizers, "team_leader"], other: organizers, elsewhere: ["admin"] },
  canLeadDelegation: { own: ["team_leader"], other: [], elsewhere: [] },
  canFileAppeal: { own: ["team_leader"], other: [], elsewhere: [] },
  canRuleOnAppeal: { own: ["admin", "arbitrator"], other: ["admin", "arbitrator"], elsewhere: ["admin"] },
  canReadAllAppeals: { own: [...organizers, "supervisor", "arbitrator"], other: [...organizers, "supervisor", "arbitrator"], elsewhere: ["admin"] },
  canSeePathwayAsStaff: { own: [...organizers, "team_leader"], other: organizers, elsewhere: ["admin"] },
};

describe("authorisation table", () => {
  it("covers every permission the policy exports", () => {
    const exported = Object.entries(policy)
      .filter(([name, value]) => typeof value === "function" && name.startsWith("can") && name !== "canCreateApiToken")
      .map(([name]) => name)
      .sort();
    expect(Object.keys(permissions).sort()).toEqual(exported);
    expect(Object.keys(table).sort()).toEqual(exported);
  });

  const rows = Object.entries(table).flatMap(([permission, byScope]) =>
    (Object.keys(scopes) as ScopeName[]).flatMap((scope) => everyone.map((holder) => [permission, scope, holder, byScope[scope].includes(holder)] as const)),
  );
  it.each(rows)("%s in %s scope for %s: %s", (permission, scope, holder, allowed) => {
    expect(permissions[permission]!(holders[holder], scopes[scope])).toBe(allowed);
  });
});

describe("where the principal acts", () => {
  it("lists the competitions, delegations and skills of the holder's grants", () => {
    expect(policy.competitionsManagedBy(holders.admin)).toBe("all");
    expect(policy.competitionsManagedBy(holders.organizer)).toEqual([c1]);
    expect(policy.competitionsManagedBy(holders.judge)).toEqual([]);
    expect(policy.delegationsLedBy(holders.team_leader, c1)).toEqual(["d1"]);
    expect(policy.delegationsLedBy(holders.team_leader, c2)).toEqual([]);
    expect(policy.skillsJudgingRunBy(holders.chief_judge, c1)).toEqual(["s1"]);
    expect(policy.skillsJudgingRunBy(holders.judge, c1)).toEqual([]);
    expect(everyone.filter((h) => policy.marksAnywhere(holders[h]))).toEqual(["chief_judge", "deputy_chief_judge", "judge"]);
    expect(everyone.filter((h) => policy.leadsAnyDelegation(holders[h]))).toEqual(["team_leader"]);
    expect(policy.competitionsOf(holders.supervisor)).toEqual([c1]);
  });
});

describe("API tokens", () => {
  const roleOf: Partial<Record<Holder, Role>> = {
    organizer: "organizer",
    team_leader: "team_leader",
    chief_judge: "chief_judge",
    deputy_chief_judge: "deputy_chief_judge",
    judge: "judge",
    supervisor: "supervisor",
    arbitrator: "arbitrator",
  };
  // [creator, token role, token for whom, allowed]
  const cases: Array<[Holder, Role, "self" | "another", boolean]> = [
    ...personal.map((h): [Holder, Role, "self", boolean] => [h, roleOf[h]!, "self", true]),
    ...personal.flatMap((role): Array<[Holder, Role, "another", boolean]> => everyone.map((h) => [h, roleOf[role]!, "another", false])),
    ["admin", "judge", "self", false], // an admin holds no judging grant: no token to mark with
    ["organizer", "organizer", "self", true],
    ["organizer", "organizer", "another", true],
    ["organizer", "team_leader", "another", true],
    ["admin", "team_leader", "another", true],
    ["team_leader", "team_leader", "self", false],
    ["judge", "organizer", "another", false],
    ["chief_judge", "judge", "another", false],
  ];
  it.each(cases)("%s creating a %s token for %s: %s", (holder, role, forWhom, allowed) => {
    const principal = holders[holder];
    const forUserId = forWhom === "self" ? principal.userId : "someone-else";
    expect(policy.canCreateApiToken(principal, { competitionId: c1, role, forUserId })).toBe(allowed);
  });

  it("refuses a token for a personal role held in another competition only", () => {
    expect(policy.canCreateApiToken(holders.judge, { competitionId: c2, role: "judge", forUserId: "judge" })).toBe(false);
  });
});

describe("grants that would make one person organize and judge a skill", () => {
  const cases: Array<[string, RoleGrant[], RoleGrant, boolean]> = [
    ["judge, then organizer", [grant("judge", { skillId: "s1" })], grant("organizer"), false],
    ["organizer, then judge", [grant("organizer")], grant("judge", { skillId: "s1" }), false],
    ["organizer, then chief judge of the competition", [grant("organizer")], grant("chief_judge"), false],
    ["deputy chief judge, then organizer", [grant("deputy_chief_judge", { skillId: "s2" })], grant("organizer"), false],
    ["organizer elsewhere, then judge", [grant("organizer", { competitionId: c2 })], grant("judge", { skillId: "s1" }), true],
    ["organizer, then supervisor", [grant("organizer")], grant("supervisor"), true],
    ["organizer, then team leader", [grant("organizer")], grant("team_leader", { delegationId: "d1" }), true],
    ["judge of one skill, then chief judge of another", [grant("judge", { skillId: "s1" })], grant("chief_judge", { skillId: "s2" }), true],
    ["arbitrator, then judge", [grant("arbitrator")], grant("judge", { skillId: "s1" }), true],
  ];
  it.each(cases)("%s: allowed %s", (_name, held, next, allowed) => {
    const check = () => checkGrantCompatible(held, next);
    if (allowed) expect(check).not.toThrow();
    else expect(check).toThrow("ROLE_CONFLICT");
  });
});
