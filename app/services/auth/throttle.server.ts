// Stored sign-in attempts, counted per throttle key (account at an address, account, address,
// tablet address, tablet codes everywhere, certificate look-ups), and the refusal they lead to.
import type { Transaction } from "kysely";
import type { DB } from "../../../db/connection";
import type { Database } from "../../../db/schema";
import { DomainError } from "~/domain/errors";
import {
  combineDecisions,
  decideBackoff,
  decideThrottle,
  type BackoffPolicy,
  type FailureTally,
  type ThrottleDecision,
  type ThrottlePolicy,
} from "~/domain/access/throttle";

/** The refusal of a throttled attempt: the wait in seconds (the Retry-After header) and in whole minutes (the message). */
export function throttled(retryAfterSeconds: number): DomainError {
  return new DomainError("SIGN_IN_THROTTLED", { minutes: Math.ceil(retryAfterSeconds / 60), retryAfterSeconds });
}

/** A key's failures inside `windowSeconds`: how many and the latest (one indexed read). */
export async function tallyFailures(db: DB, key: string, windowSeconds: number, now: Date): Promise<FailureTally> {
  const row = await db
    .selectFrom("signInAttempt")
    .select((eb) => [eb.fn.countAll<string | number>().as("count"), eb.fn.max("attemptedAt").as("last")])
    .where("throttleKey", "=", key)
    .where("succeeded", "=", false)
    .where("attemptedAt", ">", new Date(now.getTime() - windowSeconds * 1000))
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), last: row.last === null ? null : new Date(row.last) };
}

async function decide(db: DB, key: string, policy: ThrottlePolicy | BackoffPolicy, now: Date): Promise<ThrottleDecision> {
  if ("freeFailures" in policy) return decideBackoff(await tallyFailures(db, key, policy.windowSeconds, now), now, policy);
  const since = new Date(now.getTime() - policy.windowSeconds * 1000);
  const failures = await db
    .selectFrom("signInAttempt")
    .select("attemptedAt")
    .where("throttleKey", "=", key)
    .where("succeeded", "=", false)
    .where("attemptedAt", ">", since)
    .orderBy("attemptedAt", "desc")
    .limit(policy.maxFailures)
    .execute();
  return decideThrottle(
    failures.map((f) => f.attemptedAt),
    now,
    policy,
  );
}

/** Refuses with SIGN_IN_THROTTLED (and how long to wait) unless every key allows the attempt. */
export async function assertNotThrottled(db: DB, keys: ReadonlyArray<{ key: string; policy: ThrottlePolicy | BackoffPolicy }>, now: Date): Promise<void> {
  const decision = combineDecisions(await Promise.all(keys.map(({ key, policy }) => decide(db, key, policy, now))));
  if (!decision.allowed) throw throttled(decision.retryAfterSeconds);
}

export async function recordAttempts(db: DB | Transaction<Database>, keys: readonly string[], succeeded: boolean, now: Date): Promise<void> {
  await db
    .insertInto("signInAttempt")
    .values(keys.map((throttleKey) => ({ throttleKey, succeeded, attemptedAt: now })))
    .execute();
}
