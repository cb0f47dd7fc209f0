// Opens the configured engine, with a boot-time message that names what was tried.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { describePostgresUrl, openDatabase, type DatabaseHandle } from "../db/connection";
import type { Env } from "./env";

export async function openConfiguredDatabase(env: Pick<Env, "DATABASE_URL" | "DATA_DIR" | "DATABASE_POOL_SIZE" | "DATABASE_PREPARE">): Promise<DatabaseHandle> {
  if (!env.DATABASE_URL) {
    const dataDir = path.resolve(env.DATA_DIR, "pglite");
    await mkdir(dataDir, { recursive: true });
    return openDatabase({ kind: "pglite", dataDir });
  }
  const handle = await openDatabase({ kind: "postgres", url: env.DATABASE_URL, maxConnections: env.DATABASE_POOL_SIZE, prepare: env.DATABASE_PREPARE });
  try {
    await handle.ping();
  } catch (error) {
    await handle.close().catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot reach PostgreSQL at ${describePostgresUrl(env.DATABASE_URL)} (from DATABASE_URL): ${reason}`);
  }
  return handle;
}
