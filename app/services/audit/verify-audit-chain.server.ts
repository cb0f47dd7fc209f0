// Walks the whole audit chain in pages of `pageSize` and reports the first broken link. The
// chain's head (read first) must be reached: events cut from the end are a break too.
import { sql } from "kysely";
import type { DB } from "../../../db/connection";
import { genesisHash, verifyAuditChain, type ChainVerdict, type ChainedAuditEvent } from "~/domain/audit/chain";

export async function verifyStoredAuditChain(db: DB, pageSize = 2000): Promise<ChainVerdict> {
  const head = await db.selectFrom("auditChainHead").select(["seq", "hash"]).where("id", "=", 1).executeTakeFirst();
  let start = { prevHash: genesisHash, prevSeq: 0, checked: 0 };
  for (;;) {
    const rows = await db
      .selectFrom("auditEvent")
      // before/after as text: the CamelCasePlugin would rewrite snake_case keys inside them.
      .select([
        "seq",
        "occurredAt",
        "actorUserId",
        "action",
        "entityType",
        "entityId",
        "competitionId",
        sql<string>`before::text`.as("before"),
        sql<string>`after::text`.as("after"),
        "reason",
        "prevHash",
        "hash",
        "bodyDigest",
      ])
      .where("seq", ">", start.prevSeq)
      .orderBy("seq")
      .limit(pageSize)
      .execute();
    const events: ChainedAuditEvent[] = rows.map((r) => ({
      ...r,
      before: JSON.parse(r.before) as unknown,
      after: JSON.parse(r.after) as unknown,
      occurredAt: r.occurredAt.toISOString(),
    }));
    const verdict = verifyAuditChain(events, start);
    if (!verdict.ok) return verdict;
    start = { prevHash: verdict.lastHash, prevSeq: start.prevSeq + rows.length, checked: verdict.checked };
    // The head names the last event and its hash: both must be there as written.
    const atHead = head && head.seq > 0 ? events.find((e) => e.seq === head.seq) : undefined;
    if (atHead && atHead.hash !== head!.hash) return { ok: false, checked: head!.seq - 1, brokenAtSeq: head!.seq, problem: "hash_mismatch" };
    if (rows.length < pageSize) {
      if (head && start.prevSeq < head.seq) return { ok: false, checked: verdict.checked, brokenAtSeq: start.prevSeq + 1, problem: "tail_missing" };
      return verdict;
    }
  }
}
