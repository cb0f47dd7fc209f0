// The one way services write: a transaction that also appends the audit events of the change
// and sequences its realtime events, which are published only after the commit succeeds.
// Both are gathered while the work runs and written at its end, in two statements: the audit
// chain's head is locked (and so held) only from there to the commit, and the realtime
// sequence numbers — and any write the work left for the end — ride in the same statement as
// the audit events.
import { reusableQuery } from "../../db/reusable-query";
import { sql, type DeleteQueryBuilder, type Kysely, type DeleteResult, type InsertQueryBuilder, type InsertResult, type QueryCreator, type Transaction, type UpdateQueryBuilder, type UpdateResult } from "kysely";
import type { Database } from "../../db/schema";
import { streamKeyOf, type RealtimeEvent } from "~/realtime/events";
import type { ServiceDeps } from "./deps.server";
import { chainAuditEvents, lockAuditChain, type AuditInput } from "./audit/record-audit-event.server";

type EndQuery = InsertQueryBuilder<Database, any, InsertResult> | UpdateQueryBuilder<Database, any, any, UpdateResult> | DeleteQueryBuilder<Database, any, DeleteResult>;

/**
 * A write a service leaves for the transaction's closing statement (see WriteContext.writeAtEnd):
 * a builder, or — so the closing statement is compiled once per combination rather than on every
 * transaction (the marking path) — a named builder over bound values that must not branch on them.
 */
export type EndWrite = ((db: QueryCreator<Database>) => EndQuery) | ShapedEndWrite<any>;

export interface ShapedEndWrite<P extends Record<string, unknown>> {
  /** Names `build`: one name, one builder. */
  shape: string;
  params: P;
  build: (db: QueryCreator<Database>, params: P) => EndQuery;
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
  /**
   * The work has locked the audit chain's head itself (nested in one of its statements, for
   * `count` events: `update audit_chain_head set seq = seq + count … returning seq, hash`) and
   * got `head` back: the closing statement chains the events after it without locking again.
   * The work must then audit exactly `count` events.
   */
  auditChainLocked(head: { seq: number; hash: string | null }, count: number): void;
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
  return writes.reduce((q, write, i) => q.with(`${prefix}_${i}`, (inner) => write(inner as unknown as QueryCreator<Database>)) as unknown as QueryCreator<Database>, db);
}

type AuditRow = ReturnType<typeof chainAuditEvents>[number];
const auditColumns = ["seq", "occurredAt", "actorUserId", "action", "entityType", "entityId", "competitionId", "before", "after", "reason", "prevHash", "hash"] as const satisfies ReadonlyArray<keyof AuditRow>;

/**
 * The closing statement over flat parameters: the end writes (`e<i>_…`), the audit rows
 * (`a<j>_…`) with the chain head's new hash (`head`), and the realtime streams (`s<k>_key`,
 * `s<k>_count`), returning each stream's last number.
 */
function closingStatement(trx: QueryCreator<Database>, p: Record<string, unknown>, builders: ReadonlyArray<ShapedEndWrite<any>["build"]>, auditCount: number, streamCount: number) {
  const of = (prefix: string) => Object.fromEntries(Object.entries(p).filter(([key]) => key.startsWith(prefix)).map(([key, value]) => [key.slice(prefix.length), value]));
  let closing = withEndWrites(trx, "end_write", builders.map((build, i) => (db: QueryCreator<Database>) => build(db, of(`e${i}_`))));
  if (auditCount > 0) {
    const rows = Array.from({ length: auditCount }, (_, j) => Object.fromEntries(auditColumns.map((column) => [column, p[`a${j}_${column}`]])) as AuditRow);
    closing = withEndWrites(closing, "audit_write", [(db) => db.insertInto("auditEvent").values(rows), (db) => db.updateTable("auditChainHead").set({ hash: p.head as string }).where("id", "=", 1)]);
  }
  if (streamCount === 0) return closing.selectNoFrom([sql<string | null>`null`.as("streamKey"), sql<number | null>`null`.as("seq")]);
  return closing
    .insertInto("realtimeStream")
    .values(Array.from({ length: streamCount }, (_, k) => ({ streamKey: p[`s${k}_key`] as string, seq: p[`s${k}_count`] as number })))
    .onConflict((oc) => oc.column("streamKey").doUpdateSet((eb) => ({ seq: eb("realtimeStream.seq", "+", eb.ref("excluded.seq")) })))
    .returning(["streamKey", "seq"]);
}

type ClosingRow = { streamKey: string | null; seq: number | null };

/** Closing statements compiled once, by the shapes of their parts (a few kinds of transaction). */
const closingByShape = new Map<string, (trx: Transaction<Database>, p: Record<string, unknown>) => Promise<ClosingRow[]>>();
const maxClosingShapes = 200;

/**
 * Writes the gathered audit events and end writes and sequences the realtime events, in at most
 * two statements: the chain head's lock (unless the work took it), then everything else, with
 * the COMMIT sent right behind it.
 */
async function flush(trx: Transaction<Database>, now: Date, audits: AuditInput[], events: Array<Unsequenced<RealtimeEvent>>, endWrites: EndWrite[], lockedHead: { head: { seq: number; hash: string | null }; count: number } | null): Promise<RealtimeEvent[]> {
  const counts = new Map<string, number>();
  for (const event of events) counts.set(streamKeyOf(event), (counts.get(streamKeyOf(event)) ?? 0) + 1);
  if (audits.length === 0 && lockedHead) throw new Error(`The audit chain was locked for ${lockedHead.count} events, the work audited none`);
  if (lockedHead && lockedHead.count !== audits.length) throw new Error(`The audit chain was locked for ${lockedHead.count} events, the work audited ${audits.length}`);
  if (audits.length === 0 && counts.size === 0 && endWrites.length === 0) return [];

  // Flat parameters of the closing statement, and the shape that names its compiled form.
  const params: Record<string, unknown> = {};
  const builders = endWrites.map((write, i) => {
    if (typeof write === "function") return (db: QueryCreator<Database>) => write(db);
    for (const [key, value] of Object.entries(write.params)) params[`e${i}_${key}`] = value;
    return write.build;
  }) as Array<ShapedEndWrite<any>["build"]>;
  let auditCount = 0;
  if (audits.length > 0) {
    const rows = chainAuditEvents(lockedHead ? lockedHead.head : await lockAuditChain(trx, audits.length), now, audits);
    // Many events (a verified score sheet audits each of its marks): all but the last chunk go
    // first, each statement well under PostgreSQL's 65,535 parameters.
    const lastChunk = Math.floor((rows.length - 1) / auditInsertChunk) * auditInsertChunk;
    for (let i = 0; i < lastChunk; i += auditInsertChunk) await trx.insertInto("auditEvent").values(rows.slice(i, i + auditInsertChunk)).execute();
    const closingRows = rows.slice(lastChunk);
    closingRows.forEach((row, j) => auditColumns.forEach((column) => (params[`a${j}_${column}`] = row[column])));
    params.head = rows[rows.length - 1]!.hash;
    auditCount = closingRows.length;
  }
  [...counts].forEach(([streamKey, count], k) => {
    params[`s${k}_key`] = streamKey;
    params[`s${k}_count`] = count;
  });

  // The closing statement is the transaction's last: its COMMIT follows it on the wire.
  const shaped = endWrites.every((write) => typeof write !== "function") && auditCount <= 4 && counts.size <= 4;
  let rows: ClosingRow[];
  if (shaped) {
    const shape = `${endWrites.map((write) => (write as ShapedEndWrite<any>).shape).join(",")}|${auditCount}|${counts.size}`;
    let run = closingByShape.get(shape);
    if (!run) {
      run = reusableQuery((db: Kysely<Database>, p: Record<string, unknown>) => closingStatement(db, p, builders, auditCount, counts.size), { sqlPrefix: commitAfterMarker }) as (trx: Transaction<Database>, p: Record<string, unknown>) => Promise<ClosingRow[]>;
      if (closingByShape.size < maxClosingShapes) closingByShape.set(shape, run);
    }
    rows = await run(trx, params);
  } else {
    const compiled = closingStatement(trx, params, builders, auditCount, counts.size).compile();
    rows = (await trx.executeQuery<ClosingRow>({ ...compiled, sql: commitAfterMarker + compiled.sql })).rows;
  }
  const streams = rows.filter((r): r is { streamKey: string; seq: number } => r.streamKey !== null);

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
    let lockedHead: { head: { seq: number; hash: string | null }; count: number } | null = null;
    const tx: WriteContext = {
      trx,
      now,
      audit: (input) => void audits.push(input),
      emit: (event) => void events.push(event),
      writeAtEnd: (write) => void endWrites.push(write),
      auditChainLocked: (head, count) => {
        if (lockedHead) throw new Error("The audit chain is locked once per transaction");
        lockedHead = { head, count };
      },
    };
    const value = await work(tx);
    published = await flush(trx, now, audits, events, endWrites, lockedHead);
    return value;
  });
  if (published.length > 0) deps.events.publish(published);
  return result;
}
