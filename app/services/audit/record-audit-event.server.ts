// Appends a transaction's audit events to the chain, at its end. The chain's head row
// (audit_chain_head) is locked by moving it forward — `update … returning` waits for the previous
// appender's commit and then returns its head — so every instance appends in one order, `seq`
// has no gaps and each event's prev_hash is the hash of the event committed just before it.
// The head stays locked to the commit: appenders call this last (inWriteTransaction does).
import type { Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { genesisHash, hashAuditEvent, type AuditEventContent } from "~/domain/audit/chain";

export type AuditInput = Omit<AuditEventContent, "seq" | "occurredAt" | "reason" | "before" | "after"> & {
  before?: unknown;
  after?: unknown;
  reason?: string | null;
};

/** The rows to insert for `inputs`, chained after `head` (pure: the hashes depend only on content). */
export function chainAuditEvents(head: { seq: number; hash: string | null }, occurredAt: Date, inputs: readonly AuditInput[]) {
  let prevHash = head.hash ?? genesisHash;
  return inputs.map((input, i) => {
    const content: AuditEventContent = {
      seq: head.seq + i + 1,
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
}

/**
 * Locks the chain for `count` new events and returns the head they follow. One round trip; the
 * caller inserts the events and moves the head's hash in its next statement.
 */
export async function lockAuditChain(trx: Transaction<Database>, count: number): Promise<{ seq: number; hash: string | null }> {
  const head = await trx
    .updateTable("auditChainHead")
    .set((eb) => ({ seq: eb("seq", "+", count) }))
    .where("id", "=", 1)
    .returning(["seq", "hash"])
    .executeTakeFirstOrThrow();
  return { seq: head.seq - count, hash: head.hash };
}
