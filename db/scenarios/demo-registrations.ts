// The demo's next edition, the 2027 Sichuan Craftsman Cup, with registration open: the organizer's
// window, documents and rules, and registrations in every state — the Chengdu team leader's
// drafts (one of them a team), one awaiting review, one returned with a reason, and approved ones
// (two 2026 competitors returning, so their pathway spans both years); other delegations'
// registrations awaiting review or approved. Written through the registration services, as the
// people would, and seeded like the rest of the demo.
import type { Principal } from "~/domain/access/roles";
import { composeIdNumber, type Gender } from "~/domain/identity/id-number";
import type { RegistrationRowInput } from "~/domain/registration/registrations";
import type { CompetitionInput, DelegationInput } from "~/domain/competition/inputs";
import { RuleSettingsSchema } from "~/domain/competition/rule-settings";
import type { ServiceDeps } from "~/services/deps.server";
import {
  RegistrationSettingsInputSchema,
  SkillRegistrationRuleInputSchema,
  saveRegistrationSettings,
  saveSkillRegistrationRule,
} from "~/services/registration/registration-settings.server";
import { reviewRegistrations } from "~/services/registration/review-registrations.server";
import { saveRegistrationRows } from "~/services/registration/save-registration-rows.server";
import { submitRegistrations } from "~/services/registration/submit-registrations.server";
import type { ScheduledSkill } from "./data/main-skills";
import { femaleGivenCharacters, maleGivenCharacters, mobilePrefixes, surnames } from "./data/names";
import { worldSkillsSkill } from "./data/worldskills-skills";
import type { DemoPeoplePlan } from "./demo-people";
import type { Random } from "./random";

export const nextCompetition: CompetitionInput = {
  nameZh: "2027年四川工匠杯职业技能大赛",
  nameEn: "2027 Sichuan Craftsman Cup Vocational Skills Competition",
  level: "provincial",
  startsOn: "2027-04-20",
  endsOn: "2027-04-24",
  venue: "成都·四川天府新区职业技能竞赛基地",
  organizerName: "四川省人力资源和社会保障厅",
  status: "announced",
  ruleSettings: RuleSettingsSchema.parse({ awardScheme: "cn_fixed_counts", fixedAwardCounts: [1, 2, 5], minimumEntrants: 30, checkInNoPrefix: "J" }),
};

function wsSkill(wsNumber: string, occupationCode: string, teamSize: number, startsAtLocal: string, endsAtLocal: string, venueArea: string): ScheduledSkill {
  const known = worldSkillsSkill(wsNumber);
  return {
    nameZh: known.nameZh,
    nameEn: known.nameEn,
    track: "ws",
    occupationCode,
    wsNumber,
    teamSize,
    entrantGroup: "worker",
    ageRule: "ws_under_22",
    startsAtLocal,
    endsAtLocal,
    venueArea,
  };
}

export const nextSkills: readonly ScheduledSkill[] = [
  wsSkill("10", "6-18-02-04", 1, "2027-04-21T08:30", "2027-04-22T17:30", "A馆 焊接区"),
  wsSkill("07", "6-18-01-02", 1, "2027-04-21T08:30", "2027-04-22T17:30", "A馆 数控加工区"),
  wsSkill("04", "6-31-01-10", 2, "2027-04-21T08:30", "2027-04-22T17:30", "A馆 机电一体化区"),
  {
    nameZh: "电工",
    nameEn: "Electrician",
    track: "national",
    occupationCode: "6-31-01-03",
    wsNumber: null,
    teamSize: 1,
    entrantGroup: "worker",
    ageRule: "cn_working_age",
    startsAtLocal: "2027-04-23T08:30",
    endsAtLocal: "2027-04-23T17:30",
    venueArea: "B馆 电工区",
  },
  {
    nameZh: "川菜烹饪",
    nameEn: "Sichuan Cuisine",
    track: "local",
    occupationCode: "4-03-02-01",
    wsNumber: null,
    teamSize: 1,
    entrantGroup: "worker",
    ageRule: "cn_working_age",
    startsAtLocal: "2027-04-24T08:30",
    endsAtLocal: "2027-04-24T17:30",
    venueArea: "D馆 烹饪区",
  },
];

const skillName = (i: number) => nextSkills[i]!.nameZh;

/** A person planned for the demo, as the template's row. */
function personRow(
  random: Random,
  regionCode: string,
  employer: string,
  skill: number,
  birthYears: [number, number],
  gender: Gender,
  sequence: number,
  extra: Partial<RegistrationRowInput> = {},
): Omit<RegistrationRowInput, "row"> {
  const birthDate = `${random.int(birthYears[0], birthYears[1])}-${String(random.int(1, 12)).padStart(2, "0")}-${String(random.int(1, 28)).padStart(2, "0")}`;
  const given = gender === "male" ? maleGivenCharacters : femaleGivenCharacters;
  const name = random.pick(surnames) + random.pick(given) + (random.next() < 0.7 ? random.pick(given) : "");
  return {
    name,
    gender: gender === "male" ? "男" : "女",
    idNumber: composeIdNumber(regionCode.slice(0, 4) + "04", birthDate, sequence, gender),
    birthDate,
    phone: random.pick(mobilePrefixes) + String(random.int(0, 99_999_999)).padStart(8, "0"),
    employer,
    occupation: "",
    skillLevel: "三级/高级工",
    skill: skillName(skill),
    group: "职工组",
    postCategory: "",
    team: "",
    ...extra,
  };
}

const rowsOf = (rows: ReadonlyArray<Omit<RegistrationRowInput, "row">>): RegistrationRowInput[] => rows.map((r, i) => ({ row: i + 1, ...r }));

export const demoDocuments = ["身份证复印件", "在职证明或学籍证明", "职业技能等级证书复印件"];

/**
 * The 2026 Chengdu welder who returns in 2027 (the first born in 2005 or later, in the plan's
 * order): the demo's `contestant` login, whose history starts at the 2026 enterprise contest.
 */
export function returningWelder(plan: DemoPeoplePlan): number | undefined {
  const welders = new Set(plan.competitors.filter((c) => c.skillSlug === "weld" && c.delegationRegionCode === "510100").flatMap((c) => c.members));
  return [...welders].find((i) => plan.persons[i]!.birthDate >= "2005-01-01");
}

export interface NextCompetitionIds {
  competitionId: string;
  skillIds: readonly string[];
  delegationIds: ReadonlyMap<string, string>;
}

export async function loadDemoRegistrations(
  deps: ServiceDeps,
  ids: NextCompetitionIds,
  people: { organizer: Principal; chengduLeader: Principal; plan: DemoPeoplePlan; delegations: readonly DelegationInput[] },
  random: Random,
): Promise<void> {
  const { competitionId } = ids;
  const { organizer, chengduLeader, plan } = people;
  await saveRegistrationSettings(
    deps,
    organizer,
    competitionId,
    RegistrationSettingsInputSchema.parse({
      opensAt: "2026-11-16T09:00",
      closesAt: "2027-03-31T18:00",
      defaultQuota: "2",
      cutOffDate: "",
      requiredDocuments:
        "身份证复印件 | Copy of ID card\n在职证明或学籍证明 | Proof of employment or enrolment\n职业技能等级证书复印件 | Copy of skill-level certificate",
    }),
  );
  // The Electrician skill is a national selected skill: own occupation, senior worker or above.
  await saveSkillRegistrationRule(
    deps,
    organizer,
    { competitionId, skillId: ids.skillIds[3]! },
    SkillRegistrationRuleInputSchema.parse({ quota: "", requiredSkillLevel: "level3", requireLocality: "on", requireOccupation: "on" }),
  );

  // Whoever registers: the team leader while the window is open (a later start of the demo
  // after it closed falls back to the organizer, who may register late).
  const now = deps.now();
  const open = now >= new Date("2026-11-16T01:00:00Z") && now < new Date("2027-03-31T10:00:00Z");
  const employersIn = (regionCode: string) =>
    plan.organizations.filter((o) => o.regionCode.startsWith(regionCode.slice(0, 4)) && o.kind === "enterprise").map((o) => o.name);
  let sequence = 501;
  const next = () => (sequence += 2);

  // Chengdu: two 2026 welders return (approved), one CNC miller awaiting review, one
  // electrician returned, a cook and a mechatronics team still drafts.
  const chengdu = ids.delegationIds.get("510100")!;
  const chengduScope = { competitionId, delegationId: chengdu };
  const leader = open ? chengduLeader : organizer;
  const returningIndex = returningWelder(plan);
  const returning = returningIndex === undefined ? [] : [plan.persons[returningIndex]!];
  const chengduEmployers = employersIn("510100");
  const returningRows = returning.map((p) => ({
    name: p.name,
    gender: p.gender === "male" ? "男" : "女",
    idNumber: p.idNumber,
    birthDate: p.birthDate,
    phone: p.phone,
    employer: p.employer,
    occupation: "焊工",
    skillLevel: "三级/高级工",
    skill: skillName(0),
    group: "职工组",
    postCategory: "",
    team: "",
  }));
  const approved = await saveRegistrationRows(
    deps,
    leader,
    chengduScope,
    rowsOf([...returningRows, personRow(random, "510100", random.pick(chengduEmployers), 0, [2005, 2007], "male", next(), { occupation: "焊工" })].slice(0, 2)),
    { mode: "all", submit: true, documents: demoDocuments },
  );
  const awaiting = await saveRegistrationRows(
    deps,
    leader,
    chengduScope,
    rowsOf([personRow(random, "510100", random.pick(chengduEmployers), 1, [2005, 2007], "male", next(), { occupation: "数控铣工" })]),
    { mode: "all", submit: true, documents: demoDocuments },
  );
  const returned = await saveRegistrationRows(
    deps,
    leader,
    chengduScope,
    rowsOf([
      personRow(random, "510100", random.pick(chengduEmployers), 3, [1985, 1998], "female", next(), {
        occupation: "6-31-01-03 电工",
        postCategory: "工人岗位",
        skillLevel: "二级/技师",
      }),
    ]),
    { mode: "all", submit: true, documents: demoDocuments },
  );
  const drafts = await saveRegistrationRows(
    deps,
    leader,
    chengduScope,
    rowsOf([
      personRow(random, "510100", random.pick(chengduEmployers), 4, [1988, 2000], "male", next(), { occupation: "中式烹调师" }),
      personRow(random, "510100", chengduEmployers[0]!, 2, [2005, 2007], "male", next(), { occupation: "机电设备维修工", team: "A" }),
      personRow(random, "510100", chengduEmployers[0]!, 2, [2005, 2007], "female", next(), { occupation: "机电设备维修工", team: "A" }),
    ]),
    { mode: "all", submit: false },
  );
  for (const [what, saved] of Object.entries({ approved, awaiting, returned, drafts })) {
    if (!saved.ok) throw new Error(`demo registrations (${what}) refused: ${JSON.stringify(saved.check.problems)}`);
  }
  const idsOf = (saved: typeof approved) => (saved.ok ? saved.registrationIds : []);
  await reviewRegistrations(deps, organizer, competitionId, { registrationIds: idsOf(approved), decision: "approve", reason: null });
  await reviewRegistrations(deps, organizer, competitionId, {
    registrationIds: idsOf(returned),
    decision: "reject",
    reason: "在职证明未加盖单位公章，请补交盖章件后重新提交。",
  });

  // Eight more delegations have submitted; the organizer has approved the first four.
  const others = people.delegations.filter((d) => d.regionCode && d.regionCode !== "510100").slice(0, 8);
  for (const [n, d] of others.entries()) {
    const regionCode = d.regionCode!;
    const employers = employersIn(regionCode);
    if (employers.length === 0) continue;
    const scope = { competitionId, delegationId: ids.delegationIds.get(regionCode)! };
    const rows = rowsOf([
      personRow(random, regionCode, random.pick(employers), 0, [2005, 2007], "male", next(), { occupation: "焊工" }),
      personRow(random, regionCode, random.pick(employers), 1, [2005, 2007], random.next() < 0.2 ? "female" : "male", next(), { occupation: "数控铣工" }),
      personRow(random, regionCode, random.pick(employers), 4, [1985, 2000], "male", next(), { occupation: "中式烹调师" }),
    ]);
    const saved = await saveRegistrationRows(deps, organizer, scope, rows, { mode: "all", submit: false });
    if (!saved.ok) throw new Error(`demo registrations (${d.nameZh}) refused: ${JSON.stringify(saved.check.problems)}`);
    await submitRegistrations(deps, organizer, scope, { registrationIds: saved.registrationIds, documents: demoDocuments });
    if (n < 4) await reviewRegistrations(deps, organizer, competitionId, { registrationIds: saved.registrationIds, decision: "approve", reason: null });
  }
}
