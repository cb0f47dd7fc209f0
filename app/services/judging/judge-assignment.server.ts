// Judge assignment 裁判分组 for one skill: the context the rules need (the skill's judges with
// their ties, its competitors by anonymous code with theirs, its modules and aspects), the plan in
// force, the automatic proposal, saving a plan (refused whole, with every conflict named, when it
// breaks recusal or leaves an aspect unmarked), and a judge's own teams. Plans are versions:
// append-only, audited. Rules: app/domain/judging/assignment.ts.
import { sql } from "kysely";
import { z } from "zod";
import type { DB } from "../../../db/connection";
import type { Principal } from "~/domain/access/roles";
import { canAssignJudges } from "~/domain/access/policy";
import { DomainError } from "~/domain/errors";
import {
  checkAssignment,
  proposeAssignment,
  type AspectKind,
  type AssignmentContext,
  type AssignmentProblem,
  type MarkingTeam,
  type Proposal,
} from "~/domain/judging/assignment";
import { competitorCode } from "../competitors/competitor-code.server";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";

type Scope = { competitionId: string; skillId: string };

/** Judgement teams score with three judges (RULES.md "Marking scheme"). */
const judgementTeamSize = 3;

export async function loadAssignmentContext(db: DB, scope: Scope): Promise<AssignmentContext & { usernames: Map<string, string> }> {
  const judges = await db
    .selectFrom("roleAssignment as g")
    .innerJoin("appUser as u", "u.id", "g.userId")
    .leftJoin("person as p", "p.id", "u.personId")
    .select(["u.id", "u.username", "u.displayName", "p.regionCode", "p.employerId"])
    .where("g.competitionId", "=", scope.competitionId)
    .where("g.skillId", "=", scope.skillId)
    .where("g.role", "=", "judge")
    .where("g.revokedAt", "is", null)
    .orderBy("u.displayName")
    .orderBy("u.username")
    .execute();
  const relations =
    judges.length === 0
      ? []
      : await db
          .selectFrom("declaredRelation")
          .select(["judgeUserId", "personId"])
          .where("competitionId", "=", scope.competitionId)
          .where(
            "judgeUserId",
            "in",
            judges.map((j) => j.id),
          )
          .where("withdrawnAt", "is", null)
          .execute();
  const competitorRows = await db
    .selectFrom("competitor")
    .innerJoin("delegation as d", "d.id", "competitor.delegationId")
    .innerJoin("competitorMember as m", "m.competitorId", "competitor.id")
    .innerJoin("person as p", "p.id", "m.personId")
    .select((eb) => ["competitor.id", competitorCode(eb).as("code"), "d.regionCode", "p.id as personId", "p.employerId"])
    .where("competitor.skillId", "=", scope.skillId)
    .orderBy("code")
    .execute();
  const competitors = new Map<
    string,
    AssignmentContext["competitors"][number] & { ties: { members: Array<{ personId: string; employerId: string | null }> } }
  >();
  for (const r of competitorRows) {
    const c = competitors.get(r.id) ?? { id: r.id, code: r.code, ties: { delegationRegionCode: r.regionCode, members: [] } };
    c.ties.members.push({ personId: r.personId, employerId: r.employerId });
    competitors.set(r.id, c);
  }
  const aspects = await db
    .selectFrom("markingScheme as s")
    .innerJoin("schemeModule as m", "m.schemeId", "s.id")
    .innerJoin("subCriterion as sc", "sc.moduleId", "m.id")
    .innerJoin("aspect as a", "a.subCriterionId", "sc.id")
    .select(["m.code as moduleCode", "a.code", "a.kind", "a.panelSize"])
    .where("s.skillId", "=", scope.skillId)
    .orderBy("m.position")
    .orderBy("sc.position")
    .orderBy("a.position")
    .execute();
  const modules = new Map<string, { code: string; aspects: Array<{ code: string; kind: AspectKind; panelSize: number | null }> }>();
  for (const a of aspects) {
    const m = modules.get(a.moduleCode) ?? { code: a.moduleCode, aspects: [] };
    m.aspects.push({ code: a.code, kind: a.kind, panelSize: a.panelSize });
    modules.set(a.moduleCode, m);
  }
  return {
    judges: judges.map((j) => ({
      userId: j.id,
      name: j.displayName,
      ties: { regionCode: j.regionCode, employerId: j.employerId, relatedPersonIds: relations.filter((r) => r.judgeUserId === j.id).map((r) => r.personId) },
    })),
    usernames: new Map(judges.map((j) => [j.id, j.username])),
    competitors: [...competitors.values()],
    modules: [...modules.values()],
    judgementTeamSize,
  };
}

export async function loadCurrentAssignment(db: DB, skillId: string) {
  const row = await db
    .selectFrom("judgeAssignment as a")
    .innerJoin("appUser as u", "u.id", "a.createdBy")
    .select(["a.id", "a.version", "a.source", "a.reason", "a.createdAt", "u.displayName as createdByName", sql<string>`a.teams::text`.as("teams")])
    .where("a.skillId", "=", skillId)
    .orderBy("a.version", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? { ...row, createdAt: row.createdAt.toISOString(), teams: JSON.parse(row.teams) as MarkingTeam[] } : null;
}

function requireAssigner(principal: Principal, scope: Scope): void {
  if (!canAssignJudges(principal, scope)) throw new DomainError("FORBIDDEN");
}

export async function proposeJudgeAssignment(db: DB, principal: Principal, scope: Scope): Promise<Proposal> {
  requireAssigner(principal, scope);
  return proposeAssignment(await loadAssignmentContext(db, scope));
}

const TeamSchema = z.object({
  name: z.string().trim().min(1).max(40),
  moduleCode: z.string().trim().min(1).max(20),
  memberIds: z.array(z.uuid()).min(1).max(30),
  aspectCodes: z.array(z.string().trim().min(1).max(30)).min(1).max(500),
  competitorIds: z.array(z.uuid()).min(1).max(2000),
});
export const SaveAssignmentSchema = z.object({
  teams: z.array(TeamSchema).min(1).max(200),
  source: z.enum(["manual", "proposal"]),
  reason: z.string().trim().min(1).max(1000).nullable().default(null),
  /** The version the chief judge edited; a newer one saved meanwhile refuses the save. */
  basedOnVersion: z.number().int().min(0),
});
export type SaveAssignment = z.output<typeof SaveAssignmentSchema>;

export type SaveAssignmentResult = { ok: true; version: number } | { ok: false; problems: AssignmentProblem[] };

export async function saveJudgeAssignment(deps: ServiceDeps, principal: Principal, scope: Scope, input: SaveAssignment): Promise<SaveAssignmentResult> {
  requireAssigner(principal, scope);
  return inWriteTransaction(deps, async (tx) => {
    // Saves of one skill take turns, so the version check below is decisive.
    await tx.trx
      .selectFrom("skill")
      .select("id")
      .where("id", "=", scope.skillId)
      .where("competitionId", "=", scope.competitionId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const current = await tx.trx
      .selectFrom("judgeAssignment")
      .select("version")
      .where("skillId", "=", scope.skillId)
      .orderBy("version", "desc")
      .limit(1)
      .executeTakeFirst();
    const version = current?.version ?? 0;
    if (input.basedOnVersion !== version) throw new DomainError("ASSIGNMENT_CHANGED", { version });
    if (version > 0 && !input.reason) throw new DomainError("REASON_REQUIRED", {}, "reason");
    const problems = checkAssignment({ teams: input.teams }, await loadAssignmentContext(tx.trx, scope));
    if (problems.length > 0) return { ok: false as const, problems };
    await tx.trx
      .insertInto("judgeAssignment")
      .values({
        competitionId: scope.competitionId,
        skillId: scope.skillId,
        version: version + 1,
        teams: JSON.stringify(input.teams),
        source: input.source,
        reason: input.reason,
        createdBy: principal.userId,
      })
      .execute();
    tx.audit({
      actorUserId: principal.userId,
      action: "judge_assignment.saved",
      entityType: "skill",
      entityId: scope.skillId,
      competitionId: scope.competitionId,
      after: { version: version + 1, source: input.source, teams: input.teams },
      reason: input.reason,
    });
    return { ok: true as const, version: version + 1 };
  });
}

/** A judge's own teams in the plan in force: module, team-mates, aspects and competitor codes. */
export async function loadMyAssignment(db: DB, scope: Scope, userId: string) {
  const current = await loadCurrentAssignment(db, scope.skillId);
  if (!current) return null;
  const context = await loadAssignmentContext(db, scope);
  const nameOf = new Map(context.judges.map((j) => [j.userId, j.name]));
  const codeOf = new Map(context.competitors.map((c) => [c.id, c.code]));
  return {
    version: current.version,
    teams: current.teams
      .filter((t) => t.memberIds.includes(userId))
      .map((t) => ({
        name: t.name,
        moduleCode: t.moduleCode,
        members: t.memberIds.map((id) => nameOf.get(id) ?? "—"),
        aspectCodes: t.aspectCodes,
        competitorCodes: t.competitorIds.map((id) => codeOf.get(id) ?? "—"),
      })),
  };
}
