import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ageOn, checkEligibility, dateAfterMonths, retirementAgeMonths, retirementDate, type Candidate, type EligibilityRules } from "./eligibility";

const candidate = (over: Partial<Candidate> = {}): Candidate => ({ birthDate: "2000-06-15", retirementCategory: "male", skillLevel: "level3", ...over });
const rules = (over: Partial<EligibilityRules> = {}): EligibilityRules => ({
  ageRule: "cn_working_age",
  cutOffDate: "2026-09-01",
  competitionYear: 2026,
  requiredSkillLevel: null,
  ...over,
});
const codes = (c: Candidate, r: EligibilityRules) => checkEligibility(c, r).map((p) => p.code);

describe("ages", () => {
  it.each([
    ["2010-06-01", "2026-05-31", 15],
    ["2010-06-01", "2026-06-01", 16],
    // Born on a leap day: a year older on 29 February in a leap year, on 1 March otherwise.
    ["2008-02-29", "2024-02-28", 15],
    ["2008-02-29", "2024-02-29", 16],
    ["2008-02-29", "2025-02-28", 16],
    ["2008-02-29", "2025-03-01", 17],
    ["2000-12-31", "2026-12-30", 25],
    ["2000-12-31", "2026-12-31", 26],
  ])("born %s, on %s: %i years old", (born, on, age) => expect(ageOn(born, on)).toBe(age));

  it("counts months to the same day, or the first of the next month when that day does not exist", () => {
    expect(dateAfterMonths("1965-01-10", 721)).toBe("2025-02-10");
    expect(dateAfterMonths("1965-01-31", 721)).toBe("2025-03-01");
    expect(dateAfterMonths("2008-02-29", 12)).toBe("2009-03-01");
    expect(dateAfterMonths("1970-12-31", 1)).toBe("1971-01-31");
    expect(dateAfterMonths("1970-11-30", 3)).toBe("1971-03-01");
  });

  it("never makes anyone younger as time passes (property)", () => {
    const day = fc.integer({ min: 0, max: 40_000 }).map((n) => new Date(Date.UTC(1940, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, day, (born, a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        if (late < born) return;
        expect(ageOn(born, late)).toBeGreaterThanOrEqual(ageOn(born, early < born ? born : early));
      }),
    );
  });
});

describe("statutory retirement age (2024 decision, from 2025)", () => {
  it.each([
    // Men: 60, plus one month for every four months of birth cohort from January 1965, up to 63.
    ["1964-12-15", "male", 60 * 12, "2024-12-15"],
    ["1965-01-10", "male", 60 * 12 + 1, "2025-02-10"],
    ["1965-04-30", "male", 60 * 12 + 1, "2025-05-30"],
    ["1965-05-01", "male", 60 * 12 + 2, "2025-07-01"],
    ["1966-01-01", "male", 60 * 12 + 4, "2026-05-01"],
    ["1976-08-01", "male", 60 * 12 + 35, "2039-07-01"],
    ["1976-09-01", "male", 63 * 12, "2039-09-01"],
    ["1990-03-03", "male", 63 * 12, "2053-03-03"],
    // Women in cadre posts: 55 → 58 on the same pace from January 1970.
    ["1969-12-01", "female_cadre", 55 * 12, "2024-12-01"],
    ["1970-01-01", "female_cadre", 55 * 12 + 1, "2025-02-01"],
    ["1981-09-01", "female_cadre", 58 * 12, "2039-09-01"],
    // Women in worker posts: 50 → 55, one month for every two months from January 1975.
    ["1974-12-31", "female_worker", 50 * 12, "2024-12-31"],
    ["1975-01-01", "female_worker", 50 * 12 + 1, "2025-02-01"],
    ["1975-03-01", "female_worker", 50 * 12 + 2, "2025-05-01"],
    ["1984-10-01", "female_worker", 50 * 12 + 59, "2039-09-01"],
    ["1984-11-01", "female_worker", 55 * 12, "2039-11-01"],
  ] as const)("born %s (%s): %i months, retires %s", (born, category, months, date) => {
    expect(retirementAgeMonths(born, category)).toBe(months);
    expect(retirementDate(born, category)).toBe(date);
  });

  it("rises with the birth cohort and stays within each category's bounds (property)", () => {
    const bounds = { male: [720, 756], female_cadre: [660, 696], female_worker: [600, 660] } as const;
    const month = fc.record({ year: fc.integer({ min: 1940, max: 2010 }), month: fc.integer({ min: 1, max: 12 }) });
    fc.assert(
      fc.property(fc.constantFrom("male", "female_cadre", "female_worker" as const), month, month, (category, a, b) => {
        const date = (m: { year: number; month: number }) => `${m.year}-${String(m.month).padStart(2, "0")}-15`;
        const [early, late] = date(a) <= date(b) ? [a, b] : [b, a];
        const [lo, hi] = bounds[category];
        expect(retirementAgeMonths(date(early), category)).toBeLessThanOrEqual(retirementAgeMonths(date(late), category));
        expect(retirementAgeMonths(date(a), category)).toBeGreaterThanOrEqual(lo);
        expect(retirementAgeMonths(date(a), category)).toBeLessThanOrEqual(hi);
      }),
    );
  });
});

describe("eligibility", () => {
  it("WorldSkills: born on or after 1 January of the competition year − 22 (− 25 for listed skills)", () => {
    const ws = rules({ ageRule: "ws_under_22", competitionYear: 2026 });
    expect(codes(candidate({ birthDate: "2004-01-01" }), ws)).toEqual([]);
    expect(checkEligibility(candidate({ birthDate: "2003-12-31" }), ws)).toEqual([{ code: "BORN_TOO_EARLY", params: { earliest: "2004-01-01" } }]);
    const listed = rules({ ageRule: "ws_under_25", competitionYear: 2026 });
    expect(codes(candidate({ birthDate: "2001-01-01" }), listed)).toEqual([]);
    expect(codes(candidate({ birthDate: "2000-12-31" }), listed)).toEqual(["BORN_TOO_EARLY"]);
    // No lower bound and no cut-off day: a 15-year-old may enter a WorldSkills selection.
    expect(codes(candidate({ birthDate: "2011-08-01" }), ws)).toEqual([]);
  });

  it("Chinese contests: 16 on the cut-off date, to the day", () => {
    const cn = rules({ cutOffDate: "2026-09-01" });
    expect(codes(candidate({ birthDate: "2010-09-01" }), cn)).toEqual([]);
    expect(checkEligibility(candidate({ birthDate: "2010-09-02" }), cn)).toEqual([
      { code: "TOO_YOUNG", params: { minimumAge: 16, cutOffDate: "2026-09-01", birthDate: "2010-09-02" } },
    ]);
    // A leap-day birth turns 16 on 1 March in a common year.
    expect(codes(candidate({ birthDate: "2010-02-28" }), rules({ cutOffDate: "2026-02-28" }))).toEqual([]);
    expect(codes(candidate({ birthDate: "2008-02-29" }), rules({ cutOffDate: "2024-02-28" }))).toEqual(["TOO_YOUNG"]);
    expect(codes(candidate({ birthDate: "2008-02-29" }), rules({ cutOffDate: "2024-02-29" }))).toEqual([]);
  });

  it("Chinese contests: below the statutory retirement age on the cut-off date, by category", () => {
    // Born March 1966 (the January–April 1966 cohort): 60 years and 4 months → 15 July 2026.
    const man = candidate({ birthDate: "1966-03-15", retirementCategory: "male" });
    expect(retirementDate(man.birthDate, "male")).toBe("2026-07-15");
    expect(codes(man, rules({ cutOffDate: "2026-07-14" }))).toEqual([]);
    expect(checkEligibility(man, rules({ cutOffDate: "2026-07-15" }))).toEqual([
      { code: "RETIREMENT_AGE_REACHED", params: { retirementDate: "2026-07-15", cutOffDate: "2026-07-15" } },
    ]);
    // The same birth date for women: retired at 50 (worker post, 2016) or 55 (cadre post, 2021).
    expect(codes(candidate({ birthDate: "1966-03-15", retirementCategory: "female_worker" }), rules({ cutOffDate: "2026-07-14" }))).toEqual([
      "RETIREMENT_AGE_REACHED",
    ]);
    expect(codes(candidate({ birthDate: "1966-03-15", retirementCategory: "female_cadre" }), rules({ cutOffDate: "2026-07-14" }))).toEqual([
      "RETIREMENT_AGE_REACHED",
    ]);
    // Born June 1976, a woman in a worker post: 50 years and 9 months → March 2027.
    expect(codes(candidate({ birthDate: "1976-06-20", retirementCategory: "female_worker" }), rules({ cutOffDate: "2026-09-01" }))).toEqual([]);
  });

  it("the required skill level or above", () => {
    const r = rules({ requiredSkillLevel: "level3" });
    expect(codes(candidate({ skillLevel: "level3" }), r)).toEqual([]);
    expect(codes(candidate({ skillLevel: "level1" }), r)).toEqual([]);
    expect(checkEligibility(candidate({ skillLevel: "level4" }), r)).toEqual([{ code: "SKILL_LEVEL_TOO_LOW", params: { required: "level3", held: "level4" } }]);
    expect(codes(candidate({ skillLevel: null }), r)).toEqual(["SKILL_LEVEL_TOO_LOW"]);
  });

  it("lists every problem at once, and none for a skill without an age rule", () => {
    expect(codes(candidate({ birthDate: "2012-01-01", skillLevel: null }), rules({ requiredSkillLevel: "level4" }))).toEqual([
      "TOO_YOUNG",
      "SKILL_LEVEL_TOO_LOW",
    ]);
    expect(codes(candidate({ birthDate: "1940-01-01" }), rules({ ageRule: "none" }))).toEqual([]);
  });
});
