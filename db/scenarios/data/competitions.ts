// The demo's competitions: the provincial contest running "today" (22 November 2026) and three
// smaller ones so the public list shows several rungs of the ladder and two years. Names of
// enterprises and venues are invented.
import type { CompetitionInput, DelegationInput } from "~/services/competitions/inputs";
import { RuleSettingsSchema } from "~/domain/competition/rule-settings";
import { sichuanRegions } from "./sichuan-regions";
import type { ScheduledSkill } from "./main-skills";
import { worldSkillsSkill } from "./worldskills-skills";

export const mainCompetition: CompetitionInput = {
  nameZh: "2026年四川工匠杯职业技能大赛",
  nameEn: "2026 Sichuan Craftsman Cup Vocational Skills Competition",
  level: "provincial",
  startsOn: "2026-11-20",
  endsOn: "2026-11-24",
  venue: "成都·四川天府新区职业技能竞赛基地",
  organizerName: "四川省人力资源和社会保障厅",
  status: "running",
  // Check-in numbers J01…, workstation numbers 01…
  ruleSettings: RuleSettingsSchema.parse({ awardScheme: "cn_fixed_counts", fixedAwardCounts: [1, 2, 5], minimumEntrants: 30, checkInNoPrefix: "J" }),
};

/** One 代表队 per city or prefecture, as a provincial contest fields them. */
export const regionDelegations: readonly DelegationInput[] = sichuanRegions.map((r) => ({
  nameZh: `${r.nameZh}代表队`,
  nameEn: `${r.nameEn} delegation`,
  kind: "region",
  regionCode: r.code,
}));

export interface SmallCompetition {
  competition: CompetitionInput;
  skills: readonly ScheduledSkill[];
  delegations: readonly DelegationInput[];
}

function national(nameZh: string, nameEn: string, occupationCode: string, startsAtLocal: string, endsAtLocal: string, venueArea: string): ScheduledSkill {
  return { nameZh, nameEn, track: "national", occupationCode, wsNumber: null, teamSize: 1, entrantGroup: "worker", ageRule: "cn_working_age", startsAtLocal, endsAtLocal, venueArea };
}

function wsSkill(wsNumber: string, occupationCode: string, startsAtLocal: string, endsAtLocal: string, venueArea: string): ScheduledSkill {
  const known = worldSkillsSkill(wsNumber);
  return { nameZh: known.nameZh, nameEn: known.nameEn, track: "ws", occupationCode, wsNumber, teamSize: 1, entrantGroup: "worker", ageRule: "ws_under_22", startsAtLocal, endsAtLocal, venueArea };
}

const chengduDistricts: ReadonlyArray<[string, string, string]> = [
  ["510104", "锦江区", "Jinjiang District"],
  ["510105", "青羊区", "Qingyang District"],
  ["510106", "金牛区", "Jinniu District"],
  ["510107", "武侯区", "Wuhou District"],
  ["510108", "成华区", "Chenghua District"],
  ["510112", "龙泉驿区", "Longquanyi District"],
];

export const smallCompetitions: readonly SmallCompetition[] = [
  {
    competition: {
      nameZh: "2026年成都市职业技能大赛",
      nameEn: "2026 Chengdu Vocational Skills Competition",
      level: "city",
      startsOn: "2026-09-15",
      endsOn: "2026-09-17",
      venue: "成都市温江区职业技能公共实训基地",
      organizerName: "成都市人力资源和社会保障局",
      // The city contest selects Chengdu's team for the provincial one, so it is over by now.
      status: "finished",
      ruleSettings: RuleSettingsSchema.parse({ awardScheme: "cn_top3_plus_merit", minimumEntrants: 10 }),
    },
    skills: [
      national("焊工", "Welder", "6-18-02-04", "2026-09-15T08:30", "2026-09-16T17:30", "1号实训楼 焊接车间"),
      national("电工", "Electrician", "6-31-01-03", "2026-09-16T08:30", "2026-09-16T17:30", "2号实训楼 电工实训室"),
      {
        nameZh: "川菜烹饪", nameEn: "Sichuan Cuisine", track: "local", occupationCode: "4-03-02-01", wsNumber: null, teamSize: 1,
        entrantGroup: "worker", ageRule: "cn_working_age", startsAtLocal: "2026-09-17T09:00", endsAtLocal: "2026-09-17T16:00", venueArea: "烹饪实训中心",
      },
    ],
    delegations: chengduDistricts.map(([code, zh, en]) => ({ nameZh: `${zh}代表队`, nameEn: `${en} delegation`, kind: "region", regionCode: code })),
  },
  {
    competition: {
      nameZh: "2026年四川蜀能装备集团岗位练兵技能比武",
      nameEn: "2026 Sichuan Shuneng Equipment Group On-the-Job Skills Contest",
      level: "enterprise",
      startsOn: "2026-06-16",
      endsOn: "2026-06-18",
      venue: "德阳·蜀能装备集团技能培训中心",
      organizerName: "四川蜀能装备集团有限公司",
      status: "finished",
      ruleSettings: RuleSettingsSchema.parse({ awardScheme: "cn_percentages", awardPercentages: [10, 20, 30], minimumEntrants: 10 }),
    },
    skills: [
      national("焊工", "Welder", "6-18-02-04", "2026-06-16T08:30", "2026-06-17T17:30", "焊接培训车间"),
      national("车工", "Turner", "6-18-01-01", "2026-06-16T08:30", "2026-06-16T17:30", "数控实训车间"),
      national("装配钳工", "Assembly Fitter", "6-20-01-01", "2026-06-18T08:30", "2026-06-18T17:30", "总装实训车间"),
    ],
    delegations: [
      { nameZh: "集团本部代表队", nameEn: "Group headquarters", kind: "enterprise", regionCode: "510100" },
      { nameZh: "德阳重装公司代表队", nameEn: "Deyang Heavy Equipment Co.", kind: "enterprise", regionCode: "510600" },
      { nameZh: "自贡锅炉公司代表队", nameEn: "Zigong Boiler Co.", kind: "enterprise", regionCode: "510300" },
      { nameZh: "绵阳精工公司代表队", nameEn: "Mianyang Precision Co.", kind: "enterprise", regionCode: "510700" },
    ],
  },
  {
    competition: {
      nameZh: "2025年四川工匠杯职业技能大赛",
      nameEn: "2025 Sichuan Craftsman Cup Vocational Skills Competition",
      level: "provincial",
      startsOn: "2025-11-18",
      endsOn: "2025-11-22",
      venue: "宜宾·四川三江新区职业技能竞赛中心",
      organizerName: "四川省人力资源和社会保障厅",
      status: "archived",
      ruleSettings: RuleSettingsSchema.parse({ awardScheme: "cn_fixed_counts", fixedAwardCounts: [1, 2, 5], minimumEntrants: 30 }),
    },
    skills: [
      wsSkill("10", "6-18-02-04", "2025-11-19T08:30", "2025-11-21T17:30", "1号馆 焊接区"),
      wsSkill("06", "6-18-01-01", "2025-11-19T08:30", "2025-11-21T17:30", "1号馆 数控加工区"),
      national("电工", "Electrician", "6-31-01-03", "2025-11-20T08:30", "2025-11-21T17:30", "2号馆 电工区"),
      {
        nameZh: "川菜烹饪", nameEn: "Sichuan Cuisine", track: "local", occupationCode: "4-03-02-01", wsNumber: null, teamSize: 1,
        entrantGroup: "worker", ageRule: "cn_working_age", startsAtLocal: "2025-11-20T09:00", endsAtLocal: "2025-11-20T17:00", venueArea: "3号馆 烹饪区",
      },
    ],
    delegations: regionDelegations,
  },
];
