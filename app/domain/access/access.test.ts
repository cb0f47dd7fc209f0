import { describe, expect, it } from "vitest";
import { checkGrantScope, holdsRole, type Principal } from "./roles";
import { canCreateCompetition, canManageCompetition, canReadDashboard, canRunJudging } from "./policy";
import { decideThrottle } from "./throttle";

const base = { userId: "u", isPlatformAdmin: false };

describe("role grants", () => {
  const judge: Principal = { ...base, grants: [{ role: "judge", competitionId: "c1", skillId: "weld", delegationId: null }] };
  const chief: Principal = { ...base, grants: [{ role: "chief_judge", competitionId: "c1", skillId: null, delegationId: null }] };
  const leader: Principal = { ...base, grants: [{ role: "team_leader", competitionId: "c1", skillId: null, delegationId: "chengdu" }] };
  const organizer: Principal = { ...base, grants: [{ role: "organizer", competitionId: "c1", skillId: null, delegationId: null }] };

  it.each([
    ["judge in own skill", judge, "judge", { competitionId: "c1", skillId: "weld" }, true],
    ["judge in another skill", judge, "judge", { competitionId: "c1", skillId: "cnc" }, false],
    ["judge without a skill named", judge, "judge", { competitionId: "c1" }, false],
    ["judge in another competition", judge, "judge", { competitionId: "c2", skillId: "weld" }, false],
    ["competition-wide chief judge in any skill", chief, "chief_judge", { competitionId: "c1", skillId: "cnc" }, true],
    ["team leader of own delegation", leader, "team_leader", { competitionId: "c1", delegationId: "chengdu" }, true],
    ["team leader of another delegation", leader, "team_leader", { competitionId: "c1", delegationId: "mianyang" }, false],
  ] as const)("%s", (_n, principal, role, scope, expected) => {
    expect(holdsRole(principal, role, scope)).toBe(expected);
  });

  it("lets organizers and platform admins manage, nobody else", () => {
    expect(canManageCompetition(organizer, "c1")).toBe(true);
    expect(canManageCompetition(organizer, "c2")).toBe(false);
    expect(canManageCompetition(chief, "c1")).toBe(false);
    expect(canManageCompetition({ ...base, isPlatformAdmin: true, grants: [] }, "c9")).toBe(true);
    expect(canCreateCompetition(organizer)).toBe(true);
    expect(canCreateCompetition(judge)).toBe(false);
  });

  it("shows the dashboard to platform admins and organizers of any competition only", () => {
    expect(canReadDashboard(organizer)).toBe(true);
    expect(canReadDashboard({ ...base, isPlatformAdmin: true, grants: [] })).toBe(true);
    for (const principal of [judge, chief, leader, { ...base, grants: [] }]) expect(canReadDashboard(principal)).toBe(false);
  });

  it("lets a chief judge run judging in their skill only", () => {
    const skillChief: Principal = { ...base, grants: [{ role: "chief_judge", competitionId: "c1", skillId: "weld", delegationId: null }] };
    expect(canRunJudging(skillChief, { competitionId: "c1", skillId: "weld" })).toBe(true);
    expect(canRunJudging(skillChief, { competitionId: "c1", skillId: "cnc" })).toBe(false);
    expect(canRunJudging(judge, { competitionId: "c1", skillId: "weld" })).toBe(false);
  });

  it("refuses grants whose scope does not fit the role", () => {
    expect(() => checkGrantScope({ role: "team_leader", skillId: null, delegationId: null })).toThrow("ROLE_SCOPE_INVALID");
    expect(() => checkGrantScope({ role: "organizer", skillId: "weld", delegationId: null })).toThrow("ROLE_SCOPE_INVALID");
    expect(() => checkGrantScope({ role: "judge", skillId: "weld", delegationId: "chengdu" })).toThrow("ROLE_SCOPE_INVALID");
    expect(() => checkGrantScope({ role: "judge", skillId: "weld", delegationId: null })).not.toThrow();
  });
});

describe("sign-in throttle", () => {
  const policy = { maxFailures: 3, windowSeconds: 600 };
  const now = new Date("2026-11-22T08:00:00Z");
  const ago = (s: number) => new Date(now.getTime() - s * 1000);

  it("allows below the limit", () => {
    expect(decideThrottle([ago(10), ago(20)], now, policy)).toEqual({ allowed: true });
  });
  it("refuses at the limit until the oldest counted failure leaves the window", () => {
    expect(decideThrottle([ago(10), ago(500), ago(20)], now, policy)).toEqual({ allowed: false, retryAfterSeconds: 100 });
  });
  it("ignores failures outside the window", () => {
    expect(decideThrottle([ago(601), ago(700), ago(5), ago(6)], now, policy)).toEqual({ allowed: true });
  });
});
