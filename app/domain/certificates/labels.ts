// The printed labels of awards, in both languages — the one place they are written. A title's or
// promotion's label comes from its `honour` row; an award's from here.
import type { Award } from "../results/awards";

export const awardLabels: Readonly<Record<Award, { zh: string; en: string }>> = {
  gold: { zh: "金牌", en: "Gold medal" },
  silver: { zh: "银牌", en: "Silver medal" },
  bronze: { zh: "铜牌", en: "Bronze medal" },
  medallion: { zh: "优胜奖", en: "Medallion for Excellence" },
  first: { zh: "一等奖", en: "First prize" },
  second: { zh: "二等奖", en: "Second prize" },
  third: { zh: "三等奖", en: "Third prize" },
  merit: { zh: "优胜奖", en: "Prize of merit" },
};

export function awardLabel(award: Award): { zh: string; en: string } {
  return awardLabels[award];
}
