// Runs the server in the foreground: prints where to open it and the demo logins, and shuts
// down gracefully on SIGTERM/SIGINT.
import { startServer } from "./index";
import { parseEnv, EnvError, type Env } from "./env";
import { demoPassword, listDemoLogins } from "../db/scenarios/demo";

export async function runServer(env: Env): Promise<void> {
  const started = Date.now();
  let server;
  try {
    server = await startServer(env);
  } catch (error) {
    console.error(`Gongjiang could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  // Handled from the moment it listens: a deploy's SIGTERM during the start-up banner (checking
  // the demo passwords takes a while) drains like any other, instead of killing the process.
  const running = server;
  let shuttingDown = false;
  // SIGTERM comes from a deploy (drain for the load balancer); Ctrl-C from a person (no wait).
  const shutdown = (signal: "SIGTERM" | "SIGINT") => {
    if (shuttingDown) return;
    shuttingDown = true;
    const drainMs = signal === "SIGTERM" ? env.SHUTDOWN_DRAIN_MS : 0;
    console.log(`\n${signal}: draining for ${drainMs} ms, finishing requests in flight, then stopping…`);
    const force = setTimeout(() => {
      console.error("Still busy 10 s after draining; stopping anyway.");
      process.exit(1);
    }, drainMs + 10_000);
    force.unref();
    running.stop(drainMs).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  const logins = server.demo?.logins ?? (await listDemoLogins(server.database.db));
  console.log(`\nGongjiang 工匠 is running (${server.database.engine}: ${server.database.location}) — ready in ${Date.now() - started} ms`);
  console.log(`  Open ${server.url}`);
  if (server.demo) console.log(`  Loaded the demo competition: ${JSON.stringify(server.demo.counts)}`);
  if (logins.length > 0) {
    console.log(`\n  Demo logins (password for each: ${demoPassword}):`);
    for (const login of logins) console.log(`    ${login.username.padEnd(16)} ${login.note}`);
    console.log(`  Judges on venue tablets sign in at ${server.url}/tablet with a code the chief judge issues.`);
  }
}

// `npm run dev` runs this file directly.
if (process.argv[1] && /server[\\/]index\.ts$|server[\\/]main\.ts$/.test(process.argv[1])) {
  try {
    void runServer(parseEnv(process.env));
  } catch (error) {
    console.error(error instanceof EnvError ? error.message : error);
    process.exit(1);
  }
}
