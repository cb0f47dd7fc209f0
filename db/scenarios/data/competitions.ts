// The demo's main competition, the provincial contest running "today" (22 November 2026), and
// the delegations of a provincial contest. The earlier rungs of the ladder are in history.ts.
// Names of enterprises and venues are invented.
import type { CompetitionInput, DelegationInput } from "~/domain/competition/inputs";
import { RuleSettingsSchema } from "~/domain/competition/rule-settings";
import { provincialHonours } from "./honours";
import { sichuanRegions } from "./sichuan-regions";

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
  ruleSettings: RuleSettingsSchema.parse({ awardScheme: "cn_fixed_counts", fixedAwardCounts: [1, 2, 5], minimumEntrants: 30, checkInNoPrefix: "J", honourRules: provincialHonours }),
};

/** One 代表队 per city or prefecture, as a provincial contest fields them. */
export const regionDelegations: readonly DelegationInput[] = sichuanRegions.map((r) => ({
  nameZh: `${r.nameZh}代表队`,
  nameEn: `${r.nameEn} delegation`,
  kind: "region",
  regionCode: r.code,
}));
