// Sign-in with account name and password, throttled with exponential back-off per account at
// the client address, per address, and per account from everywhere (docs/decisions/004).
import { z } from "zod";
import { DomainError } from "~/domain/errors";
import { signInPolicies } from "~/domain/access/throttle";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";
import { verifyPassword } from "./passwords.server";
import { createSession } from "./sessions.server";
import { assertNotThrottled, recordAttempts } from "./throttle.server";

export const SignInSchema = z.object({
  username: z.string().trim().toLowerCase().min(1).max(40),
  password: z.string().min(1).max(200),
});
export type SignIn = z.infer<typeof SignInSchema>;

export async function signIn(
  deps: ServiceDeps,
  input: SignIn & { address: string; userAgent: string | null },
): Promise<{ token: string; expiresAt: Date; userId: string }> {
  const now = deps.now();
  const keys = [
    { key: `account:${input.username}@${input.address}`, policy: signInPolicies.accountAtAddress },
    { key: `address:${input.address}`, policy: signInPolicies.address },
    { key: `account:${input.username}`, policy: signInPolicies.account },
  ];
  await assertNotThrottled(deps.db, keys, now);
  const user = await deps.db
    .selectFrom("appUser")
    .select(["id", "passwordHash"])
    .where("username", "=", input.username)
    .where("disabledAt", "is", null)
    .executeTakeFirst();
  const ok = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!ok || !user) {
    await recordAttempts(
      deps.db,
      keys.map((k) => k.key),
      false,
      now,
    );
    throw new DomainError("SIGN_IN_FAILED");
  }
  return inWriteTransaction(deps, async (tx) => {
    await recordAttempts(
      tx.trx,
      keys.map((k) => k.key),
      true,
      tx.now,
    );
    const session = await createSession(tx.trx, { userId: user.id, kind: "password", now: tx.now, userAgent: input.userAgent });
    tx.audit({ actorUserId: user.id, action: "session.signed_in", entityType: "user", entityId: user.id, competitionId: null, after: { kind: "password" } });
    return { ...session, userId: user.id };
  });
}
