// Roles and their grants. Roles are granted per competition, optionally narrowed to one skill
// (judging roles) or to one delegation (team leaders). What a grant lets its holder do is the
// permission policy's (policy.ts); this module says which grants may exist.
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

/** Roles whose acts are recorded as the person's own (marks, verifications, witnessing, rulings): never acted out by someone else's token. */
export const personalRoles: ReadonlySet<Role> = new Set(["chief_judge", "deputy_chief_judge", "judge", "supervisor", "arbitrator"]);

/** Roles that judge a skill, and roles that organize the competition: one person never holds both for one skill. */
const judgingRoles: ReadonlySet<Role> = new Set(["chief_judge", "deputy_chief_judge", "judge"]);
const organizingRoles: ReadonlySet<Role> = new Set(["organizer"]);

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

/** Whether two grants of one competition reach a common skill (a competition-wide grant reaches all of them). */
function shareASkill(a: Pick<RoleGrant, "competitionId" | "skillId">, b: Pick<RoleGrant, "competitionId" | "skillId">): boolean {
  return a.competitionId === b.competitionId && (a.skillId === null || b.skillId === null || a.skillId === b.skillId);
}

/**
 * Refuses a grant that would make one person both organize and judge a skill (the organizer would
 * mark, or verify their own marks' sheets, as a judge): `held` are the person's active grants.
 */
export function checkGrantCompatible(held: readonly RoleGrant[], grant: RoleGrant): void {
  const kindOf = (role: Role) => (judgingRoles.has(role) ? "judging" : organizingRoles.has(role) ? "organizing" : null);
  const kind = kindOf(grant.role);
  if (!kind) return;
  const clash = held.find((h) => {
    const other = kindOf(h.role);
    return other !== null && other !== kind && shareASkill(h, grant);
  });
  if (clash) throw new DomainError("ROLE_CONFLICT", { role: grant.role, held: clash.role }, "role");
}
