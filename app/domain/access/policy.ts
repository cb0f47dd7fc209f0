// The permission policy: who may do what, one pure function per permission. Every route, use
// case and the Socket.io join asks these, nothing else decides. They read a Principal (the
// account and its active grants, as the one grants loader in app/services/auth/grants.server.ts
// yields it for a session or an API token) and a scope; a platform admin passes every check
// except those that are personal acts of the one who performs them (see tokens below).
// How to add one: docs/architecture.md, "Permissions".
import { holdsRole, personalRoles, type Principal, type Role } from "./roles";

export interface SkillScope {
  competitionId: string;
  skillId: string;
}

export interface DelegationScope {
  competitionId: string;
  delegationId: string;
}

const isJudgingLead = (p: Principal, s: SkillScope) => holdsRole(p, "chief_judge", s) || holdsRole(p, "deputy_chief_judge", s);

// ── Competition administration ────────────────────────────────────────────────────────────────

/** Organizers run the whole competition: settings, skills, delegations, registrations review, live board, rehearsal, squad, advancement. */
export function canManageCompetition(principal: Principal, competitionId: string): boolean {
  return principal.isPlatformAdmin || holdsRole(principal, "organizer", { competitionId });
}

/** Creating a competition: a platform admin, or anyone who already organizes one. */
export function canCreateCompetition(principal: Principal): boolean {
  return principal.isPlatformAdmin || principal.grants.some((g) => g.role === "organizer");
}

/** The dashboard 数据看板 (every competition's numbers, no names): platform admins and anyone organizing a competition. */
export function canReadDashboard(principal: Principal): boolean {
  return principal.isPlatformAdmin || principal.grants.some((g) => g.role === "organizer");
}

/** Granting and revoking roles in a competition (who judges, leads, supervises). */
export function canGrantRoles(principal: Principal, competitionId: string): boolean {
  return canManageCompetition(principal, competitionId);
}

/** Creating API tokens in a competition at all: its organizers, and holders of a personal role there (for themselves). */
export function canCreateApiTokensIn(principal: Principal, competitionId: string): boolean {
  return canManageCompetition(principal, competitionId) || principal.grants.some((g) => g.competitionId === competitionId && personalRoles.has(g.role));
}

/**
 * Creating an API token that acts as `forUserId` with `role` in the competition. A token of a
 * personal role (judging, supervising, arbitrating: acts recorded as that person's) is created
 * only by that person, signed in as themselves — nobody, not an organizer nor a platform admin,
 * may mint a way to mark or verify as someone else. Tokens of the other roles: the
 * competition's organizers, for any account that holds the role.
 */
export function canCreateApiToken(principal: Principal, token: { competitionId: string; role: Role; forUserId: string }): boolean {
  if (personalRoles.has(token.role))
    return principal.userId === token.forUserId && principal.grants.some((g) => g.role === token.role && g.competitionId === token.competitionId);
  return canManageCompetition(principal, token.competitionId);
}

/** The draw 抽签 (check-in and workstation numbers) and the sealed mapping of codes to names. */
export function canRunDraw(principal: Principal, competitionId: string): boolean {
  return canManageCompetition(principal, competitionId);
}

/** Publishing a skill's official results (after the chief judge's sign-off). */
export function canPublishResults(principal: Principal, competitionId: string): boolean {
  return canManageCompetition(principal, competitionId);
}

// ── Judging ───────────────────────────────────────────────────────────────────────────────────

/** Recording (or correcting) marks in a skill: its judges, and its chief judge or deputy. */
export function canMarkSkill(principal: Principal, scope: SkillScope): boolean {
  return holdsRole(principal, "judge", scope) || canRunJudging(principal, scope);
}

/**
 * Running a skill's judging: locking and unlocking modules, sign-off, tablet codes, the console
 * and decryption, time used, deciding spreads and flags, appeal corrections. The chief judge or
 * deputy of the skill (or of the whole competition).
 */
export function canRunJudging(principal: Principal, scope: SkillScope): boolean {
  return principal.isPlatformAdmin || isJudgingLead(principal, scope);
}

/** Assigning judges to marking teams: the skill's chief judge or the organizers. */
export function canAssignJudges(principal: Principal, scope: SkillScope): boolean {
  return canRunJudging(principal, scope) || canManageCompetition(principal, scope.competitionId);
}

/** Who maintains a skill's marking scheme: its competition's organizers and the skill's chief judge. */
export function canEditMarkingScheme(principal: Principal, scope: SkillScope): boolean {
  return canManageCompetition(principal, scope.competitionId) || canRunJudging(principal, scope);
}

/** Entering a paper score sheet: the skill's chief judge (or deputy). Its verification is another person's (two-person rule). */
export function canEnterScoreSheet(principal: Principal, scope: SkillScope): boolean {
  return canRunJudging(principal, scope);
}

/** Verifying or rejecting a paper score sheet: the skill's chief judge or an organizer — never the one who entered it (checked by the use case). */
export function canVerifyScoreSheet(principal: Principal, scope: SkillScope): boolean {
  return canRunJudging(principal, scope) || canManageCompetition(principal, scope.competitionId);
}

/** Importing official WorldSkills points: the skill's chief judge or an organizer. */
export function canImportOfficialPoints(principal: Principal, scope: SkillScope): boolean {
  return canRunJudging(principal, scope) || canManageCompetition(principal, scope.competitionId);
}

/** Decrypting a skill's codes, layer by layer: its chief judge. The witness is another person (canWitnessDecryption). */
export function canDecrypt(principal: Principal, scope: SkillScope): boolean {
  return canRunJudging(principal, scope);
}

/** Witnessing a decryption (or a draw): a supervisor of the skill or competition, as themselves. */
export function canWitness(principal: Principal, scope: { competitionId: string; skillId?: string | null }): boolean {
  return holdsRole(principal, "supervisor", scope);
}

// ── Check-in and identities ───────────────────────────────────────────────────────────────────

/** Checking competitors in (identity at the desk): the organizers. */
export function canCheckIn(principal: Principal, competitionId: string): boolean {
  return canManageCompetition(principal, competitionId);
}

/** Changing a competitor's state on the day: the check-in desk, or the skill's chief judge (pauses, extra time). */
export function canChangeCompetitorState(principal: Principal, scope: SkillScope): boolean {
  return canCheckIn(principal, scope.competitionId) || canRunJudging(principal, scope);
}

/** Opening a skill's check-in page: the desk (organizers), its supervisors and its chief judges. */
export function canReadCheckIn(principal: Principal, scope: SkillScope): boolean {
  return canChangeCompetitorState(principal, scope) || holdsRole(principal, "supervisor", scope);
}

/** Seeing who the competitors are (names, masked ID numbers) rather than only their codes: organizers and supervisors. */
export function canSeeIdentities(principal: Principal, scope: SkillScope): boolean {
  return canManageCompetition(principal, scope.competitionId) || holdsRole(principal, "supervisor", scope);
}

// ── Results ───────────────────────────────────────────────────────────────────────────────────

/** Provisional (unpublished) results: organizers, the skill's chief judges, supervisors and arbitrators. */
export function canReadProvisionalResults(principal: Principal, scope: SkillScope): boolean {
  return (
    canManageCompetition(principal, scope.competitionId) ||
    canRunJudging(principal, scope) ||
    holdsRole(principal, "supervisor", scope) ||
    holdsRole(principal, "arbitrator", scope)
  );
}

/** A skill's staff room (marking progress, flags): whoever marks there, organizers and supervisors. */
export function canFollowMarking(principal: Principal, scope: SkillScope): boolean {
  return canMarkSkill(principal, scope) || canManageCompetition(principal, scope.competitionId) || holdsRole(principal, "supervisor", scope);
}

// ── Delegations, appeals, certificates ────────────────────────────────────────────────────────

/** Registering competitors for a delegation: its team leader, or an organizer. */
export function canRegisterForDelegation(principal: Principal, scope: DelegationScope): boolean {
  return canManageCompetition(principal, scope.competitionId) || holdsRole(principal, "team_leader", scope);
}

/** Acting for a delegation as its team leader (filing appeals, its certificates). */
export function canLeadDelegation(principal: Principal, scope: DelegationScope): boolean {
  return holdsRole(principal, "team_leader", scope);
}

/** Filing an appeal: only the delegation's team leader (RULES.md, appeals). */
export function canFileAppeal(principal: Principal, scope: DelegationScope): boolean {
  return canLeadDelegation(principal, scope);
}

/** Ruling on an appeal (review, hearing notes, decision): an arbitrator of the competition, or a platform admin. */
export function canRuleOnAppeal(principal: Principal, competitionId: string): boolean {
  return principal.isPlatformAdmin || holdsRole(principal, "arbitrator", { competitionId });
}

/** Reading every appeal of a competition: organizers, arbitrators and supervisors. */
export function canReadAllAppeals(principal: Principal, competitionId: string): boolean {
  return (
    canManageCompetition(principal, competitionId) ||
    holdsRole(principal, "arbitrator", { competitionId }) ||
    holdsRole(principal, "supervisor", { competitionId })
  );
}

/** A person's pathway in full (staff view): an organizer of a competition they entered, or a team leader of a delegation that sent them. */
export function canSeePathwayAsStaff(principal: Principal, entries: ReadonlyArray<DelegationScope>): boolean {
  return entries.some((e) => canManageCompetition(principal, e.competitionId) || canLeadDelegation(principal, e));
}

// ── Where the principal acts (menus and lists; each follows the permissions above) ────────────

/** Competitions the principal organizes; "all" for a platform admin. */
export function competitionsManagedBy(principal: Principal): string[] | "all" {
  return principal.isPlatformAdmin ? "all" : [...new Set(principal.grants.filter((g) => g.role === "organizer").map((g) => g.competitionId))];
}

/** Delegations of the competition the principal leads as team leader. */
export function delegationsLedBy(principal: Principal, competitionId: string): string[] {
  return principal.grants.flatMap((g) => (g.role === "team_leader" && g.competitionId === competitionId && g.delegationId ? [g.delegationId] : []));
}

/** Skills of the competition whose judging the principal runs as chief judge or deputy; null stands for every skill. */
export function skillsJudgingRunBy(principal: Principal, competitionId: string): Array<string | null> {
  return principal.grants
    .filter((g) => (g.role === "chief_judge" || g.role === "deputy_chief_judge") && g.competitionId === competitionId)
    .map((g) => g.skillId);
}

/** Whether the principal marks in some skill (the judging menu). */
export function marksAnywhere(principal: Principal): boolean {
  return principal.grants.some((g) => g.role === "judge" || g.role === "chief_judge" || g.role === "deputy_chief_judge");
}

/** Whether the principal leads some delegation (the registration menu). */
export function leadsAnyDelegation(principal: Principal): boolean {
  return principal.grants.some((g) => g.role === "team_leader");
}

/** Competition ids in which the principal holds any role (for "my competitions"). */
export function competitionsOf(principal: Principal): string[] {
  return [...new Set(principal.grants.map((g) => g.competitionId))];
}
