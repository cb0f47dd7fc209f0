// A skill's results from its current marks: each aspect's mark by its kind, each competitor's
// score, the ranking with the tie-break chain, WorldSkills points for the ws track and the
// awards by the competition's rules. An aspect counts only when complete — a judgement aspect
// once the team (judgesPerJudgementTeam) has scored, a trimmed-mean aspect once its panel has;
// a measurement aspect takes the latest value, flagged when its judges' marks disagree.
import type { RuleSettings } from "../competition/rule-settings";
import type { MarkingScheme, Aspect, ModulePart } from "../marking-scheme/scheme";
import type { MarkValue } from "../marking-scheme/mark-value";
import { judgementMark, measurementMark, trimmedMeanMark } from "./aspect-marks";
import { modulesByWeight, scoreCompetitor, weighParts, type PartMark } from "./aggregate";
import { decideAwards, type Award, type AwardRule } from "./awards";
import { eq, parseDecimal, sum, zero, type Exact } from "./exact";
import { rankCompetitors, resolveTieBreaks } from "./ranking";
import { worldSkillsScale, scalePoints } from "./worldskills-scale";

export interface CurrentMark {
  markId: string;
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

/** A competitor's place in the skill: what the live standings, exports and the API show. */
export interface Standing extends ResultsCompetitor {
  /** What the ranking uses: the raw total, or the weighted theory and practice parts. */
  total: Exact;
  /** The sum of every module's marks. */
  rawTotal: Exact;
  /** Theory and practice marks where the scheme has both parts; null otherwise. */
  parts: { theory: PartMark; practice: PartMark } | null;
  /** The time used recorded by the chief judge (seconds), or null. */
  timeUsedSeconds: number | null;
  modules: Array<{ code: string; mark: Exact; max: Exact }>;
  rank: number;
  decidedBy: string | null;
  unresolvedTie: boolean;
  points: number | null;
  /** Whether the points were imported (official) or computed with the WorldSkills Scale. */
  pointsSource: "computed" | "official" | null;
  award: Award | null;
  bestOfNation: boolean;
  /** Aspects without a (complete) mark yet. */
  missingCount: number;
  /** Judgement aspects over the spread limit, measurement aspects whose judges disagree. */
  flaggedCount: number;
}

export interface CompetitorResult extends Standing {
  missingAspects: string[];
  flaggedAspects: string[];
  /** Every aspect's mark and the judges' entries behind it: the explanation of the total. */
  aspects: Array<{
    code: string;
    moduleCode: string;
    kind: Aspect["kind"];
    max: Exact;
    mark: Exact | null;
    flagged: boolean;
    spreadApproved: boolean;
    entries: Array<{ markId: string; judgeUserId: string; value: MarkValue }>;
  }>;
}

export interface SkillStandings<C extends Standing = Standing> {
  selectionOnly: boolean;
  complete: boolean;
  /** The tie-break chain as applied to this scheme: module codes and "time_used", in order. */
  tieBreaks: string[];
  /** Theory and practice weights (percent) where the scheme has both parts; null otherwise. */
  partWeights: { theory: number; practice: number } | null;
  competitors: C[];
}

export type SkillResults = SkillStandings<CompetitorResult>;

/** A competitor's scored marks, however they were summed (all at once, or kept incrementally). */
export interface ScoredCompetitor extends ResultsCompetitor {
  /** The raw total: the sum of the module marks. */
  total: Exact;
  moduleMarks: ReadonlyMap<string, Exact>;
  timeUsedSeconds?: number | null;
  missingCount: number;
  flaggedCount: number;
}

/** One judge's current entry for an aspect of a competitor. */
export type AspectEntry = Pick<CurrentMark, "markId" | "judgeUserId" | "value" | "recordedAt">;

/**
 * Names a set of current marks: a spread's justification and its approval are tied to exactly
 * these marks, so a later re-score is judged afresh.
 */
export function spreadMarksKey(markIds: readonly string[]): string {
  return [...markIds].sort().join(",");
}

/**
 * One aspect's mark from its judges' current entries, or null while incomplete: a judgement
 * aspect once the team (judgesPerJudgementTeam) has scored, a trimmed-mean aspect once its panel
 * has; a measurement aspect takes the latest value, flagged when its judges' marks disagree.
 */
export function aspectResult(
  aspect: Aspect,
  marks: readonly AspectEntry[],
  rules: RuleSettings,
  approvedSpreads: ReadonlySet<string> = new Set(),
): { mark: Exact | null; flagged: boolean; spreadApproved?: boolean } {
  if (marks.length === 0) return { mark: null, flagged: false };
  if (aspect.kind === "judgement") {
    if (marks.length < rules.judgesPerJudgementTeam) return { mark: null, flagged: false };
    const result = judgementMark(
      aspect.max,
      marks.map((m) => ("score" in m.value ? m.value.score : 0)),
      rules.judgementSpreadLimit,
    );
    // Over the limit, the aspect stays flagged until re-scored, or justified and approved for these very marks.
    const spreadApproved = result.exceedsSpreadLimit === true && approvedSpreads.has(spreadMarksKey(marks.map((m) => m.markId)));
    return { mark: result.mark, flagged: result.exceedsSpreadLimit === true && !spreadApproved, spreadApproved };
  }
  if (aspect.kind === "trimmed_mean") {
    if (marks.length < aspect.panelSize) return { mark: null, flagged: false };
    return {
      mark: trimmedMeanMark(
        aspect.max,
        marks.map((m) => ("mark" in m.value ? parseDecimal(m.value.mark)! : parseDecimal("0")!)),
      ).mark,
      flagged: false,
    };
  }
  const computed = marks.map((m) => {
    const v = m.value;
    const input =
      "measured" in v
        ? { measured: parseDecimal(v.measured)! }
        : "achieved" in v
          ? { achieved: v.achieved }
          : "choiceId" in v
            ? { choiceId: v.choiceId }
            : { achieved: false };
    return { at: m.recordedAt.getTime(), mark: measurementMark(aspect.max, aspect.calculation, input).mark };
  });
  const latest = computed.reduce((a, b) => (b.at > a.at ? b : a));
  return { mark: latest.mark, flagged: computed.some((c) => !eq(c.mark, latest.mark)) };
}

export interface ModuleWeight {
  code: string;
  part: ModulePart;
  /** The module's maximum: the sum of its aspects' max marks. */
  max: Exact;
}

/** The modules of a scheme with their maxima, in scheme order. */
export function moduleWeights(scheme: MarkingScheme): ModuleWeight[] {
  return scheme.modules.map((m) => ({ code: m.id, part: m.part, max: sum(m.subCriteria.flatMap((sc) => sc.aspects.map((a) => a.max))) }));
}

function awardRule(track: Track, rules: RuleSettings): AwardRule {
  if (track === "ws" || rules.awardScheme === "ws_medals") return { scheme: "ws_medals", tieTolerancePoints: rules.medalTieTolerancePoints };
  if (rules.awardScheme === "cn_top3_plus_merit") return { scheme: "cn_top3_plus_merit" };
  if (rules.awardScheme === "cn_percentages") return { scheme: "cn_percentages", percentages: rules.awardPercentages };
  return { scheme: "cn_fixed_counts", counts: rules.fixedAwardCounts };
}

type Track = "ws" | "national" | "local";

/** What decides standings besides the marks; both ways of scoring pass the same. */
export interface StandingInputs {
  /** Officially published WorldSkills points by competitor id (ws track); they replace computed ones. */
  officialPoints?: ReadonlyMap<string, number>;
}

/**
 * Ranks scored competitors with the tie-break chain, adds WorldSkills points (ws track) and the
 * awards. The one place standings are decided, whether the scores were summed from every mark
 * (the explanation) or kept incrementally as marks arrive (the live standings).
 */
export function standSkill<C extends ScoredCompetitor>(
  input: { modules: readonly ModuleWeight[]; rules: RuleSettings; track: Track; competitors: readonly C[] } & StandingInputs,
): Omit<SkillStandings, "competitors"> & { standings: Array<{ scored: C; standing: Standing }> } {
  const { rules } = input;
  const weighed = new Map(input.competitors.map((c) => [c.competitorId, weighParts(input.modules, c.moduleMarks, c.total, rules.theoryWeightPercent)]));
  const totalOf = (c: C) => weighed.get(c.competitorId)!.total;
  const tieBreaks = resolveTieBreaks(rules.tieBreakChain, modulesByWeight(input.modules));
  const hasParts = weighParts(input.modules, new Map(), zero, rules.theoryWeightPercent).parts !== null;
  const ranked = new Map(
    rankCompetitors(
      input.competitors.map((c) => ({
        competitorId: c.competitorId,
        code: c.code,
        total: totalOf(c),
        moduleMarks: c.moduleMarks,
        timeUsedSeconds: c.timeUsedSeconds ?? undefined,
      })),
      tieBreaks,
      rules.allowSharedRanks,
    ).map((r) => [r.competitorId, r]),
  );
  const points =
    input.track === "ws" ? scalePoints(new Map(input.competitors.map((c) => [c.competitorId, totalOf(c)])), worldSkillsScale, input.officialPoints) : null;
  const rule = awardRule(input.track, rules);
  const awards = decideAwards(
    input.competitors.map((c) => ({
      competitorId: c.competitorId,
      rank: ranked.get(c.competitorId)!.rank,
      points: points?.get(c.competitorId)?.points ?? (rule.scheme === "ws_medals" ? 0 : undefined),
      delegationId: c.delegationId,
    })),
    rule,
    rules.minimumEntrants,
  );
  const standings = input.competitors
    .map((c) => {
      const r = ranked.get(c.competitorId)!;
      const standing: Standing = {
        competitorId: c.competitorId,
        code: c.code,
        delegationId: c.delegationId,
        total: totalOf(c),
        rawTotal: c.total,
        parts: weighed.get(c.competitorId)!.parts,
        timeUsedSeconds: c.timeUsedSeconds ?? null,
        modules: input.modules.map((m) => ({ code: m.code, mark: c.moduleMarks.get(m.code) ?? zero, max: m.max })),
        rank: r.rank,
        decidedBy: r.decidedBy,
        unresolvedTie: r.unresolvedTie,
        points: points?.get(c.competitorId)?.points ?? null,
        pointsSource: points?.get(c.competitorId)?.source ?? null,
        award: awards.awards.get(c.competitorId) ?? null,
        bestOfNation: awards.bestOfNation.has(c.competitorId),
        missingCount: c.missingCount,
        flaggedCount: c.flaggedCount,
      };
      return { scored: c, standing };
    })
    .sort((a, b) => a.standing.rank - b.standing.rank || (a.standing.code < b.standing.code ? -1 : 1));
  return {
    selectionOnly: awards.selectionOnly,
    complete: standings.every((s) => s.standing.missingCount === 0),
    tieBreaks: tieBreaks.map((step) => (step.kind === "module" ? step.moduleId : step.kind)),
    partWeights: hasParts ? { theory: rules.theoryWeightPercent, practice: 100 - rules.theoryWeightPercent } : null,
    standings,
  };
}

/** A skill's results from every current mark, with each aspect explained. */
export function computeSkillResults(
  input: {
    scheme: MarkingScheme;
    rules: RuleSettings;
    track: Track;
    competitors: ReadonlyArray<ResultsCompetitor & { timeUsedSeconds?: number | null }>;
    marks: readonly CurrentMark[];
    approvedSpreads?: ReadonlySet<string>;
  } & StandingInputs,
): SkillResults {
  const { scheme, rules } = input;
  const aspects = scheme.modules.flatMap((m) => m.subCriteria.flatMap((sc) => sc.aspects));
  const shape = {
    modules: scheme.modules.map((m) => ({
      id: m.id,
      subCriteria: m.subCriteria.map((sc) => ({ id: sc.id, aspects: sc.aspects.map((a) => ({ id: a.id, max: a.max })) })),
    })),
  };
  const byCompetitorAspect = new Map<string, CurrentMark[]>();
  for (const m of input.marks) {
    const key = `${m.competitorId}|${m.aspectCode}`;
    const list = byCompetitorAspect.get(key);
    if (list) list.push(m);
    else byCompetitorAspect.set(key, [m]);
  }

  const moduleOf = new Map(scheme.modules.flatMap((m) => m.subCriteria.flatMap((sc) => sc.aspects.map((a) => [a.id, m.id] as const))));
  const scored = input.competitors.map((c) => {
    const aspectMarks = new Map<string, Exact>();
    const flagged: string[] = [];
    const explained: CompetitorResult["aspects"] = [];
    for (const aspect of aspects) {
      const entries = byCompetitorAspect.get(`${c.competitorId}|${aspect.id}`) ?? [];
      const result = aspectResult(aspect, entries, rules, input.approvedSpreads);
      if (result.mark) aspectMarks.set(aspect.id, result.mark);
      if (result.flagged) flagged.push(aspect.id);
      explained.push({
        code: aspect.id,
        moduleCode: moduleOf.get(aspect.id)!,
        kind: aspect.kind,
        max: aspect.max,
        mark: result.mark,
        flagged: result.flagged,
        spreadApproved: result.spreadApproved === true,
        entries: entries.map((e) => ({ markId: e.markId, judgeUserId: e.judgeUserId, value: e.value })),
      });
    }
    const score = scoreCompetitor(shape, aspectMarks);
    return {
      ...c,
      total: score.total,
      moduleMarks: new Map(score.modules.map((m) => [m.id, m.mark])),
      missingCount: score.missing.length,
      flaggedCount: flagged.length,
      missingAspects: score.missing,
      flaggedAspects: flagged,
      aspects: explained,
    };
  });

  const stood = standSkill({ modules: moduleWeights(scheme), rules, track: input.track, competitors: scored, officialPoints: input.officialPoints });
  return {
    selectionOnly: stood.selectionOnly,
    complete: stood.complete,
    tieBreaks: stood.tieBreaks,
    partWeights: stood.partWeights,
    competitors: stood.standings.map(({ scored: s, standing }) => ({
      ...standing,
      missingAspects: s.missingAspects,
      flaggedAspects: s.flaggedAspects,
      aspects: s.aspects,
    })),
  };
}
