// Walks the whole audit chain in pages of `pageSize` and reports the first broken link.
import type { DB } from "../../../db/connection";
import { genesisHash, verifyAuditChain, type ChainVerdict, type ChainedAuditEvent } from "~/domain/audit/chain";

export async function verifyStoredAuditChain(db: DB, pageSize = 2000): Promise<ChainVerdict> {
  let start = { prevHash: genesisHash, prevSeq: 0, checked: 0 };
  for (;;) {
    const rows = await db
      .selectFrom("auditEvent")
      .select(["seq", "occurredAt", "actorUserId", "action", "entityType", "entityId", "competitionId", "before", "after", "reason", "prevHash", "hash"])
      .where("seq", ">", start.prevSeq)
      .orderBy("seq")
      .limit(pageSize)
      .execute();
    const events: ChainedAuditEvent[] = rows.map((r) => ({ ...r, occurredAt: r.occurredAt.toISOString() }));
    const verdict = verifyAuditChain(events, start);
    if (!verdict.ok || rows.length < pageSize) return verdict;
    start = { prevHash: verdict.lastHash, prevSeq: start.prevSeq + rows.length, checked: verdict.checked };
  }
}
