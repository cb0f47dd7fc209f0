// `npm start`: build the app when the build is missing or older than the sources, then serve.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv, EnvError } from "../env";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function buildIsStale(): boolean {
  const built = path.join(root, "build/server/index.js");
  if (!existsSync(built)) return true;
  const sources = Math.max(
    newestMtime(path.join(root, "app")),
    newestMtime(path.join(root, "public")),
    newestMtime(path.join(root, "db")),
    statSync(path.join(root, "package.json")).mtimeMs,
  );
  return sources > statSync(built).mtimeMs;
}

async function main() {
  let env;
  try {
    env = parseEnv(process.env);
  } catch (error) {
    console.error(error instanceof EnvError ? error.message : error);
    process.exit(1);
  }
  if (env.NODE_ENV !== "development" && buildIsStale()) {
    console.log("Building the app (first start or changed sources)…");
    const result = spawnSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], { cwd: root, stdio: "inherit" });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
  const { runServer } = await import("../main");
  await runServer(env);
}

void main();
