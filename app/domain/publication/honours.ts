// Titles 荣誉称号 and promotions 晋升等级 (RULES.md "Results": rules on rank/award and group,
// e.g. first place → 四川工匠 and 四川省技术能手; ranks 1–3 → 高级技师, 4–10 → 技师; 优胜奖 and
// above → one level up from the level held). Each competition lists its rules in its settings
// (`honourRules`). A person gets every title whose rule they meet (once per title) and, of the
// promotions they meet, only the highest level — and only when it is above the level they held on
// entry. "One level up" needs the level held; a person whose level is unknown gets none from it.
// A skill that ran as "selection only" (too few entrants) gives no titles or promotions, as it
// gives no awards. Every member of a team competitor receives the team's honours.
// Boundary: pure.
import type { HonourRule } from "../competition/rule-settings";
import { skillLevels, type EntrantGroup, type SkillLevel } from "../competition/ladder";
import type { Award } from "../results/awards";

/** Better awards first; WorldSkills medals and Chinese prizes on one scale for `minAward`. */
const awardTier: Record<Award, number> = { gold: 1, first: 1, silver: 2, second: 2, bronze: 3, third: 3, medallion: 4, merit: 4 };

export function awardAtLeast(award: Award | null, minimum: Award): boolean {
  return award !== null && awardTier[award] <= awardTier[minimum];
}

export const skillLevelLabels: Record<SkillLevel, { zh: string; en: string }> = {
  level5: { zh: "五级/初级工", en: "Level 5 (Junior worker)" },
  level4: { zh: "四级/中级工", en: "Level 4 (Intermediate worker)" },
  level3: { zh: "三级/高级工", en: "Level 3 (Senior worker)" },
  level2: { zh: "二级/技师", en: "Level 2 (Technician)" },
  level1: { zh: "一级/高级技师", en: "Level 1 (Senior technician)" },
  special_technician: { zh: "特级技师", en: "Special-grade technician" },
  chief_technician: { zh: "首席技师", en: "Chief technician" },
};

export interface HonourEntry {
  competitorId: string;
  rank: number;
  award: Award | null;
  group: EntrantGroup;
  members: ReadonlyArray<{ personId: string; skillLevel: SkillLevel | null }>;
}

export interface Honour {
  competitorId: string;
  personId: string;
  kind: "title" | "promotion";
  /** The title's code, or the skill level the promotion gives. */
  code: string;
  labelZh: string;
  labelEn: string;
}

function reaches(rule: HonourRule, entry: HonourEntry): boolean {
  if (rule.group !== "any" && rule.group !== entry.group) return false;
  const { rankFrom, rankTo, minAward } = rule.when;
  if (rankTo !== undefined && (entry.rank > rankTo || entry.rank < (rankFrom ?? 1))) return false;
  if (minAward !== undefined && !awardAtLeast(entry.award, minAward)) return false;
  return true;
}

function levelIndex(level: SkillLevel): number {
  return skillLevels.indexOf(level);
}

/** The level a promotion rule gives a person holding `held`, or null when it gives nothing. */
function promotedLevel(toLevel: SkillLevel | "one_up", held: SkillLevel | null): SkillLevel | null {
  const target = toLevel === "one_up" ? (held === null ? null : (skillLevels[levelIndex(held) + 1] ?? null)) : toLevel;
  if (target === null) return null;
  if (held !== null && levelIndex(target) <= levelIndex(held)) return null;
  return target;
}

export function decideHonours(entries: readonly HonourEntry[], rules: readonly HonourRule[], selectionOnly: boolean): Honour[] {
  if (selectionOnly) return [];
  const honours: Honour[] = [];
  for (const entry of entries) {
    const applying = rules.filter((r) => reaches(r, entry));
    for (const member of entry.members) {
      const titles = new Set<string>();
      for (const rule of applying) {
        if (rule.kind !== "title" || titles.has(rule.code)) continue;
        titles.add(rule.code);
        honours.push({
          competitorId: entry.competitorId,
          personId: member.personId,
          kind: "title",
          code: rule.code,
          labelZh: rule.labelZh,
          labelEn: rule.labelEn,
        });
      }
      let best: SkillLevel | null = null;
      for (const rule of applying) {
        if (rule.kind !== "promotion") continue;
        const level = promotedLevel(rule.toLevel, member.skillLevel);
        if (level !== null && (best === null || levelIndex(level) > levelIndex(best))) best = level;
      }
      if (best !== null) {
        const label = skillLevelLabels[best];
        honours.push({
          competitorId: entry.competitorId,
          personId: member.personId,
          kind: "promotion",
          code: best,
          labelZh: `晋升${label.zh}`,
          labelEn: `Promoted to ${label.en}`,
        });
      }
    }
  }
  return honours;
}
