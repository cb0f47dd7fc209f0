import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decimal, fromInt, toFixed, type Exact } from "./exact";
import { combineTheoryAndPractice, modulesByWeight, scoreCompetitor, type SchemeShape } from "./aggregate";
import { defaultTieBreaks, rankCompetitors, type RankEntry } from "./ranking";
import { scalePoints, worldSkillsScale } from "./worldskills-scale";
import { decideAwards, type AwardInput } from "./awards";

const d = decimal;

const scheme: SchemeShape = {
  modules: [
    { id: "A", subCriteria: [{ id: "A1", aspects: [{ id: "a1", max: d("10") }, { id: "a2", max: d("20") }] }] },
    { id: "B", subCriteria: [{ id: "B1", aspects: [{ id: "b1", max: d("40") }] }, { id: "B2", aspects: [{ id: "b2", max: d("30") }] }] },
  ],
};

describe("aggregation", () => {
  it("sums aspects into sub-criteria, modules and the total, and lists what is missing", () => {
    const score = scoreCompetitor(scheme, new Map([["a1", d("7.5")], ["a2", d("12")], ["b1", d("30.25")]]));
    expect(toFixed(score.total)).toBe("49.75");
    expect(toFixed(score.max)).toBe("100.00");
    expect(score.modules.map((m) => [m.id, toFixed(m.mark), toFixed(m.max)])).toEqual([["A", "19.50", "30.00"], ["B", "30.25", "70.00"]]);
    expect(score.missing).toEqual(["b2"]);
    expect(score.modules[1]!.subCriteria[1]).toMatchObject({ id: "B2", missing: ["b2"] });
  });

  it("orders modules by weight for the tie-break chain", () => {
    expect(modulesByWeight(scheme.modules.map((m) => ({ code: m.id, max: scoreCompetitor(scheme, new Map()).modules.find((x) => x.id === m.id)!.max })))).toEqual(["B", "A"]);
    expect(modulesByWeight([{ code: "A", max: d("50") }, { code: "B", max: d("50") }])).toEqual(["A", "B"]);
  });

  it("combines theory and practice by weight (20/80)", () => {
    expect(toFixed(combineTheoryAndPractice(d("90"), d("80"), 20))).toBe("82.00");
  });

  it("a mark given to one competitor never changes another's total (property)", () => {
    const aspectIds = ["a1", "a2", "b1", "b2"];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...aspectIds), fc.integer({ min: 0, max: 1000 })), { maxLength: 4 }), fc.constantFrom(...aspectIds), fc.integer({ min: 0, max: 1000 }), (given, aspect, hundredths) => {
        const other = new Map(given.map(([id, v]) => [id, decimal((v / 100).toFixed(2))] as [string, Exact]));
        const before = scoreCompetitor(scheme, other).total;
        const mine = new Map([[aspect, decimal((hundredths / 100).toFixed(2))]]);
        scoreCompetitor(scheme, mine);
        expect(scoreCompetitor(scheme, other).total).toEqual(before);
      }),
    );
  });
});

function entry(code: string, total: string, a: string, b: string, timeUsedSeconds?: number): RankEntry {
  return { competitorId: code, code, total: d(total), moduleMarks: new Map([["A", d(a)], ["B", d(b)]]), timeUsedSeconds };
}

describe("ranking", () => {
  const chain = defaultTieBreaks(["B", "A"]);

  it("ranks by total, then the weightiest module, then time used, and says what decided", () => {
    const ranked = rankCompetitors(
      [entry("C03", "80", "30", "50"), entry("C01", "80", "20", "60"), entry("C02", "90", "30", "60"), entry("C04", "80", "20", "60", 3000), entry("C05", "80", "20", "60", 3600)],
      chain,
      false,
    );
    expect(ranked.map((r) => [r.competitorId, r.rank, r.decidedBy, r.unresolvedTie])).toEqual([
      ["C02", 1, null, false],
      ["C04", 2, "total", false],
      ["C05", 3, "time_used", false],
      ["C01", 4, "time_used", false], // no time recorded: after those with a time
      ["C03", 5, "B", false],
    ]);
  });

  it("shares ranks only where the competition allows it (1, 2, 2, 4)", () => {
    const entries = [entry("X1", "90", "30", "60"), entry("X2", "85", "25", "60"), entry("X3", "85", "25", "60"), entry("X4", "70", "20", "50")];
    expect(rankCompetitors(entries, chain, true).map((r) => r.rank)).toEqual([1, 2, 2, 4]);
    const strict = rankCompetitors(entries, chain, false);
    expect(strict.map((r) => [r.rank, r.unresolvedTie])).toEqual([[1, false], [2, true], [3, true], [4, false]]);
  });

  it("never lets input order change the result (property)", () => {
    const arbEntry = fc.record({ code: fc.string({ minLength: 3, maxLength: 3 }), t: fc.integer({ min: 0, max: 20 }), a: fc.integer({ min: 0, max: 10 }) });
    fc.assert(
      fc.property(fc.uniqueArray(arbEntry, { selector: (e) => e.code, minLength: 1, maxLength: 12 }), fc.boolean(), (raw, shared) => {
        const entries = raw.map((e) => entry(e.code, String(e.t), String(e.a), String(e.t - e.a)));
        const reversed = [...entries].reverse();
        const byId = (rs: ReturnType<typeof rankCompetitors>) => new Map(rs.map((r) => [r.competitorId, [r.rank, r.unresolvedTie]]));
        expect(byId(rankCompetitors(reversed, chain, shared))).toEqual(byId(rankCompetitors(entries, chain, shared)));
      }),
    );
  });
});

describe("WorldSkills scale", () => {
  it("gives the median 700 and spreads by MAD", () => {
    // totals 60, 70, 80, 90, 100: median 80, MAD 10 → 30 / 14.826 ≈ 2.0235 points per raw mark
    const totals = new Map(["c1", "c2", "c3", "c4", "c5"].map((id, i) => [id, fromInt(60 + 10 * i)]));
    expect(Object.fromEntries(worldSkillsScale(totals))).toEqual({ c1: 660, c2: 680, c3: 700, c4: 720, c5: 740 });
  });

  it("clamps to 0…1000", () => {
    // median 50.5, MAD 0.5: the outliers land far outside the scale
    const points = worldSkillsScale(new Map([["low", d("0")], ["m1", d("50")], ["m2", d("50.5")], ["m3", d("51")], ["high", d("100")]]));
    expect(Object.fromEntries(points)).toEqual({ low: 0, m1: 680, m2: 700, m3: 720, high: 1000 }); // ±30 × 0.5 / 0.7413 = ±20.2
  });

  it("falls back to the mean absolute deviation when most totals are equal (MAD = 0)", () => {
    // median 80, MAD 0, mean absolute deviation 20: 700 − 30 × 80 / (1.4826 × 20) = 619.06…
    const points = worldSkillsScale(new Map([["low", fromInt(0)], ["m1", fromInt(80)], ["m2", fromInt(80)], ["m3", fromInt(80)], ["high", fromInt(100)]]));
    expect(Object.fromEntries(points)).toEqual({ low: 619, m1: 700, m2: 700, m3: 700, high: 720 });
    expect(Object.fromEntries(worldSkillsScale(new Map([["a", fromInt(50)], ["b", fromInt(50)]])))).toEqual({ a: 700, b: 700 });
  });

  it("lets official points replace computed ones", () => {
    const totals = new Map([["c1", fromInt(60)], ["c2", fromInt(70)], ["c3", fromInt(80)]]);
    expect(scalePoints(totals, worldSkillsScale, new Map([["c2", 705]])).get("c2")).toEqual({ points: 705, source: "official" });
  });

  it("is monotonic: a higher total never gets fewer points (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 40 }), (hundredths) => {
        const totals = new Map(hundredths.map((h, i) => [`c${i}`, decimal((h / 100).toFixed(2))]));
        const points = worldSkillsScale(totals);
        const pairs = hundredths.map((h, i) => [h, points.get(`c${i}`)!] as const).sort((a, b) => a[0] - b[0]);
        for (let i = 1; i < pairs.length; i++) expect(pairs[i]![1]).toBeGreaterThanOrEqual(pairs[i - 1]![1]);
      }),
    );
  });
});

function field(points: number[], delegations?: string[]): AwardInput[] {
  const sorted = [...points].sort((a, b) => b - a);
  return points.map((p, i) => ({ competitorId: `c${i}`, points: p, rank: sorted.indexOf(p) + 1, delegationId: delegations?.[i] ?? `d${i}` }));
}

describe("awards", () => {
  it("WorldSkills: a shared gold skips silver; medallions from 700; best of nation per delegation", () => {
    const result = decideAwards(field([760, 758, 740, 720, 705, 690], ["sc", "sc", "gd", "bj", "bj", "gd"]), { scheme: "ws_medals", tieTolerancePoints: 2 }, 0);
    expect(Object.fromEntries(result.awards)).toEqual({ c0: "gold", c1: "gold", c2: "bronze", c3: "medallion", c4: "medallion", c5: null });
    expect([...result.bestOfNation].sort()).toEqual(["c0", "c2", "c3"]);
  });

  it("Sichuan Craftsman Cup 1/2/5: a tie on the boundary gets the better award", () => {
    const ranks = [1, 2, 3, 4, 5, 6, 7, 8, 8, 10];
    const entries = ranks.map((rank, i) => ({ competitorId: `c${i}`, rank, delegationId: "d" }));
    const result = decideAwards(entries, { scheme: "cn_fixed_counts", counts: [1, 2, 5] }, 0);
    expect(ranks.map((_, i) => result.awards.get(`c${i}`))).toEqual(["first", "second", "second", "third", "third", "third", "third", "third", "third", null]);
  });

  it("top 3 plus 优胜奖 within the top half", () => {
    const entries = Array.from({ length: 11 }, (_, i) => ({ competitorId: `c${i}`, rank: i + 1, delegationId: "d" }));
    const result = decideAwards(entries, { scheme: "cn_top3_plus_merit" }, 0);
    expect(entries.map((e) => result.awards.get(e.competitorId))).toEqual(["gold", "silver", "bronze", "merit", "merit", null, null, null, null, null, null]);
  });

  it("percentages of entrants, rounded down", () => {
    const entries = Array.from({ length: 25 }, (_, i) => ({ competitorId: `c${i}`, rank: i + 1, delegationId: "d" }));
    const awards = decideAwards(entries, { scheme: "cn_percentages", percentages: [10, 20, 30] }, 0).awards;
    const count = (a: string) => [...awards.values()].filter((v) => v === a).length;
    expect([count("first"), count("second"), count("third")]).toEqual([2, 5, 7]);
  });

  it("below the minimum number of entrants the skill is selection only", () => {
    const result = decideAwards(field([700, 690]), { scheme: "cn_fixed_counts", counts: [1, 2, 5] }, 30);
    expect(result.selectionOnly).toBe(true);
    expect([...result.awards.values()].every((a) => a === null)).toBe(true);
  });

  it("never gives more awards than configured except through ties (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 60 }), fc.tuple(fc.nat(5), fc.nat(5), fc.nat(10)), (totals, counts) => {
        const sorted = [...totals].sort((a, b) => b - a);
        const entries = totals.map((t, i) => ({ competitorId: `c${i}`, rank: sorted.indexOf(t) + 1, delegationId: "d" }));
        const awards = decideAwards(entries, { scheme: "cn_fixed_counts", counts }, 0).awards;
        const given = entries.filter((e) => awards.get(e.competitorId) !== null);
        const budget = counts[0] + counts[1] + counts[2];
        if (given.length > budget) {
          // Every extra award shares the rank of the last competitor inside the budget.
          const boundary = [...entries].sort((a, b) => a.rank - b.rank)[budget - 1]!.rank;
          for (const e of given) expect(e.rank).toBeLessThanOrEqual(boundary);
          expect(given.filter((e) => e.rank < boundary).length).toBeLessThan(budget);
        }
      }),
    );
  });
});
