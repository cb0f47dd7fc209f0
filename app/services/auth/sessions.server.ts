// Sessions live in the database: the cookie carries a random token, the table stores only its
// SHA-256, so every instance can resolve it and signing out anywhere ends it everywhere.
import { createHash, randomBytes } from "node:crypto";
import type { Transaction } from "kysely";
import type { DB } from "../../../db/connection";
import type { Database } from "../../../db/schema";
import type { Principal } from "~/domain/access/roles";
import { activeGrantsOf, principalOfAccount } from "./grants.server";

export type SessionKind = "password" | "tablet_code";

export const sessionLifetimeMs: Record<SessionKind, number> = {
  password: 7 * 24 * 3600 * 1000,
  // A venue tablet is signed in for one competition day.
  tablet_code: 16 * 3600 * 1000,
};

export interface SessionUser extends Principal {
  username: string;
  displayName: string;
  sessionKind: SessionKind;
  sessionId: string;
  sessionExpiresAt: Date;
}

export function sessionIdOf(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createSession(
  trx: Transaction<Database>,
  input: { userId: string; kind: SessionKind; now: Date; userAgent: string | null },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(input.now.getTime() + sessionLifetimeMs[input.kind]);
  await trx
    .insertInto("session")
    .values({
      id: sessionIdOf(token),
      userId: input.userId,
      kind: input.kind,
      expiresAt,
      lastSeenAt: input.now,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, expiresAt };
}

/** Resolves a cookie token to its user and active role grants, or null: one statement. */
export async function loadSessionUser(db: DB, token: string, now: Date): Promise<SessionUser | null> {
  const sessionId = sessionIdOf(token);
  const row = await db
    .selectFrom("session")
    .innerJoin("appUser", "appUser.id", "session.userId")
    .select([
      "session.id as sessionId",
      "session.kind",
      "session.expiresAt",
      "session.lastSeenAt",
      "appUser.id as userId",
      "appUser.username",
      "appUser.displayName",
      "appUser.isPlatformAdmin",
    ])
    .select((eb) => activeGrantsOf(eb))
    .where("session.id", "=", sessionId)
    .where("session.revokedAt", "is", null)
    .where("session.expiresAt", ">", now)
    .where("appUser.disabledAt", "is", null)
    .executeTakeFirst();
  if (!row) return null;
  // Touch at most every five minutes: a page view should not be a write.
  if (now.getTime() - row.lastSeenAt.getTime() > 5 * 60 * 1000) {
    await db.updateTable("session").set({ lastSeenAt: now }).where("id", "=", sessionId).execute();
  }
  return {
    ...principalOfAccount(row),
    username: row.username,
    displayName: row.displayName,
    sessionKind: row.kind,
    sessionId: row.sessionId,
    sessionExpiresAt: row.expiresAt,
  };
}

export async function revokeSession(db: DB, token: string, now: Date): Promise<void> {
  await db.updateTable("session").set({ revokedAt: now }).where("id", "=", sessionIdOf(token)).where("revokedAt", "is", null).execute();
}
