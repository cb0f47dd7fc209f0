// The one way services write: a transaction that also appends the audit events of the change
// and sequences its realtime events, which are published only after the commit succeeds.
import type { Transaction } from "kysely";
import type { Database } from "../../db/schema";
import type { RealtimeEvent } from "~/realtime/events";
import type { ServiceDeps } from "./deps.server";
import { recordAuditEvents, type AuditInput } from "./audit/record-audit-event.server";

type Unsequenced<E> = E extends RealtimeEvent ? Omit<E, "seq" | "occurredAt"> : never;
export type UnsequencedEvent = Unsequenced<RealtimeEvent>;

export interface WriteContext {
  trx: Transaction<Database>;
  now: Date;
  audit(input: AuditInput): Promise<void>;
  emit(event: UnsequencedEvent): Promise<void>;
  /** Several audit events in order, appended with one lock of the chain. */
  auditAll(inputs: readonly AuditInput[]): Promise<void>;
  /** Several events of one stream (competition or skill), sequenced with one write. */
  emitAll(events: readonly UnsequencedEvent[]): Promise<void>;
}

const streamKeyOf = (event: UnsequencedEvent) => (event.skillId ? `${event.competitionId}:${event.skillId}` : event.competitionId);

export async function inWriteTransaction<T>(deps: ServiceDeps, work: (tx: WriteContext) => Promise<T>): Promise<T> {
  const now = deps.now();
  const pending: RealtimeEvent[] = [];
  const result = await deps.db.transaction().execute(async (trx) => {
    const emitAll = async (events: readonly UnsequencedEvent[]) => {
      const streams = new Map<string, UnsequencedEvent[]>();
      for (const event of events) {
        const stream = streams.get(streamKeyOf(event));
        if (stream) stream.push(event);
        else streams.set(streamKeyOf(event), [event]);
      }
      for (const [streamKey, stream] of streams) {
        const row = await trx
          .insertInto("realtimeStream")
          .values({ streamKey, seq: stream.length })
          .onConflict((oc) => oc.column("streamKey").doUpdateSet((eb) => ({ seq: eb("realtimeStream.seq", "+", stream.length) })))
          .returning("seq")
          .executeTakeFirstOrThrow();
        const first = row.seq - stream.length + 1;
        stream.forEach((event, i) => pending.push({ ...event, seq: first + i, occurredAt: now.toISOString() } as RealtimeEvent));
      }
    };
    const tx: WriteContext = {
      trx,
      now,
      audit: async (input) => void (await recordAuditEvents(trx, now, [input])),
      emit: (event) => emitAll([event]),
      auditAll: async (inputs) => void (await recordAuditEvents(trx, now, inputs)),
      emitAll,
    };
    return work(tx);
  });
  if (pending.length > 0) deps.events.publish(pending);
  return result;
}

/**
 * The same transaction with its audit and realtime events held back until `flush()`: for a use
 * case that writes many rows (a verified score sheet's marks), so the audit chain's lock — which
 * orders every write in the system — is taken only at the end, held from the flush to the commit.
 */
export function deferEffects(tx: WriteContext): { tx: WriteContext; flush(): Promise<void> } {
  const audits: AuditInput[] = [];
  const events: UnsequencedEvent[] = [];
  const deferred: WriteContext = {
    trx: tx.trx,
    now: tx.now,
    audit: async (input) => void audits.push(input),
    emit: async (event) => void events.push(event),
    auditAll: async (inputs) => void audits.push(...inputs),
    emitAll: async (more) => void events.push(...more),
  };
  return {
    tx: deferred,
    async flush() {
      // As in a single write: events first, the audit chain (and its lock) last.
      await tx.emitAll(events.splice(0));
      await tx.auditAll(audits.splice(0));
    },
  };
}
