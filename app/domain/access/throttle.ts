// Sign-in throttling: after too many failures for one key (an account name, or a client address)
// inside a sliding window, further attempts are refused until the oldest failure ages out. The
// attempts are stored in the database so every instance sees the same count.
export interface ThrottlePolicy {
  maxFailures: number;
  windowSeconds: number;
}

export const signInPolicies = {
  account: { maxFailures: 5, windowSeconds: 15 * 60 },
  address: { maxFailures: 30, windowSeconds: 15 * 60 },
  tabletCode: { maxFailures: 10, windowSeconds: 10 * 60 },
} as const satisfies Record<string, ThrottlePolicy>;

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
