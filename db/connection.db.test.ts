import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, type TestDatabase } from "./testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

describe(`database engine (${process.env.TEST_DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("returns the same JavaScript types on both engines", async () => {
    const { rows } = await sql<{ d: string; n: string; b: number; ts: Date }>`
      select date '2026-03-01' as d, 12.3400::numeric as n, 9007199254740::bigint as b, timestamptz '2026-03-01T08:00:00Z' as ts`.execute(t.db);
    expect(rows[0]).toEqual({ d: "2026-03-01", n: "12.3400", b: 9007199254740, ts: new Date("2026-03-01T08:00:00Z") });
  });

  it("round-trips JSON columns as objects, not as JSON strings", async () => {
    const inserted = await t.db
      .insertInto("competition")
      .values({
        nameZh: "JSON 测试",
        nameEn: null,
        level: "city",
        year: 2026,
        startsOn: "2026-05-01",
        endsOn: "2026-05-02",
        venue: "成都",
        organizerName: "成都市人社局",
        status: "draft",
        ruleSettings: JSON.stringify({ a: [1, "二"], b: { c: true } }),
        updatedAt: new Date(),
      })
      .returning("ruleSettings")
      .executeTakeFirstOrThrow();
    expect(inserted.ruleSettings).toEqual({ a: [1, "二"], b: { c: true } });
    const { rows } = await sql<{ kind: string }>`select jsonb_typeof(rule_settings) as kind from competition where name_zh = 'JSON 测试'`.execute(t.db);
    expect(rows[0]?.kind).toBe("object");
  });

  it("enforces constraints in the database, not only in code", async () => {
    const competition = t.db.insertInto("competition").values({
      nameZh: "测试赛",
      nameEn: null,
      level: "city",
      year: 2026,
      startsOn: "2026-05-02",
      endsOn: "2026-05-01",
      venue: "成都",
      organizerName: "成都市人社局",
      status: "draft",
      ruleSettings: "{}",
      updatedAt: new Date(),
    });
    await expect(competition.execute()).rejects.toThrow(/check/i);
  });

  it("refuses to update or delete an audit event", async () => {
    await t.db
      .insertInto("auditEvent")
      .values({
        occurredAt: new Date(),
        actorUserId: null,
        action: "x",
        entityType: "x",
        entityId: null,
        competitionId: null,
        before: "null",
        after: "null",
        reason: null,
        bodyDigest: "a".repeat(64),
      })
      .execute();
    await expect(t.db.updateTable("auditEvent").set({ action: "y" }).execute()).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom("auditEvent").execute()).rejects.toThrow(/append-only/);
  });
});
