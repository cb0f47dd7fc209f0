// Recusal 回避 (RULES.md "Judges and conflicts"): a judge never marks a competitor of their own
// delegation ([WS] compatriot rule; a region's judges belong to its delegation), of their own
// employer, or a person they have declared a relation to (relative, student). The server checks
// this on every mark; assignment of marking teams uses the same rule.
/** The ties a judge may declare to a person (besides delegation and employer, which are known). */
export const relationKinds = ["relative", "student", "teacher", "other"] as const;
export type RelationKind = (typeof relationKinds)[number];

export interface JudgeTies {
  /** The administrative region the judge represents (their delegation's region), if any. */
  regionCode: string | null;
  employerId: string | null;
  /** Persons the judge declared a relation to. */
  relatedPersonIds: readonly string[];
}

export interface CompetitorTies {
  delegationRegionCode: string | null;
  members: ReadonlyArray<{ personId: string; employerId: string | null }>;
}

export type Conflict = { reason: "delegation" } | { reason: "employer" } | { reason: "relation"; personId: string };

export function findConflict(judge: JudgeTies, competitor: CompetitorTies): Conflict | null {
  if (judge.regionCode && competitor.delegationRegionCode && judge.regionCode === competitor.delegationRegionCode) return { reason: "delegation" };
  if (judge.employerId && competitor.members.some((m) => m.employerId === judge.employerId)) return { reason: "employer" };
  const related = competitor.members.find((m) => judge.relatedPersonIds.includes(m.personId));
  return related ? { reason: "relation", personId: related.personId } : null;
}
