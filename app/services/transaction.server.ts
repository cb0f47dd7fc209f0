// The one way services write: a transaction that also appends the audit events of the change
// and sequences its realtime events, which are published only after the commit succeeds.
import type { Transaction } from "kysely";
import type { Database } from "../../db/schema";
import type { RealtimeEvent } from "~/realtime/events";
import type { ServiceDeps } from "./deps.server";
import { recordAuditEvent, type AuditInput } from "./audit/record-audit-event.server";

type Unsequenced<E> = E extends RealtimeEvent ? Omit<E, "seq" | "occurredAt"> : never;

export interface WriteContext {
  trx: Transaction<Database>;
  now: Date;
  audit(input: AuditInput): Promise<void>;
  emit(event: Unsequenced<RealtimeEvent>): Promise<void>;
}

export async function inWriteTransaction<T>(deps: ServiceDeps, work: (tx: WriteContext) => Promise<T>): Promise<T> {
  const now = deps.now();
  const pending: RealtimeEvent[] = [];
  const result = await deps.db.transaction().execute(async (trx) => {
    const tx: WriteContext = {
      trx,
      now,
      audit: async (input) => void (await recordAuditEvent(trx, now, input)),
      emit: async (event) => {
        const streamKey = event.skillId ? `${event.competitionId}:${event.skillId}` : event.competitionId;
        const row = await trx
          .insertInto("realtimeStream")
          .values({ streamKey, seq: 1 })
          .onConflict((oc) => oc.column("streamKey").doUpdateSet((eb) => ({ seq: eb("realtimeStream.seq", "+", 1) })))
          .returning("seq")
          .executeTakeFirstOrThrow();
        pending.push({ ...event, seq: row.seq, occurredAt: now.toISOString() } as RealtimeEvent);
      },
    };
    return work(tx);
  });
  if (pending.length > 0) deps.events.publish(pending);
  return result;
}
