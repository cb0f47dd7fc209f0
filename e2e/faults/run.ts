// `npm run test:faults` (the fault rounds, then the hostile-input suite) and `npm run
// test:hostile` (that suite alone), on each engine in FAULTS_ENGINES (default both: PGlite, then
// the local PostgreSQL, FAULTS_PG_URL). Each engine gets a database of its own, dropped after.
// FAULTS_KILL_ROUNDS (default 3) SIGKILL rounds. Exit code 1 on any problem, listed at the end.
import { runFaultRounds, type FaultReport } from "./fault-rounds";
import { runHostileInputs, type HostileReport } from "./hostile";
import { createTarget, type Engine } from "./support";

const suites = new Set(process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["faults", "hostile"]);
const engines = (process.env.FAULTS_ENGINES ?? "pglite,postgres").split(",").map((e) => e.trim()) as Engine[];
const killRounds = Number(process.env.FAULTS_KILL_ROUNDS ?? 3);
const started = performance.now();
const log = (line: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

const faults: FaultReport[] = [];
const hostile: HostileReport[] = [];
let failed = false;
for (const engine of engines) {
  const target = await createTarget(engine);
  try {
    if (suites.has("faults")) {
      log(`faults on ${engine}`);
      faults.push(await runFaultRounds(target, killRounds, log));
    }
    if (suites.has("hostile")) {
      log(`hostile inputs on ${engine}`);
      hostile.push(await runHostileInputs(target, log));
    }
  } catch (error) {
    failed = true;
    console.error(`[${engine}] the suite stopped:`, error);
  } finally {
    await target.drop();
  }
}

console.log("\n==== summary ====");
for (const f of faults) {
  const acknowledged = f.rounds.reduce((n, r) => n + r.acknowledged, 0);
  console.log(
    `faults (${f.engine}): ${f.rounds.length} rounds (${f.rounds.map((r) => r.name).join(", ")}), ${f.marks} marks checked, ${acknowledged} acknowledged during rounds, ${f.problems.length} problems`,
  );
  for (const p of f.problems) console.log(`  - ${p}`);
  if (f.problems.length > 0) failed = true;
}
for (const h of hostile) {
  console.log(
    `hostile inputs (${h.engine}): ${h.routes} routes, ${h.requests} requests, ${h.serverErrors.length} answered 5xx, ${h.partialWrites.length} partial writes, audit chain ${h.auditOk ? "intact" : "BROKEN"}; answers ${JSON.stringify(h.statuses)}`,
  );
  for (const e of h.serverErrors) console.log(`  - 5xx: ${e}`);
  for (const w of h.partialWrites) console.log(`  - partial write: ${w}`);
  if (h.serverErrors.length > 0 || h.partialWrites.length > 0 || !h.auditOk) failed = true;
}
console.log(`took ${((performance.now() - started) / 1000).toFixed(0)} s`);
process.exit(failed ? 1 : 0);
