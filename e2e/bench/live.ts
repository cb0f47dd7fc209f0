// `npm run bench:live`: score-to-screen latency of the live leaderboard, against a bare
// Socket.io broadcast measured in the same run.
//
// The app runs as its own process (`server/cli/start.ts`, production build) on a scratch
// PostgreSQL database seeded with one competition of BENCH_SKILLS ws-track skills (the example
// scheme, 30 competitors each, workstations drawn). N judges (BENCH_JUDGES, spread over the
// skills, each with an API token) each record a mark through the real HTTP API every
// BENCH_MARK_INTERVAL_MS (a random competitor of those it is assigned, a random "all or nothing" aspect turned
// the other way from its last mark, so every mark moves the standings);
// M spectators (socket.io-client, WebSocket, each in one skill's public room) receive the
// coalesced `leaderboard.updated` events. For each mark: the time from sending its POST to the
// moment the last spectator of its skill received the first event that reflects it — an event
// whose publication began after the mark's answer arrived (`occurredAt` ≥ answer time, same
// clock): an upper bound, since an earlier event may already carry it.
//
// Baseline, same run, same M clients: e2e/bench/bare-broadcast.ts, a bare Socket.io server in
// its own process broadcasting an event of the same size to the same rooms at the same rate; its
// latency is send → last client of the room.
//
// Knobs: BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/test), BENCH_SPECTATORS
// ("1000,5000"), BENCH_JUDGES (100), BENCH_MARK_INTERVAL_MS (2000), BENCH_SECONDS (20),
// BENCH_SKILLS (10), BENCH_PORT (3400), LEADERBOARD_WINDOW_MS (the app's default, 300).
import { fork, spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { io as connect, type Socket } from "socket.io-client";
import { migrateToLatest, openDatabase } from "../../db/connection";
import type { ServiceDeps } from "../../app/services/deps.server";
import type { Principal } from "../../app/domain/access/roles";
import { CompetitionInputSchema, DelegationInputSchema, SkillInputSchema } from "../../app/domain/competition/inputs";
import { exampleCompetitionForm, exampleSkillForm } from "../../db/test-support/example-forms";
import { saveCompetition } from "../../app/services/competitions/save-competition.server";
import { saveDelegation } from "../../app/services/competitions/save-delegation.server";
import { saveSkill } from "../../app/services/competitions/save-skill.server";
import { parseSchemeCsv } from "../../app/services/marking-schemes/scheme-csv.server";
import { saveMarkingScheme } from "../../app/services/marking-schemes/save-marking-scheme.server";
import { createApiToken } from "../../app/services/auth/api-tokens.server";
import { loadPrincipal } from "../../app/services/auth/grants.server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const spectatorCounts = (process.env.BENCH_SPECTATORS ?? "1000,5000").split(",").map(Number);
const judgeCount = Number(process.env.BENCH_JUDGES ?? 100);
const markIntervalMs = Number(process.env.BENCH_MARK_INTERVAL_MS ?? 2000);
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const skillCount = Number(process.env.BENCH_SKILLS ?? 10);
const port = Number(process.env.BENCH_PORT ?? 3400);
const barePort = port + 1;
/** App instances (one process each, on ports port, port + 2, …), spectators and judges spread over them round-robin as a load balancer would. */
const instanceCount = Number(process.env.BENCH_INSTANCES ?? 1);
const appPorts = Array.from({ length: instanceCount }, (_, i) => port + 2 * i);
const competitorsPerSkill = 30;
/** Spectator worker processes (500 sockets each at least). */
const spectatorWorkers = Number(process.env.BENCH_SPECTATOR_WORKERS ?? 4);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Stats {
  median: number;
  p99: number;
  max: number;
  n: number;
}

/** Median, p99 and max (nearest rank), as the other benchmarks report them. */
function stats(values: number[]): Stats {
  if (values.length === 0) return { median: NaN, p99: NaN, max: NaN, n: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const mid = Math.floor(sorted.length / 2);
  return { median: sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2, p99: at(0.99), max: sorted[sorted.length - 1]!, n: sorted.length };
}

interface Seeded {
  url: string;
  drop: () => Promise<void>;
  competitionId: string;
  skills: Array<{ skillId: string; codes: string[]; aspects: string[]; tokens: string[] }>;
}

async function seed(): Promise<Seeded> {
  const name = `gj_bench_live_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: "postgres", url: url.toString(), maxConnections: 4 });
  await migrateToLatest(handle.db);
  const db = handle.db;
  const deps: ServiceDeps = {
    db,
    now: () => new Date(),
    events: { publish: () => {} },
    secrets: { sessionSecret: "bench-session-secret-bench-session-secret", piiKey: Buffer.alloc(32, 9) },
  };
  const rootUser = await db
    .insertInto("appUser")
    .values({ username: "bench.admin", displayName: "bench", passwordHash: null, isPlatformAdmin: true })
    .returning("id")
    .executeTakeFirstOrThrow();
  const principal: Principal = { userId: rootUser.id, isPlatformAdmin: true, grants: [] };
  const { competitionId } = await saveCompetition(deps, principal, CompetitionInputSchema.parse({ ...exampleCompetitionForm, minimumEntrants: "3" }), null);
  await db.updateTable("competition").set({ status: "running" }).where("id", "=", competitionId).execute();
  const { delegationId } = await saveDelegation(
    deps,
    principal,
    competitionId,
    DelegationInputSchema.parse({ nameZh: "基准代表队", kind: "enterprise" }),
    null,
  );
  const csv = readFileSync(path.join(root, "docs/examples/marking-scheme.csv"));
  const aspects = [...csv.toString("utf8").matchAll(/\naspect,([A-Z]\d\.\d+),[^\n]*,all_or_nothing/g)].map((m) => m[1]!);
  const skills: Seeded["skills"] = [];
  for (let k = 0; k < skillCount; k++) {
    const { skillId } = await saveSkill(deps, principal, competitionId, SkillInputSchema.parse({ ...exampleSkillForm, nameZh: `项目${k + 1}` }), null);
    await saveMarkingScheme(deps, principal, { competitionId, skillId, draft: parseSchemeCsv(csv).draft! });
    const codes = Array.from({ length: competitorsPerSkill }, (_, i) => String(i + 1).padStart(2, "0"));
    await db
      .insertInto("competitor")
      .values(codes.map((code, i) => ({ competitionId, skillId, delegationId, registrationNo: `B${k}-${i}`, checkInNo: code, workstationNo: code })))
      .execute();
    skills.push({ skillId, codes, aspects, tokens: [] });
  }
  for (let j = 0; j < judgeCount; j++) {
    const skill = skills[j % skillCount]!;
    const user = await db
      .insertInto("appUser")
      .values({ username: `bench.judge${j}`, displayName: `裁判${j}`, passwordHash: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("roleAssignment").values({ userId: user.id, role: "judge", competitionId, skillId: skill.skillId }).execute();
    // Each judge makes their own device's token (nobody else may).
    const judge = (await loadPrincipal(db, user.id))!;
    skill.tokens.push((await createApiToken(deps, judge, competitionId, { label: `bench ${j}`, username: `bench.judge${j}`, role: "judge" })).token);
  }
  await handle.close();
  return {
    url: url.toString(),
    competitionId,
    skills,
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

async function waitForHealth(base: string, child: ChildProcess): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error("the app exited while starting");
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() - start > 240_000) throw new Error("the app did not start within 4 minutes");
    await sleep(250);
  }
}

/** What spectators received, per room and event: its stamp (publication start or send time), how many got it, when the last did, its size. */
type Tally = Record<string, Record<number, { stamp: number; count: number; last: number; bytes: number }>>;

/**
 * Spectators run in worker processes of their own (this file with "spectators"), so the judges'
 * timings here are not held up by thousands of sockets' parsing. Each worker connects its share,
 * joins rooms round-robin and tallies every event; on "stop" it sends the tally and exits.
 */
async function spectate(bases: string[], rooms: string[], m: number): Promise<{ sizes: Map<string, number>; stop(): Promise<Tally> }> {
  const workers = Math.min(spectatorWorkers, Math.max(1, Math.ceil(m / 500)));
  const sizes = new Map<string, number>();
  for (let i = 0; i < m; i++) sizes.set(rooms[i % rooms.length]!, (sizes.get(rooms[i % rooms.length]!) ?? 0) + 1);
  const children = Array.from({ length: workers }, (_, w) => {
    const from = Math.floor((m * w) / workers);
    const to = Math.floor((m * (w + 1)) / workers);
    return fork(fileURLToPath(import.meta.url), ["spectators"], {
      execArgv: ["--import", "tsx"],
      env: {
        ...process.env,
        SPECTATE_BASES: JSON.stringify(bases),
        SPECTATE_ROOMS: JSON.stringify(rooms),
        SPECTATE_FROM: String(from),
        SPECTATE_TO: String(to),
      },
      stdio: "inherit",
    });
  });
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve, reject) => {
          c.once("message", () => resolve());
          c.once("exit", (code) => reject(new Error(`spectator worker exited (${code})`)));
        }),
    ),
  );
  return {
    sizes,
    async stop() {
      const tallies = await Promise.all(
        children.map(
          (c) =>
            new Promise<Tally>((resolve) => {
              c.once("message", (t) => resolve(t as Tally));
              c.send("stop");
            }),
        ),
      );
      const merged: Tally = {};
      for (const tally of tallies)
        for (const [room, bySeq] of Object.entries(tally))
          for (const [seq, e] of Object.entries(bySeq)) {
            const into = ((merged[room] ??= {})[Number(seq)] ??= { stamp: e.stamp, count: 0, last: 0, bytes: e.bytes });
            into.count += e.count;
            into.last = Math.max(into.last, e.last);
          }
      return merged;
    },
  };
}

/** A spectator worker: connects sockets SPECTATE_FROM…SPECTATE_TO and tallies what arrives. */
async function spectatorWorker(): Promise<void> {
  const bases = JSON.parse(process.env.SPECTATE_BASES!) as string[];
  const rooms = JSON.parse(process.env.SPECTATE_ROOMS!) as string[];
  const from = Number(process.env.SPECTATE_FROM);
  const to = Number(process.env.SPECTATE_TO);
  const tally: Tally = {};
  const sockets: Socket[] = [];
  const batch = 100;
  for (let i = from; i < to; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, to - i) }, async (_, j) => {
        const room = rooms[(i + j) % rooms.length]!;
        const socket = connect(bases[(i + j) % bases.length]!, { transports: ["websocket"], reconnection: false, forceNew: true });
        socket.on("event", (payload: { type: string; seq: number; occurredAt?: string; sentAt?: number }) => {
          const at = Date.now();
          if (payload.type !== "leaderboard.updated" && payload.type !== "leaderboard.rows_changed" && payload.type !== "bare") return;
          const bySeq = (tally[room] ??= {});
          const entry = (bySeq[payload.seq] ??= {
            stamp: payload.occurredAt ? Date.parse(payload.occurredAt) : payload.sentAt!,
            count: 0,
            last: 0,
            bytes: JSON.stringify(payload).length,
          });
          entry.count++;
          entry.last = Math.max(entry.last, at);
        });
        await new Promise<void>((resolve, reject) => {
          socket.once("connect", () => resolve());
          socket.once("connect_error", reject);
        });
        const ack = (await socket.timeout(30_000).emitWithAck("room.join", { room })) as { ok: boolean };
        if (!ack.ok) throw new Error(`join refused: ${JSON.stringify(ack)}`);
        sockets.push(socket);
      }),
    );
  }
  process.send!("ready");
  process.once("message", () => {
    for (const s of sockets) s.close();
    process.send!(tally, () => process.exit(0));
  });
}

function fmt(s: Stats): string {
  return `p50 ${s.median.toFixed(0)} ms · p99 ${s.p99.toFixed(0)} ms · max ${s.max.toFixed(0)} ms (n = ${s.n})`;
}

/** Each judge's last mark per competitor and aspect, across the runs (the database keeps them). */
const achievedBefore = new Map<string, boolean>();

async function runApp(
  seeded: Seeded,
  m: number,
): Promise<{
  latency: Stats;
  lower: Stats;
  marks: number;
  marksPerSecond: number;
  events: number;
  undelivered: number;
  avgBytes: number;
  eventsPerRoomPerSecond: number;
  failures: number;
}> {
  const bases = appPorts.map((p) => `http://127.0.0.1:${p}`);
  const rooms = seeded.skills.map((s) => `public:competition:${seeded.competitionId}:skill:${s.skillId}`);
  const spectators = await spectate(bases, rooms, m);
  const sizes = spectators.sizes;
  await sleep(1000);

  const marks: Array<{ room: string; submissionId: string; sent: number; answered: number; began?: number }> = [];
  let failures = 0;
  let running = true;
  // Each judge marks the competitors it is assigned (every tokens.length-th of its skill), so no
  // other judge's entry decides its aspects, and turns the aspect it picks the other way from its
  // last mark (unmarked: achieved): every mark changes the public board. A mark that changed
  // nothing would have no publication to wait for (nothing is sent when nothing changed).
  const judges = seeded.skills.flatMap((s, k) =>
    s.tokens.map((token, t) => ({
      token,
      skill: s,
      room: rooms[k]!,
      base: bases[(k + t) % bases.length]!,
      codes: s.codes.filter((_, i) => i % s.tokens.length === t),
    })),
  );
  const loops = judges.map(async (judge) => {
    // Judges work independently: each starts at a random point of the interval.
    await sleep(Math.random() * markIntervalMs);
    while (running) {
      const next = Date.now() + markIntervalMs;
      const code = judge.codes[Math.floor(Math.random() * judge.codes.length)]!;
      const aspect = judge.skill.aspects[Math.floor(Math.random() * judge.skill.aspects.length)]!;
      const cell = `${judge.skill.skillId}:${code}:${aspect}`;
      const achieved = !(achievedBefore.get(cell) ?? false);
      const submissionId = randomUUID();
      const sent = Date.now();
      const res = await fetch(`${judge.base}/api/v1/competitions/${seeded.competitionId}/skills/${judge.skill.skillId}/marks`, {
        method: "POST",
        headers: { Authorization: `Bearer ${judge.token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ submissionId, competitorCode: code, aspectCode: aspect, value: { achieved }, reason: "基准测试 bench" }),
      });
      await res.arrayBuffer();
      if (res.status === 201) achievedBefore.set(cell, achieved);
      if (res.status === 201) marks.push({ room: judge.room, submissionId, sent, answered: Date.now() });
      else failures++;
      await sleep(Math.max(0, next - Date.now()));
    }
  });
  const started = Date.now();
  await sleep(seconds * 1000);
  running = false;
  await Promise.all(loops);
  const elapsed = (Date.now() - started) / 1000;
  await sleep(2000);
  const tally = await spectators.stop();
  const received = new Map(
    rooms.map((room) => [
      room,
      Object.entries(tally[room] ?? {})
        .map(([seq, e]) => [Number(seq), { occurredAt: e.stamp, count: e.count, last: e.last, bytes: e.bytes }] as const)
        .sort((a, b) => a[0] - b[0]),
    ]),
  );

  // When each mark's transaction began (its recorded_at), from the database.
  const db = postgres(seeded.url, { max: 1, onnotice: () => {} });
  const began = new Map<string, number>();
  for (let i = 0; i < marks.length; i += 1000) {
    const rows = await db<
      Array<{ submission_id: string; recorded_at: Date }>
    >`select submission_id, recorded_at from mark where submission_id in ${db(marks.slice(i, i + 1000).map((m) => m.submissionId))}`;
    for (const r of rows) began.set(r.submission_id, r.recorded_at.getTime());
  }
  await db.end();
  // The event that shows a mark is the first whose publication began after the mark committed.
  // The commit lies between the mark's transaction start and its answer, so two bounds: the
  // first event begun after the answer (upper bound) and after the transaction start (lower).
  const latencies: number[] = [];
  const lower: number[] = [];
  const parts = { answer: [] as number[], wait: [] as number[], deliver: [] as number[] };
  let undelivered = 0;
  for (const mark of marks) {
    const bySeq = received.get(mark.room)!;
    const event = bySeq.find(([, e]) => e.occurredAt >= mark.answered);
    const early = bySeq.find(([, e]) => e.occurredAt >= (began.get(mark.submissionId) ?? mark.answered));
    if (!event || event[1].count < sizes.get(mark.room)!) {
      undelivered++;
      continue;
    }
    latencies.push(event[1].last - mark.sent);
    if (early && early[1].count >= sizes.get(mark.room)!) lower.push(early[1].last - mark.sent);
    parts.answer.push(mark.answered - mark.sent);
    parts.wait.push(event[1].occurredAt - mark.answered);
    parts.deliver.push(event[1].last - event[1].occurredAt);
  }
  console.log(`  lower bound (first event begun after the mark's transaction began): ${fmt(stats(lower))}`);
  console.log(
    `  where the time goes (p50 / p99): mark POST answered ${stats(parts.answer).median} / ${stats(parts.answer).p99} ms; answer → publication begins ${stats(parts.wait).median} / ${stats(parts.wait).p99} ms; publication begins → last spectator ${stats(parts.deliver).median} / ${stats(parts.deliver).p99} ms`,
  );
  const all = [...received.values()].flat();
  const events = all.length;
  return {
    latency: stats(latencies),
    lower: stats(lower),
    marks: marks.length,
    marksPerSecond: marks.length / elapsed,
    events,
    undelivered,
    avgBytes: Math.round(all.reduce((a, [, e]) => a + e.bytes, 0) / Math.max(1, all.length)),
    eventsPerRoomPerSecond: events / rooms.length / elapsed,
    failures,
  };
}

async function runBare(m: number, rooms: number, bytes: number, eventsPerRoomPerSecond: number): Promise<{ latency: Stats; undelivered: number }> {
  const intervalMs = Math.max(20, Math.round(1000 / Math.max(0.1, eventsPerRoomPerSecond)));
  const child = fork(path.join(root, "e2e/bench/bare-broadcast.ts"), [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, BARE_PORT: String(barePort), BARE_ROOMS: String(rooms), BARE_BYTES: String(bytes), BARE_INTERVAL_MS: String(intervalMs) },
    stdio: "inherit",
  });
  await new Promise<void>((resolve) => child.once("message", () => resolve()));
  const roomNames = Array.from({ length: rooms }, (_, i) => `room-${i}`);
  const spectators = await spectate([`http://127.0.0.1:${barePort}`], roomNames, m);
  await sleep(1000);
  child.send("start");
  await sleep(seconds * 1000);
  child.send("stop");
  await sleep(2000);
  const tally = await spectators.stop();
  child.kill("SIGTERM");
  const latencies: number[] = [];
  let undelivered = 0;
  for (const [room, bySeq] of Object.entries(tally))
    for (const e of Object.values(bySeq)) {
      if (e.count < spectators.sizes.get(room)!) undelivered++;
      else latencies.push(e.last - e.stamp);
    }
  return { latency: stats(latencies), undelivered };
}

async function main(): Promise<void> {
  console.log(
    `bench:live — ${judgeCount} judges marking every ${markIntervalMs} ms over ${skillCount} skills, ${seconds} s per run, spectators ${spectatorCounts.join(" and ")}, ${instanceCount} app instance(s)`,
  );
  const seeded = await seed();
  console.log(`seeded ${skillCount} skills × ${competitorsPerSkill} competitors, ${judgeCount} judge tokens`);
  // BENCH_APP_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the app under load.
  const nodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? "").split(" ").filter(Boolean);
  // Every instance shares the secrets, as a deployment of several instances must.
  const secrets = { SESSION_SECRET: randomBytes(32).toString("base64"), PII_KEY: randomBytes(32).toString("hex") };
  const apps = appPorts.map((appPort, i) =>
    spawn(process.execPath, [...nodeArgs, "--import", "tsx", "server/cli/start.ts"], {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        ...secrets,
        NODE_ENV: "production",
        PORT: String(appPort),
        HOST: "127.0.0.1",
        DATABASE_URL: seeded.url,
        DEMO_DATA: "off",
        DATA_DIR: path.join(root, `e2e/.data-bench-live-${i}`),
      },
    }),
  );
  try {
    await Promise.all(apps.map((app, i) => waitForHealth(`http://127.0.0.1:${appPorts[i]}`, app)));
    const rows: string[] = [];
    for (const m of spectatorCounts) {
      const measured = await runApp(seeded, m);
      console.log(
        `M = ${m}: app  ${fmt(measured.latency)}; ${measured.marks} marks (${measured.marksPerSecond.toFixed(1)}/s, ${measured.failures} refused), ${measured.events} events (${measured.eventsPerRoomPerSecond.toFixed(2)} per skill per s, ~${measured.avgBytes} B), ${measured.undelivered} marks not seen by every spectator`,
      );
      const bare = await runBare(m, skillCount, measured.avgBytes, measured.eventsPerRoomPerSecond);
      console.log(`M = ${m}: bare ${fmt(bare.latency)}; ${bare.undelivered} broadcasts not seen by every client`);
      rows.push(
        `| ${m} | ${measured.lower.median.toFixed(0)}–${measured.latency.median.toFixed(0)} / ${measured.lower.p99.toFixed(0)}–${measured.latency.p99.toFixed(0)} / ${measured.lower.max.toFixed(0)}–${measured.latency.max.toFixed(0)} | ${bare.latency.median.toFixed(0)} / ${bare.latency.p99.toFixed(0)} / ${bare.latency.max.toFixed(0)} | ${(measured.lower.p99 / bare.latency.p99).toFixed(1)}–${(measured.latency.p99 / bare.latency.p99).toFixed(1)}× | ${measured.marksPerSecond.toFixed(1)} | ${measured.eventsPerRoomPerSecond.toFixed(2)} | ${measured.avgBytes} | ${measured.undelivered} / ${bare.undelivered} |`,
      );
    }
    console.log(
      "\n| spectators M | app p50 / p99 / max (ms; lower–upper bound) | bare broadcast p50 / p99 / max (ms) | p99 ratio | marks/s | events per skill per s | event bytes | undelivered app / bare |",
    );
    console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for (const r of rows) console.log(r);
  } finally {
    await Promise.all(
      apps.map((app) => {
        app.kill("SIGTERM");
        return new Promise((r) => app.once("exit", r));
      }),
    );
    await seeded.drop();
  }
}

(process.argv[2] === "spectators" ? spectatorWorker() : main()).then(
  () => (process.argv[2] === "spectators" ? undefined : process.exit(0)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
