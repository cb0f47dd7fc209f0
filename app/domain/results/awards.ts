// Awards by the competition's scheme (RULES.md "Results"):
// - WorldSkills: gold, silver, bronze by points; competitors within the tie tolerance of each
//   other share a medal and the next medal is skipped (two golds → no silver); a Medallion for
//   Excellence for non-medallists with ≥ 700 points; Best of Nation per delegation.
// - Chinese schemes: (a) top 3 + 优胜奖 for the rest of the top half; (b) fixed counts of
//   一/二/三等奖; (c) percentages of entrants. A tie on a boundary gives every tied competitor
//   the better award, so counts are exceeded only by ties.
// - Below the minimum number of entrants the skill runs as "selection only": no awards.
// Only competitors who competed count as entrants (absent, withdrawn or disqualified do not).
export type Award = "gold" | "silver" | "bronze" | "medallion" | "first" | "second" | "third" | "merit";

export type AwardRule =
  | { scheme: "ws_medals"; tieTolerancePoints: number }
  | { scheme: "cn_top3_plus_merit" }
  | { scheme: "cn_fixed_counts"; counts: readonly [number, number, number] }
  | { scheme: "cn_percentages"; percentages: readonly [number, number, number] };

export interface AwardInput {
  competitorId: string;
  rank: number;
  /** WorldSkills points (ws_medals only). */
  points?: number;
  delegationId: string;
}

export interface AwardResult {
  selectionOnly: boolean;
  awards: Map<string, Award | null>;
  bestOfNation: Set<string>;
}

/** Ranks 1…`upTo` (by position), extended to everyone sharing the rank at the boundary. */
function withinRank(entries: readonly AwardInput[], upTo: number): (e: AwardInput) => boolean {
  if (upTo <= 0) return () => false;
  const sorted = [...entries].sort((a, b) => a.rank - b.rank);
  const boundary = sorted[Math.min(upTo, sorted.length) - 1]?.rank ?? 0;
  return (e) => e.rank <= boundary;
}

function wsMedals(entries: readonly AwardInput[], tolerance: number): Map<string, Award | null> {
  const sorted = [...entries].sort((a, b) => (b.points ?? 0) - (a.points ?? 0));
  const awards = new Map<string, Award | null>();
  const medals: Award[] = ["gold", "silver", "bronze"];
  let position = 0; // competitors placed ahead of the current group
  let i = 0;
  while (i < sorted.length) {
    const top = sorted[i]!.points ?? 0;
    let j = i;
    while (j < sorted.length && top - (sorted[j]!.points ?? 0) <= tolerance) j++;
    const medal = medals[position] ?? null;
    for (const e of sorted.slice(i, j)) awards.set(e.competitorId, medal ?? ((e.points ?? 0) >= 700 ? "medallion" : null));
    position += j - i;
    i = j;
  }
  return awards;
}

function bestOfNation(entries: readonly AwardInput[]): Set<string> {
  const best = new Map<string, number>();
  for (const e of entries) best.set(e.delegationId, Math.max(best.get(e.delegationId) ?? -Infinity, e.points ?? -Infinity));
  return new Set(entries.filter((e) => e.points !== undefined && e.points === best.get(e.delegationId)).map((e) => e.competitorId));
}

export function decideAwards(entries: readonly AwardInput[], rule: AwardRule, minimumEntrants: number): AwardResult {
  const awards = new Map<string, Award | null>(entries.map((e) => [e.competitorId, null]));
  if (entries.length < minimumEntrants || entries.length === 0) return { selectionOnly: true, awards, bestOfNation: new Set() };
  if (rule.scheme === "ws_medals") return { selectionOnly: false, awards: wsMedals(entries, rule.tieTolerancePoints), bestOfNation: bestOfNation(entries) };

  let tiers: Array<[Award, number]>;
  if (rule.scheme === "cn_top3_plus_merit")
    tiers = [
      ["gold", 1],
      ["silver", 1],
      ["bronze", 1],
      ["merit", Math.floor(entries.length / 2) - 3],
    ];
  else if (rule.scheme === "cn_fixed_counts")
    tiers = [
      ["first", rule.counts[0]],
      ["second", rule.counts[1]],
      ["third", rule.counts[2]],
    ];
  else tiers = rule.percentages.map((p, k) => [(["first", "second", "third"] as const)[k]!, Math.floor((entries.length * p) / 100)]);

  let upTo = 0;
  for (const [award, count] of tiers) {
    if (count <= 0) continue;
    upTo += count;
    const inside = withinRank(entries, upTo);
    for (const e of entries) if (awards.get(e.competitorId) === null && inside(e)) awards.set(e.competitorId, award);
  }
  return { selectionOnly: false, awards, bestOfNation: new Set() };
}
