// The re-check rule 复核 before the chief judge signs results off (RULES.md "Locks and
// sign-off"): every result of the top N (default 10) and at least P % (default 15 %) of the rest
// are re-checked; when more than E % (default 5 %) of the re-checks found an error, every result
// must be re-checked. A competitor counts as re-checked once a re-check of their result is on
// record (an error found and corrected is re-checked again by recording another re-check).
// Boundary: pure.

export interface RecheckSettings {
  recheckTopN: number;
  recheckRestPercent: number;
  recheckFullErrorPercent: number;
}

export interface RecheckStatus {
  /** Competitors of the top N not yet re-checked (by rank, in rank order). */
  topMissing: string[];
  /** How many of the rest must be re-checked, and how many are. */
  restRequired: number;
  restDone: number;
  /** Re-checks that found an error, over all re-checks, in percent (exact enough to compare). */
  errorRatePercent: number;
  /** The error rate exceeded the setting: every result must be re-checked. */
  fullRequired: boolean;
  /** Every competitor that still needs a re-check when fullRequired (else the top missing). */
  missing: string[];
  satisfied: boolean;
}

export function recheckStatus(
  standings: ReadonlyArray<{ competitorId: string; rank: number }>,
  rechecks: ReadonlyArray<{ competitorId: string; foundError: boolean }>,
  settings: RecheckSettings,
): RecheckStatus {
  const checked = new Set(rechecks.map((r) => r.competitorId));
  const ordered = [...standings].sort((a, b) => a.rank - b.rank || (a.competitorId < b.competitorId ? -1 : 1));
  // The top N by rank, with everybody sharing the rank at the boundary.
  const boundary = ordered[Math.min(settings.recheckTopN, ordered.length) - 1]?.rank ?? 0;
  const top = settings.recheckTopN > 0 ? ordered.filter((s) => s.rank <= boundary) : [];
  const topIds = new Set(top.map((s) => s.competitorId));
  const rest = ordered.filter((s) => !topIds.has(s.competitorId));
  const restRequired = Math.ceil((rest.length * settings.recheckRestPercent) / 100);
  const restDone = rest.filter((s) => checked.has(s.competitorId)).length;
  const errors = rechecks.filter((r) => r.foundError).length;
  // Compare errors/total > E/100 without division: errors * 100 > E * total.
  const fullRequired = rechecks.length > 0 && errors * 100 > settings.recheckFullErrorPercent * rechecks.length;
  const topMissing = top.filter((s) => !checked.has(s.competitorId)).map((s) => s.competitorId);
  const missing = fullRequired ? ordered.filter((s) => !checked.has(s.competitorId)).map((s) => s.competitorId) : topMissing;
  const satisfied = fullRequired ? missing.length === 0 : topMissing.length === 0 && restDone >= restRequired;
  return {
    topMissing,
    restRequired,
    restDone,
    errorRatePercent: rechecks.length === 0 ? 0 : Math.round((errors * 10000) / rechecks.length) / 100,
    fullRequired,
    missing,
    satisfied,
  };
}
