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
  await sql`select pg_advisory_xact_lock(${auditChainLockKey})`.execute(trx);
  const last = await trx.selectFrom("auditEvent").select(["seq", "hash"]).orderBy("seq", "desc").limit(1).executeTakeFirst();
  const content: AuditEventContent = {
    seq: (last?.seq ?? 0) + 1,
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
  const prevHash = last?.hash ?? genesisHash;
  const hash = hashAuditEvent(prevHash, content);
  await trx
    .insertInto("auditEvent")
    .values({
      ...content,
      occurredAt,
      before: JSON.stringify(content.before),
      after: JSON.stringify(content.after),
      prevHash,
      hash,
    })
    .execute();
  return { seq: content.seq, hash };
}
