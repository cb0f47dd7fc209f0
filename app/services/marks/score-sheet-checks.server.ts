// Every row of a paper score sheet checked against the database at once, so a refused file
// lists all its problems in one round: the checks writeMark makes of one mark (the judge judges
// this skill, the value fits the aspect, the module is open, the competitor is of this skill,
// recusal), made with the same domain rules over the whole sheet in a handful of queries. Run
// when the sheet is entered, and again when it is verified (a module may have been locked, or a
// mark recorded, meanwhile) — and writeMark still checks each mark as it writes it.
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { findConflict } from "~/domain/judging/conflicts";
import { markValueOfText, type MarkValue } from "~/domain/marking-scheme/mark-value";
import { competitorCode } from "../competitors/competitor-code.server";
import { loadSchemeContext } from "./scheme-context.server";
import { holdsJudgingRole, markValueProblem, type MarkScope } from "./write-mark.server";
import { quoted, scoreSheetColumns, type ScoreSheetLine, type ScoreSheetProblem } from "./score-sheet-csv.server";

/** A row whose competitor and judge are known, with its value as written or as stored. */
export interface SheetRowDraft {
  row: number;
  competitorId: string;
  aspectCode: string;
  judgeUserId: string;
  value: { text: string } | { input: MarkValue };
  /** At verification: the judge's current mark when the sheet was entered (null: none). */
  expectedPreviousId?: string | null;
}

export interface CheckedSheetRow {
  row: number;
  competitorId: string;
  aspectCode: string;
  judgeUserId: string;
  input: MarkValue;
  /** The judge's current mark for this aspect and competitor, now (a row with one corrects it). */
  previousMarkId: string | null;
}

const byPlace = (a: ScoreSheetProblem, b: ScoreSheetProblem) =>
  (a.row ?? 0) - (b.row ?? 0) || scoreSheetColumns.indexOf(a.column ?? "competitor_code") - scoreSheetColumns.indexOf(b.column ?? "competitor_code");

export function sortProblems(problems: ScoreSheetProblem[]): ScoreSheetProblem[] {
  return [...problems].sort(byPlace);
}

const unique = <T>(values: T[]) => [...new Set(values)];

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(keyOf(item));
    if (group) group.push(item);
    else groups.set(keyOf(item), [item]);
  }
  return groups;
}

/** Competitor codes and judges' account names to ids; a code or name that is unknown (or of another skill) is a problem. */
export async function resolveSheetLines(
  db: Kysely<Database>,
  scope: MarkScope,
  lines: readonly ScoreSheetLine[],
): Promise<{ rows: SheetRowDraft[]; problems: ScoreSheetProblem[] }> {
  const codes = unique(lines.map((l) => l.competitorCode).filter(Boolean));
  const usernames = unique(lines.map((l) => l.judge).filter(Boolean));
  const [competitors, judges] = await Promise.all([
    // This skill's competitors by their code (the workstation number once drawn), and any
    // competitor of the competition by registration number, to name another skill's.
    codes.length
      ? db
          .selectFrom("competitor")
          .select((eb) => ["competitor.id", "competitor.skillId", competitorCode(eb).as("code"), "competitor.registrationNo"])
          .where("competitor.competitionId", "=", scope.competitionId)
          .where((eb) =>
            eb.or([eb("competitor.registrationNo", "in", codes), eb.and([eb("competitor.skillId", "=", scope.skillId), eb(competitorCode(eb), "in", codes)])]),
          )
          .execute()
      : [],
    usernames.length ? db.selectFrom("appUser").select(["id", "username"]).where("username", "in", usernames).execute() : [],
  ]);
  const competitorOfCode = new Map(competitors.filter((c) => c.skillId !== scope.skillId).map((c) => [c.registrationNo, c]));
  for (const c of competitors) if (c.skillId === scope.skillId) competitorOfCode.set(c.code, c);
  const judgeOfName = new Map(judges.map((j) => [j.username, j.id]));
  const rows: SheetRowDraft[] = [];
  const problems: ScoreSheetProblem[] = [];
  for (const line of lines) {
    const competitor = line.competitorCode ? competitorOfCode.get(line.competitorCode) : undefined;
    if (line.competitorCode && !competitor)
      problems.push({ code: "UNKNOWN_COMPETITOR", row: line.row, column: "competitor_code", params: { value: quoted(line.competitorCode) } });
    else if (competitor && competitor.skillId !== scope.skillId)
      problems.push({ code: "COMPETITOR_OF_OTHER_SKILL", row: line.row, column: "competitor_code", params: { value: quoted(line.competitorCode) } });
    const judgeUserId = line.judge ? judgeOfName.get(line.judge) : undefined;
    if (line.judge && !judgeUserId) problems.push({ code: "UNKNOWN_JUDGE", row: line.row, column: "judge", params: { value: quoted(line.judge) } });
    if (competitor?.skillId === scope.skillId && judgeUserId && line.aspectCode && line.value) {
      rows.push({ row: line.row, competitorId: competitor.id, aspectCode: line.aspectCode, judgeUserId, value: { text: line.value } });
    }
  }
  return { rows, problems };
}

/** Checks rows as writeMark would check each of them, now; returns every problem, or the rows ready to write. `passLocks`: for an appeal correction. */
export async function checkSheetRows(
  db: Kysely<Database>,
  scope: MarkScope,
  drafts: readonly SheetRowDraft[],
  options: { passLocks?: boolean } = {},
): Promise<{ rows: CheckedSheetRow[]; problems: ScoreSheetProblem[] }> {
  if (drafts.length === 0) return { rows: [], problems: [] };
  const context = await loadSchemeContext(db, scope.skillId);
  const competitorIds = unique(drafts.map((d) => d.competitorId));
  const judgeIds = unique(drafts.map((d) => d.judgeUserId));
  const [competitors, members, judges, relations, current] = await Promise.all([
    db
      .selectFrom("competitor")
      .innerJoin("delegation", "delegation.id", "competitor.delegationId")
      .select(["competitor.id", "competitor.state", "delegation.regionCode"])
      .where("competitor.id", "in", competitorIds)
      .where("competitor.skillId", "=", scope.skillId)
      .execute(),
    db
      .selectFrom("competitorMember")
      .innerJoin("person", "person.id", "competitorMember.personId")
      .select(["competitorMember.competitorId", "person.id as personId", "person.employerId"])
      .where("competitorMember.competitorId", "in", competitorIds)
      .execute(),
    db
      .selectFrom("appUser")
      .leftJoin("person", "person.id", "appUser.personId")
      .select((eb) => [
        "appUser.id",
        "appUser.username",
        "person.regionCode",
        "person.employerId",
        holdsJudgingRole(db, eb.ref("appUser.id"), scope).as("judgesSkill"),
      ])
      .where("appUser.id", "in", judgeIds)
      .execute(),
    db
      .selectFrom("declaredRelation")
      .select(["judgeUserId", "personId"])
      .where("competitionId", "=", scope.competitionId)
      .where("judgeUserId", "in", judgeIds)
      .where("withdrawnAt", "is", null)
      .execute(),
    // Each judge's current mark (highest revision) per aspect and competitor, as writeMark's `previous`.
    db
      .selectFrom("mark")
      .innerJoin("aspect", "aspect.id", "mark.aspectId")
      .select(["mark.id", "mark.revision", "aspect.code as aspectCode", "mark.competitorId", "mark.judgeUserId"])
      .distinctOn(["mark.aspectId", "mark.competitorId", "mark.judgeUserId"])
      .where("mark.skillId", "=", scope.skillId)
      .where("mark.judgeUserId", "in", judgeIds)
      .where("mark.competitorId", "in", competitorIds)
      .orderBy("mark.aspectId")
      .orderBy("mark.competitorId")
      .orderBy("mark.judgeUserId")
      .orderBy("mark.revision", "desc")
      .execute(),
  ]);
  const regionOf = new Map(competitors.map((c) => [c.id, c.regionCode]));
  const stateOf = new Map(competitors.map((c) => [c.id, c.state]));
  const membersOf = groupBy(members, (m) => m.competitorId);
  const relatedOf = groupBy(relations, (r) => r.judgeUserId);
  const judgeOf = new Map(judges.map((j) => [j.id, j]));
  const key = (aspectCode: string, competitorId: string, judgeUserId: string) => `${aspectCode}|${competitorId}|${judgeUserId}`;
  const currentOf = new Map(current.map((m) => [key(m.aspectCode, m.competitorId, m.judgeUserId), m]));

  const rows: CheckedSheetRow[] = [];
  const problems: ScoreSheetProblem[] = [];
  for (const draft of drafts) {
    const at = (column: ScoreSheetProblem["column"]) => ({ row: draft.row, column });
    const before = problems.length;
    const judge = judgeOf.get(draft.judgeUserId)!;
    if (!judge.judgesSkill) problems.push({ code: "NOT_A_JUDGE_OF_SKILL", ...at("judge"), params: { value: judge.username } });
    if (!regionOf.has(draft.competitorId)) problems.push({ code: "COMPETITOR_OF_OTHER_SKILL", ...at("competitor_code"), params: { value: "" } });
    const state = stateOf.get(draft.competitorId);
    if ((state === "absent" || state === "disqualified") && !options.passLocks)
      problems.push({ code: "COMPETITOR_NOT_COMPETING", ...at("competitor_code"), params: { state } });
    const target = context.aspects.get(draft.aspectCode);
    let input: MarkValue | null = null;
    if (!target) problems.push({ code: "UNKNOWN_ASPECT", ...at("aspect_code"), params: { value: quoted(draft.aspectCode) } });
    else {
      // An upheld appeal's correction passes the lock (passLocks); nothing else does.
      if (context.modules.get(target.moduleCode)?.locked && !options.passLocks)
        problems.push({ code: "MODULE_LOCKED", ...at("aspect_code"), params: { module: target.moduleCode } });
      const read = "text" in draft.value ? markValueOfText(target.aspect, draft.value.text) : { ok: true as const, value: draft.value.input };
      const written = "text" in draft.value ? quoted(draft.value.text) : JSON.stringify(draft.value.input);
      const problem = read.ok ? markValueProblem(target.aspect, read.value) : read.code;
      if (problem) problems.push({ code: problem, ...at("value"), params: { value: written } });
      else if (read.ok) input = read.value;
    }
    if (regionOf.has(draft.competitorId)) {
      const conflict = findConflict(
        { regionCode: judge.regionCode, employerId: judge.employerId, relatedPersonIds: (relatedOf.get(draft.judgeUserId) ?? []).map((r) => r.personId) },
        { delegationRegionCode: regionOf.get(draft.competitorId) ?? null, members: membersOf.get(draft.competitorId) ?? [] },
      );
      if (conflict) problems.push({ code: "JUDGE_CONFLICT", ...at("judge"), params: { reason: conflict.reason, judge: judge.username } });
    }
    const previous = currentOf.get(key(draft.aspectCode, draft.competitorId, draft.judgeUserId)) ?? null;
    if (draft.expectedPreviousId !== undefined && (previous?.id ?? null) !== draft.expectedPreviousId) {
      problems.push({ code: "MARK_CONFLICT", ...at("value"), params: { judge: judge.username, revision: previous?.revision ?? 0 } });
    }
    if (problems.length === before && input)
      rows.push({
        row: draft.row,
        competitorId: draft.competitorId,
        aspectCode: draft.aspectCode,
        judgeUserId: draft.judgeUserId,
        input,
        previousMarkId: previous?.id ?? null,
      });
  }
  return { rows, problems };
}
