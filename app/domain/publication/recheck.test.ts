import { describe, expect, it } from "vitest";
import { recheckStatus } from "./recheck";

const settings = { recheckTopN: 10, recheckRestPercent: 15, recheckFullErrorPercent: 5 };
const field = (n: number) => Array.from({ length: n }, (_, i) => ({ competitorId: `c${String(i + 1).padStart(2, "0")}`, rank: i + 1 }));
const ok = (ids: string[]) => ids.map((competitorId) => ({ competitorId, foundError: false }));

describe("re-check rule 复核", () => {
  it("needs the whole top 10 and 15 % of the rest (rounded up)", () => {
    const s = field(30); // rest 20 → 3 required
    const top = s.slice(0, 10).map((c) => c.competitorId);
    expect(recheckStatus(s, ok(top), settings)).toMatchObject({ satisfied: false, topMissing: [], restRequired: 3, restDone: 0 });
    expect(recheckStatus(s, ok([...top, "c11", "c20", "c30"]), settings)).toMatchObject({ satisfied: true, restDone: 3 });
  });

  it("names the top competitors still missing, in rank order", () => {
    const s = field(12);
    const status = recheckStatus(s, ok(["c01", "c02", "c04", "c11"]), settings);
    expect(status.topMissing).toEqual(["c03", "c05", "c06", "c07", "c08", "c09", "c10"]);
    expect(status.satisfied).toBe(false);
  });

  it("extends the top to everybody tied at the boundary", () => {
    const s = field(14).map((c) => (c.competitorId === "c11" ? { ...c, rank: 10 } : c));
    const status = recheckStatus(s, ok(field(10).map((c) => c.competitorId)), settings);
    expect(status.topMissing).toEqual(["c11"]);
  });

  it("forces a full re-check once more than 5 % of re-checks found an error", () => {
    const s = field(30);
    const checks = [...ok(s.slice(0, 13).map((c) => c.competitorId))];
    checks[3] = { competitorId: "c04", foundError: true }; // 1 of 13 = 7.7 % > 5 %
    const status = recheckStatus(s, checks, settings);
    expect(status.fullRequired).toBe(true);
    expect(status.errorRatePercent).toBe(7.69);
    expect(status.missing).toHaveLength(17);
    expect(status.satisfied).toBe(false);
    expect(recheckStatus(s, [...checks, ...ok(s.slice(13).map((c) => c.competitorId))], settings).satisfied).toBe(true);
  });

  it("exactly 5 % errors does not force a full re-check", () => {
    const s = field(40);
    const checks = ok(s.slice(0, 20).map((c) => c.competitorId));
    checks[0] = { competitorId: "c01", foundError: true }; // 1 of 20 = 5 %
    expect(recheckStatus(s, checks, settings)).toMatchObject({ fullRequired: false, errorRatePercent: 5, satisfied: true });
  });

  it("a small field: everybody is in the top 10", () => {
    const s = field(6);
    expect(recheckStatus(s, ok(s.map((c) => c.competitorId)), settings)).toMatchObject({ satisfied: true, restRequired: 0 });
  });
});
