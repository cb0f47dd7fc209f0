// The vocabulary of the competition ladder (GLOSSARY.md): levels from an enterprise contest up
// to WorldSkills, skill tracks, entrant groups and national skill levels. Pure data; the UI
// translates each value through the i18n layer by its identifier.
export const competitionLevels = ["enterprise", "city", "industry", "provincial", "national", "ws_selection", "ws_squad", "worldskills"] as const;
export type CompetitionLevel = (typeof competitionLevels)[number];

/** Rung on the ladder: city and industry contests stand on the same rung. */
export function ladderRung(level: CompetitionLevel): number {
  const rung: Record<CompetitionLevel, number> = {
    enterprise: 0,
    city: 1,
    industry: 1,
    provincial: 2,
    national: 3,
    ws_selection: 4,
    ws_squad: 5,
    worldskills: 6,
  };
  return rung[level];
}

export const tracks = ["ws", "national", "local"] as const;
export type Track = (typeof tracks)[number];

export const entrantGroups = ["worker", "student"] as const; // 职工组 / 学生组
export type EntrantGroup = (typeof entrantGroups)[number];

export const skillLevels = ["level5", "level4", "level3", "level2", "level1", "special_technician", "chief_technician"] as const; // 五级/初级工 … 一级/高级技师, 特级技师, 首席技师
export type SkillLevel = (typeof skillLevels)[number];

export const delegationKinds = ["region", "industry", "enterprise", "school"] as const;
export type DelegationKind = (typeof delegationKinds)[number];

export const organizationKinds = ["enterprise", "school", "training_base", "government"] as const;
export type OrganizationKind = (typeof organizationKinds)[number];

export const competitionStatuses = ["draft", "announced", "running", "finished", "archived"] as const;
export type CompetitionStatus = (typeof competitionStatuses)[number];

/** 职业分类大典 code such as 6-18-02-04 (major-middle-minor-detail; later parts optional). */
export const occupationCodePattern = /^\d-\d{2}(-\d{2}(-\d{2})?)?$/;
