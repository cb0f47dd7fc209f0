// The people of the demo's main competition, planned in memory before anything is written:
// employers per city, competitors per delegation and skill, judges per skill. Pure and seeded,
// so every run plans the same people; the writer in demo.ts only maps keys to database ids.
import type { EntrantGroup, OrganizationKind, SkillLevel } from "~/domain/competition/ladder";
import { composeIdNumber, type Gender } from "~/domain/identity/id-number";
import type { DemoSkill, Popularity } from "./data/main-skills";
import { femaleGivenCharacters, maleGivenCharacters, mobilePrefixes, surnames } from "./data/names";
import { brands, businessLines, schoolName, type Industry } from "./data/organizations";
import type { SichuanRegion } from "./data/sichuan-regions";
import { seededRandom, type Random } from "./random";

export interface PlannedOrganization {
  name: string;
  kind: Extract<OrganizationKind, "enterprise" | "school">;
  regionCode: string;
}

export interface PlannedPerson {
  name: string;
  gender: Gender;
  birthDate: string;
  /** Plain number: only ever passed to protectIdNumber, never stored as is. */
  idNumber: string;
  employer: string;
  regionCode: string;
  phone: string;
}

export interface PlannedCompetitor {
  skillSlug: string;
  delegationRegionCode: string;
  registrationNo: string;
  /** Indexes into `persons`; teamSize of them. */
  members: number[];
}

export interface PlannedJudge {
  skillSlug: string;
  role: "chief_judge" | "judge";
  username: string;
  person: number;
}

export interface DemoPeoplePlan {
  organizations: PlannedOrganization[];
  persons: PlannedPerson[];
  competitors: PlannedCompetitor[];
  judges: PlannedJudge[];
}

type Strength = "strong" | "average" | "weak";

/** Competitors a delegation sends to one skill: probabilities of 0, 1 and 2. */
const entryWeights: Record<Popularity, Record<Strength, [number, number, number]>> = {
  high: { strong: [0, 0.15, 0.85], average: [0.05, 0.3, 0.65], weak: [0.2, 0.5, 0.3] },
  normal: { strong: [0.05, 0.45, 0.5], average: [0.2, 0.55, 0.25], weak: [0.45, 0.45, 0.1] },
  low: { strong: [0.2, 0.5, 0.3], average: [0.45, 0.45, 0.1], weak: [0.7, 0.3, 0] },
};

// The big industrial cities field full teams; the mountain prefectures and smallest cities fewer.
const strongRegions = new Set(["510100", "510500", "510600", "510700", "511500"]);
const weakRegions = new Set(["510800", "511800", "511900"]);

function strengthOf(region: SichuanRegion): Strength {
  if (strongRegions.has(region.code)) return "strong";
  return region.kind === "prefecture" || weakRegions.has(region.code) ? "weak" : "average";
}

export function shortNameOf(region: SichuanRegion): string {
  return region.kind === "city" ? region.nameZh.replace(/市$/, "") : region.nameZh.slice(0, 2);
}

function randomDate(random: Random, fromYear: number, toYear: number): string {
  const year = random.int(fromYear, toYear);
  const month = random.int(1, 12);
  // Day 1–28 is a real date in every month; nothing here needs month ends.
  const day = random.int(1, 28);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Birth years allowed by the skill's age rule and entrant group, for competitors. */
function competitorBirthYears(skill: DemoSkill, gender: Gender): [number, number] {
  if (skill.entrantGroup === "student") return [2005, 2009];
  if (skill.ageRule === "ws_under_22") return [2004, 2008];
  // Women workers still retire earlier; keep them well inside working age.
  return gender === "female" ? [1980, 2004] : [1975, 2004];
}

/**
 * The national skill level a person plausibly holds on entering a contest in `year`, by age:
 * students and the youngest workers mostly 四级/中级工, some 三级/高级工; workers in their
 * twenties and thirties mostly 三级, some 二级/技师; the older ones 二级 and a few 一级/高级技师.
 */
export function heldSkillLevel(birthDate: string, group: EntrantGroup, year: number, random: Random): SkillLevel {
  const age = year - Number(birthDate.slice(0, 4));
  const roll = random.next();
  if (group === "student") return roll < 0.3 ? "level5" : roll < 0.9 ? "level4" : "level3";
  if (age <= 22) return roll < 0.7 ? "level4" : "level3";
  if (age <= 35) return roll < 0.1 ? "level4" : roll < 0.7 ? "level3" : "level2";
  return roll < 0.3 ? "level3" : roll < 0.8 ? "level2" : "level1";
}

export function planDemoPeople(regions: readonly SichuanRegion[], skills: readonly DemoSkill[], seed: number): DemoPeoplePlan {
  const random = seededRandom(seed);
  const organizations: PlannedOrganization[] = [];
  const orgNames = new Set<string>();
  const employersByCityIndustry = new Map<string, string[]>();
  const persons: PlannedPerson[] = [];
  const personNames = new Set<string>();
  const idNumbers = new Set<string>();

  const addOrganization = (region: SichuanRegion, industry: Industry): string => {
    for (;;) {
      const name = `${shortNameOf(region)}${random.pick(brands)}${random.pick(businessLines[industry])}`;
      if (orgNames.has(name)) continue;
      orgNames.add(name);
      organizations.push({ name, kind: "enterprise", regionCode: region.code });
      const key = `${region.code}:${industry}`;
      employersByCityIndustry.set(key, [...(employersByCityIndustry.get(key) ?? []), name]);
      return name;
    }
  };

  // Every city has a technical school and machinery and electrical employers; bigger cities a
  // second machinery firm. Other lines of business appear when someone needs one.
  for (const region of regions) {
    const school = schoolName(shortNameOf(region), region.kind);
    orgNames.add(school);
    organizations.push({ name: school, kind: "school", regionCode: region.code });
    addOrganization(region, "machinery");
    addOrganization(region, "electric");
    if (strengthOf(region) === "strong") addOrganization(region, "machinery");
  }

  const employerFor = (region: SichuanRegion, skill: DemoSkill, asJudge: boolean): string => {
    if (skill.entrantGroup === "student" && (!asJudge || random.chance(0.5))) return schoolName(shortNameOf(region), region.kind);
    const existing = employersByCityIndustry.get(`${region.code}:${skill.industry}`);
    return existing ? random.pick(existing) : addOrganization(region, skill.industry);
  };

  const addPerson = (region: SichuanRegion, skill: DemoSkill, birthYears: (gender: Gender) => [number, number], asJudge: boolean): number => {
    const gender: Gender = random.chance(skill.femaleShare) ? "female" : "male";
    const given = gender === "male" ? maleGivenCharacters : femaleGivenCharacters;
    let name: string;
    do {
      name = random.pick(surnames) + random.pick(given) + (random.chance(0.7) ? random.pick(given) : "");
    } while (personNames.has(name));
    personNames.add(name);
    const [fromYear, toYear] = birthYears(gender);
    const birthDate = randomDate(random, fromYear, toYear);
    let idNumber: string;
    do {
      idNumber = composeIdNumber(region.code, birthDate, random.int(1, 999), gender);
    } while (idNumbers.has(idNumber));
    idNumbers.add(idNumber);
    const phone = random.pick(mobilePrefixes) + String(random.int(0, 99_999_999)).padStart(8, "0");
    persons.push({ name, gender, birthDate, idNumber, employer: employerFor(region, skill, asJudge), regionCode: region.code, phone });
    return persons.length - 1;
  };

  const competitors: PlannedCompetitor[] = [];
  for (const skill of skills) {
    for (const region of regions) {
      const count = random.weighted(entryWeights[skill.popularity][strengthOf(region)]);
      for (let n = 0; n < count; n++) {
        const members = Array.from({ length: skill.teamSize }, () => addPerson(region, skill, (g) => competitorBirthYears(skill, g), false));
        const registrationNo = `SC2026-${String(competitors.length + 1).padStart(4, "0")}`;
        competitors.push({ skillSlug: skill.slug, delegationRegionCode: region.code, registrationNo, members });
      }
    }
  }

  // Judges come from across the province, more often from the cities with the most industry.
  const judgeRegionWeights = regions.map((r) => ({ strong: 4, average: 2, weak: 1 })[strengthOf(r)]);
  const judges: PlannedJudge[] = [];
  for (const skill of skills) {
    const judgeCount = random.int(4, 5);
    for (let i = 0; i <= judgeCount; i++) {
      const region = regions[random.weighted(judgeRegionWeights)] as SichuanRegion;
      const person = addPerson(region, skill, () => [1966, 1990], true);
      const role = i === 0 ? "chief_judge" : "judge";
      // The first judge of a skill keeps the plain name, so the demo's judge.weld is one of them.
      const username = i === 0 ? `chief.${skill.slug}` : i === 1 ? `judge.${skill.slug}` : `judge.${skill.slug}.${String(i).padStart(2, "0")}`;
      judges.push({ skillSlug: skill.slug, role, username, person });
    }
  }

  return { organizations, persons, competitors, judges };
}
