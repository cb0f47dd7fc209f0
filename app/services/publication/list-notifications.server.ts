// The in-app notices a user received (the appeal's ruling and correction).
import type { DB } from "../../../db/connection";

/** The reader's notifications, newest first. */
export async function listNotifications(db: DB, userId: string, limit = 20) {
  const rows = await db
    .selectFrom("notification")
    .select(["id", "kind", "payload", "createdAt", "readAt", "competitionId"])
    .where("userId", "=", userId)
    .orderBy("createdAt", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    payload: r.payload as Record<string, unknown>,
    createdAt: new Date(r.createdAt).toISOString(),
    read: r.readAt !== null,
    competitionId: r.competitionId,
  }));
}
