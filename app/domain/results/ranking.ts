// Ranking a skill: by total, higher first; ties broken by the competition's chain (default: the
// weightiest module's mark first, then the next module …, then less time used). Where the
// competition allows shared ranks, competitors still equal after the chain share a rank
// (1, 2, 2, 4). Where it does not (national contests), they get consecutive ranks in code order
// and are flagged so the chief judge resolves the tie — the system never hides a coin toss.
import type { TieBreakStep } from "../competition/rule-settings";
import { cmp, type Exact } from "./exact";

export type TieBreak = { kind: "module"; moduleId: string } | { kind: "time_used" };

export interface RankEntry {
  competitorId: string;
  /** Anonymous code, the last deterministic key (never a name). */
  code: string;
  total: Exact;
  moduleMarks: ReadonlyMap<string, Exact>;
  /** Seconds used; absent when the contest does not record it. */
  timeUsedSeconds?: number;
}

export interface Ranked {
  competitorId: string;
  rank: number;
  /** Which step separated this competitor from the one ranked just above ("total", a module id, "time_used"), or null for the first. */
  decidedBy: string | null;
  /** Equal to a neighbour after the whole chain while shared ranks are not allowed. */
  unresolvedTie: boolean;
}

function compareBy(step: TieBreak, a: RankEntry, b: RankEntry): number {
  if (step.kind === "time_used") {
    // No recorded time ranks after any recorded time (and equal to another missing one), which
    // keeps the comparison a total order.
    const left = a.timeUsedSeconds ?? Number.POSITIVE_INFINITY;
    const right = b.timeUsedSeconds ?? Number.POSITIVE_INFINITY;
    return left === right ? 0 : left < right ? -1 : 1;
  }
  const left = a.moduleMarks.get(step.moduleId);
  const right = b.moduleMarks.get(step.moduleId);
  if (!left || !right) return 0;
  return cmp(right, left);
}

/** Returns the first step (or "total") that separates a and b, and its order. */
function separate(a: RankEntry, b: RankEntry, chain: readonly TieBreak[]): { order: number; by: string | null } {
  const byTotal = cmp(b.total, a.total);
  if (byTotal !== 0) return { order: byTotal, by: "total" };
  for (const step of chain) {
    const order = compareBy(step, a, b);
    if (order !== 0) return { order, by: step.kind === "module" ? step.moduleId : "time_used" };
  }
  return { order: 0, by: null };
}

export function rankCompetitors(entries: readonly RankEntry[], chain: readonly TieBreak[], allowSharedRanks: boolean): Ranked[] {
  const sorted = [...entries].sort((a, b) => separate(a, b, chain).order || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const ranked: Ranked[] = [];
  sorted.forEach((entry, index) => {
    const previous = sorted[index - 1];
    if (!previous) {
      ranked.push({ competitorId: entry.competitorId, rank: 1, decidedBy: null, unresolvedTie: false });
      return;
    }
    const { order, by } = separate(previous, entry, chain);
    const tied = order === 0;
    const previousRanked = ranked[index - 1]!;
    if (tied) {
      if (allowSharedRanks) ranked.push({ competitorId: entry.competitorId, rank: previousRanked.rank, decidedBy: null, unresolvedTie: false });
      else {
        previousRanked.unresolvedTie = true;
        ranked.push({ competitorId: entry.competitorId, rank: index + 1, decidedBy: null, unresolvedTie: true });
      }
    } else ranked.push({ competitorId: entry.competitorId, rank: index + 1, decidedBy: by, unresolvedTie: false });
  });
  return ranked;
}

/** The default chain: every module from the weightiest down, then time used. */
export function defaultTieBreaks(moduleIdsByWeight: readonly string[]): TieBreak[] {
  return resolveTieBreaks(["modules_by_weight", "time_used"], moduleIdsByWeight);
}

/**
 * The competition's chain made concrete for one skill's scheme: "modules_by_weight" becomes each
 * module from the weightiest down, "module:X" that module. A step naming a module the scheme
 * does not have is left out (the setting is per competition, schemes are per skill), and a module
 * already compared is not compared again.
 */
export function resolveTieBreaks(chain: readonly TieBreakStep[], moduleIdsByWeight: readonly string[]): TieBreak[] {
  const steps: TieBreak[] = [];
  const seen = new Set<string>();
  let timeCompared = false;
  const addModule = (moduleId: string) => {
    if (seen.has(moduleId) || !moduleIdsByWeight.includes(moduleId)) return;
    seen.add(moduleId);
    steps.push({ kind: "module", moduleId });
  };
  for (const step of chain) {
    if (step === "time_used") {
      if (!timeCompared) steps.push({ kind: "time_used" });
      timeCompared = true;
    } else if (step === "modules_by_weight") moduleIdsByWeight.forEach(addModule);
    else addModule(step.slice("module:".length));
  }
  return steps;
}
