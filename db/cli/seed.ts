// `npm run db:seed`: loads the demo scenario into an empty database. It opens the database and
// the secrets exactly as the server does (DATABASE_URL or PGlite under DATA_DIR, PII_KEY or the
// generated key beside it), because ID numbers encrypted with another key could never be
// matched by the server. A database that already has data is left untouched.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { migrateToLatest } from "../connection";
import { isDatabaseEmpty, loadDemoScenario } from "../scenarios/demo";
import { openConfiguredDatabase } from "../../server/database";
import { EnvError, parseEnv } from "../../server/env";
import { loadSecrets } from "../../server/secrets";

async function main(): Promise<number> {
  const env = parseEnv(process.env);
  // PGlite creates its own directory but not the parents; a fresh checkout has no ./data yet.
  if (!env.DATABASE_URL) await mkdir(path.resolve(env.DATA_DIR), { recursive: true });
  const database = await openConfiguredDatabase(env);
  try {
    await migrateToLatest(database.db);
    if (!(await isDatabaseEmpty(database.db))) {
      console.log(`The database (${database.engine}: ${database.location}) already has data; nothing was loaded.`);
      return 0;
    }
    const secrets = await loadSecrets({ dataDir: path.resolve(env.DATA_DIR), sessionSecret: env.SESSION_SECRET, piiKey: env.PII_KEY });
    const started = Date.now();
    const summary = await loadDemoScenario({ db: database.db, now: () => new Date(), events: { publish() {} }, secrets });
    console.log(`Loaded the demo scenario into ${database.engine}: ${database.location} in ${Date.now() - started} ms.`);
    console.table(summary.counts);
    console.log("Demo logins:");
    console.table(summary.logins.map((l) => ({ username: l.username, password: l.password, role: l.role, note: l.note })));
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof EnvError ? error.message : error);
    process.exit(1);
  },
);
