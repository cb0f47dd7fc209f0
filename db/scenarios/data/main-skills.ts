// The skills of the demo's main competition (2026 Sichuan Craftsman Cup, 20–24 November 2026),
// over the three tracks. Times are Shanghai wall clock. `popularity` says how many competitors a
// delegation typically sends, so the busiest skills pass the 30-entrant minimum for awards and
// the niche ones run as selection only; `industry` picks the competitors' employers.
import type { EntrantGroup, Track } from "~/domain/competition/ladder";
import type { AgeRule } from "~/domain/competition/skill-rules";
import type { Industry } from "./organizations";
import { worldSkillsSkill } from "./worldskills-skills";

export type Popularity = "high" | "normal" | "low";

/** A skill as the organizer enters it, with Shanghai wall-clock times. */
export interface ScheduledSkill {
  nameZh: string;
  nameEn: string;
  track: Track;
  occupationCode: string;
  wsNumber: string | null;
  teamSize: number;
  entrantGroup: EntrantGroup;
  ageRule: AgeRule;
  startsAtLocal: string;
  endsAtLocal: string;
  venueArea: string;
}

export interface DemoSkill extends ScheduledSkill {
  /** Short English key used in judge usernames (judge.weld.03). */
  slug: string;
  popularity: Popularity;
  industry: Industry;
  /** Share of women among the skill's competitors and judges (蜀绣 is mostly women's work). */
  femaleShare: number;
}

type WsSkillSpec = Omit<DemoSkill, "nameZh" | "nameEn" | "track" | "ageRule" | "wsNumber"> & { wsNumber: string };

function ws(spec: WsSkillSpec): DemoSkill {
  const known = worldSkillsSkill(spec.wsNumber);
  return { ...spec, nameZh: known.nameZh, nameEn: known.nameEn, track: "ws", ageRule: "ws_under_22" };
}

export const mainSkills: readonly DemoSkill[] = [
  ws({ slug: "weld", wsNumber: "10", occupationCode: "6-18-02-04", teamSize: 1, entrantGroup: "worker", startsAtLocal: "2026-11-21T08:30", endsAtLocal: "2026-11-23T17:30", venueArea: "A馆 焊接区", popularity: "high", industry: "machinery", femaleShare: 0.08 }),
  ws({ slug: "cncmill", wsNumber: "07", occupationCode: "6-18-01-02", teamSize: 1, entrantGroup: "worker", startsAtLocal: "2026-11-21T08:30", endsAtLocal: "2026-11-23T17:30", venueArea: "A馆 数控加工区", popularity: "normal", industry: "machinery", femaleShare: 0.1 }),
  ws({ slug: "elecinst", wsNumber: "18", occupationCode: "6-31-01-03", teamSize: 1, entrantGroup: "worker", startsAtLocal: "2026-11-21T08:30", endsAtLocal: "2026-11-23T17:30", venueArea: "B馆 电气装置区", popularity: "normal", industry: "electric", femaleShare: 0.08 }),
  ws({ slug: "cyber", wsNumber: "54", occupationCode: "4-04-04-02", teamSize: 1, entrantGroup: "student", startsAtLocal: "2026-11-22T08:30", endsAtLocal: "2026-11-23T17:30", venueArea: "C馆 信息安全区", popularity: "low", industry: "it", femaleShare: 0.25 }),
  ws({ slug: "mecha", wsNumber: "04", occupationCode: "6-31-01-10", teamSize: 2, entrantGroup: "worker", startsAtLocal: "2026-11-21T08:30", endsAtLocal: "2026-11-23T17:30", venueArea: "A馆 机电一体化区", popularity: "low", industry: "machinery", femaleShare: 0.12 }),
  {
    slug: "electrician", nameZh: "电工", nameEn: "Electrician", track: "national", occupationCode: "6-31-01-03", wsNumber: null, teamSize: 1,
    entrantGroup: "worker", ageRule: "cn_working_age", startsAtLocal: "2026-11-22T08:30", endsAtLocal: "2026-11-23T17:30", venueArea: "B馆 电工区", popularity: "high", industry: "electric", femaleShare: 0.08,
  },
  {
    slug: "fitter", nameZh: "钳工", nameEn: "Fitter", track: "national", occupationCode: "6-20-01-01", wsNumber: null, teamSize: 1,
    entrantGroup: "worker", ageRule: "cn_working_age", startsAtLocal: "2026-11-22T08:30", endsAtLocal: "2026-11-22T17:30", venueArea: "A馆 钳工区", popularity: "normal", industry: "machinery", femaleShare: 0.1,
  },
  {
    slug: "auto", nameZh: "汽车维修工", nameEn: "Automotive Maintenance Technician", track: "national", occupationCode: "4-12-01-01", wsNumber: null, teamSize: 1,
    entrantGroup: "worker", ageRule: "cn_working_age", startsAtLocal: "2026-11-23T08:30", endsAtLocal: "2026-11-24T12:00", venueArea: "D馆 汽车维修区", popularity: "high", industry: "auto", femaleShare: 0.06,
  },
  {
    slug: "robot", nameZh: "工业机器人系统操作员", nameEn: "Industrial Robot System Operator", track: "national", occupationCode: "6-30-99-00", wsNumber: null, teamSize: 1,
    entrantGroup: "student", ageRule: "cn_working_age", startsAtLocal: "2026-11-22T08:30", endsAtLocal: "2026-11-22T17:30", venueArea: "C馆 工业机器人区", popularity: "normal", industry: "electric", femaleShare: 0.2,
  },
  {
    slug: "cuisine", nameZh: "川菜烹饪", nameEn: "Sichuan Cuisine", track: "local", occupationCode: "4-03-02-01", wsNumber: null, teamSize: 1,
    entrantGroup: "worker", ageRule: "cn_working_age", startsAtLocal: "2026-11-22T09:00", endsAtLocal: "2026-11-22T17:00", venueArea: "E馆 烹饪区", popularity: "high", industry: "food", femaleShare: 0.25,
  },
  {
    slug: "embroidery", nameZh: "蜀绣", nameEn: "Shu Embroidery", track: "local", occupationCode: "6-07-06-02", wsNumber: null, teamSize: 1,
    entrantGroup: "worker", ageRule: "cn_working_age", startsAtLocal: "2026-11-21T08:30", endsAtLocal: "2026-11-22T17:30", venueArea: "F馆 传统技艺区", popularity: "low", industry: "craft", femaleShare: 0.95,
  },
  {
    slug: "tea", nameZh: "茶艺", nameEn: "Tea Art", track: "local", occupationCode: "4-03-02-07", wsNumber: null, teamSize: 1,
    entrantGroup: "worker", ageRule: "cn_working_age", startsAtLocal: "2026-11-23T09:00", endsAtLocal: "2026-11-23T17:00", venueArea: "F馆 茶艺区", popularity: "low", industry: "food", femaleShare: 0.8,
  },
];
