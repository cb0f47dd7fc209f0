// The medal table 奖牌榜 per delegation over a competition's published results (issue 7 item 3).
// WorldSkills: gold, silver, bronze and Medallions for Excellence, with medal points 4/3/2/1, and
// Best of Nation; ordered by medal points, then golds, silvers, bronzes, medallions. Chinese award
// schemes: 一/二/三等奖 and 优胜奖 counts, ordered by firsts, seconds, thirds, then merits. A team
// competitor's result is one medal for its delegation (as WorldSkills counts it).
// Boundary: pure.
import type { Award } from "../results/awards";

export const medalPoints: Partial<Record<Award, number>> = { gold: 4, silver: 3, bronze: 2, medallion: 1 };

export interface MedalTableRow {
  delegationId: string;
  counts: Record<Award, number>;
  bestOfNation: number;
  medalPoints: number;
  /** 1-based; delegations with equal counts share a place. */
  place: number;
}

const zeroCounts = (): Record<Award, number> => ({ gold: 0, silver: 0, bronze: 0, medallion: 0, first: 0, second: 0, third: 0, merit: 0 });

export function medalTable(results: ReadonlyArray<{ delegationId: string; award: Award | null; bestOfNation: boolean }>): MedalTableRow[] {
  const rows = new Map<string, MedalTableRow>();
  for (const r of results) {
    let row = rows.get(r.delegationId);
    if (!row) rows.set(r.delegationId, (row = { delegationId: r.delegationId, counts: zeroCounts(), bestOfNation: 0, medalPoints: 0, place: 0 }));
    if (r.award) {
      row.counts[r.award]++;
      row.medalPoints += medalPoints[r.award] ?? 0;
    }
    if (r.bestOfNation) row.bestOfNation++;
  }
  const key = (r: MedalTableRow) => [
    r.medalPoints,
    r.counts.gold,
    r.counts.silver,
    r.counts.bronze,
    r.counts.medallion,
    r.counts.first,
    r.counts.second,
    r.counts.third,
    r.counts.merit,
  ];
  const compare = (a: MedalTableRow, b: MedalTableRow) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return kb[i]! - ka[i]!;
    return 0;
  };
  const sorted = [...rows.values()]
    .filter((r) => r.medalPoints > 0 || Object.values(r.counts).some((n) => n > 0) || r.bestOfNation > 0)
    .sort((a, b) => compare(a, b) || (a.delegationId < b.delegationId ? -1 : 1));
  sorted.forEach((row, i) => {
    row.place = i > 0 && compare(sorted[i - 1]!, row) === 0 ? sorted[i - 1]!.place : i + 1;
  });
  return sorted;
}
