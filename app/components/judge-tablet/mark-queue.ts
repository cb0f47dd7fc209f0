// The tablet's outbox of marks (decision 015): every mark a judge taps is queued here first,
// with the submission id made at the tap, and sent to the marks API until the server answers.
// Pure: plain data in, plain data out, the time passed in — the IndexedDB store and the fetch
// loop (mark-store.ts, use-mark-sync.ts) are the adapters around it.
//
// States: `pending` (not yet synced: waiting for the network or a retry), `synced` (the server
// stored it, or had stored it before: a resend is answered with the stored mark), `refused` (the
// server said no for good — module locked meanwhile, recusal, bad value — kept with the reason
// so the judge sees why). A transient failure (no network, 5xx, 408, 429, signed out) keeps the
// entry pending with a growing back-off.
import type { MarkValue } from "~/domain/marking-scheme/mark-value";

export interface QueuedMark {
  submissionId: string;
  competitorCode: string;
  aspectCode: string;
  value: MarkValue;
  /** A correction's reason (required by the server when the judge already has a mark there). */
  reason?: string;
  /** When the judge tapped (ISO time on the tablet's clock). */
  enteredAt: string;
  state: "pending" | "synced" | "refused";
  attempts: number;
  /** Epoch ms before which no retry is made. */
  nextAttemptAt: number;
  /** The stored mark, once synced. */
  markId?: string;
  revision?: number;
  /** Why the server refused it: the stable code and the message in the judge's language. */
  refusal?: { code: string; message: string };
  /** The last transient problem (shown as a hint while pending). */
  lastError?: string;
}

export type SendOutcome =
  | { kind: "stored"; markId: string; revision: number; replayed: boolean }
  | { kind: "refused"; code: string; message: string }
  | { kind: "transient"; reason: string };

export const maxBackoffMs = 30_000;
const firstBackoffMs = 1_000;

/** The wait after the n-th failed attempt: 1 s, 2 s, 4 s … up to 30 s. */
export function backoffMs(attempts: number): number {
  if (attempts <= 0) return 0;
  return Math.min(maxBackoffMs, firstBackoffMs * 2 ** (attempts - 1));
}

/** Adds a new entry; an entry with the same submission id already queued is kept as it is (a double tap, a re-render). */
export function enqueue(queue: readonly QueuedMark[], entry: Omit<QueuedMark, "state" | "attempts" | "nextAttemptAt">, now: number): QueuedMark[] {
  if (queue.some((q) => q.submissionId === entry.submissionId)) return [...queue];
  return [...queue, { ...entry, state: "pending", attempts: 0, nextAttemptAt: now }];
}

/** Pending entries whose back-off has passed, oldest tap first (a correction after the mark it corrects). */
export function dueEntries(queue: readonly QueuedMark[], now: number): QueuedMark[] {
  return queue.filter((q) => q.state === "pending" && q.nextAttemptAt <= now).sort((a, b) => a.enteredAt.localeCompare(b.enteredAt));
}

/** Back online: every pending entry may be tried at once (the back-off was about the network). */
export function retryNow(queue: readonly QueuedMark[], now: number): QueuedMark[] {
  return queue.map((q) => (q.state === "pending" ? { ...q, nextAttemptAt: Math.min(q.nextAttemptAt, now) } : q));
}

/** What the marks API's answer means for the entry. */
export function classifyResponse(status: number, body: unknown): SendOutcome {
  if (status === 200 || status === 201) {
    const b = body as { markId?: unknown; revision?: unknown; replayed?: unknown } | null;
    if (b && typeof b.markId === "string" && typeof b.revision === "number")
      return { kind: "stored", markId: b.markId, revision: b.revision, replayed: b.replayed === true };
    return { kind: "transient", reason: "BAD_RESPONSE" };
  }
  // Signed out (a tablet session ended), a timeout, throttling or a server fault: try again later.
  if (status === 401 || status === 408 || status === 429 || status >= 500 || status === 0)
    return { kind: "transient", reason: status === 401 ? "UNAUTHENTICATED" : `HTTP_${status}` };
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code = typeof error?.code === "string" ? error.code : `HTTP_${status}`;
  const message = typeof error?.message === "string" ? error.message : code;
  return { kind: "refused", code, message };
}

/** The queue after the server's answer (or its absence) for one entry. */
export function applyOutcome(queue: readonly QueuedMark[], submissionId: string, outcome: SendOutcome, now: number): QueuedMark[] {
  return queue.map((q) => {
    if (q.submissionId !== submissionId || q.state !== "pending") return q;
    switch (outcome.kind) {
      case "stored":
        return { ...q, state: "synced", markId: outcome.markId, revision: outcome.revision, lastError: undefined };
      case "refused":
        return { ...q, state: "refused", refusal: { code: outcome.code, message: outcome.message }, lastError: undefined };
      case "transient": {
        const attempts = q.attempts + 1;
        return { ...q, attempts, nextAttemptAt: now + backoffMs(attempts), lastError: outcome.reason };
      }
    }
  });
}

/**
 * Synced entries the server's data already shows (by mark id) and entered before `keepSince`
 * are dropped: the server is the record from then on. Recent ones stay a while, so a page
 * reopened offline from an older cached copy still shows them.
 */
export function pruneSynced(queue: readonly QueuedMark[], knownMarkIds: ReadonlySet<string>, keepSince: string): QueuedMark[] {
  return queue.filter((q) => !(q.state === "synced" && q.markId && knownMarkIds.has(q.markId) && q.enteredAt < keepSince));
}

/** The judge dismissed a refused entry after reading why. */
export function dismiss(queue: readonly QueuedMark[], submissionId: string): QueuedMark[] {
  return queue.filter((q) => !(q.submissionId === submissionId && q.state === "refused"));
}

/** The judge's latest entry on the tablet for one aspect of one competitor that is not refused (what the screen shows as their mark). */
export function latestLocal(queue: readonly QueuedMark[], competitorCode: string, aspectCode: string): QueuedMark | null {
  let latest: QueuedMark | null = null;
  for (const q of queue) {
    if (q.competitorCode !== competitorCode || q.aspectCode !== aspectCode || q.state === "refused") continue;
    if (!latest || q.enteredAt >= latest.enteredAt) latest = q;
  }
  return latest;
}

export function pendingCount(queue: readonly QueuedMark[]): number {
  return queue.filter((q) => q.state === "pending").length;
}

/**
 * A v4 UUID for a submission id. crypto.randomUUID exists only in secure contexts (https,
 * localhost); a venue server on a plain-http LAN address still has getRandomValues.
 */
export function newSubmissionId(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const b = random(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
