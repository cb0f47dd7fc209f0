// Registering competitors (选手报名) of one skill in one batch, each entry a code (the registration
// number), a delegation and its members (a team skill: teamSize persons). This module decides,
// without I/O, what a batch means against what is already stored:
//   - every ID number valid (GB 11643) and agreeing with the declared birth date and gender;
//   - the skill's team size; no code and no person twice in the batch;
//   - a known delegation (by id, or by its Chinese or English name);
//   - an entry whose code is stored with the same skill, delegation and persons is a repeat
//     (answered with the stored competitor); the same code with anything else is taken;
//   - a person is matched by the blind index of the ID number (`key`), never by name: one person
//     is in a skill once, and an ID number on file under another name is refused, not merged.
// All or nothing: any problem refuses the whole batch, with every problem and its path.
import type { DomainErrorCode } from "../errors";
import { isDomainError } from "../errors";
import { parseIdNumber, type Gender, type IdNumberFacts } from "../identity/id-number";

export interface MemberDraft {
  name: string;
  idNumber: string;
  /** Blind index of the normalized ID number (computed by the caller, who holds the key). */
  key: string;
  gender: Gender;
  birthDate: string;
}

export interface EntryDraft {
  code: string;
  delegation: { id: string } | { name: string };
  members: MemberDraft[];
}

export interface StoredRegistrations {
  delegations: ReadonlyArray<{ id: string; nameZh: string; nameEn: string | null }>;
  /** Competitors of the whole competition with one of the batch's codes (codes are unique per competition). */
  competitorsByCode: ReadonlyMap<string, { competitorId: string; skillId: string; delegationId: string; memberKeys: readonly string[] }>;
  /** Persons already entered in this skill: key → the code of their entry. */
  codeOfPersonInSkill: ReadonlyMap<string, string>;
  /** Persons on file: key → name. */
  nameOfPerson: ReadonlyMap<string, string>;
}

export interface RegistrationProblem {
  /** Where in the request, e.g. `competitors[3].members[0].idNumber`. */
  path: string;
  code: DomainErrorCode;
  params: Record<string, string | number>;
}

export type PlannedEntry =
  { kind: "repeat"; competitorId: string } | { kind: "new"; delegationId: string; members: Array<{ key: string; facts: IdNumberFacts; onFile: boolean }> };

export type RegistrationPlan = { ok: true; entries: PlannedEntry[] } | { ok: false; problems: RegistrationProblem[] };

/** Problems that only say the stored data disagrees with the request (a conflicting repeat). */
export const conflictCodes: ReadonlySet<DomainErrorCode> = new Set(["CODE_TAKEN", "PERSON_ALREADY_IN_SKILL", "PERSON_NAME_MISMATCH"]);

function resolveDelegation(ref: EntryDraft["delegation"], delegations: StoredRegistrations["delegations"]): string | null {
  if ("id" in ref) return delegations.find((d) => d.id === ref.id)?.id ?? null;
  const byZh = delegations.filter((d) => d.nameZh === ref.name);
  const matches = byZh.length > 0 ? byZh : delegations.filter((d) => d.nameEn === ref.name);
  return matches.length === 1 ? matches[0]!.id : null;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

export function planRegistration(
  batch: { skillId: string; teamSize: number; today: string; entries: readonly EntryDraft[] },
  stored: StoredRegistrations,
): RegistrationPlan {
  const problems: RegistrationProblem[] = [];
  const entries: PlannedEntry[] = [];
  const codesSeen = new Set<string>();
  const personsSeen = new Set<string>();

  batch.entries.forEach((entry, i) => {
    const at = `competitors[${i}]`;
    const problem = (path: string, code: DomainErrorCode, params: Record<string, string | number> = {}) =>
      problems.push({ path: `${at}${path}`, code, params });

    if (codesSeen.has(entry.code)) problem(".code", "DUPLICATE_CODE", { code: entry.code });
    codesSeen.add(entry.code);
    const delegationId = resolveDelegation(entry.delegation, stored.delegations);
    if (!delegationId)
      problem("id" in entry.delegation ? ".delegationId" : ".delegation", "UNKNOWN_DELEGATION", {
        delegation: "id" in entry.delegation ? entry.delegation.id : entry.delegation.name,
      });
    if (entry.members.length !== batch.teamSize) problem(".members", "TEAM_SIZE_MISMATCH", { expected: batch.teamSize, actual: entry.members.length });

    const members: Array<{ key: string; facts: IdNumberFacts; onFile: boolean }> = [];
    entry.members.forEach((member, j) => {
      const memberAt = `.members[${j}]`;
      let facts: IdNumberFacts;
      try {
        facts = parseIdNumber(member.idNumber, batch.today);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        problem(`${memberAt}.idNumber`, error.code);
        return;
      }
      if (facts.birthDate !== member.birthDate) problem(`${memberAt}.birthDate`, "BIRTH_DATE_MISMATCH", { birthDate: facts.birthDate });
      if (facts.gender !== member.gender) problem(`${memberAt}.gender`, "GENDER_MISMATCH");
      if (personsSeen.has(member.key)) problem(`${memberAt}.idNumber`, "PERSON_TWICE");
      personsSeen.add(member.key);
      const nameOnFile = stored.nameOfPerson.get(member.key);
      if (nameOnFile !== undefined && nameOnFile !== member.name) problem(`${memberAt}.name`, "PERSON_NAME_MISMATCH");
      members.push({ key: member.key, facts, onFile: nameOnFile !== undefined });
    });

    const existing = stored.competitorsByCode.get(entry.code);
    if (existing) {
      const isRepeat =
        existing.skillId === batch.skillId &&
        existing.delegationId === delegationId &&
        sameKeys(
          existing.memberKeys,
          entry.members.map((m) => m.key),
        );
      if (isRepeat) entries.push({ kind: "repeat", competitorId: existing.competitorId });
      else problem(".code", "CODE_TAKEN", { code: entry.code });
      return;
    }
    entry.members.forEach((member, j) => {
      const otherCode = stored.codeOfPersonInSkill.get(member.key);
      if (otherCode !== undefined) problem(`.members[${j}].idNumber`, "PERSON_ALREADY_IN_SKILL", { code: otherCode });
    });
    if (delegationId) entries.push({ kind: "new", delegationId, members });
  });

  return problems.length > 0 ? { ok: false, problems } : { ok: true, entries };
}
