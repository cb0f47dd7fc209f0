// The one way services write: a transaction that also appends the audit events of the change
// and sequences its realtime events, which are published only after the commit succeeds.
// Both are gathered while the work runs and written at its end, in two statements: the audit
// chain's head is locked (and so held) only from there to the commit, and the realtime
// sequence numbers ride in the same statement as the audit events.
import type { QueryCreator, Transaction } from "kysely";
import type { Database } from "../../db/schema";
import type { RealtimeEvent } from "~/realtime/events";
import type { ServiceDeps } from "./deps.server";
import { chainAuditEvents, lockAuditChain, type AuditInput } from "./audit/record-audit-event.server";

type Unsequenced<E> = E extends RealtimeEvent ? Omit<E, "seq" | "occurredAt"> : never;

export interface WriteContext {
  trx: Transaction<Database>;
  now: Date;
  /** Appends an event to the audit chain when the work is done (in this transaction). */
  audit(input: AuditInput): void;
  /** Publishes a realtime event after the commit, numbered in its stream in this transaction. */
  emit(event: Unsequenced<RealtimeEvent>): void;
}

function streamKeyOf(event: Unsequenced<RealtimeEvent>): string {
  return event.skillId ? `${event.competitionId}:${event.skillId}` : event.competitionId;
}

/** Writes the gathered audit events and sequences the realtime events: at most two statements. */
async function flush(trx: Transaction<Database>, now: Date, audits: AuditInput[], events: Array<Unsequenced<RealtimeEvent>>): Promise<RealtimeEvent[]> {
  const counts = new Map<string, number>();
  for (const event of events) counts.set(streamKeyOf(event), (counts.get(streamKeyOf(event)) ?? 0) + 1);
  const streamRows = [...counts].map(([streamKey, seq]) => ({ streamKey, seq }));
  const bumpStreams = (db: QueryCreator<Database>) =>
    db
      .insertInto("realtimeStream")
      .values(streamRows)
      .onConflict((oc) => oc.column("streamKey").doUpdateSet((eb) => ({ seq: eb("realtimeStream.seq", "+", eb.ref("excluded.seq")) })))
      .returning(["streamKey", "seq"]);
  let streams: Array<{ streamKey: string; seq: number }> = [];
  if (audits.length > 0) {
    const rows = chainAuditEvents(await lockAuditChain(trx, audits.length), now, audits);
    const chained = trx.with("appended", (db) => db.insertInto("auditEvent").values(rows));
    if (streamRows.length > 0) {
      // The CTEs only add names; the statement is typed as the plain upsert.
      const withHead = chained.with("head", (db) => db.updateTable("auditChainHead").set({ hash: rows[rows.length - 1]!.hash }).where("id", "=", 1));
      streams = await bumpStreams(withHead as unknown as QueryCreator<Database>).execute();
    } else {
      await chained.updateTable("auditChainHead").set({ hash: rows[rows.length - 1]!.hash }).where("id", "=", 1).execute();
    }
  } else if (streamRows.length > 0) {
    streams = await bumpStreams(trx).execute();
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
    const tx: WriteContext = {
      trx,
      now,
      audit: (input) => void audits.push(input),
      emit: (event) => void events.push(event),
    };
    const value = await work(tx);
    published = await flush(trx, now, audits, events);
    return value;
  });
  if (published.length > 0) deps.events.publish(published);
  return result;
}
