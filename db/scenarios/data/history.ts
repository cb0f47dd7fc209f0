// The demo's history: the rungs of the ladder below and before the running 2026 Sichuan
// Craftsman Cup, so pathways climb and the funnel has shape. In order:
//   2025-06 Deyang city contest → 2025-11 Sichuan Craftsman Cup → 2025-12 national machinery
//   industry contest and the national selection for the 48th WorldSkills Competition →
//   2026-01…07 the national training squad's elimination rounds;
//   2026-06 Shuneng Equipment Group's contest → 2026-09 Chengdu city contest → (the running
//   2026 provincial contest).
// Names of enterprises, venues and contests are invented but follow real patterns.
import type { CompetitionInput, DelegationInput } from "~/domain/competition/inputs";
import { RuleSettingsSchema } from "~/domain/competition/rule-settings";
import { cityHonours, enterpriseHonours, nationalHonours, provincialHonours, wsSelectionHonours } from "./honours";
import type { ScheduledSkill } from "./main-skills";
import type { Industry } from "./organizations";
import { sichuanRegions } from "./sichuan-regions";
import { worldSkillsSkill } from "./worldskills-skills";

export type HistoryKey = "deyang2025" | "province2025" | "national2025" | "wsSelection2025" | "squad" | "enterprise2026" | "chengdu2026";

/** What a history skill's entrants do: the employers they work for, the scheme's module names. */
export type Occupation = "weld" | "turn" | "fitter" | "electrician" | "cuisine";

export const occupations: Record<Occupation, { industry: Industry; femaleShare: number; judges: number }> = {
  weld: { industry: "machinery", femaleShare: 0.08, judges: 3 },
  turn: { industry: "machinery", femaleShare: 0.1, judges: 3 },
  fitter: { industry: "machinery", femaleShare: 0.1, judges: 3 },
  electrician: { industry: "electric", femaleShare: 0.08, judges: 3 },
  // Cuisine has trimmed-mean panels of five.
  cuisine: { industry: "food", femaleShare: 0.25, judges: 5 },
};

export interface HistorySkill extends ScheduledSkill {
  key: string;
  occupation: Occupation;
}

export interface HistoryDelegation extends DelegationInput {
  /** How the loader refers to it: a region code, or a name for enterprise teams. */
  key: string;
}

export interface HistoryCompetition {
  key: HistoryKey;
  competition: CompetitionInput;
  skills: readonly HistorySkill[];
  delegations: readonly HistoryDelegation[];
  /** Registration numbers are `${prefix}-001`, … */
  registrationPrefix: string;
}

function national(key: string, occupation: Occupation, nameZh: string, nameEn: string, occupationCode: string, startsAtLocal: string, endsAtLocal: string, venueArea: string): HistorySkill {
  return { key, occupation, nameZh, nameEn, track: "national", occupationCode, wsNumber: null, teamSize: 1, entrantGroup: "worker", ageRule: "cn_working_age", startsAtLocal, endsAtLocal, venueArea };
}

function ws(key: string, occupation: Occupation, wsNumber: string, occupationCode: string, startsAtLocal: string, endsAtLocal: string, venueArea: string, round?: { no: number; from: number; to: number }): HistorySkill {
  const known = worldSkillsSkill(wsNumber);
  const roundZh = round ? ` 集训第${["一", "二", "三"][round.no - 1]}阶段考核（${round.from}进${round.to}）` : "";
  const roundEn = round ? ` — squad round ${round.no} (${round.from} to ${round.to})` : "";
  return { key, occupation, nameZh: known.nameZh + roundZh, nameEn: known.nameEn + roundEn, track: "ws", occupationCode, wsNumber, teamSize: 1, entrantGroup: "worker", ageRule: "ws_under_22", startsAtLocal, endsAtLocal, venueArea };
}

const cuisine = (startsAtLocal: string, endsAtLocal: string, venueArea: string): HistorySkill => ({
  key: "cuisine", occupation: "cuisine", nameZh: "川菜烹饪", nameEn: "Sichuan Cuisine", track: "local", occupationCode: "4-03-02-01", wsNumber: null, teamSize: 1,
  entrantGroup: "worker", ageRule: "cn_working_age", startsAtLocal, endsAtLocal, venueArea,
});

const districts = (list: ReadonlyArray<[string, string, string]>): HistoryDelegation[] =>
  list.map(([code, zh, en]) => ({ key: code, nameZh: `${zh}代表队`, nameEn: `${en} delegation`, kind: "region", regionCode: code }));

export const chengduDistricts: ReadonlyArray<[string, string, string]> = [
  ["510104", "锦江区", "Jinjiang District"],
  ["510105", "青羊区", "Qingyang District"],
  ["510106", "金牛区", "Jinniu District"],
  ["510107", "武侯区", "Wuhou District"],
  ["510108", "成华区", "Chenghua District"],
  ["510112", "龙泉驿区", "Longquanyi District"],
];

export const deyangDistricts: ReadonlyArray<[string, string, string]> = [
  ["510603", "旌阳区", "Jingyang District"],
  ["510604", "罗江区", "Luojiang District"],
  ["510623", "中江县", "Zhongjiang County"],
  ["510681", "广汉市", "Guanghan"],
  ["510682", "什邡市", "Shifang"],
  ["510683", "绵竹市", "Mianzhu"],
];

/** Provinces at the national contests; each sends people from one industrial city (`home`). */
export const provinces: ReadonlyArray<{ code: string; nameZh: string; nameEn: string; home: string; homeShort: string }> = [
  { code: "510000", nameZh: "四川省", nameEn: "Sichuan", home: "510100", homeShort: "成都" },
  { code: "320000", nameZh: "江苏省", nameEn: "Jiangsu", home: "320500", homeShort: "苏州" },
  { code: "370000", nameZh: "山东省", nameEn: "Shandong", home: "370200", homeShort: "青岛" },
  { code: "440000", nameZh: "广东省", nameEn: "Guangdong", home: "440300", homeShort: "深圳" },
  { code: "210000", nameZh: "辽宁省", nameEn: "Liaoning", home: "210200", homeShort: "大连" },
  { code: "420000", nameZh: "湖北省", nameEn: "Hubei", home: "420100", homeShort: "武汉" },
  { code: "310000", nameZh: "上海市", nameEn: "Shanghai", home: "310115", homeShort: "上海" },
  { code: "330000", nameZh: "浙江省", nameEn: "Zhejiang", home: "330100", homeShort: "杭州" },
];

const provinceDelegations: HistoryDelegation[] = provinces.map((p) => ({ key: p.code, nameZh: `${p.nameZh}代表队`, nameEn: `${p.nameEn} delegation`, kind: "region", regionCode: p.code }));

const regionDelegations: HistoryDelegation[] = sichuanRegions.map((r) => ({ key: r.code, nameZh: `${r.nameZh}代表队`, nameEn: `${r.nameEn} delegation`, kind: "region", regionCode: r.code }));

/** Shuneng Equipment Group: its headquarters and subsidiaries, each a delegation and an employer. */
export const shunengCompanies: ReadonlyArray<{ key: string; employer: string; delegationZh: string; delegationEn: string; regionCode: string; districts: readonly string[] }> = [
  { key: "hq", employer: "四川蜀能装备集团有限公司", delegationZh: "集团本部代表队", delegationEn: "Group headquarters", regionCode: "510100", districts: ["510107", "510112"] },
  { key: "deyang", employer: "四川蜀能德阳重型装备有限公司", delegationZh: "德阳重装公司代表队", delegationEn: "Deyang Heavy Equipment Co.", regionCode: "510600", districts: ["510603", "510681"] },
  { key: "zigong", employer: "四川蜀能自贡锅炉有限公司", delegationZh: "自贡锅炉公司代表队", delegationEn: "Zigong Boiler Co.", regionCode: "510300", districts: ["510302", "510311"] },
  { key: "mianyang", employer: "四川蜀能绵阳精工有限公司", delegationZh: "绵阳精工公司代表队", delegationEn: "Mianyang Precision Co.", regionCode: "510700", districts: ["510703", "510704"] },
];

/** The squad's elimination rounds per occupation: who starts, who goes on, how many reserves. */
export const squadRounds: ReadonlyArray<{ no: number; from: number; to: number; reserves: number; startsOn: string; endsOn: string }> = [
  { no: 1, from: 10, to: 5, reserves: 1, startsOn: "2026-01-13", endsOn: "2026-01-15" },
  { no: 2, from: 5, to: 2, reserves: 1, startsOn: "2026-04-21", endsOn: "2026-04-23" },
  { no: 3, from: 2, to: 1, reserves: 1, startsOn: "2026-07-14", endsOn: "2026-07-16" },
];

const squadSkills: HistorySkill[] = squadRounds.flatMap((r) => [
  ws(`weld${r.no}`, "weld", "10", "6-18-02-04", `${r.startsOn}T08:30`, `${r.endsOn}T17:30`, "焊接项目集训基地", r),
  ws(`turn${r.no}`, "turn", "06", "6-18-01-01", `${r.startsOn}T08:30`, `${r.endsOn}T17:30`, "数控车项目集训基地", r),
]);

/** In chronological order: each one's entrants come from the results of those before it. */
export const historyCompetitions: readonly HistoryCompetition[] = [
  {
    key: "deyang2025",
    registrationPrefix: "DY2025",
    competition: {
      nameZh: "2025年德阳市职业技能大赛",
      nameEn: "2025 Deyang Vocational Skills Competition",
      level: "city",
      startsOn: "2025-06-10",
      endsOn: "2025-06-12",
      venue: "德阳·德阳市重装技能公共实训基地",
      organizerName: "德阳市人力资源和社会保障局",
      status: "archived",
      ruleSettings: RuleSettingsSchema.parse({ awardScheme: "cn_top3_plus_merit", minimumEntrants: 6, honourRules: cityHonours("deyang_technical_expert", "德阳市技术能手", "Deyang Technical Expert") }),
    },
    skills: [
      national("weld", "weld", "焊工", "Welder", "6-18-02-04", "2025-06-10T08:30", "2025-06-11T17:30", "焊接实训车间"),
      national("turn", "turn", "车工", "Turner", "6-18-01-01", "2025-06-11T08:30", "2025-06-12T17:30", "数控实训车间"),
    ],
    delegations: districts(deyangDistricts),
  },
  {
    key: "province2025",
    registrationPrefix: "SC2025",
    competition: {
      nameZh: "2025年四川工匠杯职业技能大赛",
      nameEn: "2025 Sichuan Craftsman Cup Vocational Skills Competition",
      level: "provincial",
      startsOn: "2025-11-18",
      endsOn: "2025-11-22",
      venue: "宜宾·四川三江新区职业技能竞赛中心",
      organizerName: "四川省人力资源和社会保障厅",
      status: "archived",
      // The demo keeps the history's skills small (a dozen each), so the minimum is lowered to
      // let them give awards; the 2026 edition has the real 30.
      ruleSettings: RuleSettingsSchema.parse({ awardScheme: "cn_fixed_counts", fixedAwardCounts: [1, 2, 5], minimumEntrants: 10, honourRules: provincialHonours }),
    },
    skills: [
      ws("weld", "weld", "10", "6-18-02-04", "2025-11-19T08:30", "2025-11-21T17:30", "1号馆 焊接区"),
      ws("turn", "turn", "06", "6-18-01-01", "2025-11-19T08:30", "2025-11-21T17:30", "1号馆 数控加工区"),
      national("electrician", "electrician", "电工", "Electrician", "6-31-01-03", "2025-11-20T08:30", "2025-11-21T17:30", "2号馆 电工区"),
      cuisine("2025-11-20T09:00", "2025-11-20T17:00", "3号馆 烹饪区"),
    ],
    delegations: regionDelegations,
  },
  {
    key: "national2025",
    registrationPrefix: "JX2025",
    competition: {
      nameZh: "2025年全国行业职业技能竞赛——全国机械行业焊工、车工职业技能竞赛",
      nameEn: "2025 National Industry Vocational Skills Competition — Machinery Industry Welder and Turner Contest",
      level: "national",
      startsOn: "2025-12-02",
      endsOn: "2025-12-05",
      venue: "洛阳·全国机械行业高技能人才培训基地",
      organizerName: "中国机械工业联合会",
      status: "archived",
      ruleSettings: RuleSettingsSchema.parse({ awardScheme: "cn_fixed_counts", fixedAwardCounts: [1, 2, 3], minimumEntrants: 10, honourRules: nationalHonours }),
    },
    skills: [
      national("weld", "weld", "焊工", "Welder", "6-18-02-04", "2025-12-03T08:30", "2025-12-04T17:30", "焊接赛区"),
      national("turn", "turn", "车工", "Turner", "6-18-01-01", "2025-12-03T08:30", "2025-12-04T17:30", "车工赛区"),
    ],
    delegations: provinceDelegations,
  },
  {
    key: "wsSelection2025",
    registrationPrefix: "WS48",
    competition: {
      nameZh: "第48届世界技能大赛全国选拔赛",
      nameEn: "China National Selection for the 48th WorldSkills Competition",
      level: "ws_selection",
      startsOn: "2025-12-15",
      endsOn: "2025-12-19",
      venue: "天津·国家职业技能竞赛训练基地",
      organizerName: "人力资源和社会保障部",
      status: "archived",
      ruleSettings: RuleSettingsSchema.parse({ awardScheme: "ws_medals", minimumEntrants: 10, honourRules: wsSelectionHonours }),
    },
    skills: [
      ws("weld", "weld", "10", "6-18-02-04", "2025-12-16T08:30", "2025-12-18T17:30", "A区 焊接"),
      ws("turn", "turn", "06", "6-18-01-01", "2025-12-16T08:30", "2025-12-18T17:30", "B区 数控车"),
    ],
    delegations: provinceDelegations,
  },
  {
    key: "squad",
    registrationPrefix: "JXD48",
    competition: {
      nameZh: "第48届世界技能大赛中国集训队",
      nameEn: "48th WorldSkills Competition — China National Training Squad",
      level: "ws_squad",
      startsOn: "2026-01-13",
      endsOn: "2026-07-16",
      venue: "上海·世界技能大赛中国集训基地",
      organizerName: "人力资源和社会保障部",
      status: "finished",
      // The rounds only select (10 → 5 → 2 → 1): below this minimum nothing is awarded.
      ruleSettings: RuleSettingsSchema.parse({ awardScheme: "ws_medals", minimumEntrants: 100 }),
    },
    skills: squadSkills,
    delegations: provinceDelegations,
  },
  {
    key: "enterprise2026",
    registrationPrefix: "SN2026",
    competition: {
      nameZh: "2026年四川蜀能装备集团岗位练兵技能比武",
      nameEn: "2026 Sichuan Shuneng Equipment Group On-the-Job Skills Contest",
      level: "enterprise",
      startsOn: "2026-06-16",
      endsOn: "2026-06-18",
      venue: "德阳·蜀能装备集团技能培训中心",
      organizerName: "四川蜀能装备集团有限公司",
      status: "finished",
      ruleSettings: RuleSettingsSchema.parse({ awardScheme: "cn_percentages", awardPercentages: [10, 20, 30], minimumEntrants: 10, honourRules: enterpriseHonours }),
    },
    skills: [
      national("weld", "weld", "焊工", "Welder", "6-18-02-04", "2026-06-16T08:30", "2026-06-17T17:30", "焊接培训车间"),
      national("turn", "turn", "车工", "Turner", "6-18-01-01", "2026-06-16T08:30", "2026-06-16T17:30", "数控实训车间"),
      national("fitter", "fitter", "装配钳工", "Assembly Fitter", "6-20-01-01", "2026-06-18T08:30", "2026-06-18T17:30", "总装实训车间"),
    ],
    // The member companies whose workers the loader enters are added after these.
    delegations: shunengCompanies.map((c) => ({ key: c.key, nameZh: c.delegationZh, nameEn: c.delegationEn, kind: "enterprise", regionCode: c.regionCode })),
  },
  {
    key: "chengdu2026",
    registrationPrefix: "CD2026",
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
      ruleSettings: RuleSettingsSchema.parse({ awardScheme: "cn_top3_plus_merit", minimumEntrants: 10, honourRules: cityHonours("chengdu_technical_expert", "成都市技术能手", "Chengdu Technical Expert") }),
    },
    skills: [
      national("weld", "weld", "焊工", "Welder", "6-18-02-04", "2026-09-15T08:30", "2026-09-16T17:30", "1号实训楼 焊接车间"),
      national("electrician", "electrician", "电工", "Electrician", "6-31-01-03", "2026-09-16T08:30", "2026-09-16T17:30", "2号实训楼 电工实训室"),
      cuisine("2026-09-17T09:00", "2026-09-17T16:00", "烹饪实训中心"),
    ],
    delegations: districts(chengduDistricts),
  },
];
