// The second step of an Excel import: the checked rows stored by checkRegistrationImport become
// registrations, all of them or only the clean ones.
import { sql } from "kysely";
import type { Principal } from "~/domain/access/roles";
import { DomainError } from "~/domain/errors";
import type { RegistrationCheck, RegistrationRowInput, RowProblem } from "~/domain/registration/registrations";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";
import { type DelegationScope, actingAs } from "./registration-scope.server";
import { saveRowsIn } from "./save-registration-rows.server";

/** Imports a checked file: all its rows (only when it had no problem) or only its clean rows. A repeat answers with what was imported. */
export async function commitRegistrationImport(
  deps: ServiceDeps,
  principal: Principal,
  scope: DelegationScope,
  input: { importId: string; mode: "all" | "clean_only" },
): Promise<{ ok: true; imported: number; repeated: boolean } | { ok: false; check: RegistrationCheck }> {
  const as = actingAs(principal, scope);
  return inWriteTransaction(deps, async (tx) => {
    const stored = await tx.trx
      .selectFrom("registrationImport")
      .select(["id", "status", "importedCount", sql<string>`rows::text`.as("rows"), sql<string>`problems::text`.as("problems")])
      .where("id", "=", input.importId)
      .where("delegationId", "=", scope.delegationId)
      .where("competitionId", "=", scope.competitionId)
      .forUpdate()
      .executeTakeFirst();
    if (!stored) throw new DomainError("NOT_FOUND");
    if (stored.status === "imported") return { ok: true as const, imported: stored.importedCount ?? 0, repeated: true };
    const rows = JSON.parse(stored.rows) as RegistrationRowInput[];
    const problems = JSON.parse(stored.problems) as RowProblem[];
    const cellCodes = new Set(["IMPORT_FORMULA", "IMPORT_MERGED_CELLS", "ID_NUMBER_AS_NUMBER"]);
    const excludedRows = new Set(problems.filter((p) => cellCodes.has(p.code)).map((p) => p.row));
    const saved = await saveRowsIn(deps, tx, principal, as, scope, rows, { mode: input.mode, submit: false, importId: stored.id, excludedRows });
    if (!saved.ok) return { ok: false as const, check: saved.check };
    await tx.trx
      .updateTable("registrationImport")
      .set({ status: "imported", importedCount: saved.created, importedAt: tx.now })
      .where("id", "=", stored.id)
      .execute();
    return { ok: true as const, imported: saved.created, repeated: false };
  });
}
