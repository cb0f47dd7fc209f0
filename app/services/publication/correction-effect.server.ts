// What an upheld appeal's correction would change (decision 018): ranks, awards, titles and
// promotions and the advancement rules' qualifications, before against after, per competitor.
import type { DB } from "../../../db/connection";
import type { AdvancementKind } from "../../../db/schema";
import { readRuleSettings } from "~/domain/competition/rule-settings";
import type { CurrentMark, SkillStandings } from "~/domain/results/skill-results";
import { parseDecimal, toFixed, zero } from "~/domain/results/exact";
import type { CompetitionLevel, SkillLevel, Track } from "~/domain/competition/ladder";
import { selectAdvancers } from "~/domain/advancement/advancement";
import { loadSkillResults } from "../results/load-skill-results.server";
import { loadSkillStandings } from "../results/load-skill-standings.server";
import { currentPublication } from "./publication-rows.server";
import { honoursOf } from "./write-publication.server";
import { type CorrectionRow } from "./appeal-rows.server";

/** A title or promotion as the preview shows it, in both languages. */
export interface HonourLabel {
  code: string;
  labelZh: string;
  labelEn: string;
}

/** One competitor's honours, each once (a team's members share them), in a stable order. */
function honourLabels(honours: ReadonlyArray<{ competitorId: string; code: string; labelZh: string; labelEn: string }>, competitorId: string): HonourLabel[] {
  const own = new Map(honours.filter((h) => h.competitorId === competitorId).map((h) => [h.code, { code: h.code, labelZh: h.labelZh, labelEn: h.labelEn }]));
  return [...own.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
}

/** A qualification an advancement rule gives: its kind and the level it leads to. */
export interface AdvancementLabel {
  kind: AdvancementKind;
  targetLevel: CompetitionLevel;
}

type EffectSide = { rank: number; total: string; award: string | null; honours: HonourLabel[]; advancement: AdvancementLabel[] };

export interface CorrectionEffect {
  competitorId: string;
  code: string;
  before: EffectSide | null;
  after: EffectSide;
}

/** Per competitor, the qualifications the competition's advancement rules give at these ranks. */
function advancementOf(
  ranks: ReadonlyArray<{ competitorId: string; rank: number }>,
  skill: { teamSize: number; track: Track },
  members: ReadonlyMap<string, ReadonlyArray<{ personId: string }>>,
  rules: ReadonlyArray<{ kind: AdvancementKind; targetLevel: CompetitionLevel; topN: number; teamTopN: number | null; track: Track | null }>,
): Map<string, AdvancementLabel[]> {
  const entries = ranks.map((r) => ({
    competitorId: r.competitorId,
    rank: r.rank,
    teamSize: skill.teamSize,
    track: skill.track,
    personIds: (members.get(r.competitorId) ?? []).map((m) => m.personId),
  }));
  const labels = new Map<string, AdvancementLabel[]>();
  for (const rule of rules) {
    const qualified = new Set(selectAdvancers(entries, { topN: rule.topN, topNTeam: rule.teamTopN, track: rule.track }).map((a) => a.competitorId));
    for (const id of qualified) labels.set(id, [...(labels.get(id) ?? []), { kind: rule.kind, targetLevel: rule.targetLevel }]);
  }
  return labels;
}

/** What the correction would change against the current publication (or the current standings when none). */
export async function previewEffect(
  db: DB,
  scope: { competitionId: string; skillId: string },
  rows: readonly CorrectionRow[],
  now: Date,
): Promise<{ effects: CorrectionEffect[]; unchanged: number }> {
  const replaced = new Set(rows.map((r) => `${r.competitorId}|${r.aspectCode}|${r.judgeUserId}`));
  const after = await loadSkillResults(db, scope, {
    withMarks: (current) => [
      ...current.filter((m) => !replaced.has(`${m.competitorId}|${m.aspectCode}|${m.judgeUserId}`)),
      ...rows.map<CurrentMark>((r) => ({
        markId: `correction-${r.row}`,
        aspectCode: r.aspectCode,
        competitorId: r.competitorId,
        judgeUserId: r.judgeUserId,
        value: r.input,
        recordedAt: now,
      })),
    ],
  });
  const skill = await db
    .selectFrom("skill")
    .innerJoin("competition", "competition.id", "skill.competitionId")
    .select(["skill.entrantGroup", "skill.teamSize", "skill.track", "competition.ruleSettings"])
    .where("skill.id", "=", scope.skillId)
    .executeTakeFirstOrThrow();
  const advancementRules = await db
    .selectFrom("advancementRule")
    .select(["kind", "targetLevel", "topN", "teamTopN", "track"])
    .where("competitionId", "=", scope.competitionId)
    .where("withdrawnAt", "is", null)
    .orderBy("createdAt")
    .execute();
  const members = await db
    .selectFrom("competitorMember as m")
    .innerJoin("competitor as c", "c.id", "m.competitorId")
    .select(["m.competitorId", "m.personId", "m.skillLevel"])
    .where("c.skillId", "=", scope.skillId)
    .execute();
  const memberMap = new Map<string, Array<{ personId: string; skillLevel: SkillLevel | null }>>();
  for (const m of members)
    memberMap.set(m.competitorId, [...(memberMap.get(m.competitorId) ?? []), { personId: m.personId, skillLevel: m.skillLevel ?? null }]);
  const rules = readRuleSettings(skill.ruleSettings);
  const honoursAfter = honoursOf(after, rules, skill.entrantGroup, memberMap);
  const publication = await currentPublication(db, scope.skillId);
  let before: Map<string, EffectSide>;
  if (publication) {
    const [published, honours] = await Promise.all([
      db.selectFrom("publishedResult").select(["competitorId", "rank", "total", "award"]).where("publicationId", "=", publication.id).execute(),
      db.selectFrom("honour").select(["competitorId", "code", "labelZh", "labelEn"]).where("publicationId", "=", publication.id).execute(),
    ]);
    const qualified = advancementOf(published, skill, memberMap, advancementRules);
    before = new Map(
      published.map((p) => [
        p.competitorId,
        {
          rank: p.rank,
          total: toFixed(parseDecimal(p.total) ?? zero),
          award: p.award,
          honours: honourLabels(honours, p.competitorId),
          advancement: qualified.get(p.competitorId) ?? [],
        },
      ]),
    );
  } else {
    const standings: SkillStandings = await loadSkillStandings(db, scope);
    const honoursNow = honoursOf(standings, rules, skill.entrantGroup, memberMap);
    const qualified = advancementOf(standings.competitors, skill, memberMap, advancementRules);
    before = new Map(
      standings.competitors.map((c) => [
        c.competitorId,
        {
          rank: c.rank,
          total: toFixed(c.total),
          award: c.award,
          honours: honourLabels(honoursNow, c.competitorId),
          advancement: qualified.get(c.competitorId) ?? [],
        },
      ]),
    );
  }
  const effects: CorrectionEffect[] = [];
  let unchanged = 0;
  const qualifiedAfter = advancementOf(after.competitors, skill, memberMap, advancementRules);
  for (const c of after.competitors) {
    const was = before.get(c.competitorId) ?? null;
    const now_: EffectSide = {
      rank: c.rank,
      total: toFixed(c.total),
      award: c.award,
      honours: honourLabels(honoursAfter, c.competitorId),
      advancement: qualifiedAfter.get(c.competitorId) ?? [],
    };
    if (was && JSON.stringify(was) === JSON.stringify(now_)) unchanged++;
    else effects.push({ competitorId: c.competitorId, code: c.code, before: was, after: now_ });
  }
  return { effects: effects.sort((a, b) => a.after.rank - b.after.rank), unchanged };
}
