// The competitions of the demo's history (demo-history.ts), run start to finish: set up through
// the services, entries and marks bulk-inserted (one transaction each, one scenario audit event
// each), both draws, the module locks and the standings that pick the next rung's entrants.
import { createHash, randomUUID } from "node:crypto";
import type { Insertable } from "kysely";
import type { MarkTable } from "../schema";
import type { Principal } from "~/domain/access/roles";
import type { SkillLevel } from "~/domain/competition/ladder";
import { skillLevels } from "~/domain/competition/ladder";
import { checkMarkValue, type MarkValue } from "~/domain/marking-scheme/mark-value";
import type { Aspect } from "~/domain/marking-scheme/scheme";
import { judgesNeeded, syntheticMarkValue } from "~/domain/marking-scheme/synthetic-marks";
import { grantRole } from "~/services/accounts/grant-role.server";
import type { ServiceDeps } from "~/services/deps.server";
import { saveMarkingScheme } from "~/services/marking-schemes/save-marking-scheme.server";
import { loadSchemeContext } from "~/services/marks/scheme-context.server";
import { setModuleLock } from "~/services/marks/set-module-lock.server";
import { runDraw } from "~/services/registration/draw.server";
import { loadSkillStandings } from "~/services/results/load-skill-standings.server";
import { rebuildSkillScores } from "~/services/results/rebuild-skill-scores.server";
import { inWriteTransaction } from "~/services/transaction.server";
import { historyCompetitions, occupations, type HistoryCompetition, type HistoryDelegation, type HistoryKey, type HistorySkill } from "./data/history";
import { demoSchemeDraft } from "./data/marking-schemes";
import { maleGivenCharacters, surnames } from "./data/names";
import { clamp, HistoryPeople, type Entrant, type HistorySource } from "./demo-history-people";
import { instant, createCompetition } from "./demo-setup";
import { seededRandom, type Random } from "./random";

export interface SkillRun {
  skill: HistorySkill;
  skillId: string;
  entrants: Entrant[];
  competitorIds: string[];
  /** The entrants by rank (best first), once marked. */
  ranked: Entrant[];
}

export interface CompetitionRun {
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

/** Judgement scores of one aspect: within the spread limit (1), so nothing waits for a justification. */
function judgementScores(ability: number, count: number, random: Random): number[] {
  const base = clamp(Math.round(ability * 3 + (random.next() - 0.5) * 1.2), 0, 3);
  const other = base === 3 ? 2 : base === 0 ? 1 : random.chance(0.5) ? base - 1 : base + 1;
  return Array.from({ length: count }, (_, i) => (i === 0 || random.next() < 0.6 ? base : other));
}

/** The history as it runs: its people (HistoryPeople) and the competitions it sets up and marks. */
export class History extends HistoryPeople {
  private readonly schemeRandom: Random;
  private readonly markRandom: Random;
  private readonly judgeNames = new Map<string, string>();

  constructor(
    deps: ServiceDeps,
    private readonly admin: Principal,
    source: HistorySource,
    seed: number,
    organizations: ReadonlyArray<{ id: string; name: string; regionCode: string | null }>,
  ) {
    super(deps, source, seed, organizations);
    this.schemeRandom = seededRandom(seed + 11);
    this.markRandom = seededRandom(seed + 17);
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

export function definition(key: HistoryKey): HistoryCompetition {
  return historyCompetitions.find((c) => c.key === key)!;
}

export function ranked(run: CompetitionRun, skillKey: string): Entrant[] {
  const skill = run.skills.get(skillKey);
  if (!skill) throw new Error(`Demo history: no skill ${skillKey}`);
  return skill.ranked;
}
