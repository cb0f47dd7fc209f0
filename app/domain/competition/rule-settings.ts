// The rule set a competition runs under (RULES.md: "each competition stores the rule set it ran
// under"). Every rule that differs between contests is a setting here with RULES.md's default,
// stored as JSON on the competition and validated on every read. Later capabilities (results,
// awards, appeals) read their settings from this one schema.
import { z } from "zod";

export const awardSchemes = ["ws_medals", "cn_top3_plus_merit", "cn_fixed_counts", "cn_percentages"] as const;

/**
 * Steps of the tie-break chain, applied in order to competitors with equal totals:
 * every module from the weightiest down, one named module, or less time used.
 */
export const tieBreakStepPattern = /^(modules_by_weight|time_used|module:[A-Za-z0-9_.-]{1,20})$/;
export type TieBreakStep = "modules_by_weight" | "time_used" | `module:${string}`;
export const TieBreakStepSchema = z
  .string()
  .regex(tieBreakStepPattern)
  .transform((v) => v as TieBreakStep);

/** The chains the competition form offers (RULES.md default first). */
export const tieBreakPresets = {
  modules_then_time: ["modules_by_weight", "time_used"],
  time_then_modules: ["time_used", "modules_by_weight"],
  modules_only: ["modules_by_weight"],
  none: [],
} as const satisfies Record<string, readonly TieBreakStep[]>;
export type TieBreakPreset = keyof typeof tieBreakPresets;
export const tieBreakPresetNames = Object.keys(tieBreakPresets) as [TieBreakPreset, ...TieBreakPreset[]];

/** The preset a chain matches, or null for a chain set step by step. */
export function presetOfChain(chain: readonly string[]): TieBreakPreset | null {
  return tieBreakPresetNames.find((name) => JSON.stringify(tieBreakPresets[name]) === JSON.stringify(chain)) ?? null;
}

/** A prefix of draw numbers: up to 8 letters, digits or hyphens (codes stay easy to read out and type). */
export const drawPrefixPattern = /^[A-Za-z0-9-]{0,8}$/;

const awardValues = ["gold", "silver", "bronze", "medallion", "first", "second", "third", "merit"] as const;
const skillLevelValues = ["level5", "level4", "level3", "level2", "level1", "special_technician", "chief_technician"] as const;

/** Who a title or promotion rule reaches: ranks rankFrom…rankTo and/or an award at least as good as minAward. */
const HonourWhenSchema = z
  .object({
    rankFrom: z.number().int().min(1).max(1000).optional(),
    rankTo: z.number().int().min(1).max(1000).optional(),
    minAward: z.enum(awardValues).optional(),
  })
  .refine((w) => w.rankTo !== undefined || w.minAward !== undefined, { message: "a rule needs rankTo or minAward" })
  .refine((w) => w.rankFrom === undefined || w.rankTo === undefined || w.rankFrom <= w.rankTo, { message: "rankFrom after rankTo" });

/**
 * RULES.md "Titles and promotions are rules on rank/award and group": a title 荣誉称号 (e.g. first
 * place → 四川工匠) or a promotion 晋升等级 to a level or one level up from the level held.
 */
export const HonourRuleSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("title"),
    code: z.string().regex(/^[a-z0-9_]{1,60}$/),
    labelZh: z.string().min(1).max(60),
    labelEn: z.string().min(1).max(120),
    group: z.enum(["worker", "student", "any"]).default("any"),
    when: HonourWhenSchema,
  }),
  z.object({
    kind: z.literal("promotion"),
    toLevel: z.union([z.enum(skillLevelValues), z.literal("one_up")]),
    group: z.enum(["worker", "student", "any"]).default("any"),
    when: HonourWhenSchema,
  }),
]);
export type HonourRule = z.infer<typeof HonourRuleSchema>;

export const RuleSettingsSchema = z.object({
  /** Judgement scores whose max − min exceeds this are flagged. */
  judgementSpreadLimit: z.number().int().min(0).max(3).default(1),
  judgesPerJudgementTeam: z.number().int().min(1).max(9).default(3),
  /** National contests allow no shared ranks. */
  allowSharedRanks: z.boolean().default(false),
  awardScheme: z.enum(awardSchemes).default("cn_fixed_counts"),
  /** 一/二/三等奖 counts per skill for cn_fixed_counts (Sichuan Craftsman Cup: 1/2/5). */
  fixedAwardCounts: z.tuple([z.number().int().min(0), z.number().int().min(0), z.number().int().min(0)]).default([1, 2, 5]),
  /** Percentages of entrants for cn_percentages. */
  awardPercentages: z.tuple([z.number().min(0).max(100), z.number().min(0).max(100), z.number().min(0).max(100)]).default([10, 20, 30]),
  /** WorldSkills medals: competitors within this many points of each other share a medal. */
  medalTieTolerancePoints: z.number().int().min(0).max(50).default(0),
  /** Below this many entrants a skill runs as "selection only — no awards". */
  minimumEntrants: z.number().int().min(0).max(1000).default(30),
  /** Weight of the theory part where a scheme has theory modules (RULES.md: 20/80, 30/70). */
  theoryWeightPercent: z.number().int().min(0).max(100).default(20),
  /** Ties on the total are broken by these steps in order; what is still equal after them is a tie. */
  tieBreakChain: z.array(TieBreakStepSchema).max(20).default(["modules_by_weight", "time_used"]),
  /** Re-check 复核 before sign-off: every result of the top N … */
  recheckTopN: z.number().int().min(0).max(1000).default(10),
  /** … and at least this percentage of the rest … */
  recheckRestPercent: z.number().min(0).max(100).default(15),
  /** … and all of them when more than this percentage of the re-checks found an error. */
  recheckFullErrorPercent: z.number().min(0).max(100).default(5),
  /** Titles and promotions the results give (RULES.md), in order. */
  honourRules: z.array(HonourRuleSchema).max(50).default([]),
  /** 公示 notice period in working days. */
  noticePeriodWorkingDays: z.number().int().min(0).max(60).default(5),
  /** Appeals accepted this many minutes after a skill ends. */
  appealWindowMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 14)
    .default(120),
  /** The live leaderboard may show provisional standings to the public. */
  showProvisionalLeaderboard: z.boolean().default(true),
  /** Draw numbers 抽签编号: a prefix and 1…n with at least drawNumberDigits digits ("01", "J07"). */
  checkInNoPrefix: z.string().regex(drawPrefixPattern).default(""),
  workstationNoPrefix: z.string().regex(drawPrefixPattern).default(""),
  drawNumberDigits: z.number().int().min(1).max(4).default(2),
});
export type RuleSettings = z.infer<typeof RuleSettingsSchema>;

export const defaultRuleSettings: RuleSettings = RuleSettingsSchema.parse({});

/** Reads stored settings, filling defaults for rules added after the competition was created. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Parsed settings by their stored JSON text: read after every mark, they rarely change. */
const parsedSettings = new Map<string, RuleSettings>();

export function readRuleSettings(stored: unknown): RuleSettings {
  const key = JSON.stringify(stored ?? {});
  const known = parsedSettings.get(key);
  if (known) return known;
  const parsed = deepFreeze(RuleSettingsSchema.parse(stored ?? {})); // shared: nobody may change it
  if (parsedSettings.size >= 200) parsedSettings.clear();
  parsedSettings.set(key, parsed);
  return parsed;
}
