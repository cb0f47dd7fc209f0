// Scores kept incrementally (docs/decisions/008). After each mark, in the mark's transaction,
// the aspect's mark is remade from its judges' current entries and the competitor's running
// total and module marks move by the difference — a handful of rows, whatever the size of the
// skill. Standings then read one row per competitor (load-skill-standings.server.ts) and rank
// them with the same domain function as the full explanation, so both always agree (a test
// rebuilds from the marks and compares). The marking path is counted in round trips: see
// docs/performance.md.
import { sql, type Kysely, type QueryCreator } from "kysely";
import { jsonArrayFrom, jsonObjectFrom } from "kysely/helpers/postgres";
import type { Database } from "../../../db/schema";
import { reusableQuery } from "../../../db/reusable-query";
import type { RuleSettings } from "~/domain/competition/rule-settings";
import { DomainError } from "~/domain/errors";
import type { Aspect } from "~/domain/marking-scheme/scheme";
import type { MarkValue } from "~/domain/marking-scheme/mark-value";
import { add, sub, toRatio, zero, type Exact } from "~/domain/results/exact";
import { aspectResult } from "~/domain/results/skill-results";
import type { EndWrite, ShapedEndWrite } from "../transaction.server";
import { ratio, parseModuleMarks } from "./score-inputs.server";

/** The current entry of each judge (highest revision) for one aspect of one competitor. */
export function currentEntries(trx: Kysely<Database>, competitorId: string, aspectId: string) {
  return trx
    .selectFrom("mark")
    .select(["id", "judgeUserId", "input", "recordedAt"])
    .distinctOn("judgeUserId")
    .where("aspectId", "=", aspectId)
    .where("competitorId", "=", competitorId)
    .orderBy("judgeUserId")
    .orderBy("revision", "desc");
}

export interface AspectScoreTarget {
  skillId: string;
  competitorId: string;
  aspectId: string;
  moduleCode: string;
  aspect: Aspect;
  rules: RuleSettings;
}

/**
 * The module marks as JSON text: its keys are module codes, which the CamelCasePlugin would
 * otherwise rewrite like column names ("A_1" → "A1") on the way out.
 */
export const moduleMarksText = sql<string>`competitor_score.module_marks::text`.as("moduleMarks");

/** A competitor's kept totals as stored, read while holding the row's lock (module marks as JSON text). */
export interface LockedTotals {
  total: string;
  moduleMarks: string;
  markedCount: number;
  flaggedCount: number;
}

/**
 * Locks a competitor's score row (creating it at zero) and returns it. Concurrent marks for one
 * competitor therefore apply one after the other, each reading the marks committed before it.
 * Nest it in the statement that writes the mark to save a round trip (recordMark does).
 */
export function lockCompetitorScore(trx: QueryCreator<Database>, now: Date, competitorId: string, skillId: string) {
  return trx
    .insertInto("competitorScore")
    .values({ competitorId, skillId, total: "0", moduleMarks: "{}", markedCount: 0, flaggedCount: 0, updatedAt: now })
    .onConflict((oc) => oc.column("competitorId").doUpdateSet((eb) => ({ competitorId: eb.ref("competitorScore.competitorId") })))
    .returning(["competitorScore.total", moduleMarksText, "competitorScore.markedCount", "competitorScore.flaggedCount"]);
}

/**
 * What remaking one aspect's score reads: the module's lock state as of now (when guarded), the
 * judges' current entries, the aspect's kept score and the approved spreads. As columns, to nest
 * in a larger statement (the marking path reads them in the statement that writes the mark).
 */
export function aspectReadColumns(trx: Kysely<Database>, p: { moduleId: string | null; competitorId: string; aspectId: string }) {
  return [
    // With a guard: the module's lock state as of now (a fresh snapshot, after the caller took
    // its share lock on the module row), so a lock committed meanwhile is seen.
    sql<boolean | null>`(select locked from module_lock_event where module_id = ${p.moduleId} order by id desc limit 1)`.as("locked"),
    jsonArrayFrom(currentEntries(trx, p.competitorId, p.aspectId)).as("entries"),
    jsonObjectFrom(trx.selectFrom("aspectScore").select(["mark", "flagged"]).where("competitorId", "=", p.competitorId).where("aspectId", "=", p.aspectId)).as(
      "previous",
    ),
    jsonArrayFrom(
      trx
        .selectFrom("spreadResolution")
        .select("marks")
        .where("competitorId", "=", p.competitorId)
        .where("aspectId", "=", p.aspectId)
        .where("kind", "=", "approved"),
    ).as("approvals"),
  ] as const;
}

/** The aspect's state as aspectReadColumns read it. */
export interface AspectRead {
  locked: boolean | null;
  entries: Array<{ id: string; judgeUserId: string; input: unknown; recordedAt: string | Date }>;
  previous: { mark: string | null; flagged: boolean } | null;
  approvals: Array<{ marks: string }>;
}

/**
 * lockCompetitorScore for a competitor given by id who must be of `skillId`: nothing is inserted
 * or locked (and nothing returned) for any other. For a CTE of a larger statement (writeMark's checks).
 */
export function lockCompetitorScoreIn(trx: QueryCreator<Database>, now: Date, competitorId: string, skillId: string) {
  return trx
    .insertInto("competitorScore")
    .columns(["competitorId", "skillId", "total", "moduleMarks", "markedCount", "flaggedCount", "updatedAt"])
    .expression((eb) =>
      eb
        .selectFrom("competitor")
        .select((inner) => [
          "competitor.id",
          "competitor.skillId",
          sql<string>`'0'`.as("total"),
          sql<string>`'{}'::jsonb`.as("moduleMarks"),
          sql<number>`0`.as("markedCount"),
          sql<number>`0`.as("flaggedCount"),
          inner.val(now).as("updatedAt"),
        ])
        .where("competitor.id", "=", competitorId)
        .where("competitor.skillId", "=", skillId),
    )
    .onConflict((oc) => oc.column("competitorId").doUpdateSet((eb) => ({ competitorId: eb.ref("competitorScore.competitorId") })))
    .returning(["competitorScore.total", moduleMarksText, "competitorScore.markedCount", "competitorScore.flaggedCount"]);
}

/** What remaking one aspect's score reads, in one statement compiled once. */
const aspectReadQuery = reusableQuery((trx: Kysely<Database>, p: { moduleId: string | null; competitorId: string; aspectId: string }) =>
  trx.selectNoFrom(aspectReadColumns(trx, p)),
);

interface AspectScoreRow extends Record<string, unknown> {
  competitorId: string;
  aspectId: string;
  skillId: string;
  moduleCode: string;
  mark: string | null;
  flagged: boolean;
  updatedAt: Date;
}

interface TotalsRow extends Record<string, unknown> {
  competitorId: string;
  total: string;
  moduleMarks: string;
  markedCount: number;
  flaggedCount: number;
  updatedAt: Date;
}

/** An aspect's kept score, written (the same statement shape whatever the values: compiled once). */
function upsertAspectScore(db: QueryCreator<Database>, p: AspectScoreRow) {
  return db
    .insertInto("aspectScore")
    .values({
      competitorId: p.competitorId,
      aspectId: p.aspectId,
      skillId: p.skillId,
      moduleCode: p.moduleCode,
      mark: p.mark,
      flagged: p.flagged,
      updatedAt: p.updatedAt,
    })
    .onConflict((oc) =>
      oc
        .columns(["competitorId", "aspectId"])
        .doUpdateSet((eb) => ({ mark: eb.ref("excluded.mark"), flagged: eb.ref("excluded.flagged"), updatedAt: eb.ref("excluded.updatedAt") })),
    );
}

/** A competitor's kept totals, moved (their row is locked already). */
function updateTotals(db: QueryCreator<Database>, p: TotalsRow) {
  return db
    .updateTable("competitorScore")
    .set({ total: p.total, moduleMarks: p.moduleMarks, markedCount: p.markedCount, flaggedCount: p.flaggedCount, updatedAt: p.updatedAt })
    .where("competitorId", "=", p.competitorId);
}

/**
 * Remakes one aspect's score from its current marks and moves the competitor's totals by the
 * difference: one read, one write. Call inside the transaction that changed the marks, after
 * lockCompetitorScore in an earlier statement (its snapshot must not predate the lock). `read`:
 * the aspect's state, read already by the caller in a statement after the lock (no read here).
 */
export async function applyAspectScore(
  trx: Kysely<Database>,
  now: Date,
  target: AspectScoreTarget,
  totals: LockedTotals,
  options: { guard?: { unlockedModuleId: string }; writeAtEnd?: (write: EndWrite) => void; read?: AspectRead } = {},
): Promise<{ mark: Exact | null; flagged: boolean }> {
  const guard = options.guard;
  const current: AspectRead | undefined =
    options.read ??
    (await aspectReadQuery(trx, { moduleId: guard?.unlockedModuleId ?? null, competitorId: target.competitorId, aspectId: target.aspectId }))[0];
  if (!current) throw new Error("The aspect read returns one row");
  if (guard && current.locked === true) throw new DomainError("MODULE_LOCKED", { module: target.moduleCode });
  const previous = current.previous;
  const next = aspectResult(
    target.aspect,
    current.entries.map((e) => ({ markId: e.id, judgeUserId: e.judgeUserId, value: e.input as MarkValue, recordedAt: new Date(e.recordedAt) })),
    target.rules,
    new Set(current.approvals.map((a) => a.marks)),
  );
  const before = ratio(previous?.mark) ?? zero;
  const after = next.mark ?? zero;
  const moduleMarks = parseModuleMarks(totals.moduleMarks);
  moduleMarks[target.moduleCode] = toRatio(add(sub(ratio(moduleMarks[target.moduleCode]) ?? zero, before), after));
  const markedCount = totals.markedCount - (previous?.mark ? 1 : 0) + (next.mark ? 1 : 0);
  const flaggedCount = totals.flaggedCount - (previous?.flagged ? 1 : 0) + (next.flagged ? 1 : 0);
  const mark = next.mark ? toRatio(next.mark) : null;
  // Both rows in one statement — or, given writeAtEnd, in the transaction's closing statement
  // (the competitor's row is locked already, so nothing can come between).
  const aspectWrite: ShapedEndWrite<AspectScoreRow> = {
    shape: "aspectScore.upsert",
    params: {
      competitorId: target.competitorId,
      aspectId: target.aspectId,
      skillId: target.skillId,
      moduleCode: target.moduleCode,
      mark,
      flagged: next.flagged,
      updatedAt: now,
    },
    build: upsertAspectScore,
  };
  const totalsWrite: ShapedEndWrite<TotalsRow> = {
    shape: "competitorScore.totals",
    params: {
      competitorId: target.competitorId,
      total: toRatio(add(sub(ratio(totals.total)!, before), after)),
      moduleMarks: JSON.stringify(moduleMarks),
      markedCount,
      flaggedCount,
      updatedAt: now,
    },
    build: updateTotals,
  };
  if (options.writeAtEnd) {
    options.writeAtEnd(aspectWrite);
    options.writeAtEnd(totalsWrite);
  } else {
    await updateTotals(
      trx.with("aspectWrite", (db) => upsertAspectScore(db as unknown as QueryCreator<Database>, aspectWrite.params)) as unknown as QueryCreator<Database>,
      totalsWrite.params,
    ).execute();
  }
  return next;
}

/** lockCompetitorScore then applyAspectScore, for changes other than a new mark. */
export async function refreshAspectScore(trx: Kysely<Database>, now: Date, target: AspectScoreTarget): Promise<{ mark: Exact | null; flagged: boolean }> {
  const totals = await lockCompetitorScore(trx, now, target.competitorId, target.skillId).executeTakeFirstOrThrow();
  return applyAspectScore(trx, now, target, totals);
}
