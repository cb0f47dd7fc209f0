// Judge assignment 裁判分组 (RULES.md "Judges and conflicts"): per module of a skill, the chief
// judge forms marking teams; each team owns some of the module's aspects and marks a set of
// competitors (all of them, or a seat group 赛位组). A team marks every competitor it has for
// every aspect it owns, so every member must be free of conflict with every one of its
// competitors (recusal: delegation, employer, declared relation), and every (aspect, competitor)
// of the module must be marked by exactly one team. Team sizes: judgement teams of 3 by default,
// measurement groups of at least 3, trimmed-mean panels of the aspect's panel size (5).
//
// A judge may sit in several teams of one module (marking different competitors): a judge of
// the competitor's own delegation is replaced for that competitor, as WorldSkills swaps a
// compatriot expert. So a conflict-free plan exists exactly when every competitor has enough
// judges free of conflict with them.
//
// `checkAssignment` names every problem (which judge and which competitor conflict, and why);
// `proposeAssignment` never returns a plan with a conflict: when none exists it says which
// competitors lack enough judges.
import { findConflict, type CompetitorTies, type Conflict, type JudgeTies } from "./conflicts";

export type AspectKind = "judgement" | "measurement" | "trimmed_mean";

export interface AssignmentJudge {
  userId: string;
  name: string;
  ties: JudgeTies;
}

export interface AssignmentCompetitor {
  id: string;
  /** The anonymous code (workstation number once drawn). */
  code: string;
  ties: CompetitorTies;
}

export interface AssignmentModule {
  code: string;
  aspects: ReadonlyArray<{ code: string; kind: AspectKind; panelSize: number | null }>;
}

export interface AssignmentContext {
  judges: readonly AssignmentJudge[];
  competitors: readonly AssignmentCompetitor[];
  modules: readonly AssignmentModule[];
  /** Judges a judgement team needs (RULES.md default 3). */
  judgementTeamSize: number;
}

export interface MarkingTeam {
  name: string;
  moduleCode: string;
  memberIds: string[];
  aspectCodes: string[];
  competitorIds: string[];
}

export interface AssignmentPlan {
  teams: MarkingTeam[];
}

export type AssignmentProblem =
  /** One per judge of a team and reason, with every competitor concerned (codes, space-separated). */
  | { code: "TEAM_CONFLICT"; team: string; judge: string; competitorCodes: string; reason: Conflict["reason"] }
  | { code: "TEAM_TOO_SMALL"; team: string; size: number; required: number }
  | { code: "MODULE_UNASSIGNED"; moduleCode: string }
  | { code: "ASPECT_UNCOVERED"; moduleCode: string; aspectCode: string; competitorCodes: string }
  | { code: "ASPECT_COVERED_TWICE"; moduleCode: string; aspectCode: string; competitorCodes: string }
  | { code: "UNKNOWN_IN_TEAM"; team: string; what: "module" | "judge" | "aspect" | "competitor"; value: string }
  | { code: "DUPLICATE_TEAM_NAME"; team: string };

const minimumMeasurementGroup = 3;

/** Judges a team needs to mark these aspects: the largest requirement among them. */
export function requiredTeamSize(aspects: AssignmentModule["aspects"], judgementTeamSize: number): number {
  let required = 1;
  for (const a of aspects) {
    const need = a.kind === "judgement" ? judgementTeamSize : a.kind === "trimmed_mean" ? (a.panelSize ?? 5) : minimumMeasurementGroup;
    required = Math.max(required, need);
  }
  return required;
}

export function checkAssignment(plan: AssignmentPlan, context: AssignmentContext): AssignmentProblem[] {
  const problems: AssignmentProblem[] = [];
  const judgeById = new Map(context.judges.map((j) => [j.userId, j]));
  const competitorById = new Map(context.competitors.map((c) => [c.id, c]));
  const moduleByCode = new Map(context.modules.map((m) => [m.code, m]));
  const names = new Set<string>();
  const coverage = new Map<string, number>(); // `${aspect} ${competitor}` → teams covering it

  for (const team of plan.teams) {
    if (names.has(team.name)) problems.push({ code: "DUPLICATE_TEAM_NAME", team: team.name });
    names.add(team.name);
    const module = moduleByCode.get(team.moduleCode);
    if (!module) {
      problems.push({ code: "UNKNOWN_IN_TEAM", team: team.name, what: "module", value: team.moduleCode });
      continue;
    }
    const aspects = team.aspectCodes.map((code) => module.aspects.find((a) => a.code === code));
    team.aspectCodes.forEach((code, i) => {
      if (!aspects[i]) problems.push({ code: "UNKNOWN_IN_TEAM", team: team.name, what: "aspect", value: code });
    });
    const members = team.memberIds.map((id) => judgeById.get(id));
    team.memberIds.forEach((id, i) => {
      if (!members[i]) problems.push({ code: "UNKNOWN_IN_TEAM", team: team.name, what: "judge", value: id });
    });
    const competitors = team.competitorIds.map((id) => competitorById.get(id));
    team.competitorIds.forEach((id, i) => {
      if (!competitors[i]) problems.push({ code: "UNKNOWN_IN_TEAM", team: team.name, what: "competitor", value: id });
    });
    const required = requiredTeamSize(
      aspects.filter((a) => a !== undefined),
      context.judgementTeamSize,
    );
    const size = new Set(team.memberIds).size;
    if (size < required) problems.push({ code: "TEAM_TOO_SMALL", team: team.name, size, required });

    for (const judge of members) {
      if (!judge) continue;
      const byReason = new Map<Conflict["reason"], string[]>();
      for (const competitor of competitors) {
        if (!competitor) continue;
        const conflict = findConflict(judge.ties, competitor.ties);
        if (conflict) byReason.set(conflict.reason, [...(byReason.get(conflict.reason) ?? []), competitor.code]);
      }
      for (const [reason, codes] of byReason)
        problems.push({ code: "TEAM_CONFLICT", team: team.name, judge: judge.name, competitorCodes: codes.join(" "), reason });
    }
    for (const aspect of aspects) {
      if (!aspect) continue;
      for (const competitor of competitors) {
        if (!competitor) continue;
        const key = `${module.code} ${aspect.code} ${competitor.id}`;
        coverage.set(key, (coverage.get(key) ?? 0) + 1);
      }
    }
  }

  for (const module of context.modules) {
    if (context.competitors.length > 0 && !plan.teams.some((t) => t.moduleCode === module.code)) {
      problems.push({ code: "MODULE_UNASSIGNED", moduleCode: module.code });
      continue;
    }
    for (const aspect of module.aspects) {
      const uncovered: string[] = [];
      const twice: string[] = [];
      for (const competitor of context.competitors) {
        const n = coverage.get(`${module.code} ${aspect.code} ${competitor.id}`) ?? 0;
        if (n === 0) uncovered.push(competitor.code);
        if (n > 1) twice.push(competitor.code);
      }
      if (uncovered.length > 0)
        problems.push({ code: "ASPECT_UNCOVERED", moduleCode: module.code, aspectCode: aspect.code, competitorCodes: uncovered.join(" ") });
      if (twice.length > 0) problems.push({ code: "ASPECT_COVERED_TWICE", moduleCode: module.code, aspectCode: aspect.code, competitorCodes: twice.join(" ") });
    }
  }
  return problems;
}

export type Proposal = { ok: true; plan: AssignmentPlan } | { ok: false; moduleCode: string; unplaced: string[] };

/**
 * A conflict-free plan: per module, teams of the required size covering every competitor, every
 * team owning all the module's aspects for its competitors. Judges left over join the team they
 * fit with the fewest members; competitors a second team could take move to even the load.
 */
export function proposeAssignment(context: AssignmentContext): Proposal {
  const teams: MarkingTeam[] = [];
  for (const module of context.modules) {
    if (module.aspects.length === 0) continue;
    const size = requiredTeamSize(module.aspects, context.judgementTeamSize);
    const freeOf = new Map(context.competitors.map((c) => [c.id, context.judges.filter((j) => findConflict(j.ties, c.ties) === null)]));
    const unplaced = context.competitors.filter((c) => freeOf.get(c.id)!.length < size).map((c) => c.code);
    if (unplaced.length > 0) return { ok: false, moduleCode: module.code, unplaced };
    // Most constrained competitors first; each joins the least loaded team it can, or starts a
    // team of the least loaded judges free of it.
    const groups: Array<{ members: AssignmentJudge[]; competitors: AssignmentCompetitor[] }> = [];
    const load = new Map(context.judges.map((j) => [j.userId, 0]));
    const order = [...context.competitors].sort((a, b) => freeOf.get(a.id)!.length - freeOf.get(b.id)!.length);
    for (const c of order) {
      const fits = groups
        .filter((g) => g.members.every((m) => findConflict(m.ties, c.ties) === null))
        .sort((a, b) => a.competitors.length - b.competitors.length);
      let group = fits[0];
      if (!group) {
        const members = [...freeOf.get(c.id)!].sort((a, b) => load.get(a.userId)! - load.get(b.userId)!).slice(0, size);
        group = { members, competitors: [] };
        groups.push(group);
      }
      group.competitors.push(c);
      for (const m of group.members) load.set(m.userId, load.get(m.userId)! + 1);
    }
    groups.forEach((g, i) =>
      teams.push({
        name: `${module.code}-${i + 1}`,
        moduleCode: module.code,
        memberIds: g.members.map((m) => m.userId),
        aspectCodes: module.aspects.map((a) => a.code),
        competitorIds: g.competitors.map((c) => c.id),
      }),
    );
  }
  return { ok: true, plan: { teams } };
}
