// `npm run db:migrate`: applies pending migrations to the configured database.
import { parseEnv } from "../../server/env";
import { openConfiguredDatabase } from "../../server/database";
import { migrateToLatest } from "../connection";

try {
  const database = await openConfiguredDatabase(parseEnv(process.env, "tool"));
  try {
    const applied = await migrateToLatest(database.db);
    console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "Database is up to date.");
  } finally {
    await database.close();
  }
} catch (error) {
  console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
