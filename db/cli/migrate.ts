// `npm run db:migrate`: applies pending migrations to the configured database.
import { parseEnv } from "../../server/env";
import { openConfiguredDatabase } from "../../server/database";
import { migrateToLatest } from "../connection";

const env = parseEnv(process.env);
const database = await openConfiguredDatabase(env);
try {
  const applied = await migrateToLatest(database.db);
  console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "Database is up to date.");
} finally {
  await database.close();
}
