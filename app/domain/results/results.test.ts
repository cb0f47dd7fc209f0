import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { add, decimal, div, fromInt, toFixed, type Exact } from "./exact";
import { combineTheoryAndPractice, modulesByWeight, scoreCompetitor, weighParts, type SchemeShape } from "./aggregate";
import { defaultTieBreaks, rankCompetitors, resolveTieBreaks, type RankEntry } from "./ranking";
import { standSkill, type ModuleWeight, type ScoredCompetitor } from "./skill-results";
import { defaultRuleSettings, presetOfChain, readRuleSettings, tieBreakPresets, type TieBreakStep } from "../competition/rule-settings";
import { scalePoints, worldSkillsScale } from "./worldskills-scale";
import { decideAwards, type AwardInput } from "./awards";

const d = decimal;

const scheme: SchemeShape = {
  modules: [
    {
      id: "A",
      subCriteria: [
        {
          id: "A1",
          aspects: [
            { id: "a1", max: d("10") },
            { id: "a2", max: d("20") },
          ],
        },
      ],
    },
    {
      id: "B",
      subCriteria: [
        { id: "B1", aspects: [{ id: "b1", max: d("40") }] },
        { id: "B2", aspects: [{ id: "b2", max: d("30") }] },
      ],
    },
  ],
};

describe("aggregation", () => {
  it("sums aspects into sub-criteria, modules and the total, and lists what is missing", () => {
    const score = scoreCompetitor(
      scheme,
      new Map([
        ["a1", d("7.5")],
        ["a2", d("12")],
        ["b1", d("30.25")],
      ]),
    );
    expect(toFixed(score.total)).toBe("49.75");
    expect(toFixed(score.max)).toBe("100.00");
    expect(score.modules.map((m) => [m.id, toFixed(m.mark), toFixed(m.max)])).toEqual([
      ["A", "19.50", "30.00"],
      ["B", "30.25", "70.00"],
    ]);
    expect(score.missing).toEqual(["b2"]);
    expect(score.modules[1]!.subCriteria[1]).toMatchObject({ id: "B2", missing: ["b2"] });
  });

  it("orders modules by weight for the tie-break chain", () => {
    expect(
      modulesByWeight(scheme.modules.map((m) => ({ code: m.id, max: scoreCompetitor(scheme, new Map()).modules.find((x) => x.id === m.id)!.max }))),
    ).toEqual(["B", "A"]);
    expect(
      modulesByWeight([
        { code: "A", max: d("50") },
        { code: "B", max: d("50") },
      ]),
    ).toEqual(["A", "B"]);
  });

  it("combines theory and practice by weight (20/80)", () => {
    expect(toFixed(combineTheoryAndPractice(d("90"), d("80"), 20))).toBe("82.00");
  });

  it("a mark given to one competitor never changes another's total (property)", () => {
    const aspectIds = ["a1", "a2", "b1", "b2"];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...aspectIds), fc.integer({ min: 0, max: 1000 })), { maxLength: 4 }),
        fc.constantFrom(...aspectIds),
        fc.integer({ min: 0, max: 1000 }),
        (given, aspect, hundredths) => {
          const other = new Map(given.map(([id, v]) => [id, decimal((v / 100).toFixed(2))] as [string, Exact]));
          const before = scoreCompetitor(scheme, other).total;
          const mine = new Map([[aspect, decimal((hundredths / 100).toFixed(2))]]);
          scoreCompetitor(scheme, mine);
          expect(scoreCompetitor(scheme, other).total).toEqual(before);
        },
      ),
    );
  });
});

function entry(code: string, total: string, a: string, b: string, timeUsedSeconds?: number): RankEntry {
  return {
    competitorId: code,
    code,
    total: d(total),
    moduleMarks: new Map([
      ["A", d(a)],
      ["B", d(b)],
    ]),
    timeUsedSeconds,
  };
}

describe("ranking", () => {
  const chain = defaultTieBreaks(["B", "A"]);

  it("ranks by total, then the weightiest module, then time used, and says what decided", () => {
    const ranked = rankCompetitors(
      [
        entry("C03", "80", "30", "50"),
        entry("C01", "80", "20", "60"),
        entry("C02", "90", "30", "60"),
        entry("C04", "80", "20", "60", 3000),
        entry("C05", "80", "20", "60", 3600),
      ],
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
    expect(strict.map((r) => [r.rank, r.unresolvedTie])).toEqual([
      [1, false],
      [2, true],
      [3, true],
      [4, false],
    ]);
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
    const points = worldSkillsScale(
      new Map([
        ["low", d("0")],
        ["m1", d("50")],
        ["m2", d("50.5")],
        ["m3", d("51")],
        ["high", d("100")],
      ]),
    );
    expect(Object.fromEntries(points)).toEqual({ low: 0, m1: 680, m2: 700, m3: 720, high: 1000 }); // ±30 × 0.5 / 0.7413 = ±20.2
  });

  it("falls back to the mean absolute deviation when most totals are equal (MAD = 0)", () => {
    // median 80, MAD 0, mean absolute deviation 20: 700 − 30 × 80 / (1.4826 × 20) = 619.06…
    const points = worldSkillsScale(
      new Map([
        ["low", fromInt(0)],
        ["m1", fromInt(80)],
        ["m2", fromInt(80)],
        ["m3", fromInt(80)],
        ["high", fromInt(100)],
      ]),
    );
    expect(Object.fromEntries(points)).toEqual({ low: 619, m1: 700, m2: 700, m3: 700, high: 720 });
    expect(
      Object.fromEntries(
        worldSkillsScale(
          new Map([
            ["a", fromInt(50)],
            ["b", fromInt(50)],
          ]),
        ),
      ),
    ).toEqual({ a: 700, b: 700 });
  });

  it("lets official points replace computed ones", () => {
    const totals = new Map([
      ["c1", fromInt(60)],
      ["c2", fromInt(70)],
      ["c3", fromInt(80)],
    ]);
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

describe("theory and practice parts", () => {
  // Theory module T (max 20), practice modules P1 (max 50) and P2 (max 30).
  const modules = [
    { code: "T", max: d("20"), part: "theory" as const },
    { code: "P1", max: d("50"), part: "practice" as const },
    { code: "P2", max: d("30"), part: "practice" as const },
  ];
  const cases: Array<{ name: string; weight: number; marks: [string, string, string]; total: string; theory: string | null; practice: string | null }> = [
    // 20 × 15/20 + 80 × 64/80 = 15 + 64 = 79
    { name: "20/80", weight: 20, marks: ["15", "40", "24"], total: "79", theory: "75", practice: "80" },
    // 30 × 15/20 + 70 × 64/80 = 22.5 + 56 = 78.5
    { name: "30/70", weight: 30, marks: ["15", "40", "24"], total: "157/2", theory: "75", practice: "80" },
    // theory 20/3 of 20 → 100/3; practice 70 of 80 → 175/2; 0.2 × 100/3 + 0.8 × 175/2 = 20/3 + 70 = 230/3
    { name: "20/80 with thirds", weight: 20, marks: ["20/3", "40", "30"], total: "230/3", theory: "100/3", practice: "175/2" },
    { name: "0/100: theory ignored", weight: 0, marks: ["0", "50", "30"], total: "100", theory: "0", practice: "100" },
  ];
  const ratio = (text: string) => (text.includes("/") ? div(d(text.split("/")[0]!), d(text.split("/")[1]!)) : d(text));
  it.each(cases)("weighs the parts exactly: $name", ({ weight, marks, total, theory, practice }) => {
    const moduleMarks = new Map(modules.map((m, i) => [m.code, ratio(marks[i]!)]));
    const raw = [...moduleMarks.values()].reduce(add, fromInt(0));
    const result = weighParts(modules, moduleMarks, raw, weight);
    expect(result.total).toEqual(ratio(total));
    expect(result.parts && [result.parts.theory.scaled, result.parts.practice.scaled]).toEqual([ratio(theory!), ratio(practice!)]);
  });

  it("without a theory module the total is the raw total", () => {
    const practiceOnly = modules.map((m) => ({ ...m, part: "practice" as const }));
    const result = weighParts(
      practiceOnly,
      new Map([
        ["T", d("15")],
        ["P1", d("40")],
        ["P2", d("24")],
      ]),
      d("79.5"),
      30,
    );
    expect(result).toEqual({ total: d("79.5"), parts: null });
  });
});

describe("tie-break chain", () => {
  const byWeight = ["B", "A"];
  const cases: Array<{ chain: TieBreakStep[]; steps: string[] }> = [
    { chain: ["modules_by_weight", "time_used"], steps: ["B", "A", "time_used"] },
    { chain: ["time_used", "modules_by_weight"], steps: ["time_used", "B", "A"] },
    { chain: ["modules_by_weight"], steps: ["B", "A"] },
    { chain: [], steps: [] },
    { chain: ["module:A", "time_used", "modules_by_weight"], steps: ["A", "time_used", "B"] },
    { chain: ["module:Z", "time_used", "time_used"], steps: ["time_used"] }, // unknown module left out, no step twice
  ];
  it.each(cases)("resolves $chain", ({ chain, steps }) => {
    expect(resolveTieBreaks(chain, byWeight).map((s) => (s.kind === "module" ? s.moduleId : s.kind))).toEqual(steps);
  });

  it("the default chain is RULES.md's: weightiest module first, then time used", () => {
    expect(defaultRuleSettings.tieBreakChain).toEqual(["modules_by_weight", "time_used"]);
    expect(presetOfChain(defaultRuleSettings.tieBreakChain)).toBe("modules_then_time");
    expect(readRuleSettings({ tieBreakChain: tieBreakPresets.time_then_modules }).tieBreakChain).toEqual(["time_used", "modules_by_weight"]);
    expect(() => readRuleSettings({ tieBreakChain: ["coin_toss"] })).toThrow();
  });

  // Equal totals; C01 wins module B, C02 used less time.
  const tied = [entry("C01", "80", "20", "60", 3600), entry("C02", "80", "30", "50", 3000)];
  const orders: Array<{ chain: TieBreakStep[]; order: string[]; decidedBy: string | null; unresolved: boolean }> = [
    { chain: ["modules_by_weight", "time_used"], order: ["C01", "C02"], decidedBy: "B", unresolved: false },
    { chain: ["time_used", "modules_by_weight"], order: ["C02", "C01"], decidedBy: "time_used", unresolved: false },
    { chain: ["module:A"], order: ["C02", "C01"], decidedBy: "A", unresolved: false },
    { chain: [], order: ["C01", "C02"], decidedBy: null, unresolved: true },
  ];
  it.each(orders)("orders ties by $chain", ({ chain, order, decidedBy, unresolved }) => {
    const ranked = rankCompetitors(tied, resolveTieBreaks(chain, byWeight), false);
    expect(ranked.map((r) => r.competitorId)).toEqual(order);
    expect(ranked[1]).toMatchObject({ decidedBy, unresolvedTie: unresolved });
  });
});

describe("standing a skill", () => {
  const modules: ModuleWeight[] = [
    { code: "T", max: d("30"), part: "theory" },
    { code: "P", max: d("70"), part: "practice" },
  ];
  const scored = (code: string, t: string, p: string, timeUsedSeconds?: number): ScoredCompetitor => ({
    competitorId: code,
    code,
    delegationId: `d-${code}`,
    total: add(d(t), d(p)),
    moduleMarks: new Map([
      ["T", d(t)],
      ["P", d(p)],
    ]),
    missingCount: 0,
    flaggedCount: 0,
    timeUsedSeconds,
  });
  const rules = { ...defaultRuleSettings, minimumEntrants: 0, theoryWeightPercent: 30 };

  it("ranks on the weighted total, not the raw one", () => {
    const result = standSkill({
      modules,
      rules: { ...rules, theoryWeightPercent: 50 },
      track: "local",
      competitors: [scored("K", "30", "49"), scored("L", "15", "63")],
    });
    // 50/50: K = 50 × 30/30 + 50 × 49/70 = 85 (raw 79); L = 50 × 15/30 + 50 × 63/70 = 70 (raw 78)
    expect(result.standings.map((s) => [s.standing.code, toFixed(s.standing.total), toFixed(s.standing.rawTotal)])).toEqual([
      ["K", "85.00", "79.00"],
      ["L", "70.00", "78.00"],
    ]);
    expect(toFixed(result.standings[0]!.standing.parts!.theory.scaled)).toBe("100.00");
  });

  it("breaks a tie by time used, and says so", () => {
    const result = standSkill({
      modules,
      rules: { ...rules, tieBreakChain: ["time_used"] },
      track: "local",
      competitors: [scored("A1", "20", "50", 4000), scored("A2", "20", "50", 3900)],
    });
    expect(result.standings.map((s) => [s.standing.code, s.standing.rank, s.standing.decidedBy, s.standing.timeUsedSeconds])).toEqual([
      ["A2", 1, null, 3900],
      ["A1", 2, "time_used", 4000],
    ]);
  });

  it("lets official points override computed ones, and awards follow the official points", () => {
    const competitors = [scored("W1", "30", "70"), scored("W2", "20", "50"), scored("W3", "10", "30")];
    const computed = standSkill({ modules, rules, track: "ws", competitors });
    expect(computed.standings.map((s) => [s.standing.code, s.standing.pointsSource])).toEqual([
      ["W1", "computed"],
      ["W2", "computed"],
      ["W3", "computed"],
    ]);
    const official = standSkill({ modules, rules, track: "ws", competitors, officialPoints: new Map([["W3", 900]]) });
    const w3 = official.standings.find((s) => s.standing.code === "W3")!.standing;
    expect([w3.points, w3.pointsSource, w3.award]).toEqual([900, "official", "gold"]);
    expect(official.standings.find((s) => s.standing.code === "W1")!.standing.pointsSource).toBe("computed");
  });
});
