import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testServiceDeps, type TestDatabase } from "../../db/testing";
import { auditBodyDigest, linkHash } from "~/domain/audit/chain";
import { verifyStoredAuditChain } from "./audit/verify-audit-chain.server";
import { inWriteTransaction } from "./transaction.server";

let t: TestDatabase;
let env: ReturnType<typeof testServiceDeps>;

beforeAll(async () => {
  t = await createTestDatabase();
  env = testServiceDeps(t);
});
afterAll(async () => t.drop());

const audit = (i: number) => ({
  actorUserId: null,
  action: "test.event",
  entityType: "test",
  entityId: String(i),
  competitionId: null,
  after: { i, snake_key: "kept as written" },
});
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
    await expect(
      inWriteTransaction(
        env.deps,
        async (tx) =>
          void (await tx.trx
            .insertInto("realtimeStream")
            .values({ streamKey: "x".repeat(10), seq: null as unknown as number })
            .execute()),
      ),
    ).rejects.toThrow();
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

  it("lets the database link the events: a writer cannot give seq and hash itself, nor skip the digest", async () => {
    const before = await head();
    await expect(
      t.db
        .insertInto("auditEvent")
        .values({
          occurredAt: new Date(),
          actorUserId: null,
          action: "forged",
          entityType: "test",
          entityId: null,
          competitionId: null,
          before: "null",
          after: "null",
          reason: null,
          bodyDigest: null,
          seq: before.seq + 1,
          prevHash: before.hash ?? "0".repeat(64),
          hash: "f".repeat(64),
        })
        .execute(),
    ).rejects.toThrow(/linked by the database/);
    // A seq and hash given with a digest are replaced by the link the database computes.
    const occurredAt = new Date();
    const bodyDigest = auditBodyDigest({
      occurredAt: occurredAt.toISOString(),
      actorUserId: null,
      action: "direct",
      entityType: "test",
      entityId: null,
      competitionId: null,
      before: null,
      after: null,
      reason: null,
    });
    await t.db
      .insertInto("auditEvent")
      .values({
        occurredAt,
        actorUserId: null,
        action: "direct",
        entityType: "test",
        entityId: null,
        competitionId: null,
        before: "null",
        after: "null",
        reason: null,
        bodyDigest,
        seq: 999_999,
        hash: "f".repeat(64),
      })
      .execute();
    await inWriteTransaction(env.deps, async (tx) => void tx.audit(audit(5)));
    const [first, last] = await t.db
      .selectFrom("auditEvent")
      .select(["seq", "prevHash", "hash", "bodyDigest"])
      .where("seq", ">", before.seq)
      .orderBy("seq")
      .execute();
    expect(first).toMatchObject({ seq: before.seq + 1, prevHash: before.hash, bodyDigest, hash: linkHash(before.hash!, before.seq + 1, bodyDigest) });
    expect(last).toMatchObject({ seq: before.seq + 2, prevHash: first!.hash });
    expect(last!.hash).toBe(linkHash(first!.hash, before.seq + 2, last!.bodyDigest!));
    expect(await verifyStoredAuditChain(t.db)).toMatchObject({ ok: true });
  });
});
