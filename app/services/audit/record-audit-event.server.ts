// Appends one event to the audit chain inside the caller's transaction. A transaction-scoped
// advisory lock serialises appenders across every instance, so `seq` has no gaps and each
// event's prev_hash is the hash of the event committed just before it.
import { sql, type Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { genesisHash, hashAuditEvent, type AuditEventContent } from "~/domain/audit/chain";

export type AuditInput = Omit<AuditEventContent, "seq" | "occurredAt" | "reason" | "before" | "after"> & {
  before?: unknown;
  after?: unknown;
  reason?: string | null;
};

/** Key of the advisory lock that orders the chain (any constant unique to this purpose). */
const auditChainLockKey = 0x67_6a_61_75; // "gjau"

export async function recordAuditEvent(trx: Transaction<Database>, occurredAt: Date, input: AuditInput): Promise<{ seq: number; hash: string }> {
  const [appended] = await recordAuditEvents(trx, occurredAt, [input]);
  return appended!;
}

/** Rows per insert statement when appending many events (well under the parameter limit). */
const insertChunk = 500;

/**
 * Appends several events in order: one lock and one read of the chain's end for all of them
 * (a verified score sheet audits each of its marks).
 */
export async function recordAuditEvents(trx: Transaction<Database>, occurredAt: Date, inputs: readonly AuditInput[]): Promise<Array<{ seq: number; hash: string }>> {
  if (inputs.length === 0) return [];
  await sql`select pg_advisory_xact_lock(${auditChainLockKey})`.execute(trx);
  const last = await trx.selectFrom("auditEvent").select(["seq", "hash"]).orderBy("seq", "desc").limit(1).executeTakeFirst();
  let prevHash = last?.hash ?? genesisHash;
  let seq = last?.seq ?? 0;
  const rows = inputs.map((input) => {
    const content: AuditEventContent = {
      seq: ++seq,
      occurredAt: occurredAt.toISOString(),
      actorUserId: input.actorUserId,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      competitionId: input.competitionId,
      // Stored exactly as hashed: a JSON round trip drops undefined and turns dates into strings.
      before: input.before === undefined ? null : JSON.parse(JSON.stringify(input.before)),
      after: input.after === undefined ? null : JSON.parse(JSON.stringify(input.after)),
      reason: input.reason ?? null,
    };
    const hash = hashAuditEvent(prevHash, content);
    const row = { ...content, occurredAt, before: JSON.stringify(content.before), after: JSON.stringify(content.after), prevHash, hash };
    prevHash = hash;
    return row;
  });
  for (let i = 0; i < rows.length; i += insertChunk) await trx.insertInto("auditEvent").values(rows.slice(i, i + insertChunk)).execute();
  return rows.map((r) => ({ seq: r.seq, hash: r.hash }));
}
