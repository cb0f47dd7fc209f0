// The audit chain: every change that matters becomes an audit event whose hash covers its own
// content and the previous event's hash, so editing, removing or reordering any stored event
// breaks every later link. `verifyAuditChain` names the first broken link.
//
// Two link formats (docs/decisions/019). The first events were linked by the writer:
// hash = sha256(prevHash "\n" canonical JSON of the content with its seq). Since then the writer
// only digests the content (bodyDigest, without seq, no lock needed) and the database links it as
// the row is inserted: hash = sha256(prevHash "\n" seq "\n" bodyDigest), so the chain's head is
// locked only from the transaction's closing statement to its commit.
import { createHash } from "node:crypto";

export const genesisHash = "0".repeat(64);

export interface AuditEventContent {
  seq: number;
  occurredAt: string; // ISO 8601 with milliseconds, UTC
  actorUserId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  competitionId: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}

export interface ChainedAuditEvent extends AuditEventContent {
  prevHash: string;
  hash: string;
  /** Set for events linked by the database (the second format); null or absent for the first. */
  bodyDigest?: string | null;
}

const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** The hashed fields of an event's content (both formats), without its place in the chain. */
function hashedFields(content: Omit<AuditEventContent, "seq">) {
  return {
    occurredAt: content.occurredAt,
    actorUserId: content.actorUserId,
    action: content.action,
    entityType: content.entityType,
    entityId: content.entityId,
    competitionId: content.competitionId,
    before: content.before ?? null,
    after: content.after ?? null,
    reason: content.reason,
  };
}

/** The digest of an event's content without its place in the chain (second format). */
export function auditBodyDigest(content: Omit<AuditEventContent, "seq">): string {
  return sha256Hex(canonicalJson(hashedFields(content)));
}

/** The link the database computes (second format): what the audit_event_link trigger writes. */
export function linkHash(prevHash: string, seq: number, bodyDigest: string): string {
  return sha256Hex(`${prevHash}\n${seq}\n${bodyDigest}`);
}

/** JSON with object keys sorted at every depth, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  if (typeof value === "bigint") return JSON.stringify(value.toString());
  return JSON.stringify(value);
}

export function hashAuditEvent(prevHash: string, content: AuditEventContent): string {
  // Key order does not matter: canonicalJson sorts keys.
  const body = canonicalJson({ seq: content.seq, ...hashedFields(content) });
  return createHash("sha256").update(prevHash).update("\n").update(body).digest("hex");
}

export type ChainVerdict =
  | { ok: true; checked: number; lastHash: string }
  | { ok: false; checked: number; brokenAtSeq: number; problem: "prev_hash_mismatch" | "hash_mismatch" | "seq_gap" | "tail_missing" };

/**
 * Verifies events in sequence order, continuing from `start` (so a long chain can be checked in
 * pages). Returns the first broken link.
 */
export function verifyAuditChain(
  events: Iterable<ChainedAuditEvent>,
  start: { prevHash: string; prevSeq: number; checked: number } = { prevHash: genesisHash, prevSeq: 0, checked: 0 },
): ChainVerdict {
  let { prevHash, prevSeq, checked } = start;
  for (const event of events) {
    if (event.seq !== prevSeq + 1) return { ok: false, checked, brokenAtSeq: event.seq, problem: "seq_gap" };
    if (event.prevHash !== prevHash) return { ok: false, checked, brokenAtSeq: event.seq, problem: "prev_hash_mismatch" };
    if (event.bodyDigest) {
      // The content must still be what was digested, and the link must cover that digest.
      if (auditBodyDigest(event) !== event.bodyDigest || linkHash(prevHash, event.seq, event.bodyDigest) !== event.hash)
        return { ok: false, checked, brokenAtSeq: event.seq, problem: "hash_mismatch" };
    } else if (hashAuditEvent(prevHash, event) !== event.hash) return { ok: false, checked, brokenAtSeq: event.seq, problem: "hash_mismatch" };
    prevHash = event.hash;
    prevSeq = event.seq;
    checked++;
  }
  return { ok: true, checked, lastHash: prevHash };
}
