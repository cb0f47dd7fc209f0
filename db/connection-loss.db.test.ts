// PostgreSQL ending the app's connections (a restart, a fail-over, pg_terminate_backend) fails
// the transactions in flight and nothing else: the process stays up and the next statement gets
// a new connection. Runs only on PostgreSQL (TEST_DATABASE_URL); PGlite has no connections to lose.
import { sql } from "kysely";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./testing";

const onPostgres = !!process.env.TEST_DATABASE_URL;

describe.runIf(onPostgres)("losing connections on PostgreSQL", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("fails the transaction whose connection was ended, then carries on with a new connection", async () => {
    const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      const database = new URL(t.url!).pathname.slice(1);
      const transaction = t.db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        // Ended while this statement runs; Kysely then rolls back on the same (dead) connection.
        await sql`select pg_sleep(5)`.execute(trx);
      });
      const outcome = transaction.then(
        () => "committed",
        (error: unknown) => (error as { code?: string }).code,
      );
      for (let ended = 0; ended === 0; await new Promise((r) => setTimeout(r, 20)))
        ended = (
          await admin<
            Array<{ n: number }>
          >`select count(*) filter (where pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = ${database} and query like '%pg_sleep%'`
        )[0]!.n;
      expect(await outcome).toMatch(/^(57P01|CONNECTION_CLOSED)$/);
      // The process is still here (an uncaught error would have failed the run) and so is the pool.
      await new Promise((r) => setTimeout(r, 100));
      expect((await sql<{ one: number }>`select 1 as one`.execute(t.db)).rows).toEqual([{ one: 1 }]);
      await t.db.transaction().execute((trx) => sql`select 1`.execute(trx));
    } finally {
      await admin.end();
    }
  });
});
