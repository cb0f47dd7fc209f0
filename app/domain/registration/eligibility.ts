// Eligibility to enter a skill (RULES.md "Eligibility", GLOSSARY `eligibility`): the age window
// on the competition's cut-off date and the required skill level. Pure functions over ISO dates
// (YYYY-MM-DD, compared as text); each verdict names the rule and the numbers a team leader
// needs to see why an entry is refused.
//
// - WorldSkills: born on or after 1 January of (competition year − 22), or − 25 for listed skills.
// - Chinese contests: at least 16 on the cut-off date and below the statutory retirement age.
//   The retirement age follows the NPC Standing Committee decision of 13 September 2024
//   (gradual raise from 1 January 2025): men 60 → 63 and women in cadre posts 55 → 58, one month
//   more for every four months of birth cohort from those born in January 1965 and January 1970
//   respectively; women in worker posts 50 → 55, one month more for every two months of birth
//   cohort from those born in January 1975.
// - A person born on 29 February turns a year older on 1 March in a common year.
import type { AgeRule } from "../competition/skill-rules";
import { skillLevels, type SkillLevel } from "../competition/ladder";

/** Whose statutory retirement age applies: it differs for women in cadre and in worker posts. */
export type RetirementCategory = "male" | "female_cadre" | "female_worker";

export type EligibilityProblem =
  | { code: "BORN_TOO_EARLY"; params: { earliest: string } }
  | { code: "TOO_YOUNG"; params: { minimumAge: number; cutOffDate: string; birthDate: string } }
  | { code: "RETIREMENT_AGE_REACHED"; params: { retirementDate: string; cutOffDate: string } }
  | { code: "SKILL_LEVEL_TOO_LOW"; params: { required: SkillLevel; held: SkillLevel | null } };

export interface Candidate {
  birthDate: string;
  retirementCategory: RetirementCategory;
  skillLevel: SkillLevel | null;
}

export interface EligibilityRules {
  ageRule: AgeRule;
  /** The date ages are taken on (Chinese contests); WorldSkills uses the competition's year. */
  cutOffDate: string;
  competitionYear: number;
  requiredSkillLevel: SkillLevel | null;
}

const minimumWorkingAge = 16;

function parts(date: string): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`Not an ISO date: ${date}`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

const iso = (year: number, month: number, day: number) => `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;

/**
 * The day a person born on `birthDate` completes `months` months of age: the same day of the
 * month, or — when that month is shorter (29 February in a common year, 31st in a 30-day
 * month) — the first day of the next month.
 */
export function dateAfterMonths(birthDate: string, months: number): string {
  const { year, month, day } = parts(birthDate);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  if (day <= daysInMonth(y, m)) return iso(y, m, day);
  return m === 12 ? iso(y + 1, 1, 1) : iso(y, m + 1, 1);
}

/** Completed years of age on `date`. */
export function ageOn(birthDate: string, date: string): number {
  const born = parts(birthDate);
  let age = parts(date).year - born.year;
  if (dateAfterMonths(birthDate, age * 12) > date) age--;
  return age;
}

/** Statutory retirement age in months for a birth date and category (2024 decision, from 2025). */
export function retirementAgeMonths(birthDate: string, category: RetirementCategory): number {
  const { year, month } = parts(birthDate);
  const plan = {
    male: { base: 60, fromYear: 1965, everyMonths: 4, maxDelay: 36 },
    female_cadre: { base: 55, fromYear: 1970, everyMonths: 4, maxDelay: 36 },
    female_worker: { base: 50, fromYear: 1975, everyMonths: 2, maxDelay: 60 },
  }[category];
  const cohort = (year - plan.fromYear) * 12 + (month - 1);
  const delay = cohort < 0 ? 0 : Math.min(plan.maxDelay, Math.floor(cohort / plan.everyMonths) + 1);
  return plan.base * 12 + delay;
}

/** The day the person reaches statutory retirement age (from that day on they are retired). */
export function retirementDate(birthDate: string, category: RetirementCategory): string {
  return dateAfterMonths(birthDate, retirementAgeMonths(birthDate, category));
}

/** Every rule the candidate fails, in the order a team leader fixes them (empty: eligible). */
export function checkEligibility(candidate: Candidate, rules: EligibilityRules): EligibilityProblem[] {
  const problems: EligibilityProblem[] = [];
  if (rules.ageRule === "ws_under_22" || rules.ageRule === "ws_under_25") {
    const earliest = iso(rules.competitionYear - (rules.ageRule === "ws_under_22" ? 22 : 25), 1, 1);
    if (candidate.birthDate < earliest) problems.push({ code: "BORN_TOO_EARLY", params: { earliest } });
  } else if (rules.ageRule === "cn_working_age") {
    if (ageOn(candidate.birthDate, rules.cutOffDate) < minimumWorkingAge) {
      problems.push({ code: "TOO_YOUNG", params: { minimumAge: minimumWorkingAge, cutOffDate: rules.cutOffDate, birthDate: candidate.birthDate } });
    }
    const retires = retirementDate(candidate.birthDate, candidate.retirementCategory);
    if (retires <= rules.cutOffDate) problems.push({ code: "RETIREMENT_AGE_REACHED", params: { retirementDate: retires, cutOffDate: rules.cutOffDate } });
  }
  if (
    rules.requiredSkillLevel &&
    (candidate.skillLevel === null || skillLevels.indexOf(candidate.skillLevel) < skillLevels.indexOf(rules.requiredSkillLevel))
  ) {
    problems.push({ code: "SKILL_LEVEL_TOO_LOW", params: { required: rules.requiredSkillLevel, held: candidate.skillLevel } });
  }
  return problems;
}
