// The one way services write: a transaction that also appends the audit events of the change
// and sequences its realtime events, which are published only after the commit succeeds.
// Both are gathered while the work runs and written at its end, in two statements: the audit
// chain's head is locked (and so held) only from there to the commit, and the realtime
// sequence numbers — and any write the work left for the end — ride in the same statement as
// the audit events.
import { sql, type DeleteQueryBuilder, type DeleteResult, type InsertQueryBuilder, type InsertResult, type QueryCreator, type Transaction, type UpdateQueryBuilder, type UpdateResult } from "kysely";
import type { Database } from "../../db/schema";
import { streamKeyOf, type RealtimeEvent } from "~/realtime/events";
import type { ServiceDeps } from "./deps.server";
import { chainAuditEvents, lockAuditChain, type AuditInput } from "./audit/record-audit-event.server";

/** A write a service leaves for the transaction's closing statement (see WriteContext.writeAtEnd). */
export type EndWrite = (db: QueryCreator<Database>) => InsertQueryBuilder<Database, any, InsertResult> | UpdateQueryBuilder<Database, any, any, UpdateResult> | DeleteQueryBuilder<Database, any, DeleteResult>;

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

/** Audit rows per insert statement (twelve parameters each). */
const auditInsertChunk = 1000;

/** Adds the end writes to a statement as CTEs (data-modifying CTEs always run, in the statement's snapshot). */
function withEndWrites(db: QueryCreator<Database>, prefix: string, writes: readonly EndWrite[]): QueryCreator<Database> {
  // The CTEs only add names; the statement stays typed as its main query.
  return writes.reduce((q, write, i) => q.with(`${prefix}_${i}`, (inner) => write(inner as unknown as QueryCreator<Database>)) as unknown as QueryCreator<Database>, db);
}

/**
 * Writes the gathered audit events and end writes and sequences the realtime events, in at most
 * two statements: the chain head's lock, then everything else.
 */
async function flush(trx: Transaction<Database>, now: Date, audits: AuditInput[], events: Array<Unsequenced<RealtimeEvent>>, endWrites: EndWrite[]): Promise<RealtimeEvent[]> {
  const counts = new Map<string, number>();
  for (const event of events) counts.set(streamKeyOf(event), (counts.get(streamKeyOf(event)) ?? 0) + 1);
  const streamRows = [...counts].map(([streamKey, seq]) => ({ streamKey, seq }));
  let closing = withEndWrites(trx, "end_write", endWrites);
  if (audits.length > 0) {
    const rows = chainAuditEvents(await lockAuditChain(trx, audits.length), now, audits);
    // Many events (a verified score sheet audits each of its marks): all but the last chunk go
    // first, each statement well under PostgreSQL's 65,535 parameters.
    const lastChunk = Math.floor((rows.length - 1) / auditInsertChunk) * auditInsertChunk;
    for (let i = 0; i < lastChunk; i += auditInsertChunk) await trx.insertInto("auditEvent").values(rows.slice(i, i + auditInsertChunk)).execute();
    closing = withEndWrites(closing, "audit_write", [(db) => db.insertInto("auditEvent").values(rows.slice(lastChunk)), (db) => db.updateTable("auditChainHead").set({ hash: rows[rows.length - 1]!.hash }).where("id", "=", 1)]);
  }
  let streams: Array<{ streamKey: string; seq: number }> = [];
  if (streamRows.length > 0) {
    streams = await closing
      .insertInto("realtimeStream")
      .values(streamRows)
      .onConflict((oc) => oc.column("streamKey").doUpdateSet((eb) => ({ seq: eb("realtimeStream.seq", "+", eb.ref("excluded.seq")) })))
      .returning(["streamKey", "seq"])
      .execute();
  } else if (audits.length > 0 || endWrites.length > 0) {
    await closing.selectNoFrom(sql<number>`1`.as("done")).execute();
  }
  // Each stream's returned number is its last; the events before it count down from there.
  const last = new Map(streams.map((s) => [s.streamKey, s.seq]));
  const next = new Map([...counts].map(([key, count]) => [key, last.get(key)! - count + 1]));
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
