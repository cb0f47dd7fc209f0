// The chief judge prepares an upheld appeal's correction from rows in the score sheet's columns.
import { DomainError } from "~/domain/errors";
import type { Principal } from "~/domain/access/roles";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";
import { parseScoreSheetCsv, type ScoreSheetProblem } from "../marks/score-sheet-csv.server";
import { checkSheetRows, resolveSheetLines, sortProblems } from "../marks/score-sheet-checks.server";
import { appealRow, requireCorrector, type CorrectionRow } from "./appeal-rows.server";

/**
 * The chief judge prepares an upheld appeal's correction from rows in the paper score sheet's
 * columns (competitor_code, aspect_code, judge, value). Every row is checked as a mark would be —
 * except the lock, which an appeal decision passes. Nothing counts until it is applied.
 */
export async function prepareCorrection(
  deps: ServiceDeps,
  principal: Principal,
  appealId: string,
  csv: string,
): Promise<{ ok: true; correctionId: string } | { ok: false; problems: ScoreSheetProblem[] }> {
  const appeal = await appealRow(deps.db, appealId);
  const scope = { competitionId: appeal.competitionId, skillId: appeal.skillId };
  requireCorrector(principal, scope);
  if (appeal.state !== "upheld") throw new DomainError("APPEAL_NOT_UPHELD");
  if (appeal.correctedAt) throw new DomainError("APPEAL_STATE");
  const parsed = parseScoreSheetCsv(new TextEncoder().encode(csv));
  if (parsed.lines.length === 0 && parsed.problems.length === 0) throw new DomainError("CORRECTION_EMPTY");
  const resolved = await resolveSheetLines(deps.db, scope, parsed.lines);
  const checked = await checkSheetRows(deps.db, scope, resolved.rows, { passLocks: true });
  const problems = sortProblems([...parsed.problems, ...resolved.problems, ...checked.problems]);
  if (problems.length > 0) return { ok: false, problems };
  const rows: CorrectionRow[] = checked.rows.map((r) => ({
    row: r.row,
    competitorId: r.competitorId,
    aspectCode: r.aspectCode,
    judgeUserId: r.judgeUserId,
    input: r.input,
  }));
  rows.sort((a, b) => a.row - b.row);
  return inWriteTransaction(deps, async (tx) => {
    const correction = await tx.trx
      .insertInto("appealCorrection")
      .values({ appealId, rows: JSON.stringify(rows), preparedBy: principal.userId, preparedAt: tx.now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx.trx
      .insertInto("appealEvent")
      .values({ appealId, kind: "correction_prepared", text: `${rows.length}`, actorUserId: principal.userId, occurredAt: tx.now })
      .execute();
    tx.audit({
      actorUserId: principal.userId,
      action: "appeal.correction_prepared",
      entityType: "appeal",
      entityId: appealId,
      competitionId: appeal.competitionId,
      after: { correctionId: correction.id, rows },
    });
    return { ok: true as const, correctionId: correction.id };
  });
}
