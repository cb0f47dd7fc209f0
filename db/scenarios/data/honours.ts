// The titles 荣誉称号 and promotions 晋升等级 the demo's competitions give (RULES.md "Results":
// first place → 四川工匠 and 四川省技术能手; top 5 of a national contest → 全国技术能手;
// ranks 1–3 → 高级技师, 4–10 → 技师; 优胜奖 and above → one level up), one set per rung of the
// ladder. Titles go to the worker group 职工组; promotions to both groups.
import type { HonourRule } from "~/domain/competition/rule-settings";

/** Enterprise contest: the group's own title for the winner, one level up for the prize winners. */
export const enterpriseHonours: HonourRule[] = [
  { kind: "title", code: "shuneng_craftsman", labelZh: "蜀能工匠", labelEn: "Shuneng Craftsman", group: "worker", when: { rankTo: 1 } },
  { kind: "promotion", toLevel: "one_up", group: "any", when: { minAward: "third" } },
];

/** A city contest: the city's 技术能手 for the top three, one level up for 优胜奖 and above. */
export function cityHonours(code: string, labelZh: string, labelEn: string): HonourRule[] {
  return [
    { kind: "title", code, labelZh, labelEn, group: "worker", when: { rankTo: 3 } },
    { kind: "promotion", toLevel: "one_up", group: "any", when: { minAward: "merit" } },
  ];
}

/** The Sichuan Craftsman Cup: the winner is 四川工匠 and 四川省技术能手; ranks 1–3 become 技师, the other prize winners one level up. */
export const provincialHonours: HonourRule[] = [
  { kind: "title", code: "sichuan_craftsman", labelZh: "四川工匠", labelEn: "Sichuan Craftsman", group: "worker", when: { rankTo: 1 } },
  { kind: "title", code: "sichuan_technical_expert", labelZh: "四川省技术能手", labelEn: "Sichuan Technical Expert", group: "worker", when: { rankTo: 1 } },
  { kind: "promotion", toLevel: "level2", group: "any", when: { rankTo: 3 } },
  { kind: "promotion", toLevel: "one_up", group: "any", when: { rankFrom: 4, minAward: "third" } },
];

/** A national contest: top 5 → 全国技术能手; ranks 1–3 → 高级技师, 4–10 → 技师. */
export const nationalHonours: HonourRule[] = [
  { kind: "title", code: "national_technical_expert", labelZh: "全国技术能手", labelEn: "National Technical Expert", group: "worker", when: { rankTo: 5 } },
  { kind: "promotion", toLevel: "level1", group: "any", when: { rankTo: 3 } },
  { kind: "promotion", toLevel: "level2", group: "any", when: { rankFrom: 4, rankTo: 10 } },
];

/** The WorldSkills national selection: the medallists go one level up (the squad is an advancement, not an honour). */
export const wsSelectionHonours: HonourRule[] = [{ kind: "promotion", toLevel: "one_up", group: "any", when: { minAward: "bronze" } }];
