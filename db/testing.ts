// A fresh, migrated database for one test file: PGlite in memory by default, or a new database
// on the PostgreSQL server named by TEST_DATABASE_URL (created here, dropped by `drop()`), so
// test files never share dirty state and CI can run the same suite on both engines.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { migrateToLatest, openDatabase, type DatabaseHandle } from "./connection";
import type { ServiceDeps } from "../app/services/deps.server";
import type { RealtimeEvent } from "../app/realtime/events";

export interface TestDatabase extends DatabaseHandle {
  /** The PostgreSQL URL of the test database (for a second client such as the Socket.io adapter); null on PGlite. */
  url: string | null;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const handle = await openDatabase({ kind: "pglite", dataDir: null });
    await migrateToLatest(handle.db);
    return { ...handle, url: null, drop: () => handle.close() };
  }
  const name = `gj_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: "postgres", url: url.toString(), maxConnections: 4 });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    url: url.toString(),
    drop: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** Service dependencies over a test database: a settable clock and a recorder of published events. */
export function testServiceDeps(handle: DatabaseHandle, start = new Date("2026-11-22T02:00:00Z")) {
  let now = start;
  const published: RealtimeEvent[] = [];
  const deps: ServiceDeps = {
    db: handle.db,
    now: () => now,
    events: { publish: (events) => void published.push(...events) },
    secrets: { sessionSecret: "test-session-secret-test-session-secret", piiKey: Buffer.alloc(32, 7) },
  };
  return {
    deps,
    published,
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
  };
}

/** The DomainError code a call was refused with, or undefined when it succeeded (other errors propagate). */
export async function refusalCode(promise: Promise<unknown>): Promise<string | undefined> {
  const { DomainError } = await import("../app/domain/errors");
  try {
    await promise;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return undefined;
}
