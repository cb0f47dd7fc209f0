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
import type { Principal } from "~/domain/access/roles";
import type { CompetitionLevel, Track } from "~/domain/competition/ladder";
import type { ServiceDeps } from "~/services/deps.server";
import {
  chengduDistricts,
  historyCompetitions,
  occupations,
  provinces,
  shunengCompanies,
  squadRounds,
  type HistoryDelegation,
  type HistoryKey,
  type HistorySkill,
  type Occupation,
} from "./data/history";
import { shortNameOf } from "./demo-people";
import type { Entrant, HistorySource, Person } from "./demo-history-people";
import { definition, History, ranked, type CompetitionRun } from "./demo-history-runs";
import { returningWelder } from "./demo-registrations";

export type { HistorySource } from "./demo-history-people";

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

function dayAfter(localDateTime: string): string {
  const date = new Date(`${localDateTime.slice(0, 10)}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
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
