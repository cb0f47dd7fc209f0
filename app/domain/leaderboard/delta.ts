// Leaderboard deltas: what changed between the projection a stream last carried and the new one.
// A screen holds the board of the stream's last number; the next event either replaces it whole
// (the first publication, or when the status, track or modules changed) or carries only the rows
// that changed, the codes that left and the new asOf. Rows are ordered by rank, then code — the
// order the standings use — so the screen re-sorts after applying and gets the same board.
// Nothing changed (asOf aside): no event at all, so a burst that moved nothing, or a second
// instance publishing what the first already did, wakes no screen.
// Boundary: pure.

interface Row {
  rank: number;
  code: string;
}

interface Board<R extends Row> {
  status: string;
  asOf: string;
  track: string;
  modules: ReadonlyArray<{ code: string; max: string }>;
  rows: readonly R[];
}

export interface RowsChanged<R extends Row> {
  asOf: string;
  /** Rows that are new or differ, whole. */
  rows: R[];
  /** Codes no longer on the board. */
  removed: string[];
}

export type BoardDelta<R extends Row> = { kind: "same" } | { kind: "whole" } | { kind: "rows"; changes: RowsChanged<R> };

/** The standings' order: rank, then code. */
export function byRankThenCode(a: Row, b: Row): number {
  return a.rank - b.rank || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

function sameRow(a: object, b: object): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function sameFrame<R extends Row>(a: Board<R>, b: Board<R>): boolean {
  return a.status === b.status && a.track === b.track && sameRow(a.modules, b.modules);
}

/** What the next event must say to take a screen from `before` (null: nothing sent yet) to `after`. */
export function boardDelta<R extends Row>(before: Board<R> | null, after: Board<R>): BoardDelta<R> {
  if (!before || !sameFrame(before, after)) return { kind: "whole" };
  const old = new Map(before.rows.map((r) => [r.code, r]));
  const rows = after.rows.filter((r) => {
    const was = old.get(r.code);
    return !was || !sameRow(was, r);
  });
  const kept = new Set(after.rows.map((r) => r.code));
  const removed = before.rows.filter((r) => !kept.has(r.code)).map((r) => r.code);
  if (rows.length === 0 && removed.length === 0) return { kind: "same" };
  // A delta as large as the board is no saving: send it whole.
  if (rows.length >= after.rows.length) return { kind: "whole" };
  return { kind: "rows", changes: { asOf: after.asOf, rows, removed } };
}

/** The board a screen shows after a delta: rows replaced by code, removed ones dropped, re-sorted. */
export function applyRowsChanged<R extends Row, B extends Board<R>>(board: B, changes: RowsChanged<R>): B {
  const rows = new Map(board.rows.map((r) => [r.code, r]));
  for (const code of changes.removed) rows.delete(code);
  for (const row of changes.rows) rows.set(row.code, row);
  return { ...board, asOf: changes.asOf, rows: [...rows.values()].sort(byRankThenCode) };
}
