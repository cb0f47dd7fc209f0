// The kept projections (decision 020) get a version, raised by every write of them under the
// row's lock: one number names one committed pair of projections. An instance that remembers
// the pair it last wrote or read with its version reads only the version when it publishes, and
// the projections (JSON) only when another writer has moved it on (decision 021).
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`alter table leaderboard add column projection_version integer not null default 0 check (projection_version >= 0)`).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Forward-only migration.");
}
