// Turns a transaction's audit inputs into audit_event rows. The writer only digests each event's
// content; the database links it into the chain as the row is inserted (the audit_event_link
// trigger: next seq, previous hash, hash), so the chain's head is locked from the transaction's
// closing statement to its commit and never across an application round trip (docs/decisions/019).
import { auditBodyDigest, type AuditEventContent } from "~/domain/audit/chain";
import { asStored } from "~/domain/fields";

export type AuditInput = Omit<AuditEventContent, "seq" | "occurredAt" | "reason" | "before" | "after"> & {
  before?: unknown;
  after?: unknown;
  reason?: string | null;
};

function storedJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (_key, item: unknown) => (typeof item === "string" ? asStored(item) : item));
}

/** The rows to insert for `inputs` (pure: the digests depend only on content). */
export function auditEventRows(occurredAt: Date, inputs: readonly AuditInput[]) {
  return inputs.map((input) => {
    const content: Omit<AuditEventContent, "seq"> = {
      occurredAt: occurredAt.toISOString(),
      actorUserId: input.actorUserId,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      competitionId: input.competitionId,
      // Stored exactly as digested: a JSON round trip drops undefined and turns dates into strings,
      // and a lone surrogate (which the boundary refuses) is digested as the U+FFFD storage makes it.
      before: input.before === undefined ? null : storedJson(input.before),
      after: input.after === undefined ? null : storedJson(input.after),
      reason: input.reason == null ? null : asStored(input.reason),
    };
    return { ...content, occurredAt, before: JSON.stringify(content.before), after: JSON.stringify(content.after), bodyDigest: auditBodyDigest(content) };
  });
}
