// The contracts of the organizer's forms (and the JSON API): competition, skill, delegation.
import { z } from "zod";
import { competitionLevels, competitionStatuses, delegationKinds, entrantGroups, occupationCodePattern, tracks } from "~/domain/competition/ladder";
import { ageRules } from "~/domain/competition/skill-rules";
import { awardSchemes, drawPrefixPattern, RuleSettingsSchema, tieBreakPresetNames, tieBreakPresets } from "~/domain/competition/rule-settings";
import { isoInstantToShanghaiLocal } from "~/domain/time";
import { checkbox, choice, integer, isoDate, optionalText, shanghaiDateTime, text } from "~/domain/fields";

/** A draw-number prefix; a form written before draws (no field) means none. */
const drawPrefix = z.preprocess((v) => v ?? "", z.string().trim().regex(drawPrefixPattern, { message: "invalidFormat" }));

/** Both dates valid (parsed dates are the same ISO strings). */
const datePair = z.object({ startsOn: isoDate, endsOn: isoDate });

export const CompetitionInputSchema = z
  .object({
    nameZh: text(200),
    nameEn: optionalText(200),
    level: choice(competitionLevels),
    startsOn: isoDate,
    endsOn: isoDate,
    venue: text(200),
    organizerName: text(200),
    status: choice(competitionStatuses),
    awardScheme: choice(awardSchemes),
    fixedFirst: integer(0, 100),
    fixedSecond: integer(0, 100),
    fixedThird: integer(0, 100),
    percentFirst: integer(0, 100),
    percentSecond: integer(0, 100),
    percentThird: integer(0, 100),
    minimumEntrants: integer(0, 1000),
    judgementSpreadLimit: integer(0, 3),
    theoryWeightPercent: integer(0, 100),
    noticePeriodWorkingDays: integer(0, 60),
    appealWindowMinutes: integer(0, 20160),
    allowSharedRanks: checkbox,
    showProvisionalLeaderboard: checkbox,
    /** A form written before the chain was configurable sends none: RULES.md's default. */
    tieBreakChain: choice(tieBreakPresetNames).default("modules_then_time"),
    checkInNoPrefix: drawPrefix,
    workstationNoPrefix: drawPrefix,
    drawNumberDigits: integer(1, 4).default(2),
  })
  .refine((v) => v.endsOn >= v.startsOn, {
    message: "datesOutOfOrder",
    path: ["endsOn"],
    // Checked even when other fields are wrong, so every problem shows in one round.
    when: (payload) => datePair.safeParse(payload.value).success,
  })
  .transform((v) => ({
    nameZh: v.nameZh,
    nameEn: v.nameEn,
    level: v.level,
    startsOn: v.startsOn,
    endsOn: v.endsOn,
    venue: v.venue,
    organizerName: v.organizerName,
    status: v.status,
    ruleSettings: RuleSettingsSchema.parse({
      awardScheme: v.awardScheme,
      fixedAwardCounts: [v.fixedFirst, v.fixedSecond, v.fixedThird],
      awardPercentages: [v.percentFirst, v.percentSecond, v.percentThird],
      minimumEntrants: v.minimumEntrants,
      judgementSpreadLimit: v.judgementSpreadLimit,
      theoryWeightPercent: v.theoryWeightPercent,
      noticePeriodWorkingDays: v.noticePeriodWorkingDays,
      appealWindowMinutes: v.appealWindowMinutes,
      allowSharedRanks: v.allowSharedRanks,
      showProvisionalLeaderboard: v.showProvisionalLeaderboard,
      tieBreakChain: [...tieBreakPresets[v.tieBreakChain]],
      checkInNoPrefix: v.checkInNoPrefix,
      workstationNoPrefix: v.workstationNoPrefix,
      drawNumberDigits: v.drawNumberDigits,
    }),
  }));
export type CompetitionInput = z.output<typeof CompetitionInputSchema>;

/** Both times parsed (a refinement sees the parsed value of every field that passed). */
const instantPair = z.object({ startsAt: z.date(), endsAt: z.date() });

export const SkillInputSchema = z
  .object({
    nameZh: text(100),
    nameEn: optionalText(100),
    track: choice(tracks),
    occupationCode: text(20).refine((v) => occupationCodePattern.test(v), { message: "invalidFormat" }),
    wsNumber: optionalText(4).refine((v) => v === null || /^\d{1,3}[A-Z]?$/.test(v), { message: "invalidFormat" }),
    teamSize: integer(1, 10),
    entrantGroup: choice(entrantGroups),
    ageRule: choice(ageRules),
    startsAt: shanghaiDateTime,
    endsAt: shanghaiDateTime,
    venueArea: optionalText(100),
  })
  .refine((v) => v.endsAt > v.startsAt, { message: "datesOutOfOrder", path: ["endsAt"], when: (payload) => instantPair.safeParse(payload.value).success });
export type SkillInput = z.output<typeof SkillInputSchema>;

/**
 * The skill as a JSON body (the API): the same contract, read the way JSON is written — the times
 * may also be instants with an offset, as the API returns them, and a team size must be a number
 * (or numeric text), never true or null.
 */
export const SkillJsonInputSchema = z.preprocess((body) => {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return body;
  const fields = { ...(body as Record<string, unknown>) };
  for (const key of ["startsAt", "endsAt"]) {
    const value = fields[key];
    if (typeof value === "string") fields[key] = isoInstantToShanghaiLocal(value) ?? value;
  }
  if (typeof fields.teamSize !== "number" && typeof fields.teamSize !== "string") fields.teamSize = undefined;
  return fields;
}, SkillInputSchema);

export const DelegationInputSchema = z.object({
  nameZh: text(100),
  nameEn: optionalText(100),
  kind: choice(delegationKinds),
  regionCode: optionalText(6).refine((v) => v === null || /^\d{6}$/.test(v), { message: "invalidFormat" }),
});
export type DelegationInput = z.output<typeof DelegationInputSchema>;
