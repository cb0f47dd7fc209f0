// What the kept scores and the standings both read: stored ratios, the judges' current marks,
// the approved spreads, and each competitor's time used and official points.
import type { ExpressionBuilder, Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import type { MarkValue } from "~/domain/marking-scheme/mark-value";
import { parseRatio, type Exact } from "~/domain/results/exact";
import type { CurrentMark } from "~/domain/results/skill-results";
import type { SchemeContext } from "../marks/scheme-context.server";

export function ratio(text: string | null | undefined): Exact | null {
  if (text === null || text === undefined) return null;
  const value = parseRatio(text);
  if (!value) throw new Error(`Stored score is not a ratio: ${text}`);
  return value;
}

export function parseModuleMarks(text: string | null): Record<string, string> {
  return text === null ? {} : (JSON.parse(text) as Record<string, string>);
}

/** The current mark of each judge for each competitor and aspect of a skill: its highest revision. */
export async function loadCurrentMarks(db: Kysely<Database>, skillId: string, context: Pick<SchemeContext, "aspects">): Promise<CurrentMark[]> {
  const aspectCodes = new Map([...context.aspects].map(([code, a]) => [a.id, code]));
  const rows = await db
    .selectFrom("mark")
    .select(["id", "aspectId", "competitorId", "judgeUserId", "input", "recordedAt"])
    .distinctOn(["aspectId", "competitorId", "judgeUserId"])
    .where("skillId", "=", skillId)
    .orderBy("aspectId")
    .orderBy("competitorId")
    .orderBy("judgeUserId")
    .orderBy("revision", "desc")
    .execute();
  return rows.map((m) => ({
    markId: m.id,
    aspectCode: aspectCodes.get(m.aspectId)!,
    competitorId: m.competitorId,
    judgeUserId: m.judgeUserId,
    value: m.input as MarkValue,
    recordedAt: m.recordedAt,
  }));
}

/** The sets of marks whose spread the chief judge approved (keys of spreadMarksKey). */
export async function loadApprovedSpreads(db: Kysely<Database>, skillId: string): Promise<Set<string>> {
  const rows = await db.selectFrom("spreadResolution").select("marks").where("skillId", "=", skillId).where("kind", "=", "approved").execute();
  return new Set(rows.map((r) => r.marks));
}

/**
 * A competitor's time used (the latest record) and official WorldSkills points (from the skill's
 * latest import), as columns of a query over competitors: the kept standings and the full
 * explanation read them the same way, so they rank on the same inputs.
 */
export function standingInputColumns(eb: ExpressionBuilder<Database, "competitor">) {
  return [
    eb
      .selectFrom("timeUsedRecord")
      .select("timeUsedRecord.seconds")
      .whereRef("timeUsedRecord.competitorId", "=", "competitor.id")
      .orderBy("timeUsedRecord.id", "desc")
      .limit(1)
      .as("timeUsedSeconds"),
    eb
      .selectFrom("officialPoints")
      .select("officialPoints.points")
      .whereRef("officialPoints.competitorId", "=", "competitor.id")
      .where(
        "officialPoints.importId",
        "=",
        eb
          .selectFrom("officialPointsImport")
          .select("officialPointsImport.id")
          .whereRef("officialPointsImport.skillId", "=", "competitor.skillId")
          .orderBy("officialPointsImport.id", "desc")
          .limit(1),
      )
      .as("officialPoints"),
  ] as const;
}

/** Official points by competitor id, from rows carrying standingInputColumns. */
export function officialPointsOf(rows: ReadonlyArray<{ competitorId: string; officialPoints: number | null }>): Map<string, number> {
  return new Map(rows.flatMap((r) => (r.officialPoints === null ? [] : [[r.competitorId, r.officialPoints] as const])));
}

/** Competitor states that take a competitor out of the ranking (RULES.md: only those who competed count as entrants). */
export const notEntrantStates = ["absent", "disqualified"] as const;
