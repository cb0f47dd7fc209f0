// A skill's results from its current marks: each aspect's mark by its kind, each competitor's
// score, the ranking with the tie-break chain, WorldSkills points for the ws track and the
// awards by the competition's rules. An aspect counts only when complete — a judgement aspect
// once the team (judgesPerJudgementTeam) has scored, a trimmed-mean aspect once its panel has;
// a measurement aspect takes the latest value, flagged when its judges' marks disagree.
import type { RuleSettings } from "../competition/rule-settings";
import type { MarkingScheme, Aspect } from "../marking-scheme/scheme";
import type { MarkValue } from "../marking-scheme/mark-value";
import { judgementMark, measurementMark, trimmedMeanMark } from "./aspect-marks";
import { modulesByWeight, scoreCompetitor } from "./aggregate";
import { decideAwards, type Award, type AwardRule } from "./awards";
import { eq, parseDecimal, type Exact } from "./exact";
import { defaultTieBreaks, rankCompetitors } from "./ranking";
import { worldSkillsScale, scalePoints } from "./worldskills-scale";

export interface CurrentMark {
  aspectCode: string;
  competitorId: string;
  judgeUserId: string;
  value: MarkValue;
  recordedAt: Date;
}

export interface ResultsCompetitor {
  competitorId: string;
  code: string;
  delegationId: string;
}

export interface CompetitorResult extends ResultsCompetitor {
  total: Exact;
  modules: Array<{ code: string; mark: Exact; max: Exact }>;
  rank: number;
  decidedBy: string | null;
  unresolvedTie: boolean;
  points: number | null;
  award: Award | null;
  bestOfNation: boolean;
  missingAspects: string[];
  /** Judgement aspects over the spread limit, measurement aspects whose judges disagree. */
  flaggedAspects: string[];
  /** Every aspect's mark and the judges' entries behind it: the explanation of the total. */
  aspects: Array<{ code: string; moduleCode: string; kind: Aspect["kind"]; max: Exact; mark: Exact | null; flagged: boolean; entries: Array<{ judgeUserId: string; value: MarkValue }> }>;
}

export interface SkillResults {
  selectionOnly: boolean;
  complete: boolean;
  competitors: CompetitorResult[];
}

function aspectMark(aspect: Aspect, marks: readonly CurrentMark[], rules: RuleSettings): { mark: Exact | null; flagged: boolean } {
  if (marks.length === 0) return { mark: null, flagged: false };
  if (aspect.kind === "judgement") {
    if (marks.length < rules.judgesPerJudgementTeam) return { mark: null, flagged: false };
    const result = judgementMark(aspect.max, marks.map((m) => ("score" in m.value ? m.value.score : 0)), rules.judgementSpreadLimit);
    return { mark: result.mark, flagged: result.exceedsSpreadLimit === true };
  }
  if (aspect.kind === "trimmed_mean") {
    if (marks.length < aspect.panelSize) return { mark: null, flagged: false };
    return { mark: trimmedMeanMark(aspect.max, marks.map((m) => ("mark" in m.value ? parseDecimal(m.value.mark)! : parseDecimal("0")!))).mark, flagged: false };
  }
  const computed = marks.map((m) => {
    const v = m.value;
    const input = "measured" in v ? { measured: parseDecimal(v.measured)! } : "achieved" in v ? { achieved: v.achieved } : "choiceId" in v ? { choiceId: v.choiceId } : { achieved: false };
    return { at: m.recordedAt.getTime(), mark: measurementMark(aspect.max, aspect.calculation, input).mark };
  });
  const latest = computed.reduce((a, b) => (b.at > a.at ? b : a));
  return { mark: latest.mark, flagged: computed.some((c) => !eq(c.mark, latest.mark)) };
}

export function computeSkillResults(input: { scheme: MarkingScheme; rules: RuleSettings; track: "ws" | "national" | "local"; competitors: readonly ResultsCompetitor[]; marks: readonly CurrentMark[] }): SkillResults {
  const { scheme, rules } = input;
  const aspects = scheme.modules.flatMap((m) => m.subCriteria.flatMap((sc) => sc.aspects));
  const shape = { modules: scheme.modules.map((m) => ({ id: m.id, subCriteria: m.subCriteria.map((sc) => ({ id: sc.id, aspects: sc.aspects.map((a) => ({ id: a.id, max: a.max })) })) })) };
  const byCompetitorAspect = new Map<string, CurrentMark[]>();
  for (const m of input.marks) {
    const key = `${m.competitorId}|${m.aspectCode}`;
    byCompetitorAspect.set(key, [...(byCompetitorAspect.get(key) ?? []), m]);
  }

  const moduleOf = new Map(scheme.modules.flatMap((m) => m.subCriteria.flatMap((sc) => sc.aspects.map((a) => [a.id, m.id] as const))));
  const scored = input.competitors.map((c) => {
    const aspectMarks = new Map<string, Exact>();
    const flagged: string[] = [];
    const explained: CompetitorResult["aspects"] = [];
    for (const aspect of aspects) {
      const entries = byCompetitorAspect.get(`${c.competitorId}|${aspect.id}`) ?? [];
      const result = aspectMark(aspect, entries, rules);
      if (result.mark) aspectMarks.set(aspect.id, result.mark);
      if (result.flagged) flagged.push(aspect.id);
      explained.push({ code: aspect.id, moduleCode: moduleOf.get(aspect.id)!, kind: aspect.kind, max: aspect.max, mark: result.mark, flagged: result.flagged, entries: entries.map((e) => ({ judgeUserId: e.judgeUserId, value: e.value })) });
    }
    return { competitor: c, score: scoreCompetitor(shape, aspectMarks), flagged, explained };
  });

  const ranked = new Map(
    rankCompetitors(
      scored.map((s) => ({ competitorId: s.competitor.competitorId, code: s.competitor.code, total: s.score.total, moduleMarks: new Map(s.score.modules.map((m) => [m.id, m.mark])) })),
      defaultTieBreaks(modulesByWeight(shape)),
      rules.allowSharedRanks,
    ).map((r) => [r.competitorId, r]),
  );
  const points = input.track === "ws" ? scalePoints(new Map(scored.map((s) => [s.competitor.competitorId, s.score.total])), worldSkillsScale) : null;
  const rule: AwardRule =
    input.track === "ws" || rules.awardScheme === "ws_medals"
      ? { scheme: "ws_medals", tieTolerancePoints: rules.medalTieTolerancePoints }
      : rules.awardScheme === "cn_top3_plus_merit"
        ? { scheme: "cn_top3_plus_merit" }
        : rules.awardScheme === "cn_percentages"
          ? { scheme: "cn_percentages", percentages: rules.awardPercentages }
          : { scheme: "cn_fixed_counts", counts: rules.fixedAwardCounts };
  const awards = decideAwards(
    scored.map((s) => ({ competitorId: s.competitor.competitorId, rank: ranked.get(s.competitor.competitorId)!.rank, points: points?.get(s.competitor.competitorId)?.points ?? (rule.scheme === "ws_medals" ? 0 : undefined), delegationId: s.competitor.delegationId })),
    rule,
    rules.minimumEntrants,
  );

  const competitors = scored
    .map((s): CompetitorResult => {
      const r = ranked.get(s.competitor.competitorId)!;
      return {
        ...s.competitor,
        total: s.score.total,
        modules: s.score.modules.map((m) => ({ code: m.id, mark: m.mark, max: m.max })),
        rank: r.rank,
        decidedBy: r.decidedBy,
        unresolvedTie: r.unresolvedTie,
        points: points?.get(s.competitor.competitorId)?.points ?? null,
        award: awards.awards.get(s.competitor.competitorId) ?? null,
        bestOfNation: awards.bestOfNation.has(s.competitor.competitorId),
        missingAspects: s.score.missing,
        flaggedAspects: s.flagged,
        aspects: s.explained,
      };
    })
    .sort((a, b) => a.rank - b.rank || (a.code < b.code ? -1 : 1));
  return { selectionOnly: awards.selectionOnly, complete: competitors.every((c) => c.missingAspects.length === 0), competitors };
}
