// Registrations entered on the form (one competitor or team) or imported from checked rows:
// checked against the database in one transaction per batch and audited.
import type { Principal } from "~/domain/access/roles";
import { checkRegistrationRows, type RegistrationCheck, type RegistrationRowInput } from "~/domain/registration/registrations";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction, type WriteContext } from "../transaction.server";
import { loadContext, writeRegistrations } from "./registration-rows.server";
import { type DelegationScope, actingAs, requireOpenWindow, requireDocuments } from "./registration-scope.server";

export type SaveRowsResult = { ok: true; created: number; registrationIds: string[]; check: RegistrationCheck } | { ok: false; check: RegistrationCheck };

/**
 * Creates registrations from rows. `mode: "all"` refuses the whole batch on any problem;
 * `"clean_only"` creates the clean entries and leaves the rest (the leader chose so).
 */
export async function saveRegistrationRows(
  deps: ServiceDeps,
  principal: Principal,
  scope: DelegationScope,
  rows: readonly RegistrationRowInput[],
  options: SaveRowsOptions,
): Promise<SaveRowsResult> {
  const as = actingAs(principal, scope);
  return inWriteTransaction(deps, (tx) => saveRowsIn(deps, tx, principal, as, scope, rows, options));
}

interface SaveRowsOptions {
  mode: "all" | "clean_only";
  submit: boolean;
  documents?: readonly string[];
  importId?: string;
  /** Rows already known bad (cells a workbook could not give safely): never saved. */
  excludedRows?: ReadonlySet<number>;
}

export async function saveRowsIn(
  deps: ServiceDeps,
  tx: WriteContext,
  principal: Principal,
  as: "organizer" | "team_leader",
  scope: DelegationScope,
  rows: readonly RegistrationRowInput[],
  options: SaveRowsOptions,
): Promise<SaveRowsResult> {
  // Batches of one delegation take turns, so two imports cannot both fill the last quota place.
  await tx.trx.selectFrom("delegation").select("id").where("id", "=", scope.delegationId).forUpdate().executeTakeFirst();
  const loaded = await loadContext(deps, tx.trx, scope, rows, tx.now);
  requireOpenWindow(as, loaded.settings);
  const checked = checkRegistrationRows(rows, loaded.context);
  const excluded = options.excludedRows ?? new Set<number>();
  const check = excluded.size === 0 ? checked : { ...checked, clean: checked.clean.filter((entry) => !entry.rows.some((r) => excluded.has(r))) };
  const hasProblems = check.problems.length > 0 || excluded.size > 0;
  if (hasProblems && options.mode === "all") return { ok: false as const, check };
  if (check.clean.length === 0) return { ok: false as const, check };
  const documents = [...(options.documents ?? [])];
  if (options.submit) requireDocuments(loaded.settings, documents);
  const registrationIds = await writeRegistrations(deps, tx, scope, check, loaded, {
    status: options.submit ? "submitted" : "draft",
    documents,
    actorUserId: principal.userId,
  });
  tx.audit({
    actorUserId: principal.userId,
    action: "registrations.created",
    entityType: "delegation",
    entityId: scope.delegationId,
    competitionId: scope.competitionId,
    after: {
      registrationIds,
      rows: check.clean.flatMap((c) => c.rows),
      status: options.submit ? "submitted" : "draft",
      importId: options.importId ?? null,
      skippedRows: [...new Set([...check.rowsWithProblems, ...excluded])].sort((a, b) => a - b),
    },
  });
  return { ok: true as const, created: registrationIds.length, registrationIds, check };
}
