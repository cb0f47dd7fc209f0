import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testServiceDeps, type TestDatabase } from "../../db/testing";
import { verifyStoredAuditChain } from "./audit/verify-audit-chain.server";
import { inWriteTransaction } from "./transaction.server";

let t: TestDatabase;
let env: ReturnType<typeof testServiceDeps>;

beforeAll(async () => {
  t = await createTestDatabase();
  env = testServiceDeps(t);
});
afterAll(async () => t.drop());

const audit = (i: number) => ({ actorUserId: null, action: "test.event", entityType: "test", entityId: String(i), competitionId: null, after: { i, snake_key: "kept as written" } });
const head = () => t.db.selectFrom("auditChainHead").select(["seq", "hash"]).executeTakeFirstOrThrow();

describe("inWriteTransaction", () => {
  it("appends the work's audit events at its end, in order, however many (chunked under the parameter limit)", async () => {
    const before = await head();
    await inWriteTransaction(env.deps, async (tx) => {
      for (let i = 0; i < 2345; i++) tx.audit(audit(i));
    });
    const after = await head();
    expect(after.seq).toBe(before.seq + 2345);
    const last = await t.db.selectFrom("auditEvent").select(["seq", "hash", "entityId"]).orderBy("seq", "desc").limit(1).executeTakeFirstOrThrow();
    expect(last).toEqual({ seq: after.seq, hash: after.hash, entityId: "2344" });
    expect(await verifyStoredAuditChain(t.db, 500)).toEqual({ ok: true, checked: after.seq, lastHash: after.hash });
  });

  it("numbers realtime events per stream without gaps, after the commit", async () => {
    const competitionId = "00000000-0000-4000-8000-000000000001";
    env.published.length = 0;
    for (let round = 0; round < 2; round++) {
      await inWriteTransaction(env.deps, async (tx) => {
        tx.emit({ type: "competition.updated", competitionId, skillId: null, entity: "skill" });
        tx.emit({ type: "competition.updated", competitionId, skillId: null, entity: "delegation" });
        tx.audit(audit(round));
      });
    }
    expect(env.published.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it("writes nothing when the work fails: no events, no head movement, nothing published", async () => {
    const before = await head();
    env.published.length = 0;
    await expect(
      inWriteTransaction(env.deps, async (tx) => {
        // A statement that did run: the transaction (its BEGIN is pipelined) must undo it.
        await tx.trx.insertInto("realtimeStream").values({ streamKey: "rolled-back", seq: 1 }).execute();
        tx.audit(audit(1));
        tx.emit({ type: "competition.updated", competitionId: "00000000-0000-4000-8000-000000000001", skillId: null, entity: "skill" });
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    expect(await head()).toEqual(before);
    expect(env.published).toEqual([]);
    expect(await t.db.selectFrom("realtimeStream").select("seq").where("streamKey", "=", "rolled-back").execute()).toEqual([]);
  });

  it("rolls back when its first statement fails, and the connection serves the next transaction", async () => {
    await expect(inWriteTransaction(env.deps, async (tx) => void (await tx.trx.insertInto("realtimeStream").values({ streamKey: "x".repeat(10), seq: null as unknown as number }).execute()))).rejects.toThrow();
    for (let i = 0; i < 3; i++) await inWriteTransaction(env.deps, async (tx) => void tx.audit(audit(i)));
    expect(await verifyStoredAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it("keeps nothing when its closing statement fails (its COMMIT is sent right behind it), and the connection serves the next transaction", async () => {
    const before = await head();
    env.published.length = 0;
    await expect(
      inWriteTransaction(env.deps, async (tx) => {
        await tx.trx.insertInto("realtimeStream").values({ streamKey: "closing-fails", seq: 1 }).execute();
        tx.audit(audit(1));
        tx.emit({ type: "competition.updated", competitionId: "00000000-0000-4000-8000-000000000001", skillId: null, entity: "skill" });
        // Left for the closing statement: a row that breaks the primary key there and then.
        tx.writeAtEnd((db) => db.insertInto("realtimeStream").values({ streamKey: "closing-fails", seq: 2 }));
      }),
    ).rejects.toThrow();
    expect(await head()).toEqual(before);
    expect(env.published).toEqual([]);
    expect(await t.db.selectFrom("realtimeStream").select("seq").where("streamKey", "=", "closing-fails").execute()).toEqual([]);
    // Every connection of the pool is still in a clean state: none is left inside a transaction.
    await Promise.all(Array.from({ length: 12 }, (_, i) => inWriteTransaction(env.deps, async (tx) => void tx.audit(audit(100 + i)))));
    expect(await verifyStoredAuditChain(t.db)).toMatchObject({ ok: true });
    expect((await head()).seq).toBe(before.seq + 12);
  });

  it("chains after a head the work locked itself, and refuses a count that does not match", async () => {
    const before = await head();
    await inWriteTransaction(env.deps, async (tx) => {
      const locked = await tx.trx.updateTable("auditChainHead").set((eb) => ({ seq: eb("seq", "+", 1) })).where("id", "=", 1).returning(["seq", "hash"]).executeTakeFirstOrThrow();
      tx.auditChainLocked({ seq: locked.seq - 1, hash: locked.hash }, 1);
      tx.audit(audit(7));
    });
    expect((await head()).seq).toBe(before.seq + 1);
    expect(await verifyStoredAuditChain(t.db)).toMatchObject({ ok: true });
    await expect(
      inWriteTransaction(env.deps, async (tx) => {
        const locked = await tx.trx.updateTable("auditChainHead").set((eb) => ({ seq: eb("seq", "+", 1) })).where("id", "=", 1).returning(["seq", "hash"]).executeTakeFirstOrThrow();
        tx.auditChainLocked({ seq: locked.seq - 1, hash: locked.hash }, 1);
        tx.audit(audit(8));
        tx.audit(audit(9));
      }),
    ).rejects.toThrow("locked for 1 events");
    expect((await head()).seq).toBe(before.seq + 1);
  });
});
