// Registrations 报名 (GLOSSARY `registration`; RULES.md "Eligibility"): what a team leader's rows
// mean, decided without I/O. A row — typed in the form or read from the Excel template — names a
// person, the facts declared about them and the skill (name and group 职工组/学生组) they enter.
// Every row is checked on its own (ID number with its check digit, embedded birth date and
// gender against the stated ones, required fields, eligibility: age window, skill level, 属地,
// occupation), then against the other rows and what is stored (the same person twice in a skill
// or in two skills on the same day, a person on file under another name, the delegation's quota
// per skill, team sizes). Every problem is reported with its row and field; nothing is half-done.
import type { DomainErrorCode } from "../errors";
import { isDomainError } from "../errors";
import { skillLevels, type CompetitionLevel, type EntrantGroup, type SkillLevel } from "../competition/ladder";
import type { AgeRule } from "../competition/skill-rules";
import { parseIdNumber, type Gender, type IdNumberFacts } from "../identity/id-number";
import { checkEligibility, type EligibilityProblem, type RetirementCategory } from "./eligibility";

export const registrationStatuses = ["draft", "submitted", "approved", "rejected"] as const;
export type RegistrationStatus = (typeof registrationStatuses)[number];

/** The fields of a registration row, in the template's column order. */
/** One provincial competition's registrations fit in one file (the Excel import's limits). */
export const maxRegistrationRows = 10_000;
export const maxRegistrationFileBytes = 10 * 1024 * 1024;

export const registrationFields = [
  "name",
  "gender",
  "idNumber",
  "birthDate",
  "phone",
  "employer",
  "occupation",
  "skillLevel",
  "skill",
  "group",
  "postCategory",
  "team",
] as const;
export type RegistrationField = (typeof registrationFields)[number];

/** A row as typed: every value a trimmed string, empty when blank. */
export type RegistrationRowInput = { row: number } & Record<RegistrationField, string>;

export interface RowProblem {
  /** The sheet row (Excel) or the entry's position (form), 1-based. */
  row: number;
  field: RegistrationField | null;
  code: DomainErrorCode;
  params: Record<string, string | number>;
}

export interface SkillForRegistration {
  id: string;
  nameZh: string;
  nameEn: string | null;
  entrantGroup: EntrantGroup;
  teamSize: number;
  ageRule: AgeRule;
  occupationCode: string;
  /** Shanghai calendar days the skill runs on (YYYY-MM-DD). */
  startsOn: string;
  endsOn: string;
  quota: number;
  requiredSkillLevel: SkillLevel | null;
  requireLocality: boolean;
  requireOccupation: boolean;
  /** 晋级资格: ranked at most `rank` in a competition of `level` in the skill's occupation. */
  requiredResult: { level: CompetitionLevel; rank: number } | null;
}

export interface RegistrationContext {
  today: string;
  competitionYear: number;
  cutOffDate: string;
  delegation: { id: string; regionCode: string | null };
  skills: readonly SkillForRegistration[];
  /** Blind index of a normalized ID number (the caller holds the key). */
  keyOf: (normalizedIdNumber: string) => string;
  /** Entries of this delegation per skill that count against the quota (not rejected), besides the rows. */
  usedQuota: ReadonlyMap<string, number>;
  /** Persons on file by key: their name. */
  nameOfPerson: ReadonlyMap<string, string>;
  /** Entries already stored in this competition, by person key (registrations and competitors). */
  entriesOfPerson: ReadonlyMap<string, ReadonlyArray<{ skillId: string }>>;
  /** Employers on file by name: their region code. */
  regionOfEmployer: ReadonlyMap<string, string | null>;
  /** Qualifying results of persons on file, by key: level, occupation code and rank achieved. Results that may satisfy a skill's 晋级资格; `advanced`: an advancement row naming this competition (or its level) — qualified whatever the rank. */
  resultsOfPerson: ReadonlyMap<string, ReadonlyArray<{ level: CompetitionLevel; occupationCode: string; rank: number; advanced?: boolean }>>;
}

export interface CheckedMember {
  row: number;
  key: string;
  name: string;
  facts: IdNumberFacts;
  phone: string | null;
  employer: string;
  occupation: string | null;
  skillLevel: SkillLevel | null;
  retirementCategory: RetirementCategory | null;
}

export interface PlannedRegistration {
  skillId: string;
  /** Rows of the entry: one, or a team's members in row order. */
  rows: number[];
  members: CheckedMember[];
}

export interface RegistrationCheck {
  problems: RowProblem[];
  /** Entries whose every row is clean, in the order of their first row. */
  clean: PlannedRegistration[];
  /** Rows that belong to an entry with a problem. */
  rowsWithProblems: number[];
}

const genderWords: Record<string, Gender> = { 男: "male", 女: "female", male: "male", female: "female", m: "male", f: "female" };
const groupWords: Record<string, EntrantGroup> = {
  职工组: "worker",
  职工: "worker",
  worker: "worker",
  workers: "worker",
  学生组: "student",
  学生: "student",
  student: "student",
  students: "student",
};
const postWords: Record<string, "cadre" | "worker"> = {
  管理岗位: "cadre",
  管理岗: "cadre",
  干部: "cadre",
  cadre: "cadre",
  工人岗位: "worker",
  工人岗: "worker",
  工人: "worker",
  worker: "worker",
};
const skillLevelWords: Record<string, SkillLevel> = {
  五级: "level5",
  初级工: "level5",
  "五级/初级工": "level5",
  四级: "level4",
  中级工: "level4",
  "四级/中级工": "level4",
  三级: "level3",
  高级工: "level3",
  "三级/高级工": "level3",
  二级: "level2",
  技师: "level2",
  "二级/技师": "level2",
  一级: "level1",
  高级技师: "level1",
  "一级/高级技师": "level1",
  特级技师: "special_technician",
  首席技师: "chief_technician",
};

/** Reads a skill level written as the template offers it (Chinese or the identifier); null when unknown. */
export function parseSkillLevel(value: string): SkillLevel | null {
  const v = value.replace(/\s+/g, "");
  if ((skillLevels as readonly string[]).includes(v.toLowerCase())) return v.toLowerCase() as SkillLevel;
  return skillLevelWords[v] ?? null;
}

export function parseGender(value: string): Gender | null {
  return genderWords[value.trim().toLowerCase()] ?? null;
}

export function parseGroup(value: string): EntrantGroup | null {
  return groupWords[value.replace(/\s+/g, "").toLowerCase()] ?? null;
}

/** Birth dates as people type them: 1998-05-01, 1998/5/1, 1998.5.1, 19980501, 1998年5月1日. */
export function parseDateText(value: string): string | null {
  const v = value.trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(v) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${m[1]}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** The prefix of region codes inside a region: 510000 → 51, 510100 → 5101, 510104 → 510104. */
export function regionPrefix(regionCode: string): string {
  let prefix = regionCode;
  while (prefix.length > 2 && prefix.endsWith("00")) prefix = prefix.slice(0, -2);
  return prefix;
}

const phonePattern = /^[0-9+ -]{5,20}$/;
const occupationCodeAtStart = /^(\d-\d{2}(?:-\d{2}(?:-\d{2})?)?)/;

function eligibilityProblem(problem: EligibilityProblem): { code: DomainErrorCode; field: RegistrationField; params: Record<string, string | number> } {
  switch (problem.code) {
    case "BORN_TOO_EARLY":
      return { code: "BORN_TOO_EARLY", field: "birthDate", params: problem.params };
    case "TOO_YOUNG":
      return { code: "TOO_YOUNG", field: "birthDate", params: problem.params };
    case "RETIREMENT_AGE_REACHED":
      return { code: "RETIREMENT_AGE_REACHED", field: "birthDate", params: problem.params };
    case "SKILL_LEVEL_TOO_LOW":
      return { code: "SKILL_LEVEL_TOO_LOW", field: "skillLevel", params: { required: problem.params.required, held: problem.params.held ?? "" } };
  }
}

function findSkill(skills: readonly SkillForRegistration[], name: string, group: EntrantGroup | null): SkillForRegistration[] {
  const named = skills.filter((s) => s.nameZh === name || (s.nameEn !== null && s.nameEn.toLowerCase() === name.toLowerCase()));
  return group === null ? named : named.filter((s) => s.entrantGroup === group);
}

function daysOverlap(a: SkillForRegistration, b: SkillForRegistration): boolean {
  return a.startsOn <= b.endsOn && b.startsOn <= a.endsOn;
}

/** Checks one row on its own; returns the member (when the row is usable at all) and the skill. */
function checkRow(
  row: RegistrationRowInput,
  context: RegistrationContext,
  problem: (field: RegistrationField | null, code: DomainErrorCode, params?: Record<string, string | number>) => void,
): { member: CheckedMember | null; skill: SkillForRegistration | null } {
  // The group may be left out when the skill exists in one group only.
  for (const field of ["name", "gender", "idNumber", "birthDate", "employer", "skill"] as const) {
    if (row[field] === "") problem(field, "REQUIRED_FIELD");
  }
  if (row.name.length > 100) problem("name", "TOO_LONG", { max: 100 });
  if (row.employer.length > 200) problem("employer", "TOO_LONG", { max: 200 });
  if (row.occupation.length > 100) problem("occupation", "TOO_LONG", { max: 100 });
  const gender = row.gender === "" ? null : parseGender(row.gender);
  if (row.gender !== "" && gender === null) problem("gender", "UNKNOWN_VALUE", { value: row.gender });
  const birthDate = row.birthDate === "" ? null : parseDateText(row.birthDate);
  if (row.birthDate !== "" && birthDate === null) problem("birthDate", "DATE_INVALID", { value: row.birthDate });
  const phone = row.phone === "" ? null : row.phone.replace(/[\s\u3000]/g, "");
  if (phone !== null && !phonePattern.test(phone)) problem("phone", "PHONE_INVALID", { value: row.phone });
  const skillLevel = row.skillLevel === "" ? null : parseSkillLevel(row.skillLevel);
  if (row.skillLevel !== "" && skillLevel === null) problem("skillLevel", "UNKNOWN_VALUE", { value: row.skillLevel });
  const group = row.group === "" ? null : parseGroup(row.group);
  if (row.group !== "" && group === null) problem("group", "UNKNOWN_VALUE", { value: row.group });

  let skill: SkillForRegistration | null = null;
  if (row.skill !== "") {
    const matches = findSkill(context.skills, row.skill, group);
    if (matches.length === 1) skill = matches[0]!;
    else if (matches.length === 0 && findSkill(context.skills, row.skill, null).length > 0)
      problem("group", "SKILL_NOT_IN_GROUP", { skill: row.skill, group: row.group });
    else if (matches.length === 0) problem("skill", "UNKNOWN_SKILL", { skill: row.skill });
    else problem("group", "REQUIRED_FIELD");
  }

  let facts: IdNumberFacts | null = null;
  if (row.idNumber !== "") {
    try {
      facts = parseIdNumber(row.idNumber, context.today);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      problem("idNumber", error.code);
    }
  }
  if (facts && birthDate && facts.birthDate !== birthDate) problem("birthDate", "BIRTH_DATE_MISMATCH", { birthDate: facts.birthDate });
  if (facts && gender && facts.gender !== gender) problem("gender", "GENDER_MISMATCH");

  let retirementCategory: RetirementCategory | null = null;
  const post = row.postCategory === "" ? null : (postWords[row.postCategory.replace(/\s+/g, "").toLowerCase()] ?? null);
  if (row.postCategory !== "" && post === null) problem("postCategory", "UNKNOWN_VALUE", { value: row.postCategory });
  const sex = facts?.gender ?? gender;
  if (sex === "male") retirementCategory = "male";
  else if (sex === "female" && post) retirementCategory = post === "cadre" ? "female_cadre" : "female_worker";
  if (skill?.ageRule === "cn_working_age" && sex === "female" && post === null && row.postCategory === "") problem("postCategory", "POST_CATEGORY_REQUIRED");

  if (skill) {
    // The age window needs the birth date (and, for working age, whose retirement age applies).
    const born = facts?.birthDate ?? birthDate;
    const ageKnown = born !== null && (skill.ageRule !== "cn_working_age" || retirementCategory !== null);
    const verdicts = checkEligibility(
      { birthDate: born ?? context.cutOffDate, retirementCategory: retirementCategory ?? "male", skillLevel },
      {
        ageRule: ageKnown ? skill.ageRule : "none",
        cutOffDate: context.cutOffDate,
        competitionYear: context.competitionYear,
        requiredSkillLevel: skill.requiredSkillLevel,
      },
    );
    for (const verdict of verdicts) {
      const p = eligibilityProblem(verdict);
      problem(p.field, p.code, p.params);
    }
    if (skill.requireOccupation) {
      const code = occupationCodeAtStart.exec(row.occupation)?.[1] ?? null;
      if (code === null || !(code.startsWith(skill.occupationCode) || skill.occupationCode.startsWith(code)))
        problem("occupation", "OCCUPATION_MISMATCH", { occupationCode: skill.occupationCode });
    }
    if (skill.requireLocality && context.delegation.regionCode && row.employer !== "") {
      const region = context.regionOfEmployer.get(row.employer);
      if (region && !region.startsWith(regionPrefix(context.delegation.regionCode)))
        problem("employer", "EMPLOYER_OUTSIDE_REGION", { employer: row.employer, regionCode: region });
    }
    if (skill.teamSize > 1 && row.team === "") problem("team", "TEAM_REQUIRED", { size: skill.teamSize });
    if (skill.requiredResult && facts) {
      const { level, rank } = skill.requiredResult;
      const results = context.resultsOfPerson.get(context.keyOf(facts.normalized)) ?? [];
      const sameOccupation = (code: string) => code.startsWith(skill.occupationCode) || skill.occupationCode.startsWith(code);
      if (!results.some((r) => sameOccupation(r.occupationCode) && (r.advanced === true || (r.level === level && r.rank <= rank))))
        problem("idNumber", "RESULT_REQUIRED", { level, rank });
    }
  }

  if (!facts || row.name === "") return { member: null, skill };
  return {
    member: {
      row: row.row,
      key: context.keyOf(facts.normalized),
      name: row.name,
      facts,
      phone,
      employer: row.employer,
      occupation: row.occupation === "" ? null : row.occupation,
      skillLevel,
      retirementCategory,
    },
    skill,
  };
}

/**
 * Checks a batch of rows of one delegation. Rows of a team skill with the same team label form
 * one entry; every other row is one entry. An entry is clean when all its rows are.
 */
export function checkRegistrationRows(rows: readonly RegistrationRowInput[], context: RegistrationContext): RegistrationCheck {
  const problems: RowProblem[] = [];
  const checked = rows.map((row) => {
    const rowProblems: RowProblem[] = [];
    const result = checkRow(row, context, (field, code, params = {}) => rowProblems.push({ row: row.row, field, code, params }));
    problems.push(...rowProblems);
    return { row, ...result };
  });

  // Persons across rows and against what is stored.
  const firstRowOfPersonInSkill = new Map<string, number>();
  const skillsOfPerson = new Map<string, Array<{ skill: SkillForRegistration; row: number }>>();
  const skillById = new Map(context.skills.map((s) => [s.id, s]));
  for (const { row, member, skill } of checked) {
    if (!member) continue;
    const nameOnFile = context.nameOfPerson.get(member.key);
    if (nameOnFile !== undefined && nameOnFile !== member.name) problems.push({ row: row.row, field: "name", code: "PERSON_NAME_MISMATCH", params: {} });
    if (!skill) continue;
    const seenKey = `${member.key} ${skill.id}`;
    const earlier = firstRowOfPersonInSkill.get(seenKey);
    if (earlier !== undefined) problems.push({ row: row.row, field: "idNumber", code: "PERSON_TWICE_IN_FILE", params: { row: earlier } });
    else firstRowOfPersonInSkill.set(seenKey, row.row);
    const stored = context.entriesOfPerson.get(member.key) ?? [];
    if (stored.some((e) => e.skillId === skill.id))
      problems.push({ row: row.row, field: "idNumber", code: "PERSON_ALREADY_IN_SKILL", params: { skill: skill.nameZh } });
    const sameDay = [
      ...stored.map((e) => ({ skill: skillById.get(e.skillId), row: null as number | null })),
      ...(skillsOfPerson.get(member.key) ?? []).map((e) => ({ skill: e.skill, row: e.row as number | null })),
    ].find((e) => e.skill && e.skill.id !== skill.id && daysOverlap(e.skill, skill));
    if (sameDay?.skill)
      problems.push({ row: row.row, field: "skill", code: "SAME_DAY_OTHER_SKILL", params: { skill: sameDay.skill.nameZh, date: sameDay.skill.startsOn } });
    skillsOfPerson.set(member.key, [...(skillsOfPerson.get(member.key) ?? []), { skill, row: row.row }]);
  }

  // Entries: teams by label within a skill; team sizes.
  const entries: Array<{ skill: SkillForRegistration; rows: typeof checked }> = [];
  const teamIndex = new Map<string, number>();
  for (const item of checked) {
    if (!item.skill) continue;
    if (item.skill.teamSize > 1 && item.row.team !== "") {
      const label = `${item.skill.id} ${item.row.team}`;
      const at = teamIndex.get(label);
      if (at !== undefined) {
        entries[at]!.rows.push(item);
        continue;
      }
      teamIndex.set(label, entries.length);
    }
    entries.push({ skill: item.skill, rows: [item] });
  }
  for (const entry of entries) {
    if (entry.skill.teamSize > 1 && entry.rows.length !== entry.skill.teamSize && entry.rows[0]!.row.team !== "") {
      for (const item of entry.rows)
        problems.push({ row: item.row.row, field: "team", code: "TEAM_SIZE_MISMATCH", params: { expected: entry.skill.teamSize, actual: entry.rows.length } });
    }
  }

  // Quota per skill, after what is stored: first the entries with no other problem, in file
  // order (so importing only the clean rows keeps every place it can), then the others — a row
  // that would go over once fixed says so now, so every problem shows in one round.
  const rowsWithOtherProblems = new Set(problems.map((p) => p.row));
  const hasOtherProblem = (entry: (typeof entries)[number]) => entry.rows.some((item) => rowsWithOtherProblems.has(item.row.row) || !item.member);
  const used = new Map(context.usedQuota);
  for (const entry of [...entries.filter((e) => !hasOtherProblem(e)), ...entries.filter(hasOtherProblem)]) {
    const count = (used.get(entry.skill.id) ?? 0) + 1;
    used.set(entry.skill.id, count);
    if (count > entry.skill.quota) {
      for (const item of entry.rows)
        problems.push({
          row: item.row.row,
          field: "skill",
          code: "QUOTA_EXCEEDED",
          params: { skill: entry.skill.nameZh, quota: entry.skill.quota, used: context.usedQuota.get(entry.skill.id) ?? 0 },
        });
    }
  }

  const badRows = new Set(problems.map((p) => p.row));
  for (const { row, skill } of checked) if (!skill) badRows.add(row.row);
  const clean: PlannedRegistration[] = [];
  for (const entry of entries) {
    if (entry.rows.some((item) => badRows.has(item.row.row) || !item.member)) {
      for (const item of entry.rows) badRows.add(item.row.row);
      continue;
    }
    clean.push({ skillId: entry.skill.id, rows: entry.rows.map((i) => i.row.row), members: entry.rows.map((i) => i.member!) });
  }
  problems.sort((a, b) => a.row - b.row || registrationFields.indexOf(a.field ?? "name") - registrationFields.indexOf(b.field ?? "name"));
  return { problems, clean, rowsWithProblems: [...badRows].sort((a, b) => a - b) };
}

/** What a person may do to a registration in a state (the organizer reviews; the leader edits). */
export type RegistrationAction = "edit" | "submit" | "approve" | "reject" | "delete";

export function allowedActions(status: RegistrationStatus, as: "team_leader" | "organizer"): RegistrationAction[] {
  const leader: Record<RegistrationStatus, RegistrationAction[]> = {
    draft: ["edit", "submit", "delete"],
    submitted: [],
    rejected: ["edit", "submit", "delete"],
    approved: [],
  };
  const organizer: Record<RegistrationStatus, RegistrationAction[]> = {
    draft: ["edit", "submit", "delete"],
    submitted: ["approve", "reject"],
    rejected: ["edit", "submit", "delete"],
    approved: [],
  };
  return (as === "organizer" ? organizer : leader)[status];
}

/** Is the registration window open at `now`? `closed_not_opened`, `open`, `closed`. */
export function windowState(window: { opensAt: Date | null; closesAt: Date | null }, now: Date): "not_opened" | "open" | "closed" {
  if (!window.opensAt || !window.closesAt || now < window.opensAt) return "not_opened";
  return now < window.closesAt ? "open" : "closed";
}
