// Checks of the demo's history: the ladder of earlier competitions, their complete marking, each
// rung feeding the next, the climber's pathway, publications, honours and advancement rules.
// Registered by db/scenarios/demo.db.test.ts.
import { expect, it } from "vitest";
import { loadPathway } from "~/services/pathway/pathway.server";
import { verifyAllDraws } from "~/services/registration/draw.server";
import { loadSchemeDraft } from "../../queries/marking-schemes";
import { validateScheme } from "~/domain/marking-scheme/scheme";
import { toFixed } from "~/domain/results/exact";
import { ladderRung } from "~/domain/competition/ladder";
import { readRuleSettings } from "~/domain/competition/rule-settings";
import { loadCompetitionStandings } from "~/services/results/load-skill-standings.server";
import { shanghaiLocalToInstant } from "~/domain/time";
import { historyCompetitions, squadRounds } from "../data/history";
import { personsByRank, skillsOf, delegationPersons, pathwayOf, type DemoRun } from "./helpers";

/** The earlier competitions and what they published and advanced (tests of the demo describe). */
export function checkHistory(run: DemoRun): void {
  it("has a ladder of earlier competitions in time order, each skill small", async () => {
    const { t, summary } = run;
    const { competitions } = summary.history;
    expect(competitions.map((c) => `${c.year} ${c.level}`)).toEqual([
      "2025 city",
      "2025 provincial",
      "2025 national",
      "2025 ws_selection",
      "2026 ws_squad",
      "2026 enterprise",
      "2026 city",
    ]);
    const stored = await t.db
      .selectFrom("competition")
      .select(["id", "startsOn", "level", "status"])
      .where(
        "id",
        "in",
        competitions.map((c) => c.competitionId),
      )
      .execute();
    const startsOn = competitions.map((c) => stored.find((s) => s.id === c.competitionId)!.startsOn);
    expect(startsOn).toEqual([...startsOn].sort());
    expect(stored.every((s) => s.status === "finished" || s.status === "archived")).toBe(true);
    // The funnel: competitors per level of the history.
    const perLevel: Record<string, number> = {};
    for (const c of competitions) perLevel[c.level] = (perLevel[c.level] ?? 0) + c.competitors;
    expect(perLevel).toEqual({ city: 46, provincial: 48, national: 24, ws_selection: 24, ws_squad: 34, enterprise: 30 });
    for (const c of competitions) {
      const counts = await t.db
        .selectFrom("competitor")
        .select((eb) => ["skillId", eb.fn.countAll<number>().as("n")])
        .where("competitionId", "=", c.competitionId)
        .groupBy("skillId")
        .execute();
      expect(counts).toHaveLength(c.skills);
      expect(counts.reduce((n, r) => n + Number(r.n), 0)).toBe(c.competitors);
      // 8 to 12 entrants a skill; the squad's later rounds are smaller by design (5, then 2).
      for (const r of counts) expect(Number(r.n)).toBeGreaterThanOrEqual(c.level === "ws_squad" ? 2 : 8);
      for (const r of counts) expect(Number(r.n)).toBeLessThanOrEqual(12);
    }
  });

  it("marks every history skill completely with a valid 100-mark scheme, every module locked, both draws verifiable, everyone finished", async () => {
    const { t, summary } = run;
    for (const c of summary.history.competitions) {
      const skills = await skillsOf(t.db, c.competitionId);
      const standings = await loadCompetitionStandings(t.db, c.competitionId);
      expect(standings).toHaveLength(skills.length);
      for (const { skillId, standings: s } of standings) {
        const name = `${c.key} ${skills.find((k) => k.id === skillId)?.nameZh}`;
        expect(s.complete, name).toBe(true);
        expect(
          s.competitors.every((x) => x.missingCount === 0 && x.flaggedCount === 0 && !x.unresolvedTie),
          name,
        ).toBe(true);
        expect(new Set(s.competitors.map((x) => x.rank)).size, name).toBe(s.competitors.length);
        const stored = await loadSchemeDraft(t.db, skillId);
        const valid = validateScheme(stored!.draft);
        if (!valid.ok) throw new Error(`${name}: ${JSON.stringify(valid.problems)}`);
        expect(toFixed(valid.scheme.total), name).toBe("100.00");
        const modules = await t.db
          .selectFrom("schemeModule")
          .innerJoin("markingScheme", "markingScheme.id", "schemeModule.schemeId")
          .select((eb) => [
            "schemeModule.code",
            eb
              .selectFrom("moduleLockEvent")
              .select("locked")
              .whereRef("moduleLockEvent.moduleId", "=", "schemeModule.id")
              .orderBy("moduleLockEvent.id", "desc")
              .limit(1)
              .as("locked"),
          ])
          .where("markingScheme.skillId", "=", skillId)
          .execute();
        expect(modules.length, name).toBe(valid.scheme.modules.length);
        expect(
          modules.every((m) => m.locked === true),
          name,
        ).toBe(true);
      }
      const draws = await verifyAllDraws(t.db, { competitionId: c.competitionId });
      expect(draws).toHaveLength(skills.length * 2);
      expect(draws.every((d) => d.ok && d.inForce)).toBe(true);
      const states = await t.db.selectFrom("competitor").select("state").distinct().where("competitionId", "=", c.competitionId).execute();
      expect(states).toEqual([{ state: "finished" }]);
    }
    // Every lock went through the service: audited, by the skill's chief judge.
    const locks = await t.db
      .selectFrom("auditEvent")
      .select("actorUserId")
      .where("action", "=", "module.locked")
      .where(
        "competitionId",
        "in",
        summary.history.competitions.map((c) => c.competitionId),
      )
      .execute();
    const modules = await t.db
      .selectFrom("schemeModule")
      .innerJoin("markingScheme", "markingScheme.id", "schemeModule.schemeId")
      .innerJoin("skill", "skill.id", "markingScheme.skillId")
      .select("schemeModule.id")
      .where(
        "skill.competitionId",
        "in",
        summary.history.competitions.map((c) => c.competitionId),
      )
      .execute();
    expect(locks).toHaveLength(modules.length);
  });

  it("takes each rung's entrants from the results of the one before", async () => {
    const { t, summary } = run;
    const id = (key: string) => summary.history.competitions.find((c) => c.key === key)!.competitionId;
    const province = await skillsOf(t.db, id("province2025"));
    const sameSkill = (skills: Awaited<ReturnType<typeof skillsOf>>, occupationCode: string) =>
      skills.find((s) => s.occupationCode === occupationCode && s.track === "ws")!;
    // National industry contest: Sichuan's two best of each WorldSkills-track provincial skill;
    // the WorldSkills selection: the best three.
    for (const [key, top] of [
      ["national2025", 2],
      ["wsSelection2025", 3],
    ] as const) {
      for (const skill of await skillsOf(t.db, id(key))) {
        const best = (await personsByRank(t.db, id("province2025"), sameSkill(province, skill.occupationCode).id)).slice(0, top);
        expect((await delegationPersons(t.db, skill.id, "510000")).sort(), `${key} ${skill.nameZh}`).toEqual(best.sort());
      }
    }
    // The squad: round 1 is the selection's top 10, each later round the best of the one before.
    const selection = await skillsOf(t.db, id("wsSelection2025"));
    for (const occupation of summary.history.squad) {
      let previous = await personsByRank(t.db, id("wsSelection2025"), selection.find((s) => s.occupationCode === occupation.occupationCode)!.id);
      for (const [i, round] of occupation.rounds.entries()) {
        const entrants = await personsByRank(t.db, occupation.competitionId, round.skillId);
        expect([...entrants].sort()).toEqual(previous.slice(0, squadRounds[i]!.from).sort());
        previous = entrants;
      }
    }
    // Deyang's best young welders and turners went on to the provincial contest.
    const deyang = await skillsOf(t.db, id("deyang2025"));
    for (const skill of deyang) {
      const best = (await personsByRank(t.db, id("deyang2025"), skill.id)).slice(0, 3);
      const onward = await delegationPersons(t.db, province.find((s) => s.occupationCode === skill.occupationCode)!.id, "510600");
      expect(onward.length).toBeGreaterThanOrEqual(1);
      for (const person of onward) expect(best).toContain(person);
    }
    // Chengdu 2026: the group's best Chengdu welders entered; and among each skill's best three
    // stands a member of the running provincial contest's Chengdu team.
    const chengdu = await skillsOf(t.db, id("chengdu2026"));
    const mainChengdu = new Set(
      (
        await t.db
          .selectFrom("competitorMember")
          .innerJoin("competitor", "competitor.id", "competitorMember.competitorId")
          .innerJoin("delegation", "delegation.id", "competitor.delegationId")
          .select("competitorMember.personId")
          .where("competitor.competitionId", "=", summary.competitionId)
          .where("delegation.regionCode", "=", "510100")
          .execute()
      ).map((r) => r.personId),
    );
    for (const skill of chengdu) {
      const best = (await personsByRank(t.db, id("chengdu2026"), skill.id)).slice(0, 3);
      expect(
        best.some((p) => mainChengdu.has(p)),
        skill.nameZh,
      ).toBe(true);
    }
    const enterpriseWeld = (await skillsOf(t.db, id("enterprise2026"))).find((s) => s.nameZh === "焊工")!;
    const cityWelders = await personsByRank(t.db, id("chengdu2026"), chengdu.find((s) => s.nameZh === "焊工")!.id);
    const groupBest = (await personsByRank(t.db, id("enterprise2026"), enterpriseWeld.id)).slice(0, 2);
    for (const person of groupBest) expect(cityWelders).toContain(person);
  });

  it("lets a Deyang welder climb five rungs to represent China, and the contestant come up through the group and the city", async () => {
    const { t, summary } = run;
    const climber = await pathwayOf(t.db, summary.history.climberPersonId);
    expect(climber.map((s) => s.level)).toEqual(["city", "provincial", "national", "ws_selection", "ws_squad", "ws_squad", "ws_squad"]);
    expect(climber.at(-1)).toMatchObject({ skill: "焊接 集训第三阶段考核（2进1）", rank: 1 });
    // More than one person climbs at least four rungs, never stepping down.
    const people = await t.db
      .selectFrom("competitorMember")
      .innerJoin("competitor", "competitor.id", "competitorMember.competitorId")
      .innerJoin("competition", "competition.id", "competitor.competitionId")
      .select(["competitorMember.personId", "competition.level"])
      .execute();
    const levels = new Map<string, Set<string>>();
    for (const r of people) levels.set(r.personId, (levels.get(r.personId) ?? new Set()).add(r.level));
    const climbers = [...levels].filter(([, l]) => l.size >= 4).map(([personId]) => personId);
    expect(climbers.length).toBeGreaterThanOrEqual(2);
    for (const personId of climbers) {
      const rungs = (await pathwayOf(t.db, personId)).map((s) => ladderRung(s.level));
      expect(rungs).toEqual([...rungs].sort((a, b) => a - b));
    }
    const contestant = await t.db.selectFrom("appUser").select("personId").where("username", "=", "contestant").executeTakeFirstOrThrow();
    const path = await pathwayOf(t.db, contestant.personId!);
    expect(path.map((s) => s.level)).toEqual(["enterprise", "city", "provincial", "provincial"]);
    expect(path[0]!.rank).toBeLessThanOrEqual(3);
    expect(path[1]!.rank).toBeLessThanOrEqual(3);
    expect(path.slice(2).map((s) => s.competition)).toEqual(["2026年四川工匠杯职业技能大赛", "2027年四川工匠杯职业技能大赛"]);
  });

  it("publishes the history: the climber's public pathway shows each rung's official result, the advancement it gave, and the final certificate", async () => {
    const { t, summary } = run;
    const { pathway, person, audience } = await loadPathway(t.db, summary.history.climberPersonId, null);
    expect(audience).toBe("public");
    expect(person?.idNumberMasked ?? null).toBeNull(); // the public never sees an ID number
    const levels = pathway.entries.map((e) => e.competition.level);
    expect(levels).toEqual(["city", "provincial", "national", "ws_selection", "ws_squad", "ws_squad", "ws_squad"]);
    // Every rung published (official, not provisional), in time order.
    expect(pathway.entries.every((e) => e.result !== null && e.result.status !== "provisional")).toBe(true);
    const starts = pathway.entries.map((e) => e.skill.startsAt);
    expect([...starts].sort()).toEqual(starts);
    // Eligibility at each step: the result that qualified him for the next rung, recorded by the
    // publication that applied the competition's advancement rule.
    const qualified = pathway.entries.slice(0, 4).map((e) => e.advancements.filter((a) => !a.revoked).map((a) => a.targetLevel));
    expect(qualified[0]).toContain("provincial");
    expect(qualified[1]).toEqual(expect.arrayContaining(["national", "ws_selection"]));
    expect(qualified[3]).toContain("ws_squad");
    const final = pathway.entries.at(-1)!;
    expect(final.result?.rank).toBe(1);
    expect(final.squadRound?.outcome).toBe("advance");
    // The 2025 provincial's certificates verify as final: its notice period ended long ago.
    const provincial = pathway.entries[1]!;
    for (const certificate of provincial.certificates) expect(certificate.revoked).toBe(false);
    const rows = await t.db
      .selectFrom("advancement")
      .innerJoin("competition as k", "k.id", "advancement.sourceCompetitionId")
      .select(["k.level", "advancement.kind", "advancement.targetLevel"])
      .where("advancement.personId", "=", summary.history.climberPersonId)
      .where("advancement.revokedAt", "is", null)
      .execute();
    expect(rows.map((r) => `${r.level}→${r.targetLevel}`)).toEqual(
      expect.arrayContaining(["city→provincial", "provincial→national", "provincial→ws_selection", "ws_selection→ws_squad"]),
    );
    const publications = await t.db
      .selectFrom("publication")
      .select(["noticeEndsAt"])
      .where(
        "competitionId",
        "in",
        summary.history.competitions.map((c) => c.competitionId),
      )
      .execute();
    expect(publications).toHaveLength(summary.history.publish.length);
    expect(publications.every((p) => new Date(p.noticeEndsAt).getTime() < new Date("2026-11-22T00:00:00Z").getTime())).toBe(true);
  });

  it("stores the titles and promotions each competition gives, and the skill level every member held on entry", async () => {
    const { t, summary } = run;
    const rules = async (competitionId: string) =>
      readRuleSettings((await t.db.selectFrom("competition").select("ruleSettings").where("id", "=", competitionId).executeTakeFirstOrThrow()).ruleSettings);
    const main = await rules(summary.competitionId);
    expect(main).toMatchObject({ awardScheme: "cn_fixed_counts", fixedAwardCounts: [1, 2, 5], minimumEntrants: 30 });
    expect(main.honourRules.filter((r) => r.kind === "title").map((r) => r.kind === "title" && r.code)).toEqual([
      "sichuan_craftsman",
      "sichuan_technical_expert",
    ]);
    for (const c of summary.history.competitions) {
      const honours = (await rules(c.competitionId)).honourRules;
      if (c.level === "ws_squad") expect(honours).toEqual([]);
      else
        expect(
          honours.some((r) => r.kind === "promotion"),
          c.key,
        ).toBe(true);
      if (c.level === "national")
        expect(honours).toContainEqual(expect.objectContaining({ kind: "title", code: "national_technical_expert", when: { rankTo: 5 } }));
    }
    const levels = await t.db
      .selectFrom("competitorMember")
      .innerJoin("competitor", "competitor.id", "competitorMember.competitorId")
      .select(["competitor.competitionId", "competitorMember.skillLevel"])
      .execute();
    expect(levels.every((l) => l.skillLevel !== null)).toBe(true);
    const mainLevels = levels.filter((l) => l.competitionId === summary.competitionId);
    const highSkilled = mainLevels.filter((l) => ["level3", "level2", "level1"].includes(l.skillLevel!)).length / mainLevels.length;
    expect(highSkilled).toBeGreaterThan(0.4);
    expect(highSkilled).toBeLessThan(0.9);
  });

  it("returns what to publish in time order, the squad's rounds and the advancement rules", async () => {
    const { t, summary } = run;
    const { publish, squad, advancementRules, competitions } = summary.history;
    const skills = await t.db
      .selectFrom("skill")
      .select(["id", "competitionId", "endsAt"])
      .where(
        "competitionId",
        "in",
        competitions.map((c) => c.competitionId),
      )
      .execute();
    expect(publish.map((p) => p.skillId).sort()).toEqual(skills.map((s) => s.id).sort());
    expect(publish.map((p) => p.publishedAtLocal)).toEqual(publish.map((p) => p.publishedAtLocal).sort());
    for (const p of publish) {
      const skill = skills.find((s) => s.id === p.skillId)!;
      expect(p.competitionId).toBe(skill.competitionId);
      expect(shanghaiLocalToInstant(p.publishedAtLocal)!.getTime()).toBeGreaterThan(skill.endsAt.getTime());
    }
    expect(squad.map((s) => s.occupationCode)).toEqual(["6-18-02-04", "6-18-01-01"]);
    for (const occupation of squad) {
      expect(occupation.rounds.map((r) => [r.roundNo, r.keepCount, r.reserveCount])).toEqual([
        [1, 5, 1],
        [2, 2, 1],
        [3, 1, 1],
      ]);
      for (const [i, round] of occupation.rounds.entries()) {
        const entrants = await t.db.selectFrom("competitor").select("id").where("skillId", "=", round.skillId).execute();
        expect(entrants).toHaveLength(i === 0 ? 10 : occupation.rounds[i - 1]!.keepCount);
      }
    }
    const levelOf = new Map((await t.db.selectFrom("competition").select(["id", "level"]).execute()).map((c) => [c.id, c.level]));
    expect(advancementRules.map((r) => `${r.kind}→${r.targetLevel}`)).toEqual([
      "reserve→provincial",
      "delegation→national",
      "eligible→ws_selection",
      "squad→ws_squad",
      "eligible→city",
      "reserve→provincial",
    ]);
    for (const rule of advancementRules) {
      expect(levelOf.get(rule.targetCompetitionId!)).toBe(rule.targetLevel);
      expect(ladderRung(rule.targetLevel)).toBeGreaterThan(ladderRung(levelOf.get(rule.competitionId)!));
    }
    expect(historyCompetitions.map((c) => c.key)).toEqual(competitions.map((c) => c.key));
  });
}
