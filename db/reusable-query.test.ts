import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./testing";
import { reusableQuery } from "./reusable-query";
import type { Database } from "./schema";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await t.db
    .insertInto("appUser")
    .values([
      { username: "a.one", displayName: "甲", passwordHash: null },
      { username: "b.two", displayName: "乙", passwordHash: null },
    ])
    .execute();
});
afterAll(async () => t.drop());

describe("reusableQuery", () => {
  const byName = reusableQuery((db: Kysely<Database>, p: { username: string; other: string }) =>
    db
      .selectFrom("appUser")
      .select(["username", "displayName"])
      .where((eb) => eb.or([eb("username", "=", p.username), eb("username", "=", p.other)]))
      .orderBy("username")
      .limit(5),
  );

  it("compiles once and then only binds new values (row keys still camel-cased)", async () => {
    expect(await byName(t.db, { username: "a.one", other: "nobody" })).toEqual([{ username: "a.one", displayName: "甲" }]);
    expect(await byName(t.db, { username: "b.two", other: "a.one" })).toEqual([
      { username: "a.one", displayName: "甲" },
      { username: "b.two", displayName: "乙" },
    ]);
  });

  it("refuses a builder that does not pass a parameter through as a bound value", async () => {
    const broken = reusableQuery((db: Kysely<Database>, p: { username: string }) =>
      db.selectFrom("appUser").select("username").where("username", "=", p.username.toUpperCase()),
    );
    await expect(broken(t.db, { username: "a.one" })).rejects.toThrow("username did not reach the SQL");
  });
});
