// Who may do what. Roles are granted per competition, optionally narrowed to one skill (judging
// roles) or to one delegation (team leaders). A platform admin may do everything. These are the
// pure rules; app/services/auth/require.server.ts applies them to the signed-in user.
import { DomainError } from "../errors";

export const roles = ["organizer", "team_leader", "chief_judge", "deputy_chief_judge", "judge", "supervisor", "arbitrator"] as const;
export type Role = (typeof roles)[number];

export interface RoleGrant {
  role: Role;
  competitionId: string;
  skillId: string | null;
  delegationId: string | null;
}

export interface Principal {
  userId: string;
  isPlatformAdmin: boolean;
  grants: readonly RoleGrant[];
}

export interface Scope {
  competitionId: string;
  skillId?: string | null;
  delegationId?: string | null;
}

const skillScopedRoles: ReadonlySet<Role> = new Set(["chief_judge", "deputy_chief_judge", "judge", "supervisor", "arbitrator"]);

/** Checks that a grant's scope fits its role before it is stored. */
export function checkGrantScope(grant: Omit<RoleGrant, "competitionId">): void {
  if (grant.role === "team_leader" && !grant.delegationId) throw new DomainError("ROLE_SCOPE_INVALID", { role: grant.role }, "delegationId");
  if (grant.role !== "team_leader" && grant.delegationId) throw new DomainError("ROLE_SCOPE_INVALID", { role: grant.role }, "delegationId");
  if (grant.skillId && !skillScopedRoles.has(grant.role)) throw new DomainError("ROLE_SCOPE_INVALID", { role: grant.role }, "skillId");
}

/**
 * Does the principal hold `role` for this scope? A competition-wide grant covers every skill and
 * delegation of the competition; a skill grant covers only its skill; a team leader's grant only
 * its delegation.
 */
export function holdsRole(principal: Principal, role: Role, scope: Scope): boolean {
  return principal.grants.some(
    (g) =>
      g.role === role &&
      g.competitionId === scope.competitionId &&
      (g.skillId === null || (scope.skillId != null && g.skillId === scope.skillId)) &&
      (g.delegationId === null || (scope.delegationId != null && g.delegationId === scope.delegationId)),
  );
}

/** Organizers run the whole competition; a platform admin stands in for any of them. */
export function canManageCompetition(principal: Principal, competitionId: string): boolean {
  return principal.isPlatformAdmin || holdsRole(principal, "organizer", { competitionId });
}

/** Creating a competition: a platform admin, or anyone who already organizes one. */
export function canCreateCompetition(principal: Principal): boolean {
  return principal.isPlatformAdmin || principal.grants.some((g) => g.role === "organizer");
}

/**
 * The dashboard 数据看板 (every competition's numbers, no names): platform admins (the provincial
 * department) and anyone organizing a competition.
 */
export function canReadDashboard(principal: Principal): boolean {
  return principal.isPlatformAdmin || principal.grants.some((g) => g.role === "organizer");
}

/** The chief judge of a skill (or of the whole competition) runs its judging. */
export function canRunJudging(principal: Principal, scope: Required<Pick<Scope, "competitionId" | "skillId">>): boolean {
  return principal.isPlatformAdmin || holdsRole(principal, "chief_judge", scope) || holdsRole(principal, "deputy_chief_judge", scope);
}

/** Provisional (unpublished) results: organizers, the skill's chief judges, supervisors and arbitrators. */
export function canReadProvisionalResults(principal: Principal, scope: Required<Pick<Scope, "competitionId" | "skillId">>): boolean {
  return (
    canManageCompetition(principal, scope.competitionId) ||
    canRunJudging(principal, scope) ||
    holdsRole(principal, "supervisor", scope) ||
    holdsRole(principal, "arbitrator", scope)
  );
}

/** Competition ids in which the principal holds any role (for "my competitions"). */
export function competitionsOf(principal: Principal): string[] {
  return [...new Set(principal.grants.map((g) => g.competitionId))];
}
