// Starts the app for an end-to-end run on an empty database: removes and recreates the data
// directory, then runs server/cli/start.ts the way `npm start` does (`node --import tsx`, no
// wrapper process), which builds if stale and loads the demo. Signals from Playwright are
// forwarded so the server shuts down gracefully.
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dataDir = path.resolve(root, process.env.E2E_DATA_DIR ?? "e2e/.data");
const port = process.env.E2E_PORT ?? "3100";

rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });
console.log(`[e2e] fresh data directory ${dataDir}, port ${port}`);

const child = spawn(process.execPath, ["--import", "tsx", "server/cli/start.ts"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, PORT: port, HOST: "127.0.0.1", DATA_DIR: dataDir, DEMO_DATA: "auto" },
});

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    if (child.exitCode === null) child.kill(signal);
  });
}
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
child.on("error", (error) => {
  console.error(`[e2e] could not start the app: ${error.message}`);
  process.exit(1);
});
