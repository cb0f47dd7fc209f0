// Throttling guesses (docs/decisions/004). The failures are stored in the database, so every
// instance sees the same count; the rules here are pure.
// - A sliding window (`ThrottlePolicy`): too many failures for one key inside the window, and
//   further attempts are refused until the oldest failure ages out (certificate look-ups).
// - Exponential back-off (`BackoffPolicy`): a few failures are free; past them each failure
//   doubles the wait before the key's next attempt, up to a ceiling (sign-in).
// Sign-in is throttled per account at one address, so a stranger's wrong passwords elsewhere do
// not lock a judge out; per address across accounts; and per account from everywhere with a far
// higher allowance, which bounds a guesser with many addresses. Tablet codes are never refused
// for the address alone: a correct code from a venue behind one NAT address works however many
// wrong codes others there typed. Their guessing is bounded by the back-off of all tablet-code
// failures everywhere: while it runs, a throttled address's attempts are not even checked.
export interface ThrottlePolicy {
  maxFailures: number;
  windowSeconds: number;
}

export interface BackoffPolicy {
  /** Failures inside the window that cost nothing. */
  freeFailures: number;
  windowSeconds: number;
  /** The wait after the first failure past the free ones; each further failure doubles it. */
  baseDelaySeconds: number;
  maxDelaySeconds: number;
}

export const signInPolicies = {
  /** One account from one address: a person mistyping, or someone guessing from there. */
  accountAtAddress: { freeFailures: 5, windowSeconds: 15 * 60, baseDelaySeconds: 30, maxDelaySeconds: 15 * 60 },
  /** One address, every account: guessing many accounts' passwords from one place. */
  address: { freeFailures: 30, windowSeconds: 15 * 60, baseDelaySeconds: 30, maxDelaySeconds: 15 * 60 },
  /** One account from everywhere: a guesser with many addresses (each held back by its own back-off first). */
  account: { freeFailures: 50, windowSeconds: 15 * 60, baseDelaySeconds: 60, maxDelaySeconds: 15 * 60 },
  /** Wrong tablet codes from one address: answered 429, but a correct code still signs in. */
  tabletAddress: { freeFailures: 10, windowSeconds: 10 * 60, baseDelaySeconds: 30, maxDelaySeconds: 10 * 60 },
  /** Wrong tablet codes from everywhere: past this, throttled addresses' attempts are not checked at all. */
  tabletEverywhere: { freeFailures: 200, windowSeconds: 10 * 60, baseDelaySeconds: 5, maxDelaySeconds: 10 * 60 },
} as const satisfies Record<string, BackoffPolicy>;

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** `failures`: times of failed attempts for the key, any order. */
export function decideThrottle(failures: readonly Date[], now: Date, policy: ThrottlePolicy): ThrottleDecision {
  const windowStart = now.getTime() - policy.windowSeconds * 1000;
  const recent = failures
    .map((d) => d.getTime())
    .filter((t) => t > windowStart)
    .sort((a, b) => a - b);
  if (recent.length < policy.maxFailures) return { allowed: true };
  // Allowed again once enough failures have left the window.
  const releasing = recent[recent.length - policy.maxFailures] as number;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((releasing + policy.windowSeconds * 1000 - now.getTime()) / 1000)) };
}

/** A key's failures inside its policy's window: how many, and the latest. */
export interface FailureTally {
  count: number;
  last: Date | null;
}

/** Exponential back-off: allowed unless the wait earned by the failures past the free ones has not yet passed since the latest. */
export function decideBackoff(tally: FailureTally, now: Date, policy: BackoffPolicy): ThrottleDecision {
  if (tally.count < policy.freeFailures || tally.last === null) return { allowed: true };
  const doublings = Math.min(30, tally.count - policy.freeFailures);
  const delayMs = Math.min(policy.maxDelaySeconds, policy.baseDelaySeconds * 2 ** doublings) * 1000;
  const waitMs = tally.last.getTime() + delayMs - now.getTime();
  return waitMs <= 0 ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000) };
}

/** The tally once one more failure is recorded now. */
export function afterFailure(tally: FailureTally, now: Date): FailureTally {
  return { count: tally.count + 1, last: now };
}

/** Several keys must all allow an attempt; refused, it may come back once the last of them allows it. */
export function combineDecisions(decisions: readonly ThrottleDecision[]): ThrottleDecision {
  const waits = decisions.flatMap((d) => (d.allowed ? [] : [d.retryAfterSeconds]));
  return waits.length === 0 ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.max(...waits) };
}

/**
 * What to do with a tablet code typed at an address: check it (a wrong one then answered 429
 * when the address is being held back, else as simply wrong), or refuse it unchecked — only
 * when both the address and tablet codes everywhere are being held back.
 */
export type TabletAttemptGate = { kind: "check"; addressHeldBack: boolean } | { kind: "refuse"; retryAfterSeconds: number };

export function gateTabletAttempt(address: ThrottleDecision, everywhere: ThrottleDecision): TabletAttemptGate {
  if (address.allowed) return { kind: "check", addressHeldBack: false };
  if (everywhere.allowed) return { kind: "check", addressHeldBack: true };
  // Checked again as soon as either lets go.
  return { kind: "refuse", retryAfterSeconds: Math.min(address.retryAfterSeconds, everywhere.retryAfterSeconds) };
}
