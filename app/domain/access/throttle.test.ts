import { describe, expect, it } from "vitest";
import { afterFailure, combineDecisions, decideBackoff, gateTabletAttempt, signInPolicies, type BackoffPolicy } from "./throttle";

const now = new Date("2026-11-22T08:00:00Z");
const ago = (s: number) => new Date(now.getTime() - s * 1000);
const policy: BackoffPolicy = { freeFailures: 5, windowSeconds: 900, baseDelaySeconds: 30, maxDelaySeconds: 900 };

describe("exponential back-off", () => {
  it.each([
    ["no failures", 0, null, { allowed: true }],
    ["below the free failures", 4, 1, { allowed: true }],
    ["at the free failures: 30 s after the latest", 5, 10, { allowed: false, retryAfterSeconds: 20 }],
    ["at the free failures, the wait passed", 5, 30, { allowed: true }],
    ["one more: 60 s", 6, 10, { allowed: false, retryAfterSeconds: 50 }],
    ["two more: 120 s", 7, 10, { allowed: false, retryAfterSeconds: 110 }],
    ["many more: never past the ceiling", 40, 0, { allowed: false, retryAfterSeconds: 900 }],
    ["thousands more: still the ceiling", 5000, 100, { allowed: false, retryAfterSeconds: 800 }],
  ])("%s", (_name, count, secondsAgo, expected) => {
    expect(decideBackoff({ count, last: secondsAgo === null ? null : ago(secondsAgo) }, now, policy)).toEqual(expected);
  });

  it("waits longer after each failure past the free ones", () => {
    let tally = { count: 0, last: null as Date | null };
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      tally = afterFailure(tally, now);
      const d = decideBackoff(tally, now, policy);
      waits.push(d.allowed ? 0 : d.retryAfterSeconds);
    }
    expect(waits).toEqual([0, 0, 0, 0, 30, 60, 120, 240, 480]);
  });

  it("needs every key to allow, and the longest wait to pass", () => {
    expect(combineDecisions([{ allowed: true }, { allowed: true }])).toEqual({ allowed: true });
    expect(combineDecisions([{ allowed: true }, { allowed: false, retryAfterSeconds: 30 }, { allowed: false, retryAfterSeconds: 90 }])).toEqual({
      allowed: false,
      retryAfterSeconds: 90,
    });
  });

  it("lets a judge's own address try again although strangers failed the account elsewhere", () => {
    // Ten addresses failed once each: none is held back, and the account from everywhere is far from its allowance.
    const everywhere = decideBackoff({ count: 10, last: ago(1) }, now, signInPolicies.account);
    const judgesAddress = decideBackoff({ count: 0, last: null }, now, signInPolicies.accountAtAddress);
    expect(combineDecisions([everywhere, judgesAddress])).toEqual({ allowed: true });
  });
});

describe("tablet code attempts", () => {
  const heldBack = { allowed: false as const, retryAfterSeconds: 120 };
  it.each([
    ["an address with few failures: checked", { allowed: true as const }, { allowed: true as const }, { kind: "check", addressHeldBack: false }],
    [
      "a held-back address: still checked (a correct code works), a wrong one is 429",
      heldBack,
      { allowed: true as const },
      { kind: "check", addressHeldBack: true },
    ],
    ["guessing everywhere, but not from here: checked", { allowed: true as const }, heldBack, { kind: "check", addressHeldBack: false }],
    [
      "a held-back address while codes are guessed everywhere: not checked until either lets go",
      { allowed: false as const, retryAfterSeconds: 300 },
      { allowed: false as const, retryAfterSeconds: 40 },
      { kind: "refuse", retryAfterSeconds: 40 },
    ],
  ])("%s", (_name, address, everywhere, expected) => {
    expect(gateTabletAttempt(address, everywhere)).toEqual(expected);
  });
});
