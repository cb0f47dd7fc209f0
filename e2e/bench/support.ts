// What the benchmarks share: summary statistics of timings, and a scratch PostgreSQL database
// created for one run and dropped after it (BENCH_KEEP=1 keeps it, to look at query plans).
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { migrateToLatest, openDatabase, type DatabaseHandle } from "../../db/connection";

export interface Stats {
  median: number;
  p99: number;
  max: number;
  n: number;
}

export function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, p99: at(0.99), max: sorted[sorted.length - 1]!, n: sorted.length };
}

export async function createScratchDatabase(serverUrl: string, maxConnections: number): Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> {
  const name = `gj_bench_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: "postgres", url: url.toString(), maxConnections });
  await migrateToLatest(handle.db);
  return {
    handle,
    drop: async () => {
      await handle.close();
      if (process.env.BENCH_KEEP === "1") {
        console.log(`kept ${name} (BENCH_KEEP=1)`);
        await admin.end();
        return;
      }
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
