// The people of the demo's history (demo-history.ts): the main competition's persons as the
// history knows them, new persons and employers made up from a seeded random source, and the
// rows waiting to be written with the next competition's entries (demo-history-runs.ts writes them).
import { randomUUID } from "node:crypto";
import type { Insertable } from "kysely";
import type { PersonTable } from "../schema";
import type { SkillLevel } from "~/domain/competition/ladder";
import { composeIdNumber, type Gender } from "~/domain/identity/id-number";
import type { ServiceDeps } from "~/services/deps.server";
import { protectIdNumber } from "~/services/identity/protect-id-number.server";
import { femaleGivenCharacters, maleGivenCharacters, mobilePrefixes, surnames } from "./data/names";
import { brands, businessLines, type Industry } from "./data/organizations";
import { sichuanRegions, type SichuanRegion } from "./data/sichuan-regions";
import { heldSkillLevel, type DemoPeoplePlan } from "./demo-people";
import { seededRandom, type Random } from "./random";

/** The main competition's people, as written: plan index → person id, and the level each held on entry. */
export interface HistorySource {
  plan: DemoPeoplePlan;
  personIds: readonly string[];
  levels: ReadonlyMap<number, SkillLevel>;
  mainCompetitionId: string;
}

/** A person as the history knows them: who, and how good (the base of their marks). */
export interface Person {
  id: string;
  birthDate: string;
  regionCode: string;
  ability: number;
  /** The skill level held now; history-only persons go one level up after a top-3 place. */
  level: SkillLevel;
  /** One of the main competition's persons: their level stays the one held in 2026. */
  main: boolean;
}

export interface Entrant {
  person: Person;
  delegationKey: string;
  /** This contest's ability: the person's base with a little day-to-day noise. */
  ability: number;
}

export function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** The industry a plan employer belongs to, from its line of business. */
function industryOf(name: string): Industry | null {
  for (const [industry, lines] of Object.entries(businessLines) as Array<[Industry, readonly string[]]>)
    if (lines.some((l) => name.endsWith(l))) return industry;
  return null;
}

/** The persons and employers of the history; History (demo-history-runs.ts) runs the competitions. */
export class HistoryPeople {
  protected readonly random: Random;
  private readonly names = new Set<string>();
  private readonly idNumbers = new Set<string>();
  /** Employers by "regionCode:industry", in a stable order; new ones are written with the next people. */
  private readonly employers = new Map<string, Array<{ id: string; name: string }>>();
  private readonly orgNames = new Set<string>();
  protected pendingOrgs: Array<{ id: string; name: string; kind: "enterprise"; regionCode: string }> = [];
  protected pendingPersons: Array<Insertable<PersonTable> & { id: string }> = [];
  readonly main = new Map<number, Person>();
  newPersons = 0;

  constructor(
    protected readonly deps: ServiceDeps,
    private readonly source: HistorySource,
    protected readonly seed: number,
    organizations: ReadonlyArray<{ id: string; name: string; regionCode: string | null }>,
  ) {
    this.random = seededRandom(seed + 10);
    for (const p of source.plan.persons) {
      this.names.add(p.name);
      this.idNumbers.add(p.idNumber);
    }
    const idOf = new Map(organizations.map((o) => [o.name, o.id]));
    for (const o of source.plan.organizations) {
      this.orgNames.add(o.name);
      const industry = industryOf(o.name);
      const id = idOf.get(o.name);
      if (!industry || !id) continue;
      const key = `${o.regionCode}:${industry}`;
      this.employers.set(key, [...(this.employers.get(key) ?? []), { id, name: o.name }]);
    }
  }

  /** A main-competition person (plan index) as the history knows them. */
  mainPerson(index: number, ability: number): Person {
    const known = this.main.get(index);
    if (known) return known;
    const planned = this.source.plan.persons[index]!;
    const person: Person = {
      id: this.source.personIds[index]!,
      birthDate: planned.birthDate,
      regionCode: planned.regionCode,
      ability,
      level: this.source.levels.get(index) ?? "level3",
      main: true,
    };
    this.main.set(index, person);
    return person;
  }

  /** An organization written with the next people (the group's companies, or a new employer). */
  organization(name: string, regionCode: string): string {
    const existing = this.pendingOrgs.find((o) => o.name === name);
    if (existing) return existing.id;
    const id = randomUUID();
    this.orgNames.add(name);
    this.pendingOrgs.push({ id, name, kind: "enterprise", regionCode });
    return id;
  }

  /** An employer of the industry in the city: one the main plan has, or a new one. */
  employer(cityCode: string, cityShort: string, industry: Industry): string {
    const key = `${cityCode}:${industry}`;
    const known = this.employers.get(key) ?? [];
    if (known.length > 0 && this.random.chance(0.8)) return this.random.pick(known).id;
    for (;;) {
      const name = `${cityShort}${this.random.pick(brands)}${this.random.pick(businessLines[industry])}`;
      if (this.orgNames.has(name)) continue;
      const id = this.organization(name, cityCode);
      this.employers.set(key, [...known, { id, name }]);
      return id;
    }
  }

  /** A new person, written with the competition's entries. */
  person(opts: { regionCode: string; employerId: string; birthYears: [number, number]; femaleShare: number; ability: number; year: number }): Person {
    const random = this.random;
    const gender: Gender = random.chance(opts.femaleShare) ? "female" : "male";
    const given = gender === "male" ? maleGivenCharacters : femaleGivenCharacters;
    let name: string;
    do {
      name = random.pick(surnames) + random.pick(given) + (random.chance(0.7) ? random.pick(given) : "");
    } while (this.names.has(name));
    this.names.add(name);
    const birthDate = `${random.int(opts.birthYears[0], opts.birthYears[1])}-${String(random.int(1, 12)).padStart(2, "0")}-${String(random.int(1, 28)).padStart(2, "0")}`;
    let idNumber: string;
    // Sequences 600–999: clear of the 2027 registrations' and the tests' numbers.
    do {
      idNumber = composeIdNumber(opts.regionCode, birthDate, random.int(600, 998), gender);
    } while (this.idNumbers.has(idNumber));
    this.idNumbers.add(idNumber);
    const phone = random.pick(mobilePrefixes) + String(random.int(0, 99_999_999)).padStart(8, "0");
    const id = randomUUID();
    this.pendingPersons.push({
      id,
      name,
      gender,
      birthDate,
      ...protectIdNumber(this.deps.secrets.piiKey, idNumber),
      employerId: opts.employerId,
      regionCode: opts.regionCode,
      phone,
    });
    this.newPersons++;
    return { id, birthDate, regionCode: opts.regionCode, ability: opts.ability, level: heldSkillLevel(birthDate, "worker", opts.year, random), main: false };
  }

  entrant(person: Person, delegationKey: string): Entrant {
    const noise = (this.random.next() - 0.5) * 0.08;
    // A flawless person (the climber) stays flawless; everyone else has better and worse days.
    return { person, delegationKey, ability: person.ability >= 1 ? 1 : clamp(person.ability + noise, 0.05, 0.99) };
  }

  ability(low: number, high: number): number {
    return low + this.random.next() * (high - low);
  }

  pick<T>(items: readonly T[]): T {
    return this.random.pick(items);
  }

  /** `count` distinct regions, the industrial cities more often. */
  regions(count: number, except: ReadonlySet<string>): SichuanRegion[] {
    const left = sichuanRegions.filter((r) => !except.has(r.code));
    const weight = (r: SichuanRegion) => (["510100", "510500", "510600", "510700", "511500"].includes(r.code) ? 4 : r.kind === "prefecture" ? 1 : 2);
    const chosen: SichuanRegion[] = [];
    while (chosen.length < count && left.length > 0) chosen.push(left.splice(this.random.weighted(left.map(weight)), 1)[0]!);
    return chosen;
  }
}
