// Paper score sheets, entered then verified (docs/decisions/011). Where judges mark on paper,
// the chief judge enters a sheet as a CSV file (enterScoreSheet): every row is checked against
// the database and a file with any problem is refused whole, every problem listed; a clean one
// is kept as `entered` — no mark yet. A second person who may run the skill's judging (a chief
// judge or an organizer, never the one who entered it) verifies it (verifyScoreSheet): every row
// is checked again and written as the named judge's mark through writeMark, all in one
// transaction, or rejects it with a reason (rejectScoreSheet).
//
// A row that corrects a judge's mark names the mark it saw when the sheet was entered; if the
// judge's mark has changed since (a tablet, another sheet), verification is refused with
// MARK_CONFLICT on that row rather than overwrite a mark nobody checked against the paper.
// Each row's mark has a submission id derived from the sheet and the row, so a verification that
// is repeated (a lost answer, a double click) finds the stored marks and writes nothing twice.
import { derivedUuid } from "../derived-uuid.server";
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, ScoreSheetState } from "../../../db/schema";
import type { Principal } from "~/domain/access/roles";
import { canEnterScoreSheet, canVerifyScoreSheet } from "~/domain/access/policy";
import { DomainError, isDomainError } from "~/domain/errors";
import type { MarkValue } from "~/domain/marking-scheme/mark-value";
import type { ApiProblem } from "~/web/api.server";
import type { ServiceDeps } from "../deps.server";
import { isUniqueViolation } from "../errors.server";
import { inWriteTransaction } from "../transaction.server";
import { competitorCode } from "../competitors/competitor-code.server";
import { controlCharacters } from "~/domain/fields";
import { MarkValueSchema } from "./record-mark.server";
import { checkSheetRows, resolveSheetLines, sortProblems } from "./score-sheet-checks.server";
import { parseScoreSheetCsv, type ScoreSheetProblem, type ScoreSheetProblemCode } from "./score-sheet-csv.server";
import { writeMark, type MarkScope } from "./write-mark.server";

export type EnterOutcome = { ok: true; sheetId: string; rows: number; replayed: boolean } | { ok: false; problems: ScoreSheetProblem[] };
export type VerifyOutcome = { ok: true; sheetId: string; marks: number; corrections: number; replayed: boolean } | { ok: false; problems: ScoreSheetProblem[] };

/** A sheet's problems as the JSON API reports them: code, message key, row and column. */
export function scoreSheetApiProblems(problems: readonly ScoreSheetProblem[]): ApiProblem[] {
  return problems.map((p) => ({ code: p.code, key: `scoreSheets.problem.${p.code}`, params: p.params, row: p.row, column: p.column }));
}

const anyControlCharacter = new RegExp(controlCharacters.source, "g");

/** The name a file is listed under: its last path part, without control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? "").replace(anyControlCharacter, "").trim();
  return base.slice(0, 200) || "score-sheet.csv";
}

/** A UUID (RFC 9562 version 8, name-based) for the mark of one row of one sheet. */
export function rowSubmissionId(sheetId: string, row: number): string {
  return derivedUuid(`gongjiang score sheet ${sheetId} row ${row}`);
}

/** The reason a row's mark gives when it corrects an earlier mark of the judge. */
export function correctionReason(fileName: string): string {
  return `纸质评分表 score sheet: ${fileName}`;
}

export async function enterScoreSheet(
  deps: ServiceDeps,
  principal: Principal,
  scope: MarkScope,
  input: { fileName: string; bytes: Uint8Array },
): Promise<EnterOutcome> {
  if (!canEnterScoreSheet(principal, scope)) throw new DomainError("FORBIDDEN");
  const parsed = parseScoreSheetCsv(input.bytes);
  if (parsed.lines.length === 0) return { ok: false, problems: parsed.problems };
  const fileName = cleanFileName(input.fileName);
  const sha256 = createHash("sha256").update(input.bytes).digest("hex");
  const pendingOf = (db: Kysely<Database>) =>
    db
      .selectFrom("scoreSheet")
      .select(["id", "rowCount"])
      .where("skillId", "=", scope.skillId)
      .where("fileSha256", "=", sha256)
      .where("state", "=", "entered")
      .executeTakeFirst();
  try {
    return await inWriteTransaction(deps, async (tx): Promise<EnterOutcome> => {
      const skill = await tx.trx
        .selectFrom("skill")
        .select("id")
        .where("id", "=", scope.skillId)
        .where("competitionId", "=", scope.competitionId)
        .executeTakeFirst();
      if (!skill) throw new DomainError("NOT_FOUND");
      // The same file again while it awaits verification (a double submit): that sheet.
      const pending = await pendingOf(tx.trx);
      if (pending) return { ok: true, sheetId: pending.id, rows: pending.rowCount, replayed: true };
      const resolved = await resolveSheetLines(tx.trx, scope, parsed.lines);
      const checked = await checkSheetRows(tx.trx, scope, resolved.rows);
      const problems = [...parsed.problems, ...resolved.problems, ...checked.problems];
      if (problems.length > 0) return { ok: false, problems: sortProblems(problems) };

      const sheet = await tx.trx
        .insertInto("scoreSheet")
        .values({
          competitionId: scope.competitionId,
          skillId: scope.skillId,
          fileName,
          fileSha256: sha256,
          rowCount: checked.rows.length,
          enteredBy: principal.userId,
          enteredAt: tx.now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const rows = checked.rows.map((r) => ({
        sheetId: sheet.id,
        rowNo: r.row,
        skillId: scope.skillId,
        competitorId: r.competitorId,
        aspectCode: r.aspectCode,
        judgeUserId: r.judgeUserId,
        input: JSON.stringify(r.input),
        previousMarkId: r.previousMarkId,
        submissionId: rowSubmissionId(sheet.id, r.row),
      }));
      for (let i = 0; i < rows.length; i += 1000)
        await tx.trx
          .insertInto("scoreSheetRow")
          .values(rows.slice(i, i + 1000))
          .execute();
      tx.audit({
        actorUserId: principal.userId,
        action: "score_sheet.entered",
        entityType: "score_sheet",
        entityId: sheet.id,
        competitionId: scope.competitionId,
        after: { skillId: scope.skillId, fileName, sha256, rows: rows.length, corrections: rows.filter((r) => r.previousMarkId).length },
      });
      return { ok: true, sheetId: sheet.id, rows: rows.length, replayed: false };
    });
  } catch (error) {
    // The same file entered at the same moment by another request: the unique pending file wins once.
    if (isUniqueViolation(error)) {
      const pending = await pendingOf(deps.db);
      if (pending) return { ok: true, sheetId: pending.id, rows: pending.rowCount, replayed: true };
    }
    throw error;
  }
}

/** A row refused while its mark was being written: rolls the whole verification back. */
class RowRefusal extends Error {
  constructor(readonly problem: ScoreSheetProblem) {
    super(problem.code);
  }
}

const rowProblemCodes = new Set<string>([
  "NOT_A_JUDGE_OF_SKILL",
  "UNKNOWN_ASPECT",
  "MODULE_LOCKED",
  "SCORE_NOT_0_TO_3",
  "MARK_OUT_OF_RANGE",
  "UNKNOWN_CHOICE",
  "INPUT_DOES_NOT_FIT_CALCULATION",
  "JUDGE_CONFLICT",
  "MARK_CONFLICT",
]);
const columnOfCode: Partial<Record<string, ScoreSheetProblem["column"]>> = {
  NOT_A_JUDGE_OF_SKILL: "judge",
  JUDGE_CONFLICT: "judge",
  UNKNOWN_ASPECT: "aspect_code",
  MODULE_LOCKED: "aspect_code",
};

async function lockedSheet(db: Kysely<Database>, scope: MarkScope, sheetId: string) {
  const sheet = await db
    .selectFrom("scoreSheet")
    .select(["id", "fileName", "state", "enteredBy", "rowCount"])
    .where("id", "=", sheetId)
    .where("skillId", "=", scope.skillId)
    .where("competitionId", "=", scope.competitionId)
    .forUpdate()
    .executeTakeFirst();
  if (!sheet) throw new DomainError("NOT_FOUND");
  return sheet;
}

function storedValue(input: unknown): MarkValue {
  const parsed = MarkValueSchema.safeParse(input);
  if (!parsed.success) throw new Error(`Stored score sheet value is not a mark value: ${JSON.stringify(input)}`);
  return parsed.data;
}

export async function verifyScoreSheet(deps: ServiceDeps, principal: Principal, scope: MarkScope, sheetId: string): Promise<VerifyOutcome> {
  if (!canVerifyScoreSheet(principal, scope)) throw new DomainError("FORBIDDEN");
  try {
    return await inWriteTransaction(deps, async (tx): Promise<VerifyOutcome> => {
      // One decision at a time per sheet: a second verification waits here, then finds it verified.
      const sheet = await lockedSheet(tx.trx, scope, sheetId);
      if (sheet.enteredBy === principal.userId) throw new DomainError("SCORE_SHEET_SAME_PERSON");
      const rows = await tx.trx
        .selectFrom("scoreSheetRow")
        .select(["rowNo", "competitorId", "aspectCode", "judgeUserId", "input", "previousMarkId", "submissionId"])
        .where("sheetId", "=", sheet.id)
        .orderBy("rowNo")
        .execute();
      const corrections = rows.filter((r) => r.previousMarkId !== null).length;
      if (sheet.state === "verified") return { ok: true, sheetId: sheet.id, marks: rows.length, corrections, replayed: true };
      if (sheet.state === "rejected") throw new DomainError("SCORE_SHEET_DECIDED", { state: sheet.state });

      // Everything again, as of now: all problems at once, before anything is written.
      const checked = await checkSheetRows(
        tx.trx,
        scope,
        rows.map((r) => ({
          row: r.rowNo,
          competitorId: r.competitorId,
          aspectCode: r.aspectCode,
          judgeUserId: r.judgeUserId,
          value: { input: storedValue(r.input) },
          expectedPreviousId: r.previousMarkId,
        })),
      );
      if (checked.problems.length > 0) return { ok: false, problems: sortProblems(checked.problems) };

      // The marks' audit events and realtime events are appended at the end (inWriteTransaction
      // gathers them), so the audit chain's lock is held only from there to the commit.
      const reason = correctionReason(sheet.fileName);
      for (const r of rows) {
        try {
          await writeMark(
            tx,
            scope,
            { judgeUserId: r.judgeUserId, recordedBy: principal.userId, source: { kind: "score_sheet", sheetId: sheet.id, row: r.rowNo } },
            {
              submissionId: r.submissionId,
              competitorId: r.competitorId,
              aspectCode: r.aspectCode,
              value: storedValue(r.input),
              reason,
              expectedPreviousId: r.previousMarkId,
            },
          );
        } catch (error) {
          // Changed between the check above and this write (a lock, a mark): refuse the sheet.
          if (isDomainError(error) && rowProblemCodes.has(error.code)) {
            throw new RowRefusal({
              code: error.code as ScoreSheetProblemCode,
              row: r.rowNo,
              column: columnOfCode[error.code] ?? "value",
              params: error.params,
            });
          }
          throw error;
        }
      }
      await tx.trx
        .updateTable("scoreSheetRow")
        .from("mark")
        .set((eb) => ({ markId: eb.ref("mark.id") }))
        .whereRef("mark.submissionId", "=", "scoreSheetRow.submissionId")
        .where("scoreSheetRow.sheetId", "=", sheet.id)
        .execute();
      await tx.trx.updateTable("scoreSheet").set({ state: "verified", decidedBy: principal.userId, decidedAt: tx.now }).where("id", "=", sheet.id).execute();
      tx.audit({
        actorUserId: principal.userId,
        action: "score_sheet.verified",
        entityType: "score_sheet",
        entityId: sheet.id,
        competitionId: scope.competitionId,
        before: { state: "entered" },
        after: { skillId: scope.skillId, fileName: sheet.fileName, marks: rows.length, corrections },
      });
      return { ok: true, sheetId: sheet.id, marks: rows.length, corrections, replayed: false };
    });
  } catch (error) {
    if (error instanceof RowRefusal) return { ok: false, problems: [error.problem] };
    // A judge's mark corrected at the same moment: the revision's uniqueness refused ours.
    if (isUniqueViolation(error)) throw new DomainError("MARK_CONFLICT");
    throw error;
  }
}

/** Rejects a sheet that awaits verification; its rows never count. The reason (at most 1000 characters) is checked by the caller's schema. */
export async function rejectScoreSheet(
  deps: ServiceDeps,
  principal: Principal,
  scope: MarkScope,
  sheetId: string,
  reasonText: string,
): Promise<{ sheetId: string; state: "rejected"; replayed: boolean }> {
  if (!canVerifyScoreSheet(principal, scope)) throw new DomainError("FORBIDDEN");
  const reason = reasonText.trim();
  if (!reason) throw new DomainError("REASON_REQUIRED", {}, "reason");
  return inWriteTransaction(deps, async (tx) => {
    const sheet = await lockedSheet(tx.trx, scope, sheetId);
    if (sheet.enteredBy === principal.userId) throw new DomainError("SCORE_SHEET_SAME_PERSON");
    if (sheet.state === "rejected") return { sheetId: sheet.id, state: "rejected" as const, replayed: true };
    if (sheet.state === "verified") throw new DomainError("SCORE_SHEET_DECIDED", { state: sheet.state });
    await tx.trx
      .updateTable("scoreSheet")
      .set({ state: "rejected", decidedBy: principal.userId, decidedAt: tx.now, rejectReason: reason })
      .where("id", "=", sheet.id)
      .execute();
    tx.audit({
      actorUserId: principal.userId,
      action: "score_sheet.rejected",
      entityType: "score_sheet",
      entityId: sheet.id,
      competitionId: scope.competitionId,
      before: { state: "entered" },
      after: { skillId: scope.skillId, fileName: sheet.fileName, state: "rejected" },
      reason,
    });
    return { sheetId: sheet.id, state: "rejected" as const, replayed: false };
  });
}

export interface ScoreSheetSummary {
  id: string;
  fileName: string;
  rowCount: number;
  state: ScoreSheetState;
  enteredBy: { id: string; name: string };
  enteredAt: Date;
  decidedBy: { id: string; name: string } | null;
  decidedAt: Date | null;
  rejectReason: string | null;
}

function sheetQuery(db: Kysely<Database>, scope: MarkScope) {
  return db
    .selectFrom("scoreSheet")
    .innerJoin("appUser as enterer", "enterer.id", "scoreSheet.enteredBy")
    .leftJoin("appUser as decider", "decider.id", "scoreSheet.decidedBy")
    .select([
      "scoreSheet.id",
      "scoreSheet.fileName",
      "scoreSheet.rowCount",
      "scoreSheet.state",
      "scoreSheet.enteredBy",
      "enterer.displayName as enteredByName",
      "scoreSheet.enteredAt",
      "scoreSheet.decidedBy",
      "decider.displayName as decidedByName",
      "scoreSheet.decidedAt",
      "scoreSheet.rejectReason",
    ])
    .where("scoreSheet.skillId", "=", scope.skillId)
    .where("scoreSheet.competitionId", "=", scope.competitionId);
}

type SheetRow = Awaited<ReturnType<ReturnType<typeof sheetQuery>["executeTakeFirstOrThrow"]>>;

function toSummary(s: SheetRow): ScoreSheetSummary {
  return {
    id: s.id,
    fileName: s.fileName,
    rowCount: s.rowCount,
    state: s.state,
    enteredBy: { id: s.enteredBy, name: s.enteredByName },
    enteredAt: s.enteredAt,
    decidedBy: s.decidedBy ? { id: s.decidedBy, name: s.decidedByName ?? "" } : null,
    decidedAt: s.decidedAt,
    rejectReason: s.rejectReason,
  };
}

/** A skill's sheets, newest first: who entered and who decided each. */
export async function listScoreSheets(db: Kysely<Database>, scope: MarkScope): Promise<ScoreSheetSummary[]> {
  return (await sheetQuery(db, scope).orderBy("scoreSheet.enteredAt", "desc").orderBy("scoreSheet.id").execute()).map(toSummary);
}

export interface ScoreSheetRowView {
  row: number;
  /** The competitor's code only: judges and staff never see names or delegations here. */
  competitorCode: string;
  aspectCode: string;
  judge: { username: string; name: string };
  value: MarkValue;
  /** The revision of the judge's mark this row corrects (null: a first mark). */
  corrects: number | null;
  /** The revision of the mark the row became, once verified. */
  revision: number | null;
}

/** One sheet with its rows, in file order; null when the skill has no such sheet. */
export async function loadScoreSheet(
  db: Kysely<Database>,
  scope: MarkScope,
  sheetId: string,
): Promise<{ sheet: ScoreSheetSummary; rows: ScoreSheetRowView[] } | null> {
  const sheet = await sheetQuery(db, scope).where("scoreSheet.id", "=", sheetId).executeTakeFirst();
  if (!sheet) return null;
  const rows = await db
    .selectFrom("scoreSheetRow")
    .innerJoin("competitor", "competitor.id", "scoreSheetRow.competitorId")
    .innerJoin("appUser", "appUser.id", "scoreSheetRow.judgeUserId")
    .leftJoin("mark as previous", "previous.id", "scoreSheetRow.previousMarkId")
    .leftJoin("mark as written", "written.id", "scoreSheetRow.markId")
    .select((eb) => [competitorCode(eb).as("competitorCode")])
    .select([
      "scoreSheetRow.rowNo",
      "scoreSheetRow.aspectCode",
      "appUser.username",
      "appUser.displayName",
      "scoreSheetRow.input",
      "previous.revision as corrects",
      "written.revision",
    ])
    .where("scoreSheetRow.sheetId", "=", sheet.id)
    .orderBy("scoreSheetRow.rowNo")
    .execute();
  return {
    sheet: toSummary(sheet),
    rows: rows.map((r) => ({
      row: r.rowNo,
      competitorCode: r.competitorCode,
      aspectCode: r.aspectCode,
      judge: { username: r.username, name: r.displayName },
      value: storedValue(r.input),
      corrects: r.corrects,
      revision: r.revision,
    })),
  };
}
