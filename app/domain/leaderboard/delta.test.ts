import { describe, expect, it } from "vitest";
import { applyRowsChanged, boardDelta, byRankThenCode } from "./delta";

type R = { rank: number; code: string; total: string; medal: string | null };
const board = (rows: R[], extra: Partial<{ status: string; asOf: string; modules: Array<{ code: string; max: string }> }> = {}) => ({
  status: "live",
  asOf: "2026-11-30T08:00:00.000Z",
  track: "ws",
  modules: [{ code: "A", max: "40.00" }],
  rows,
  ...extra,
});
const row = (code: string, rank: number, total: string, medal: string | null = null): R => ({ rank, code, total, medal });

describe("leaderboard deltas", () => {
  const before = board([row("01", 1, "30.00"), row("02", 2, "20.00"), row("03", 3, "10.00"), row("04", 4, "5.00")]);

  it("says nothing when only the time moved", () => {
    expect(boardDelta(before, { ...before, asOf: "2026-11-30T08:01:00.000Z" })).toEqual({ kind: "same" });
  });

  it("sends the whole board first, and when the status or the modules change", () => {
    expect(boardDelta(null, before)).toEqual({ kind: "whole" });
    expect(boardDelta(before, { ...before, status: "frozen" })).toEqual({ kind: "whole" });
    expect(
      boardDelta(before, {
        ...before,
        modules: [
          { code: "A", max: "40.00" },
          { code: "B", max: "60.00" },
        ],
      }),
    ).toEqual({ kind: "whole" });
  });

  it("carries only the rows that changed; applying it gives the new board, in order", () => {
    // 04 overtakes 02 and 03: three ranks move, 01 stays.
    const after = board([row("01", 1, "30.00"), row("04", 2, "25.00"), row("02", 3, "20.00"), row("03", 4, "10.00")], { asOf: "2026-11-30T08:02:00.000Z" });
    const delta = boardDelta(before, after);
    expect(delta.kind).toBe("rows");
    if (delta.kind !== "rows") return;
    expect(delta.changes.rows.map((r) => r.code)).toEqual(["04", "02", "03"]);
    expect(delta.changes.removed).toEqual([]);
    expect(applyRowsChanged(before, delta.changes)).toEqual(after);
  });

  it("keeps ties in code order and drops a competitor who left", () => {
    const after = board([row("01", 1, "30.00"), row("02", 2, "10.00"), row("03", 2, "10.00")], { asOf: "2026-11-30T08:03:00.000Z" });
    const delta = boardDelta(before, after);
    if (delta.kind !== "rows") throw new Error(`expected rows, got ${delta.kind}`);
    expect(delta.changes.removed).toEqual(["04"]);
    expect(applyRowsChanged(before, delta.changes)).toEqual(after);
  });

  it("sends a medal appearing as a changed row", () => {
    const after = board(before.rows.map((r, i) => (i === 0 ? { ...r, medal: "gold" } : r)));
    const delta = boardDelta(before, after);
    expect(delta).toEqual({ kind: "rows", changes: { asOf: after.asOf, rows: [row("01", 1, "30.00", "gold")], removed: [] } });
  });

  it("sends the board whole when every row changed", () => {
    const after = board(before.rows.map((r) => ({ ...r, total: `${r.total}1` })));
    expect(boardDelta(before, after)).toEqual({ kind: "whole" });
  });

  it("round-trips random standings", () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const standings = (n: number) => {
      const totals = Array.from({ length: n }, (_, i) => ({ code: String(i + 1).padStart(2, "0"), total: Math.floor(random() * 6) }));
      const sorted = totals.sort((a, b) => b.total - a.total || (a.code < b.code ? -1 : 1));
      return board(sorted.map((t) => row(t.code, 1 + sorted.filter((o) => o.total > t.total).length, `${t.total}.00`)).sort(byRankThenCode));
    };
    for (let i = 0; i < 200; i++) {
      const a = standings(3 + Math.floor(random() * 8));
      const b = standings(3 + Math.floor(random() * 8));
      const delta = boardDelta(a, b);
      if (delta.kind === "rows") expect(applyRowsChanged(a, delta.changes)).toEqual(b);
      if (delta.kind === "same") expect(b.rows).toEqual(a.rows);
    }
  });
});
