// What a judge's tablet needs to mark a skill, in one load (and so one cached copy offline,
// decision 015): the scheme module by module with each module's lock, the competitors by
// anonymous code only — those the judge is recused from marked unavailable with the reason,
// never a name or delegation — the judge's own current marks, and, per judgement aspect, the
// team's scores once the whole team has scored (until then the judge sees only their own).
//
// Until judge assignment lands (marking teams per module, issue 4 item 1) a judge sees every
// aspect of their skill, and an aspect's "team" is whoever has scored it: the scores are
// revealed when at least the competition's team size (judgesPerJudgementTeam, default 3) of
// judges, this judge among them, have scored.
import type { Kysely } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Database } from "../../../db/schema";
import { DomainError } from "~/domain/errors";
import type { Principal } from "~/domain/access/roles";
import { readRuleSettings } from "~/domain/competition/rule-settings";
import { findConflict, type Conflict } from "~/domain/judging/conflicts";
import { loadCurrentAssignment } from "../judging/judge-assignment.server";
import type { MarkValue } from "~/domain/marking-scheme/mark-value";
import type { Aspect } from "~/domain/marking-scheme/scheme";
import { toFixed, type Exact } from "~/domain/results/exact";
import { competitorCode } from "../competitors/competitor-code.server";
import { loadCurrentMarks } from "../results/score-inputs.server";
import { loadSchemeContext, type SchemeContext } from "./scheme-context.server";

/** What the tablet offers for an aspect: the 0–3 buttons, yes/no, a choice, or a number. */
export type AspectInput =
  | { type: "score"; descriptors: [string, string, string, string] }
  | { type: "achieved" }
  | { type: "choice"; choices: Array<{ id: string; deduction: string }> }
  | { type: "measured"; target: string }
  | { type: "mark"; max: string };

export interface SheetAspect {
  code: string;
  kind: Aspect["kind"];
  description: string;
  max: string;
  input: AspectInput;
}

export interface JudgeSheet {
  skill: { nameZh: string; nameEn: string | null };
  spreadLimit: number;
  teamSize: number;
  modules: Array<{ code: string; name: string; locked: boolean; subCriteria: Array<{ code: string; name: string; aspects: SheetAspect[] }> }>;
  /** The id only lets the page match realtime events (which carry ids); nothing identifying. */
  competitors: Array<{ code: string; competitorId: string; conflict: Conflict["reason"] | null; unassigned: boolean }>;
  /** The judge's own current marks (the latest revision of each). */
  marks: Array<{ markId: string; code: string; aspectCode: string; value: MarkValue; revision: number; recordedAt: string }>;
  /** Judgement aspects whose whole team has scored: the scores, revealed together. */
  teams: Array<{ code: string; aspectCode: string; scores: number[]; overLimit: boolean }>;
}

const text = (e: Exact) => toFixed(e, 2);

function inputOf(aspect: Aspect): AspectInput {
  switch (aspect.kind) {
    case "judgement":
      return { type: "score", descriptors: aspect.descriptors };
    case "trimmed_mean":
      return { type: "mark", max: text(aspect.max) };
    case "measurement":
      switch (aspect.calculation.kind) {
        case "all_or_nothing":
          return { type: "achieved" };
        case "choice":
          return { type: "choice", choices: aspect.calculation.choices.map((c) => ({ id: c.id, deduction: text(c.deduction) })) };
        case "per_unit":
        case "bands":
          return { type: "measured", target: toFixed(aspect.calculation.target, 3) };
      }
  }
}

async function schemeOrNull(db: Kysely<Database>, skillId: string): Promise<SchemeContext | null> {
  try {
    return await loadSchemeContext(db, skillId);
  } catch (error) {
    if (error instanceof DomainError && error.code === "NO_SCHEME") return null;
    throw error;
  }
}

export async function loadJudgeSheet(db: Kysely<Database>, principal: Principal, scope: { competitionId: string; skillId: string }): Promise<JudgeSheet> {
  const skill = await db
    .selectFrom("skill")
    .innerJoin("competition", "competition.id", "skill.competitionId")
    .select(["skill.nameZh", "skill.nameEn", "competition.ruleSettings"])
    .where("skill.id", "=", scope.skillId)
    .where("skill.competitionId", "=", scope.competitionId)
    .executeTakeFirst();
  if (!skill) throw new DomainError("NOT_FOUND");
  const rules = readRuleSettings(skill.ruleSettings);
  const [context, competitors, judge, relations] = await Promise.all([
    schemeOrNull(db, scope.skillId),
    db
      .selectFrom("competitor")
      .innerJoin("delegation", "delegation.id", "competitor.delegationId")
      .select((eb) => [
        competitorCode(eb).as("code"),
        "competitor.id",
        "delegation.regionCode",
        jsonArrayFrom(
          eb
            .selectFrom("competitorMember")
            .innerJoin("person", "person.id", "competitorMember.personId")
            .select(["person.id as personId", "person.employerId"])
            .whereRef("competitorMember.competitorId", "=", "competitor.id"),
        ).as("members"),
      ])
      .where("competitor.skillId", "=", scope.skillId)
      .where("competitor.competitionId", "=", scope.competitionId)
      .orderBy("code")
      .execute(),
    db
      .selectFrom("appUser")
      .leftJoin("person", "person.id", "appUser.personId")
      .select(["person.regionCode", "person.employerId"])
      .where("appUser.id", "=", principal.userId)
      .executeTakeFirst(),
    db
      .selectFrom("declaredRelation")
      .select("personId")
      .where("judgeUserId", "=", principal.userId)
      .where("competitionId", "=", scope.competitionId)
      .where("withdrawnAt", "is", null)
      .execute(),
  ]);
  const ties = { regionCode: judge?.regionCode ?? null, employerId: judge?.employerId ?? null, relatedPersonIds: relations.map((r) => r.personId) };
  const codeOf = new Map(competitors.map((c) => [c.id, c.code]));
  const sheet: JudgeSheet = {
    skill: { nameZh: skill.nameZh, nameEn: skill.nameEn },
    spreadLimit: rules.judgementSpreadLimit,
    teamSize: rules.judgesPerJudgementTeam,
    modules: [],
    competitors: competitors.map((c) => ({
      code: c.code,
      competitorId: c.id,
      conflict: findConflict(ties, { delegationRegionCode: c.regionCode, members: c.members })?.reason ?? null,
      unassigned: false,
    })),
    marks: [],
    teams: [],
  };
  if (!context) return sheet;
  sheet.modules = context.scheme.modules.map((m) => ({
    code: m.id,
    name: m.name,
    locked: context.modules.get(m.id)?.locked ?? false,
    subCriteria: m.subCriteria.map((sc) => ({
      code: sc.id,
      name: sc.name,
      aspects: sc.aspects.map((a) => ({ code: a.id, kind: a.kind, description: a.description, max: text(a.max), input: inputOf(a) })),
    })),
  }));
  // With a judge assignment in force (docs/decisions/016) a judge sees only their own teams'
  // aspects and competitors; the server refuses the rest (NOT_ASSIGNED) anyway.
  const plan = await loadCurrentAssignment(db, scope.skillId);
  if (plan) {
    const mine = plan.teams.filter((t) => t.memberIds.includes(principal.userId));
    const competitorsOfMine = new Set(mine.flatMap((t) => t.competitorIds));
    const aspectsOfMine = new Set(mine.flatMap((t) => t.aspectCodes));
    sheet.competitors = sheet.competitors.map((c) => ({ ...c, unassigned: !competitorsOfMine.has(c.competitorId) }));
    sheet.modules = sheet.modules
      .map((m) => ({
        ...m,
        subCriteria: m.subCriteria.map((sc) => ({ ...sc, aspects: sc.aspects.filter((a) => aspectsOfMine.has(a.code)) })).filter((sc) => sc.aspects.length > 0),
      }))
      .filter((m) => m.subCriteria.length > 0);
  }
  const [current, own] = await Promise.all([
    loadCurrentMarks(db, scope.skillId, context),
    db
      .selectFrom("mark")
      .select(["id", "aspectId", "competitorId", "revision", "input", "recordedAt"])
      .distinctOn(["aspectId", "competitorId"])
      .where("skillId", "=", scope.skillId)
      .where("judgeUserId", "=", principal.userId)
      .orderBy("aspectId")
      .orderBy("competitorId")
      .orderBy("revision", "desc")
      .execute(),
  ]);
  const aspectCodeOf = new Map([...context.aspects].map(([code, a]) => [a.id, code]));
  sheet.marks = own.map((m) => ({
    markId: m.id,
    code: codeOf.get(m.competitorId)!,
    aspectCode: aspectCodeOf.get(m.aspectId)!,
    value: m.input as MarkValue,
    revision: m.revision,
    recordedAt: m.recordedAt.toISOString(),
  }));
  const teams = new Map<string, { code: string; aspectCode: string; scores: number[]; includesMe: boolean }>();
  for (const m of current) {
    if (context.aspects.get(m.aspectCode)?.aspect.kind !== "judgement" || !("score" in m.value)) continue;
    const key = `${m.competitorId}|${m.aspectCode}`;
    const team = teams.get(key) ?? { code: codeOf.get(m.competitorId)!, aspectCode: m.aspectCode, scores: [], includesMe: false };
    team.scores.push(m.value.score);
    team.includesMe ||= m.judgeUserId === principal.userId;
    teams.set(key, team);
  }
  sheet.teams = [...teams.values()]
    .filter((t) => t.includesMe && t.scores.length >= rules.judgesPerJudgementTeam)
    .map((t) => ({
      code: t.code,
      aspectCode: t.aspectCode,
      scores: t.scores.sort((a, b) => a - b),
      overLimit: Math.max(...t.scores) - Math.min(...t.scores) > rules.judgementSpreadLimit,
    }));
  return sheet;
}
