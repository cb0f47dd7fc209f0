import { describe, expect, it } from "vitest";
import { buildPathway, selectAdvancers, squadRoundOutcome, type AdvancementEntry, type PathwayEntryInput } from "./advancement";

const solo = (competitorId: string, rank: number, track: AdvancementEntry["track"] = "ws"): AdvancementEntry => ({
  competitorId,
  rank,
  teamSize: 1,
  track,
  personIds: [`p-${competitorId}`],
});
const team = (competitorId: string, rank: number, size = 2): AdvancementEntry => ({
  competitorId,
  rank,
  teamSize: size,
  track: "ws",
  personIds: Array.from({ length: size }, (_, i) => `p-${competitorId}-${i + 1}`),
});

describe("selectAdvancers", () => {
  const cases: Array<{
    name: string;
    entries: AdvancementEntry[];
    rule: { topN: number; topNTeam: number | null; track: AdvancementEntry["track"] | null };
    persons: string[];
  }> = [
    {
      name: "top 3 of an individual skill",
      entries: [solo("a", 1), solo("b", 2), solo("c", 3), solo("d", 4)],
      rule: { topN: 3, topNTeam: null, track: null },
      persons: ["p-a", "p-b", "p-c"],
    },
    {
      name: "a shared boundary rank qualifies everybody sharing it",
      entries: [solo("a", 1), solo("b", 2), solo("c", 3), solo("d", 3), solo("e", 5)],
      rule: { topN: 3, topNTeam: null, track: null },
      persons: ["p-a", "p-b", "p-c", "p-d"],
    },
    {
      name: "a shared rank above the boundary skips the next rank",
      entries: [solo("a", 1), solo("b", 1), solo("c", 3)],
      rule: { topN: 2, topNTeam: null, track: null },
      persons: ["p-a", "p-b"],
    },
    {
      name: "a team skill uses topNTeam and every member qualifies",
      entries: [team("t1", 1), team("t2", 2), team("t3", 3)],
      rule: { topN: 10, topNTeam: 2, track: null },
      persons: ["p-t1-1", "p-t1-2", "p-t2-1", "p-t2-2"],
    },
    {
      name: "a team skill without topNTeam uses topN",
      entries: [team("t1", 1), team("t2", 2)],
      rule: { topN: 1, topNTeam: null, track: null },
      persons: ["p-t1-1", "p-t1-2"],
    },
    {
      name: "the rule's track filters skills",
      entries: [solo("a", 1, "ws"), solo("b", 1, "national"), solo("c", 2, "local")],
      rule: { topN: 5, topNTeam: null, track: "national" },
      persons: ["p-b"],
    },
    {
      name: "a withdrawn competitor has no published row and never qualifies",
      // "w" withdrew: the publication ranks the others 1…3, so "w" is simply not an entry.
      entries: [solo("a", 1), solo("b", 2), solo("c", 3)],
      rule: { topN: 5, topNTeam: null, track: null },
      persons: ["p-a", "p-b", "p-c"],
    },
    { name: "no entries, nobody", entries: [], rule: { topN: 5, topNTeam: null, track: null }, persons: [] },
  ];
  it.each(cases)("$name", ({ entries, rule, persons }) => {
    expect(selectAdvancers(entries, rule).map((a) => a.personId)).toEqual(persons);
  });

  it("keeps the competitor and rank that qualified, ordered by rank", () => {
    expect(selectAdvancers([solo("b", 2), solo("a", 1)], { topN: 2, topNTeam: null, track: "ws" })).toEqual([
      { competitorId: "a", personId: "p-a", rank: 1 },
      { competitorId: "b", personId: "p-b", rank: 2 },
    ]);
  });
});

describe("squadRoundOutcome", () => {
  const ranked = (...ranks: number[]) => ranks.map((rank, i) => ({ personId: `p${i + 1}`, rank }));
  const cases = [
    {
      name: "10 → 5 with 2 reserves",
      ranks: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      keep: 5,
      reserve: 2,
      want: { advance: ["p1", "p2", "p3", "p4", "p5"], reserve: ["p6", "p7"], out: ["p8", "p9", "p10"], tied: [], tieAtBoundary: false },
    },
    {
      name: "the last round keeps the representative and one reserve",
      ranks: [1, 2],
      keep: 1,
      reserve: 1,
      want: { advance: ["p1"], reserve: ["p2"], out: [], tied: [], tieAtBoundary: false },
    },
    {
      name: "a tie at the keep boundary is flagged, not advanced",
      ranks: [1, 2, 2, 4],
      keep: 2,
      reserve: 1,
      want: { advance: ["p1"], reserve: [], out: ["p4"], tied: ["p2", "p3"], tieAtBoundary: true },
    },
    {
      name: "a tie inside the kept places is no boundary tie",
      ranks: [1, 1, 3, 4],
      keep: 2,
      reserve: 1,
      want: { advance: ["p1", "p2"], reserve: ["p3"], out: ["p4"], tied: [], tieAtBoundary: false },
    },
    {
      name: "a tie at the reserve boundary keeps both as reserves",
      ranks: [1, 2, 3, 3, 5],
      keep: 2,
      reserve: 1,
      want: { advance: ["p1", "p2"], reserve: ["p3", "p4"], out: ["p5"], tied: [], tieAtBoundary: false },
    },
    {
      name: "fewer entrants than places",
      ranks: [1, 2],
      keep: 5,
      reserve: 2,
      want: { advance: ["p1", "p2"], reserve: [], out: [], tied: [], tieAtBoundary: false },
    },
  ];
  it.each(cases)("$name", ({ ranks, keep, reserve, want }) => {
    expect(squadRoundOutcome(ranked(...ranks), { keepCount: keep, reserveCount: reserve })).toEqual(want);
  });
});

describe("buildPathway", () => {
  const entry = (competitorId: string, startsOn: string, result: PathwayEntryInput["result"]): PathwayEntryInput => ({
    competitorId,
    competition: {
      id: `k-${competitorId}`,
      nameZh: `赛事${competitorId}`,
      nameEn: null,
      level: "city",
      year: Number(startsOn.slice(0, 4)),
      startsOn,
      endsOn: startsOn,
    },
    skill: { id: `s-${competitorId}`, nameZh: "焊接", nameEn: "Welding", startsAt: `${startsOn}T01:00:00.000Z` },
    delegation: { nameZh: "成都市代表队", nameEn: null },
    result,
  });

  it("orders entries in time and attaches what each earned", () => {
    const pathway = buildPathway({
      entries: [
        entry("b", "2026-11-20", { status: "provisional", rank: 2, total: "81.5", points: null, award: null }),
        entry("a", "2025-05-10", { status: "published", rank: 1, total: "90.25", points: 712, award: "first" }),
        entry("c", "2027-03-01", null),
      ],
      honours: [{ competitorId: "a", kind: "title", code: "sichuan_craftsman", labelZh: "四川工匠", labelEn: "Sichuan Craftsman" }],
      advancements: [{ competitorId: "a", kind: "eligible", targetLevel: "provincial", targetCompetition: null, rank: 1, revoked: false }],
      certificates: [{ competitorId: "a", number: "GJ-ABCD-1234", kind: "award", labelZh: "一等奖", labelEn: "First prize", revoked: false }],
      squadRounds: [],
    });
    expect(pathway.entries.map((e) => e.competitorId)).toEqual(["a", "b", "c"]);
    expect(pathway.entries[0]!.honours).toHaveLength(1);
    expect(pathway.entries[0]!.advancements[0]!.targetLevel).toBe("provincial");
    expect(pathway.entries[0]!.certificates[0]!.number).toBe("GJ-ABCD-1234");
    expect(pathway.entries[1]!.honours).toEqual([]);
    expect(pathway.points).toEqual([
      { competitorId: "a", on: "2025-05-10", value: "712", scale: "points", status: "published" },
      { competitorId: "b", on: "2026-11-20", value: "81.5", scale: "total", status: "provisional" },
    ]);
  });

  it("an empty history is an empty pathway", () => {
    expect(buildPathway({ entries: [], honours: [], advancements: [], certificates: [], squadRounds: [] })).toEqual({ entries: [], points: [] });
  });
});
