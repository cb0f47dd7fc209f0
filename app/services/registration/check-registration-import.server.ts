// The first step of an Excel import (GJ-REG-1): the upload is read and every row checked and
// stored, nothing imported yet.
import { createHash } from "node:crypto";
import type { Principal } from "~/domain/access/roles";
import { checkRegistrationRows, type RowProblem } from "~/domain/registration/registrations";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";
import { parseRegistrationWorkbook } from "./registration-xlsx.server";
import { loadContext } from "./registration-rows.server";
import { type DelegationScope, actingAs, requireOpenWindow } from "./registration-scope.server";

export type ImportCheckResult =
  | { ok: false; fileProblems: Array<{ code: string; params: Record<string, string | number> }> }
  | { ok: true; importId: string; rowCount: number; problems: RowProblem[]; cleanEntries: number; cleanRows: number; rowsWithProblems: number[] };

/**
 * Reads an uploaded template and checks every row, changing nothing but a record of the check:
 * the leader then fixes the file, or imports only its clean rows (commitRegistrationImport).
 */
export async function checkRegistrationImport(
  deps: ServiceDeps,
  principal: Principal,
  scope: DelegationScope,
  file: { name: string; bytes: Uint8Array },
): Promise<ImportCheckResult> {
  const as = actingAs(principal, scope);
  const parsed = await parseRegistrationWorkbook(file.bytes);
  if (!parsed.ok) return { ok: false, fileProblems: parsed.problems };
  return inWriteTransaction(deps, async (tx) => {
    const loaded = await loadContext(deps, tx.trx, scope, parsed.rows, tx.now);
    requireOpenWindow(as, loaded.settings);
    const check = checkRegistrationRows(parsed.rows, loaded.context);
    const problems = [...parsed.cellProblems, ...check.problems].sort((a, b) => a.row - b.row);
    const badRows = new Set([...check.rowsWithProblems, ...parsed.cellProblems.map((p) => p.row)]);
    const clean = check.clean.filter((entry) => !entry.rows.some((r) => badRows.has(r)));
    for (const entry of check.clean) if (entry.rows.some((r) => badRows.has(r))) for (const r of entry.rows) badRows.add(r);
    const sha = createHash("sha256").update(file.bytes).digest("hex");
    const stored = await tx.trx
      .insertInto("registrationImport")
      .values({
        competitionId: scope.competitionId,
        delegationId: scope.delegationId,
        fileName: file.name.slice(0, 255) || "registrations.xlsx",
        fileSha256: sha,
        rowCount: parsed.rows.length,
        rows: JSON.stringify(parsed.rows),
        problems: JSON.stringify(problems),
        createdBy: principal.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    tx.audit({
      actorUserId: principal.userId,
      action: "registration_import.checked",
      entityType: "delegation",
      entityId: scope.delegationId,
      competitionId: scope.competitionId,
      after: { importId: stored.id, fileName: file.name, fileSha256: sha, rows: parsed.rows.length, problems: problems.length },
    });
    return {
      ok: true as const,
      importId: stored.id,
      rowCount: parsed.rows.length,
      problems,
      cleanEntries: clean.length,
      cleanRows: clean.reduce((n, e) => n + e.rows.length, 0),
      rowsWithProblems: [...badRows].sort((a, b) => a - b),
    };
  });
}
