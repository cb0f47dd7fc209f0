// The demo's history (data/history.ts): seven earlier competitions, run in order, whose entrants
// are the best of the ones before — so one Deyang welder climbs from a city contest to the
// WorldSkills national training squad, and the 2026 Chengdu competitors of the running
// provincial contest (the same person rows) came through the group's and the city's contests.
//
// What an organizer and a chief judge do goes through the services: competitions, skills,
// delegations, roles, marking schemes, both draws of every skill and the module locks. The
// people, entries, state changes and marks — a few thousand rows — are bulk-inserted, one
// transaction per competition for the people and one for the marks, each recorded by one
// scenario audit event, which keeps a first start fast. The scores are then rebuilt from the
// marks as the results service does, and the next competition's entrants are read from the
// standings. Everything is seeded, so every run yields the same history.
//
// Publication, advancement and the squad's rounds are the publication service's: loadDemoHistory
// returns what to publish (in order), the advancement rules and the rounds, for it to apply.
import { createHash, randomUUID } from "node:crypto";
import type { Insertable } from "kysely";
import type { MarkTable, PersonTable } from "../schema";
import type { Principal } from "~/domain/access/roles";
import type { CompetitionLevel, SkillLevel, Track } from "~/domain/competition/ladder";
import { skillLevels } from "~/domain/competition/ladder";
import { composeIdNumber, type Gender } from "~/domain/identity/id-number";
import { checkMarkValue, type MarkValue } from "~/domain/marking-scheme/mark-value";
import type { Aspect } from "~/domain/marking-scheme/scheme";
import { judgesNeeded, syntheticMarkValue } from "~/domain/marking-scheme/synthetic-marks";
import { grantRole } from "~/services/accounts/grant-role.server";
import type { ServiceDeps } from "~/services/deps.server";
import { protectIdNumber } from "~/services/identity/protect-id-number.server";
import { saveMarkingScheme } from "~/services/marking-schemes/save-marking-scheme.server";
import { loadSchemeContext } from "~/services/marks/scheme-context.server";
import { setModuleLock } from "~/services/marks/set-module-lock.server";
import { runDraw } from "~/services/registration/draw.server";
import { loadSkillStandings } from "~/services/results/load-skill-standings.server";
import { rebuildSkillScores } from "~/services/results/rebuild-skill-scores.server";
import { inWriteTransaction } from "~/services/transaction.server";
import {
  chengduDistricts,
  historyCompetitions,
  occupations,
  provinces,
  shunengCompanies,
  squadRounds,
  type HistoryCompetition,
  type HistoryDelegation,
  type HistoryKey,
  type HistorySkill,
  type Occupation,
} from "./data/history";
import { demoSchemeDraft } from "./data/marking-schemes";
import { femaleGivenCharacters, maleGivenCharacters, mobilePrefixes, surnames } from "./data/names";
import { brands, businessLines, type Industry } from "./data/organizations";
import { sichuanRegions, type SichuanRegion } from "./data/sichuan-regions";
import { heldSkillLevel, shortNameOf, type DemoPeoplePlan } from "./demo-people";
import { returningWelder } from "./demo-registrations";
import { instant, createCompetition } from "./demo-setup";
import { seededRandom, type Random } from "./random";

/** The main competition's people, as written: plan index → person id, and the level each held on entry. */
export interface HistorySource {
  plan: DemoPeoplePlan;
  personIds: readonly string[];
  levels: ReadonlyMap<number, SkillLevel>;
  mainCompetitionId: string;
}

export type AdvancementKind = "reserve" | "eligible" | "delegation" | "squad";

export interface DemoHistory {
  /** Each history competition, in the order it ran. */
  competitions: Array<{ key: HistoryKey; competitionId: string; level: CompetitionLevel; year: number; skills: number; competitors: number }>;
  /** Every history skill's results, to publish in this (chronological) order, each at its time (Shanghai wall clock). */
  publish: Array<{ competitionId: string; skillId: string; publishedAtLocal: string }>;
  /** The national training squad's elimination rounds per occupation. */
  squad: Array<{ competitionId: string; occupationCode: string; rounds: Array<{ roundNo: number; skillId: string; keepCount: number; reserveCount: number }> }>;
  /** How each competition fed the next level (the entrants above were chosen by these). */
  advancementRules: Array<{
    competitionId: string;
    kind: AdvancementKind;
    targetLevel: CompetitionLevel;
    targetCompetitionId: string | null;
    topN: number;
    topNTeam: number | null;
    track: Track | null;
  }>;
  /** The Deyang welder entered to climb from the 2025 city contest to the squad. */
  climberPersonId: string;
  /** Persons the history added (beyond the main competition's). */
  newPersons: number;
  competitors: number;
  marks: number;
}

/** A person as the history knows them: who, and how good (the base of their marks). */
interface Person {
  id: string;
  birthDate: string;
  regionCode: string;
  ability: number;
  /** The skill level held now; history-only persons go one level up after a top-3 place. */
  level: SkillLevel;
  /** One of the main competition's persons: their level stays the one held in 2026. */
  main: boolean;
}

interface Entrant {
  person: Person;
  delegationKey: string;
  /** This contest's ability: the person's base with a little day-to-day noise. */
  ability: number;
}

interface SkillRun {
  skill: HistorySkill;
  skillId: string;
  entrants: Entrant[];
  competitorIds: string[];
  /** The entrants by rank (best first), once marked. */
  ranked: Entrant[];
}

interface CompetitionRun {
  def: HistoryCompetition;
  competitionId: string;
  skillIds: ReadonlyMap<string, string>;
  delegationIds: ReadonlyMap<string, string>;
  organizerId: string;
  supervisorId: string;
  skills: Map<string, SkillRun>;
  /** Persons, competitors and marks written for it. */
  counts: { persons: number; competitors: number; marks: number };
}

const markChunk = 500;
const rowChunk = 200;

/** One level up, never above 一级/高级技师 for these contests. */
function oneUp(level: SkillLevel): SkillLevel {
  const i = skillLevels.indexOf(level);
  return i < skillLevels.indexOf("level1") ? skillLevels[i + 1]! : level;
}

function dayAfter(localDateTime: string): string {
  const date = new Date(`${localDateTime.slice(0, 10)}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** Judgement scores of one aspect: within the spread limit (1), so nothing waits for a justification. */
function judgementScores(ability: number, count: number, random: Random): number[] {
  const base = clamp(Math.round(ability * 3 + (random.next() - 0.5) * 1.2), 0, 3);
  const other = base === 3 ? 2 : base === 0 ? 1 : random.chance(0.5) ? base - 1 : base + 1;
  return Array.from({ length: count }, (_, i) => (i === 0 || random.next() < 0.6 ? base : other));
}

/** The industry a plan employer belongs to, from its line of business. */
function industryOf(name: string): Industry | null {
  for (const [industry, lines] of Object.entries(businessLines) as Array<[Industry, readonly string[]]>)
    if (lines.some((l) => name.endsWith(l))) return industry;
  return null;
}

class History {
  private readonly random: Random;
  private readonly schemeRandom: Random;
  private readonly markRandom: Random;
  private readonly names = new Set<string>();
  private readonly idNumbers = new Set<string>();
  /** Employers by "regionCode:industry", in a stable order; new ones are written with the next people. */
  private readonly employers = new Map<string, Array<{ id: string; name: string }>>();
  private readonly orgNames = new Set<string>();
  private pendingOrgs: Array<{ id: string; name: string; kind: "enterprise"; regionCode: string }> = [];
  private pendingPersons: Array<Insertable<PersonTable> & { id: string }> = [];
  private readonly judgeNames = new Map<string, string>();
  readonly main = new Map<number, Person>();
  newPersons = 0;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly admin: Principal,
    private readonly source: HistorySource,
    private readonly seed: number,
    organizations: ReadonlyArray<{ id: string; name: string; regionCode: string | null }>,
  ) {
    this.random = seededRandom(seed + 10);
    this.schemeRandom = seededRandom(seed + 11);
    this.markRandom = seededRandom(seed + 17);
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

  private judgeName(username: string): string {
    const known = this.judgeNames.get(username);
    if (known) return known;
    const name = this.random.pick(surnames) + this.random.pick(maleGivenCharacters) + this.random.pick(maleGivenCharacters);
    this.judgeNames.set(username, name);
    return name;
  }

  /** Sets a competition up: the competition, its skills and delegations, its organizer and supervisor. */
  async setup(def: HistoryCompetition, extraDelegations: readonly HistoryDelegation[] = []): Promise<CompetitionRun> {
    const { deps, admin } = this;
    const delegations = [...def.delegations, ...extraDelegations];
    const created = await createCompetition(
      deps,
      admin,
      def.competition,
      def.skills,
      delegations.map(({ key: _key, ...input }) => input),
    );
    const { competitionId } = created;
    const staff = async (role: "organizer" | "supervisor", displayName: string) => {
      const { userId } = await grantRole(deps, admin, competitionId, {
        username: `${role}.${def.key.toLowerCase()}`,
        displayName,
        password: null,
        role,
        skillId: null,
        delegationId: null,
      });
      return userId;
    };
    const organizerId = await staff("organizer", `${def.competition.organizerName} 赛务组`);
    const supervisorId = await staff("supervisor", `${def.competition.nameZh} 督导组`);
    return {
      def,
      competitionId,
      skillIds: new Map(def.skills.map((s, i) => [s.key, created.skillIds[i]!])),
      delegationIds: new Map(delegations.map((d, i) => [d.key, created.delegationIds[i]!])),
      organizerId,
      supervisorId,
      skills: new Map(),
      counts: { persons: 0, competitors: 0, marks: 0 },
    };
  }

  /** A competition run whole: every skill in one stage. */
  async run(def: HistoryCompetition, extraDelegations: readonly HistoryDelegation[], entrantsOf: (skill: HistorySkill) => Entrant[]): Promise<CompetitionRun> {
    const competition = await this.setup(def, extraDelegations);
    await this.stage(competition, def.skills, entrantsOf);
    return competition;
  }

  /** Some skills of a competition, start to finish: entries, judges, schemes, draws, marks, locks and standings. */
  async stage(competition: CompetitionRun, stageSkills: readonly HistorySkill[], entrantsOf: (skill: HistorySkill) => Entrant[]): Promise<void> {
    const { deps, admin } = this;
    const { def, competitionId, delegationIds, organizerId, supervisorId } = competition;
    const organizer: Principal = {
      userId: organizerId,
      isPlatformAdmin: false,
      grants: [{ role: "organizer", competitionId, skillId: null, delegationId: null }],
    };

    // Entries: the people first (some new), then competitors in skill order.
    const skills: SkillRun[] = stageSkills.map((skill) => ({
      skill,
      skillId: competition.skillIds.get(skill.key)!,
      entrants: entrantsOf(skill),
      competitorIds: [],
      ranked: [],
    }));
    const competitors: Array<{ id: string; competitionId: string; skillId: string; delegationId: string; registrationNo: string }> = [];
    const members: Array<{ competitorId: string; personId: string; skillLevel: SkillLevel }> = [];
    for (const run of skills) {
      for (const e of run.entrants) {
        const id = randomUUID();
        const delegationId = delegationIds.get(e.delegationKey);
        if (!delegationId) throw new Error(`Demo history: no delegation ${e.delegationKey} in ${def.key}`);
        competitors.push({
          id,
          competitionId,
          skillId: run.skillId,
          delegationId,
          registrationNo: `${def.registrationPrefix}-${String(competition.counts.competitors + competitors.length + 1).padStart(3, "0")}`,
        });
        members.push({ competitorId: id, personId: e.person.id, skillLevel: e.person.level });
        run.competitorIds.push(id);
      }
    }
    const orgs = this.pendingOrgs;
    const persons = this.pendingPersons;
    this.pendingOrgs = [];
    this.pendingPersons = [];
    await inWriteTransaction(deps, async (tx) => {
      for (let i = 0; i < orgs.length; i += rowChunk)
        await tx.trx
          .insertInto("organization")
          .values(orgs.slice(i, i + rowChunk))
          .execute();
      for (let i = 0; i < persons.length; i += rowChunk)
        await tx.trx
          .insertInto("person")
          .values(persons.slice(i, i + rowChunk))
          .execute();
      for (let i = 0; i < competitors.length; i += rowChunk)
        await tx.trx
          .insertInto("competitor")
          .values(competitors.slice(i, i + rowChunk))
          .execute();
      for (let i = 0; i < members.length; i += rowChunk)
        await tx.trx
          .insertInto("competitorMember")
          .values(members.slice(i, i + rowChunk))
          .execute();
      tx.audit({
        actorUserId: admin.userId,
        action: "scenario.loaded",
        entityType: "competition",
        entityId: competitionId,
        competitionId,
        after: {
          scenario: "demo history",
          competition: def.key,
          seed: this.seed,
          organizations: orgs.length,
          persons: persons.length,
          competitors: competitors.length,
          competitorMembers: members.length,
        },
      });
    });

    // The judges: a chief judge and the judges each aspect needs, from a pool per occupation.
    const judges = new Map<string, string[]>();
    for (const run of skills) {
      const ids: string[] = [];
      for (let n = 1; n <= occupations[run.skill.occupation].judges; n++) {
        const username = `expert.${run.skill.occupation}.${String(n).padStart(2, "0")}`;
        const { userId } = await grantRole(deps, admin, competitionId, {
          username,
          displayName: this.judgeName(username),
          password: null,
          role: n === 1 ? "chief_judge" : "judge",
          skillId: run.skillId,
          delegationId: null,
        });
        ids.push(userId);
      }
      judges.set(run.skillId, ids);
    }

    // A 100-mark scheme per skill, then both draws (witnessed, seeded), before any mark.
    for (const run of skills) {
      const saved = await saveMarkingScheme(deps, admin, {
        competitionId,
        skillId: run.skillId,
        draft: demoSchemeDraft(run.skill.occupation, this.schemeRandom, { lean: true }),
      });
      if (!saved.ok) throw new Error(`demo history scheme of ${def.key}/${run.skill.key} is invalid: ${JSON.stringify(saved.problems)}`);
    }
    for (const run of skills) {
      for (const kind of ["check_in", "workstation"] as const) {
        const seed = createHash("sha256").update(`gongjiang demo ${this.seed} history ${def.key} ${run.skill.key} ${kind}`).digest("hex");
        await runDraw(deps, organizer, { competitionId, skillId: run.skillId }, { kind, witnessUserId: supervisorId, seed, reason: null });
      }
    }

    // The day itself: everyone checked in, competed and finished; every aspect marked by the
    // judges it needs; the scores rebuilt from the marks.
    let markCount = 0;
    await inWriteTransaction(deps, async (tx) => {
      for (const run of skills) {
        const [chiefId, ...rest] = judges.get(run.skillId)!;
        const panel = [chiefId!, ...rest];
        const startsAt = instant(run.skill.startsAtLocal);
        const endsAt = instant(run.skill.endsAtLocal);
        const steps = [
          { action: "check_in", fromState: "registered", toState: "ready", actorUserId: organizerId, occurredAt: new Date(startsAt.getTime() - 30 * 60_000) },
          { action: "start", fromState: "ready", toState: "competing", actorUserId: chiefId!, occurredAt: startsAt },
          { action: "finish", fromState: "competing", toState: "finished", actorUserId: chiefId!, occurredAt: endsAt },
        ] as const;
        for (const step of steps) {
          await tx.trx
            .insertInto("competitorStateEvent")
            .values(
              run.competitorIds.map((competitorId) => ({
                submissionId: randomUUID(),
                competitionId,
                skillId: run.skillId,
                competitorId,
                ...step,
                reason: null,
                extraMinutes: null,
                witnessedBy: null,
              })),
            )
            .execute();
        }
        const context = await loadSchemeContext(tx.trx, run.skillId);
        const aspects: Array<{ id: string; aspect: Aspect }> = context.scheme.modules.flatMap((m) =>
          m.subCriteria.flatMap((sc) => sc.aspects.map((a) => ({ id: context.aspects.get(a.id)!.id, aspect: a }))),
        );
        const recordedAt = new Date(endsAt.getTime() - 20 * 60_000);
        const marks: Array<Insertable<MarkTable>> = [];
        run.entrants.forEach((entrant, i) => {
          for (const { id: aspectId, aspect } of aspects) {
            const needed = judgesNeeded(aspect);
            const scores = aspect.kind === "judgement" ? judgementScores(entrant.ability, needed, this.markRandom) : null;
            for (let j = 0; j < needed; j++) {
              const value: MarkValue = scores ? { score: scores[j]! } : syntheticMarkValue(aspect, entrant.ability, () => this.markRandom.next());
              checkMarkValue(aspect, value);
              const judgeUserId = panel[j]!;
              marks.push({
                submissionId: randomUUID(),
                competitionId,
                skillId: run.skillId,
                schemeId: context.schemeId,
                aspectId,
                competitorId: run.competitorIds[i]!,
                judgeUserId,
                revision: 1,
                input: JSON.stringify(value),
                supersedesId: null,
                reason: null,
                recordedBy: judgeUserId,
                recordedAt,
              });
            }
          }
        });
        for (let i = 0; i < marks.length; i += markChunk)
          await tx.trx
            .insertInto("mark")
            .values(marks.slice(i, i + markChunk))
            .execute();
        markCount += marks.length;
        await rebuildSkillScores(tx.trx, tx.now, { competitionId, skillId: run.skillId });
      }
      tx.audit({
        actorUserId: admin.userId,
        action: "scenario.marked",
        entityType: "competition",
        entityId: competitionId,
        competitionId,
        after: { scenario: "demo history", competition: def.key, seed: this.seed, skills: skills.length, competitors: competitors.length, marks: markCount },
      });
    });

    // The chief judge locks every module; the standings are then final.
    for (const run of skills) {
      const chief: Principal = {
        userId: judges.get(run.skillId)![0]!,
        isPlatformAdmin: false,
        grants: [{ role: "chief_judge", competitionId, skillId: run.skillId, delegationId: null }],
      };
      const context = await loadSchemeContext(deps.db, run.skillId);
      // Locked half an hour after the skill ended, on the day (the sign-off and publication follow).
      const { endsAt: skillEndsAt } = await deps.db.selectFrom("skill").select("endsAt").where("id", "=", run.skillId).executeTakeFirstOrThrow();
      const onTheDay = { ...deps, now: () => new Date(new Date(skillEndsAt).getTime() + 30 * 60_000) };
      for (const moduleCode of context.scheme.modules.map((m) => m.id))
        await setModuleLock(onTheDay, chief, { competitionId, skillId: run.skillId }, { moduleCode, locked: true });
      const standings = await loadSkillStandings(deps.db, { competitionId, skillId: run.skillId });
      const byCompetitor = new Map(run.competitorIds.map((id, i) => [id, run.entrants[i]!]));
      run.ranked = [...standings.competitors].sort((a, b) => a.rank - b.rank || a.code.localeCompare(b.code)).map((s) => byCompetitor.get(s.competitorId)!);
      // A top-3 place in a rung with promotions takes a history-only person one level up.
      if (def.competition.level !== "ws_squad" && def.competition.level !== "ws_selection")
        for (const e of run.ranked.slice(0, 3)) if (!e.person.main) e.person.level = oneUp(e.person.level);
      competition.skills.set(run.skill.key, run);
    }
    competition.counts.persons += persons.length;
    competition.counts.competitors += competitors.length;
    competition.counts.marks += markCount;
  }
}

function definition(key: HistoryKey): HistoryCompetition {
  return historyCompetitions.find((c) => c.key === key)!;
}

function ranked(run: CompetitionRun, skillKey: string): Entrant[] {
  const skill = run.skills.get(skillKey);
  if (!skill) throw new Error(`Demo history: no skill ${skillKey}`);
  return skill.ranked;
}

/**
 * Loads the history into a database holding the main competition's people. Returns, in the
 * order they ran, what the publication service publishes, the advancement rules and the
 * squad's rounds.
 */
export async function loadDemoHistory(deps: ServiceDeps, admin: Principal, source: HistorySource, seed: number): Promise<DemoHistory> {
  const organizations = await deps.db.selectFrom("organization").select(["id", "name", "regionCode"]).execute();
  const h = new History(deps, admin, source, seed, organizations);
  const { plan } = source;
  const runs = new Map<HistoryKey, CompetitionRun>();
  const fill = (entrants: Entrant[], count: number, make: () => Entrant) => {
    while (entrants.length < count) entrants.push(make());
    return entrants;
  };
  const bornFrom = (from: string) => (e: Entrant) => e.person.birthDate >= from;

  // 2025, Deyang: the climber — a young welder from 旌阳区 at a Deyang heavy-equipment maker —
  // and a young turner who will go far too, among the city's workers.
  const deyangYoung: [number, number] = [2004, 2006];
  const deyangPerson = (occupation: Occupation, ability: number, young: boolean) => {
    const district = h.pick(["510603", "510604", "510623", "510681", "510682", "510683"]);
    return h.person({
      regionCode: district,
      employerId: h.employer("510600", "德阳", occupations[occupation].industry),
      birthYears: young ? deyangYoung : [1978, 2001],
      femaleShare: occupations[occupation].femaleShare,
      ability,
      year: 2025,
    });
  };
  const climber = deyangPerson("weld", 1, true);
  const deyang = await h.run(definition("deyang2025"), [], (skill) => {
    const star = skill.key === "weld" ? climber : deyangPerson("turn", 0.94, true);
    const entrants = [h.entrant(star, star.regionCode)];
    return fill(entrants, 8, () => {
      const p = deyangPerson(skill.occupation, h.ability(0.35, 0.88), entrants.length <= 3);
      return h.entrant(p, p.regionCode);
    });
  });
  runs.set("deyang2025", deyang);

  // 2025, Sichuan Craftsman Cup: Deyang's best young welders and turners, the other cities'
  // entrants, and four of the 2026 competitors in their first provincial contest.
  const returning = (slug: string) => plan.competitors.filter((c) => c.skillSlug === slug && c.delegationRegionCode !== "510100").slice(0, 2);
  const province = await h.run(definition("province2025"), [], (skill) => {
    const entrants: Entrant[] = [];
    if (skill.occupation === "weld" || skill.occupation === "turn") {
      for (const e of ranked(deyang, skill.key).filter(bornFrom("2004-01-01")).slice(0, 2)) entrants.push(h.entrant(e.person, "510600"));
    } else {
      for (const c of returning(skill.occupation)) entrants.push(h.entrant(h.mainPerson(c.members[0]!, h.ability(0.6, 0.85)), c.delegationRegionCode));
    }
    const young = skill.track === "ws";
    const regions = h.regions(12 - entrants.length, new Set(["510600", ...entrants.map((e) => e.delegationKey)]));
    for (const region of regions) {
      const p = h.person({
        regionCode: region.code,
        employerId: h.employer(region.code, shortNameOf(region), occupations[skill.occupation].industry),
        birthYears: young ? [2004, 2007] : [1976, 2002],
        femaleShare: occupations[skill.occupation].femaleShare,
        ability: h.ability(0.4, 0.9),
        year: 2025,
      });
      entrants.push(h.entrant(p, region.code));
    }
    return entrants;
  });
  runs.set("province2025", province);

  // The national contests: Sichuan's best against six or seven other provinces' best.
  const others = provinces.filter((p) => p.code !== "510000");
  const nationalFill = (entrants: Entrant[], skill: HistorySkill, count: number, birthYears: [number, number], year: number) => {
    let n = 0;
    return fill(entrants, count, () => {
      const province = others[n++ % others.length]!;
      const p = h.person({
        regionCode: province.home,
        employerId: h.employer(province.home, province.homeShort, occupations[skill.occupation].industry),
        birthYears,
        femaleShare: occupations[skill.occupation].femaleShare,
        ability: h.ability(0.55, 0.93),
        year,
      });
      return h.entrant(p, province.code);
    });
  };
  const national = await h.run(definition("national2025"), [], (skill) => {
    const sichuan = ranked(province, skill.key)
      .slice(0, 2)
      .map((e) => h.entrant(e.person, "510000"));
    return nationalFill(sichuan, skill, 12, [1980, 2004], 2025);
  });
  runs.set("national2025", national);
  const selection = await h.run(definition("wsSelection2025"), [], (skill) => {
    const sichuan = ranked(province, skill.key)
      .slice(0, 3)
      .map((e) => h.entrant(e.person, "510000"));
    return nationalFill(sichuan, skill, 12, [2004, 2007], 2025);
  });
  runs.set("wsSelection2025", selection);

  // The squad: round 1 takes the selection's top 10, each later round the best of the one
  // before; a round is marked before the next one's entrants are known.
  const squadDef = definition("squad");
  const squad = await h.setup(squadDef);
  for (const round of squadRounds) {
    await h.stage(
      squad,
      squadDef.skills.filter((s) => s.key.endsWith(String(round.no))),
      (skill) => {
        const occupation = skill.key.slice(0, -1);
        const previous = round.no === 1 ? ranked(selection, occupation) : ranked(squad, `${occupation}${round.no - 1}`);
        return previous.slice(0, round.from).map((e) => h.entrant(e.person, e.delegationKey));
      },
    );
  }
  runs.set("squad", squad);

  // 2026, Shuneng Equipment Group: its four companies and the Chengdu member companies whose
  // welders and fitters also stand in the running provincial contest (and the contestant).
  const chengduMain = (slugs: readonly string[], count: number) =>
    plan.competitors
      .filter((c) => slugs.includes(c.skillSlug) && c.delegationRegionCode === "510100")
      .flatMap((c) => c.members)
      .slice(0, count);
  const contestant = returningWelder(plan);
  const linkedWelders = chengduMain(["weld"], 3);
  if (contestant !== undefined && !linkedWelders.includes(contestant)) linkedWelders.push(contestant);
  const linkedFitters = chengduMain(["fitter"], 2);
  const memberCompanies = [...new Set([...linkedWelders, ...linkedFitters].map((i) => plan.persons[i]!.employer))];
  const memberDelegations: HistoryDelegation[] = memberCompanies.map((employer, i) => ({
    key: `member${i + 1}`,
    nameZh: `${employer}代表队`,
    nameEn: `Chengdu member company ${i + 1}`,
    kind: "enterprise",
    regionCode: "510100",
  }));
  const memberKey = (index: number) => `member${memberCompanies.indexOf(plan.persons[index]!.employer) + 1}`;
  const companyIds = new Map(shunengCompanies.map((c) => [c.key, h.organization(c.employer, c.regionCode)]));
  const groupWorker = (occupation: Occupation) => {
    const company = h.pick(shunengCompanies);
    const p = h.person({
      regionCode: h.pick(company.districts),
      employerId: companyIds.get(company.key)!,
      birthYears: [1980, 2004],
      femaleShare: occupations[occupation].femaleShare,
      ability: h.ability(0.35, 0.85),
      year: 2026,
    });
    return h.entrant(p, company.key);
  };
  const enterprise = await h.run(definition("enterprise2026"), memberDelegations, (skill) => {
    const linked = skill.occupation === "weld" ? linkedWelders : skill.occupation === "fitter" ? linkedFitters : [];
    const entrants = linked.map((i) => h.entrant(h.mainPerson(i, h.ability(0.88, 0.95)), memberKey(i)));
    return fill(entrants, 10, () => groupWorker(skill.occupation));
  });
  runs.set("enterprise2026", enterprise);

  // 2026, Chengdu: the group's best Chengdu welders, and the 2026 provincial contest's Chengdu
  // welders, electricians and cooks, who came out on top here.
  const chengduCodes = new Set(chengduDistricts.map(([code]) => code));
  const districtOf = (p: Person) => (chengduCodes.has(p.regionCode) ? p.regionCode : h.pick(chengduDistricts)[0]);
  const chengdu = await h.run(definition("chengdu2026"), [], (skill) => {
    const entrants: Entrant[] = [];
    const add = (p: Person) => {
      if (!entrants.some((e) => e.person.id === p.id)) entrants.push(h.entrant(p, districtOf(p)));
    };
    if (skill.occupation === "weld") {
      for (const i of linkedWelders) add(h.mainPerson(i, 0.9));
      for (const e of ranked(enterprise, "weld").slice(0, 4)) if (e.delegationKey === "hq" || e.delegationKey.startsWith("member")) add(e.person);
    } else {
      const slugs = skill.occupation === "electrician" ? ["electrician", "elecinst"] : ["cuisine"];
      for (const i of chengduMain(slugs, skill.occupation === "electrician" ? 4 : 3)) add(h.mainPerson(i, h.ability(0.88, 0.95)));
    }
    return fill(entrants, 10, () => {
      const district = h.pick(chengduDistricts)[0];
      const p = h.person({
        regionCode: district,
        employerId: h.employer("510100", "成都", occupations[skill.occupation].industry),
        birthYears: [1978, 2004],
        femaleShare: occupations[skill.occupation].femaleShare,
        ability: h.ability(0.35, 0.85),
        year: 2026,
      });
      return h.entrant(p, district);
    });
  });
  runs.set("chengdu2026", chengdu);

  return summarise(runs, source, climber.id, h.newPersons);
}

function summarise(runs: ReadonlyMap<HistoryKey, CompetitionRun>, source: HistorySource, climberPersonId: string, newPersons: number): DemoHistory {
  const id = (key: HistoryKey) => runs.get(key)!.competitionId;
  const competitions = historyCompetitions.map((def) => {
    const run = runs.get(def.key)!;
    return {
      key: def.key,
      competitionId: run.competitionId,
      level: def.competition.level,
      year: Number(def.competition.startsOn.slice(0, 4)),
      skills: run.skills.size,
      competitors: run.counts.competitors,
    };
  });
  const publish = historyCompetitions
    .flatMap((def) =>
      def.skills.map((skill) => ({
        competitionId: id(def.key),
        skillId: runs.get(def.key)!.skills.get(skill.key)!.skillId,
        publishedAtLocal: `${dayAfter(skill.endsAtLocal)}T10:00`,
      })),
    )
    .sort((a, b) => a.publishedAtLocal.localeCompare(b.publishedAtLocal));
  const squadRun = runs.get("squad")!;
  const squad = (["weld", "turn"] as const).map((occupation) => ({
    competitionId: squadRun.competitionId,
    occupationCode: squadRun.skills.get(`${occupation}1`)!.skill.occupationCode,
    rounds: squadRounds.map((r) => ({
      roundNo: r.no,
      skillId: squadRun.skills.get(`${occupation}${r.no}`)!.skillId,
      keepCount: r.to,
      reserveCount: r.reserves,
    })),
  }));
  const rule = (
    competition: HistoryKey,
    kind: AdvancementKind,
    targetLevel: CompetitionLevel,
    target: string | null,
    topN: number,
    track: Track | null,
    topNTeam: number | null = null,
  ) => ({ competitionId: id(competition), kind, targetLevel, targetCompetitionId: target, topN, topNTeam, track });
  const advancementRules = [
    // RULES.md: the top 5 of a city contest are reserve entrants for the provincial one.
    rule("deyang2025", "reserve", "provincial", id("province2025"), 5, null),
    // The best two of each WorldSkills-track skill form Sichuan's delegation to the national
    // industry contest; the best three may enter the WorldSkills national selection.
    rule("province2025", "delegation", "national", id("national2025"), 2, "ws"),
    rule("province2025", "eligible", "ws_selection", id("wsSelection2025"), 3, "ws"),
    // Top 10 (individual) / top 5 (team) of a selection skill enter the national training squad.
    rule("wsSelection2025", "squad", "ws_squad", id("squad"), 10, "ws", 5),
    rule("enterprise2026", "eligible", "city", id("chengdu2026"), 3, null),
    rule("chengdu2026", "reserve", "provincial", source.mainCompetitionId, 5, null),
  ];
  let competitors = 0;
  let marks = 0;
  for (const run of runs.values()) {
    competitors += run.counts.competitors;
    marks += run.counts.marks;
  }
  return { competitions, publish, squad, advancementRules, climberPersonId, newPersons, competitors, marks };
}
