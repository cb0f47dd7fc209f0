import { describe, expect, it } from "vitest";
import { HonourRuleSchema, type HonourRule } from "../competition/rule-settings";
import { awardAtLeast, decideHonours, type HonourEntry } from "./honours";

// Sichuan Craftsman Cup style rules (RULES.md examples).
const rules: HonourRule[] = [
  { kind: "title", code: "sichuan_craftsman", labelZh: "四川工匠", labelEn: "Sichuan Craftsman", group: "worker", when: { rankTo: 1 } },
  { kind: "title", code: "sichuan_technical_expert", labelZh: "四川省技术能手", labelEn: "Sichuan Technical Expert", group: "any", when: { rankTo: 1 } },
  { kind: "title", code: "national_technical_expert", labelZh: "全国技术能手", labelEn: "National Technical Expert", group: "any", when: { rankTo: 5 } },
  { kind: "promotion", toLevel: "level1", group: "any", when: { rankTo: 3 } },
  { kind: "promotion", toLevel: "level2", group: "any", when: { rankFrom: 4, rankTo: 10 } },
  { kind: "promotion", toLevel: "one_up", group: "any", when: { minAward: "merit" } },
].map((r) => HonourRuleSchema.parse(r));

function entry(
  rank: number,
  award: HonourEntry["award"],
  level: HonourEntry["members"][number]["skillLevel"],
  group: HonourEntry["group"] = "worker",
  id = `c${rank}`,
): HonourEntry {
  return { competitorId: id, rank, award, group, members: [{ personId: `p-${id}`, skillLevel: level }] };
}

const summary = (entries: HonourEntry[], selectionOnly = false) =>
  decideHonours(entries, rules, selectionOnly).map((h) => `${h.competitorId}:${h.kind}:${h.code}`);

describe("titles and promotions", () => {
  it("first place (worker group) gets both provincial titles, the national one and 高级技师", () => {
    expect(summary([entry(1, "first", "level3")])).toEqual([
      "c1:title:sichuan_craftsman",
      "c1:title:sichuan_technical_expert",
      "c1:title:national_technical_expert",
      "c1:promotion:level1",
    ]);
  });

  it("the student group does not get a worker-only title", () => {
    expect(summary([entry(1, "first", "level4", "student")])).not.toContain("c1:title:sichuan_craftsman");
  });

  it("ranks 4–10 become 技师; a tie at rank 3 is inside 1–3", () => {
    expect(summary([entry(3, "third", "level3", "worker", "a"), entry(3, "third", "level3", "worker", "b"), entry(5, "third", "level3")])).toEqual([
      "a:title:national_technical_expert",
      "a:promotion:level1",
      "b:title:national_technical_expert",
      "b:promotion:level1",
      "c5:title:national_technical_expert",
      "c5:promotion:level2",
    ]);
  });

  it("one level up from the level held, only the highest promotion, never a demotion or a sideways step", () => {
    // rank 12 with 优胜奖 holding 四级 → 三级
    expect(summary([entry(12, "merit", "level4")])).toEqual(["c12:promotion:level3"]);
    // rank 6 holding 一级 already: 技师 (二级) would be lower, one up gives 特级技师
    expect(summary([entry(6, "third", "level1")])).toEqual(["c6:promotion:special_technician"]);
    // rank 8 holding 二级 with no award: 技师 is not a promotion
    expect(summary([entry(8, null, "level2")])).toEqual([]);
  });

  it("one level up needs the level held", () => {
    expect(summary([entry(15, "merit", null)])).toEqual([]);
    expect(summary([entry(4, "second", null)])).toEqual(["c4:title:national_technical_expert", "c4:promotion:level2"]);
  });

  it("a selection-only skill gives no titles or promotions", () => {
    expect(summary([entry(1, null, "level3")], true)).toEqual([]);
  });

  it("every member of a team receives the team's honours", () => {
    const team: HonourEntry = {
      competitorId: "t",
      rank: 1,
      award: "first",
      group: "worker",
      members: [
        { personId: "p1", skillLevel: "level3" },
        { personId: "p2", skillLevel: "level2" },
      ],
    };
    const honours = decideHonours([team], rules, false);
    expect(honours.filter((h) => h.personId === "p1").map((h) => h.code)).toEqual([
      "sichuan_craftsman",
      "sichuan_technical_expert",
      "national_technical_expert",
      "level1",
    ]);
    expect(honours.filter((h) => h.personId === "p2").map((h) => h.code)).toEqual([
      "sichuan_craftsman",
      "sichuan_technical_expert",
      "national_technical_expert",
      "level1",
    ]);
  });

  it("compares WorldSkills medals and Chinese prizes on one scale", () => {
    expect(awardAtLeast("gold", "merit")).toBe(true);
    expect(awardAtLeast("medallion", "merit")).toBe(true);
    expect(awardAtLeast("merit", "third")).toBe(false);
    expect(awardAtLeast(null, "merit")).toBe(false);
  });
});
