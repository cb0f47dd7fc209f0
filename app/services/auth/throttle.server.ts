// Stored sign-in attempts, counted per throttle key (account, client address, tablet address).
import type { Transaction } from "kysely";
import type { DB } from "../../../db/connection";
import type { Database } from "../../../db/schema";
import { DomainError } from "~/domain/errors";
import { decideThrottle, type ThrottlePolicy } from "~/domain/access/throttle";

export async function assertNotThrottled(db: DB, keys: ReadonlyArray<{ key: string; policy: ThrottlePolicy }>, now: Date): Promise<void> {
  for (const { key, policy } of keys) {
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
    const decision = decideThrottle(
      failures.map((f) => f.attemptedAt),
      now,
      policy,
    );
    if (!decision.allowed) throw new DomainError("SIGN_IN_THROTTLED", { minutes: Math.ceil(decision.retryAfterSeconds / 60) });
  }
}

export async function recordAttempts(db: DB | Transaction<Database>, keys: readonly string[], succeeded: boolean, now: Date): Promise<void> {
  await db
    .insertInto("signInAttempt")
    .values(keys.map((throttleKey) => ({ throttleKey, succeeded, attemptedAt: now })))
    .execute();
}
