// The one way services write: a transaction that also appends the audit events of the change
// and sequences its realtime events, which are published only after the commit succeeds.
// Both are gathered while the work runs and written at its end, in one closing statement with
// any write the work left for the end, and the COMMIT is sent right behind it. The database
// links the audit events into the chain as they are inserted, so the chain's head — the one
// lock every writer shares — is held from that statement to the commit, with no application
// round trip (or application pause) inside it (docs/decisions/019).
import { reusableQuery } from "../../db/reusable-query";
import {
  sql,
  type DeleteQueryBuilder,
  type Kysely,
  type DeleteResult,
  type InsertQueryBuilder,
  type InsertResult,
  type QueryCreator,
  type Transaction,
  type UpdateQueryBuilder,
  type UpdateResult,
} from "kysely";
import type { Database } from "../../db/schema";
import { streamKeyOf, type RealtimeEvent } from "~/realtime/events";
import type { ServiceDeps } from "./deps.server";
import { auditEventRows, type AuditInput } from "./audit/record-audit-event.server";

/** An insert, update or delete of one table, with no RETURNING. */
type EndQuery = {
  [T in keyof Database]:
    InsertQueryBuilder<Database, T, InsertResult> | UpdateQueryBuilder<Database, T, T, UpdateResult> | DeleteQueryBuilder<Database, T, DeleteResult>;
}[keyof Database];

/** A shaped write whatever its parameters (their types are the builder's own business). */
type AnyShapedEndWrite = ShapedEndWrite<Record<string, unknown>>;

/**
 * A write a service leaves for the transaction's closing statement (see WriteContext.writeAtEnd):
 * a builder, or — so the closing statement is compiled once per combination rather than on every
 * transaction (the marking path) — a named builder over bound values that must not branch on them.
 */
export type EndWrite = ((db: QueryCreator<Database>) => EndQuery) | AnyShapedEndWrite;

export interface ShapedEndWrite<P extends Record<string, unknown>> {
  /** Names `build`: one name, one builder. */
  shape: string;
  params: P;
  // Method syntax: a builder over its own parameters stands for any shaped write.
  build(db: QueryCreator<Database>, params: P): EndQuery;
}

type Unsequenced<E> = E extends RealtimeEvent ? Omit<E, "seq" | "occurredAt"> : never;

export interface WriteContext {
  trx: Transaction<Database>;
  now: Date;
  /** Appends an event to the audit chain when the work is done (in this transaction). */
  audit(input: AuditInput): void;
  /** Publishes a realtime event after the commit, numbered in its stream in this transaction. */
  emit(event: Unsequenced<RealtimeEvent>): void;
  /**
   * Runs a write in the transaction's closing statement, beside the audit events, instead of a
   * round trip of its own. Only for writes nothing later in the work reads, on rows the work
   * has locked already (the marking path's score rows).
   */
  writeAtEnd(write: EndWrite): void;
}

/**
 * Marks a transaction's closing statement for the PostgreSQL connection (db/connection.ts): it
 * sends the COMMIT right behind it instead of waiting for its answer first. Elsewhere (PGlite,
 * unprepared connections) it is only a comment.
 */
export const commitAfterMarker = "/* gj:commit-after */ ";

/** Audit rows per insert statement (twelve parameters each). */
const auditInsertChunk = 1000;

/** Adds the end writes to a statement as CTEs (data-modifying CTEs always run, in the statement's snapshot). */
function withEndWrites(db: QueryCreator<Database>, prefix: string, writes: ReadonlyArray<(db: QueryCreator<Database>) => EndQuery>): QueryCreator<Database> {
  // The CTEs only add names; the statement stays typed as its main query.
  return writes.reduce(
    (q, write, i) => q.with(`${prefix}_${i}`, (inner) => write(inner as unknown as QueryCreator<Database>)) as unknown as QueryCreator<Database>,
    db,
  );
}

type AuditRow = ReturnType<typeof auditEventRows>[number];
const auditColumns = [
  "occurredAt",
  "actorUserId",
  "action",
  "entityType",
  "entityId",
  "competitionId",
  "before",
  "after",
  "reason",
  "bodyDigest",
] as const satisfies ReadonlyArray<keyof AuditRow>;

/**
 * The closing statement over flat parameters: the end writes (`e<i>_…`), the audit rows
 * (`a<j>_…`, linked by the database as they are inserted), and the realtime streams
 * (`s<k>_key`, `s<k>_count`), returning each stream's last number.
 */
function closingStatement(
  trx: QueryCreator<Database>,
  p: Record<string, unknown>,
  builders: ReadonlyArray<AnyShapedEndWrite["build"]>,
  auditCount: number,
  streamCount: number,
) {
  const of = (prefix: string) =>
    Object.fromEntries(
      Object.entries(p)
        .filter(([key]) => key.startsWith(prefix))
        .map(([key, value]) => [key.slice(prefix.length), value]),
    );
  let closing = withEndWrites(
    trx,
    "end_write",
    builders.map((build, i) => (db: QueryCreator<Database>) => build(db, of(`e${i}_`))),
  );
  if (auditCount > 0) {
    const rows = Array.from({ length: auditCount }, (_, j) => Object.fromEntries(auditColumns.map((column) => [column, p[`a${j}_${column}`]])) as AuditRow);
    closing = withEndWrites(closing, "audit_write", [(db) => db.insertInto("auditEvent").values(rows)]);
  }
  if (streamCount === 0) return closing.selectNoFrom([sql<string | null>`null`.as("streamKey"), sql<number | null>`null`.as("seq")]);
  return closing
    .insertInto("realtimeStream")
    .values(Array.from({ length: streamCount }, (_, k) => ({ streamKey: p[`s${k}_key`] as string, seq: p[`s${k}_count`] as number })))
    .onConflict((oc) => oc.column("streamKey").doUpdateSet((eb) => ({ seq: eb("realtimeStream.seq", "+", eb.ref("excluded.seq")) })))
    .returning(["streamKey", "seq"]);
}

type ClosingRow = { streamKey: string | null; seq: number | null };

/** Moves the streams' numbers on by their counts (in key order) and returns each stream's last. */
function upsertStreams(trx: Transaction<Database>, rows: ReadonlyArray<readonly [string, number]>) {
  return trx
    .insertInto("realtimeStream")
    .values(rows.map(([streamKey, seq]) => ({ streamKey, seq })))
    .onConflict((oc) => oc.column("streamKey").doUpdateSet((eb) => ({ seq: eb("realtimeStream.seq", "+", eb.ref("excluded.seq")) })))
    .returning(["streamKey", "seq"])
    .execute();
}

/** Closing statements compiled once, by the shapes of their parts (a few kinds of transaction). */
const closingByShape = new Map<string, (trx: Transaction<Database>, p: Record<string, unknown>) => Promise<ClosingRow[]>>();
const maxClosingShapes = 200;

/**
 * Writes the gathered audit events and end writes and sequences the realtime events in one
 * closing statement (more for thousands of audit events), with the COMMIT sent right behind it.
 */
async function flush(
  trx: Transaction<Database>,
  now: Date,
  audits: AuditInput[],
  events: Array<Unsequenced<RealtimeEvent>>,
  endWrites: EndWrite[],
): Promise<RealtimeEvent[]> {
  const counts = new Map<string, number>();
  for (const event of events) counts.set(streamKeyOf(event), (counts.get(streamKeyOf(event)) ?? 0) + 1);
  if (audits.length === 0 && counts.size === 0 && endWrites.length === 0) return [];
  // Locks are taken in one order by every writer — stream rows by key, then the chain's head —
  // so two transactions never wait on each other crosswise.
  let streamRows = [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const streams: Array<{ streamKey: string; seq: number }> = [];

  // Flat parameters of the closing statement, and the shape that names its compiled form.
  const params: Record<string, unknown> = {};
  const builders = endWrites.map((write, i) => {
    if (typeof write === "function") return (db: QueryCreator<Database>) => write(db);
    for (const [key, value] of Object.entries(write.params)) params[`e${i}_${key}`] = value;
    return write.build;
  }) as Array<AnyShapedEndWrite["build"]>;
  let auditCount = 0;
  if (audits.length > 0) {
    const rows = auditEventRows(now, audits);
    // Many events (a verified score sheet audits each of its marks): all but the last chunk go
    // first, each statement well under PostgreSQL's 65,535 parameters — after the stream rows,
    // which keep their place before the chain's head in the lock order.
    const lastChunk = Math.floor((rows.length - 1) / auditInsertChunk) * auditInsertChunk;
    if (lastChunk > 0 && streamRows.length > 0) {
      streams.push(...(await upsertStreams(trx, streamRows)));
      streamRows = [];
    }
    for (let i = 0; i < lastChunk; i += auditInsertChunk)
      await trx
        .insertInto("auditEvent")
        .values(rows.slice(i, i + auditInsertChunk))
        .execute();
    const closingRows = rows.slice(lastChunk);
    closingRows.forEach((row, j) => auditColumns.forEach((column) => (params[`a${j}_${column}`] = row[column])));
    auditCount = closingRows.length;
  }
  streamRows.forEach(([streamKey, count], k) => {
    params[`s${k}_key`] = streamKey;
    params[`s${k}_count`] = count;
  });
  const streamCount = streamRows.length;

  // The closing statement is the transaction's last: its COMMIT follows it on the wire.
  const shaped = endWrites.every((write) => typeof write !== "function") && auditCount <= 4 && streamCount <= 4;
  let rows: ClosingRow[];
  if (shaped) {
    const shape = `${endWrites.map((write) => (write as AnyShapedEndWrite).shape).join(",")}|${auditCount}|${streamCount}`;
    let run = closingByShape.get(shape);
    if (!run) {
      run = reusableQuery((db: Kysely<Database>, p: Record<string, unknown>) => closingStatement(db, p, builders, auditCount, streamCount), {
        sqlPrefix: commitAfterMarker,
      }) as (trx: Transaction<Database>, p: Record<string, unknown>) => Promise<ClosingRow[]>;
      if (closingByShape.size < maxClosingShapes) closingByShape.set(shape, run);
    }
    rows = await run(trx, params);
  } else {
    const compiled = closingStatement(trx, params, builders, auditCount, streamCount).compile();
    rows = (await trx.executeQuery<ClosingRow>({ ...compiled, sql: commitAfterMarker + compiled.sql })).rows;
  }
  streams.push(...rows.filter((r): r is { streamKey: string; seq: number } => r.streamKey !== null));

  // Each stream's returned number is its last; the events before it count down from there.
  const lastSeq = new Map(streams.map((s) => [s.streamKey, s.seq]));
  const next = new Map([...counts].map(([key, count]) => [key, lastSeq.get(key)! - count + 1]));
  return events.map((event) => {
    const key = streamKeyOf(event);
    const seq = next.get(key)!;
    next.set(key, seq + 1);
    return { ...event, seq, occurredAt: now.toISOString() } as RealtimeEvent;
  });
}

export async function inWriteTransaction<T>(deps: ServiceDeps, work: (tx: WriteContext) => Promise<T>): Promise<T> {
  const now = deps.now();
  let published: RealtimeEvent[] = [];
  const result = await deps.db.transaction().execute(async (trx) => {
    const audits: AuditInput[] = [];
    const events: Array<Unsequenced<RealtimeEvent>> = [];
    const endWrites: EndWrite[] = [];
    const tx: WriteContext = {
      trx,
      now,
      audit: (input) => void audits.push(input),
      emit: (event) => void events.push(event),
      writeAtEnd: (write) => void endWrites.push(write),
    };
    const value = await work(tx);
    published = await flush(trx, now, audits, events, endWrites);
    return value;
  });
  if (published.length > 0) deps.events.publish(published);
  return result;
}
