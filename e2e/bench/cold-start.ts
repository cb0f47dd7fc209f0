// `npm run bench`: cold start of the production server to its first page, on an empty data
// directory (create the embedded database, migrate, load the demo) and on a filled one, beside
// a baseline measured in the same run: a bare Node HTTP server started the same way (through
// tsx) answering its first request. Reports medians and ratios. The app is built first, so
// the build is not timed.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const runs = Number(process.env.BENCH_RUNS ?? 5);
const port = 3900;
const root = path.resolve(import.meta.dirname, "../..");
// Both servers start the same way as `npm start`: node with the tsx loader, in one process.
const nodeArgs = ["--import", "tsx"];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function firstResponse(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) {
        await res.text();
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no answer from ${url}`);
}

async function timeStart(args: string[], env: Record<string, string>, url: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, ...args], { cwd: root, env: { ...process.env, ...env, PORT: String(port) }, stdio: "ignore" });
  try {
    await firstResponse(url, Date.now() + 120_000);
    return performance.now() - started;
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
}

const baselineScript = `require("node:http").createServer((q, s) => s.end("ok")).listen(${port});`;

async function main() {
  const build = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "ignore" });
  if (build.status !== 0) throw new Error("build failed");
  const baseline: number[] = [];
  const empty: number[] = [];
  const filled: number[] = [];
  for (let i = 0; i < runs; i++) {
    baseline.push(await timeStart(["-e", baselineScript], {}, `http://127.0.0.1:${port}/`));
    const dataDir = mkdtempSync(path.join(tmpdir(), "gj-bench-"));
    const env = { DATA_DIR: dataDir, NODE_ENV: "production" };
    empty.push(await timeStart(["server/main.ts"], env, `http://127.0.0.1:${port}/`));
    filled.push(await timeStart(["server/main.ts"], env, `http://127.0.0.1:${port}/`));
    rmSync(dataDir, { recursive: true, force: true });
  }
  const b = median(baseline);
  const row = (name: string, values: number[]) =>
    `| ${name} | ${median(values).toFixed(0)} | ${Math.min(...values).toFixed(0)} | ${Math.max(...values).toFixed(0)} | ${(median(values) / b).toFixed(1)}× |`;
  console.log(`Cold start to first page (${runs} runs each, ms; ratio = median / baseline median)\n`);
  console.log("| start | median | min | max | ratio |");
  console.log("| --- | --- | --- | --- | --- |");
  console.log(row("baseline: bare Node HTTP server (node --import tsx)", baseline));
  console.log(row("Gongjiang, empty data directory (create DB, migrate, load demo)", empty));
  console.log(row("Gongjiang, filled data directory", filled));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
