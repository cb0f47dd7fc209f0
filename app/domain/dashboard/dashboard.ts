// The dashboard's rules 数据看板 (issue 7): the funnel from enterprise contests to WorldSkills, award
// tiers, and who counts as high-skilled (高级工 and above). Pure: the services hand over the
// numbers the database grouped, these functions shape them.
// - A rung is a step of the ladder (ladderRung): city and industry contests share one.
// - The funnel counts distinct persons who competed at each rung. "From below" is how many of the
//   persons at the rung below also competed at this one (within the same filter window).
import { competitionLevels, ladderRung, skillLevels, type CompetitionLevel, type SkillLevel } from "../competition/ladder";

export const rungCount = 7;

/** The levels standing on each rung, lowest first. */
export const rungLevels: readonly (readonly CompetitionLevel[])[] = Array.from({ length: rungCount }, (_, rung) =>
  competitionLevels.filter((l) => ladderRung(l) === rung),
);

export interface FunnelRung {
  rung: number;
  levels: readonly CompetitionLevel[];
  /** Distinct persons who competed at this rung. */
  persons: number;
  /** Of the persons at the rung below, how many also competed here; null for the lowest rung. */
  fromBelow: number | null;
  /** fromBelow as a share of the rung below, in per mille (rounded half up); null when nobody was below. */
  fromBelowPerMille: number | null;
}

/**
 * The funnel from the number of persons per set of rungs (a bit mask: bit r set when the person
 * competed at rung r), as the database groups them.
 */
export function funnelFromMasks(groups: ReadonlyArray<{ mask: number; persons: number }>): FunnelRung[] {
  const at = (mask: number, rung: number) => (mask & (1 << rung)) !== 0;
  return rungLevels.map((levels, rung) => {
    const persons = sum(groups.filter((g) => at(g.mask, rung)).map((g) => g.persons));
    if (rung === 0) return { rung, levels, persons, fromBelow: null, fromBelowPerMille: null };
    const below = sum(groups.filter((g) => at(g.mask, rung - 1)).map((g) => g.persons));
    const fromBelow = sum(groups.filter((g) => at(g.mask, rung) && at(g.mask, rung - 1)).map((g) => g.persons));
    return { rung, levels, persons, fromBelow, fromBelowPerMille: perMille(fromBelow, below) };
  });
}

/** part / whole in per mille, rounded half up, in integers only; null when whole is 0. */
export function perMille(part: number, whole: number): number | null {
  if (whole === 0) return null;
  return Math.floor((part * 2000 + whole) / (2 * whole));
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** 高级工 (level 3) and above. */
export const highSkilledLevels: readonly SkillLevel[] = ["level3", "level2", "level1", "special_technician", "chief_technician"];

/** The rank of a skill level, 1 (五级/初级工) … 7 (首席技师): a person's highest level is the largest. */
export function skillLevelRank(level: SkillLevel): number {
  return skillLevels.indexOf(level) + 1;
}

export function skillLevelOfRank(rank: number): SkillLevel | undefined {
  return skillLevels[rank - 1];
}

export interface HighSkilledShare {
  /** Distinct persons whose highest level held on entry is known. */
  known: number;
  /** … of them, at 高级工 or above. */
  highSkilled: number;
  /** Persons whose level is not known (counted apart, not in the share). */
  unknown: number;
  perMille: number | null;
}

/** The share from the number of persons per highest level held on entry (null: not known). */
export function highSkilledShare(groups: ReadonlyArray<{ level: SkillLevel | null; persons: number }>): HighSkilledShare {
  const known = sum(groups.filter((g) => g.level !== null).map((g) => g.persons));
  const highSkilled = sum(groups.filter((g) => g.level !== null && highSkilledLevels.includes(g.level)).map((g) => g.persons));
  const unknown = sum(groups.filter((g) => g.level === null).map((g) => g.persons));
  return { known, highSkilled, unknown, perMille: perMille(highSkilled, known) };
}

/**
 * Awards in four tiers so WorldSkills medals and Chinese prizes add up: 金牌/一等奖, 银牌/二等奖,
 * 铜牌/三等奖, 优胜奖 (WorldSkills Medallion for Excellence or the Chinese 优胜奖).
 */
export const awardTiers = ["tier1", "tier2", "tier3", "merit"] as const;
export type AwardTier = (typeof awardTiers)[number];

/** The award values of published_result (its CHECK constraint). */
export type Award = "gold" | "silver" | "bronze" | "medallion" | "first" | "second" | "third" | "merit";

export const awardsOfTier: Record<AwardTier, readonly Award[]> = {
  tier1: ["gold", "first"],
  tier2: ["silver", "second"],
  tier3: ["bronze", "third"],
  merit: ["medallion", "merit"],
};
