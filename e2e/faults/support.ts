// What the fault and hostile-input suites share: a database of their own on either engine (a
// PGlite data directory, or a scratch database on the local PostgreSQL), the server as a child
// process that can be killed, signing in and API tokens as a script does (docs/api.md), and the
// checks run after each fault: the audit chain (`npm run audit:verify`) and the kept scores
// against a full recomputation.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { openDatabase, type DatabaseHandle, type DB } from "../../db/connection";
import { rebuildSkillScores } from "../../app/services/results/rebuild-skill-scores.server";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export type Engine = "pglite" | "postgres";
/** The suites' ports: this one and the next two (FAULTS_PORT, default 3161). */
export const portBase = Number(process.env.FAULTS_PORT ?? 3161);

/** The PostgreSQL server the suites make their own database on; CI runs as root beside it. */
export const pgServerUrl = process.env.FAULTS_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
/** How the suite restarts that server (the CI machine's cluster; FAULTS_PG_RESTART overrides it). */
export const pgRestartCommand = process.env.FAULTS_PG_RESTART ?? 'pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main restart';

export interface Target {
  engine: Engine;
  dataDir: string;
  /** The scratch database on PostgreSQL; null on PGlite. */
  databaseUrl: string | null;
  databaseName: string | null;
  drop(): Promise<void>;
}

export async function createTarget(engine: Engine): Promise<Target> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `gj-faults-${engine}-`));
  if (engine === "pglite")
    return { engine, dataDir, databaseUrl: null, databaseName: null, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  const name = `gj_faults_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  await withAdmin((sql) => sql.unsafe(`create database ${name}`));
  const url = new URL(pgServerUrl);
  url.pathname = `/${name}`;
  return {
    engine,
    dataDir,
    databaseUrl: url.toString(),
    databaseName: name,
    drop: async () => {
      await withAdmin((sql) => sql.unsafe(`drop database if exists ${name} with (force)`));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A short-lived connection to the server's maintenance database. */
export async function withAdmin<T>(work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(pgServerUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** The environment a server (or a CLI) needs for this target. */
export function serverEnv(target: Target, port: number): Record<string, string> {
  const env: Record<string, string> = {
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: target.dataDir,
    DEMO_DATA: "auto",
    SHUTDOWN_DRAIN_MS: "300",
    // Both instances and the checks share them (sessions signed by one are read by the other).
    SESSION_SECRET: "faults-suite-session-secret-0123456789abcdef",
    PII_KEY: "b".repeat(64),
  };
  if (target.databaseUrl) env.DATABASE_URL = target.databaseUrl;
  return env;
}

/** The server as `npm start` runs it (builds first if the build is stale), one process. */
export class ServerProcess {
  child: ChildProcess | null = null;
  readonly base: string;
  private log: string[] = [];

  constructor(
    readonly target: Target,
    readonly port: number,
  ) {
    this.base = `http://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    if (await this.healthy()) throw new Error(`something already answers on port ${this.port}`);
    this.log = [];
    const child = spawn(process.execPath, ["--import", "tsx", "server/cli/start.ts"], {
      cwd: root,
      env: { ...process.env, ...serverEnv(this.target, this.port) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const keep = (chunk: Buffer) => {
      this.log.push(chunk.toString());
      if (this.log.length > 200) this.log.shift();
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    this.child = child;
    for (let i = 0; i < 3000; i++) {
      if (child.exitCode !== null) throw new Error(`the server on ${this.port} exited (${child.exitCode}) while starting:\n${this.output()}`);
      if (await this.healthy()) return;
      await sleep(100);
    }
    throw new Error(`the server on ${this.port} did not become healthy:\n${this.output()}`);
  }

  async healthy(): Promise<boolean> {
    return fetch(`${this.base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends `signal` and waits for the exit; resolves with the exit code (null when killed by a signal). */
  async stop(signal: "SIGKILL" | "SIGTERM"): Promise<number | null> {
    const child = this.child;
    if (!child || !this.running) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill(signal);
    return exited;
  }

  output(): string {
    return this.log.join("").slice(-4000);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Opens the target's database in this process (on PGlite only while no server holds it). */
export function openTargetDatabase(target: Target): Promise<DatabaseHandle> {
  return target.databaseUrl
    ? openDatabase({ kind: "postgres", url: target.databaseUrl, maxConnections: 2 })
    : openDatabase({ kind: "pglite", dataDir: path.join(target.dataDir, "pglite") });
}

/** `npm run audit:verify` against the target, as an operator runs it; returns its exit code and output. */
export function auditVerify(target: Target): { code: number | null; output: string } {
  const env = serverEnv(target, 0);
  const result = spawnSync(process.execPath, ["--import", "tsx", "server/cli/audit-verify.ts"], {
    cwd: root,
    env: { ...process.env, DATA_DIR: env.DATA_DIR, ...(env.DATABASE_URL ? { DATABASE_URL: env.DATABASE_URL } : {}) },
    encoding: "utf8",
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

/**
 * Differences between the kept scores of a skill and a full recomputation from its marks
 * (rebuildSkillScores, rolled back): empty when they agree.
 */
export async function keptScoreDifferences(db: DB, scope: { competitionId: string; skillId: string }): Promise<string[]> {
  // Each row keyed by what it scores, so a difference shows both sides.
  const read = async (trx: DB) => {
    const rows = new Map<string, string>();
    for (const r of await trx
      .selectFrom("competitorScore")
      .select(["competitorId", "total", "moduleMarks", "markedCount", "flaggedCount"])
      .where("skillId", "=", scope.skillId)
      .execute())
      rows.set(
        `competitor ${r.competitorId}`,
        // A module without marks is kept as absent by the marking path and as "0" by the rebuild: the same score.
        JSON.stringify({ total: r.total, moduleMarks: withoutZeros(r.moduleMarks), markedCount: r.markedCount, flaggedCount: r.flaggedCount }),
      );
    for (const r of await trx.selectFrom("aspectScore").select(["competitorId", "aspectId", "mark", "flagged"]).where("skillId", "=", scope.skillId).execute())
      rows.set(`aspect ${r.aspectId} of ${r.competitorId}`, JSON.stringify({ mark: r.mark, flagged: r.flagged }));
    return rows;
  };
  const rolledBack = new Error("rolled back");
  let differences: string[] = [];
  await db
    .transaction()
    .execute(async (trx) => {
      const kept = await read(trx);
      await rebuildSkillScores(trx, new Date(), scope);
      const recomputed = await read(trx);
      // A competitor nobody has marked may have no kept row; the rebuild writes zeros for them.
      const unmarked = JSON.stringify({ total: "0", moduleMarks: {}, markedCount: 0, flaggedCount: 0 });
      differences = [...new Set([...kept.keys(), ...recomputed.keys()])]
        .filter((key) => (kept.get(key) ?? unmarked) !== (recomputed.get(key) ?? unmarked))
        .map((key) => `${key}: kept ${kept.get(key) ?? "nothing"}, recomputed ${recomputed.get(key) ?? "nothing"}`);
      throw rolledBack;
    })
    .catch((error: unknown) => {
      if (error !== rolledBack) throw error;
    });
  return differences;
}

function withoutZeros(moduleMarks: unknown): Record<string, unknown> {
  const marks = (typeof moduleMarks === "string" ? JSON.parse(moduleMarks) : moduleMarks) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(marks).filter(([, mark]) => mark !== "0"));
}

export interface DemoScope {
  competitionId: string;
  skillId: string;
}

/** The demo's provincial competition and its Welding skill, found through the public API. */
export async function findDemoScope(base: string): Promise<DemoScope> {
  const competitions = (await (await fetch(`${base}/api/v1/competitions`)).json()) as { competitions: Array<{ id: string; nameZh: string }> };
  const competitionId = competitions.competitions.find((c) => c.nameZh === "2026年四川工匠杯职业技能大赛")!.id;
  const detail = (await (await fetch(`${base}/api/v1/competitions/${competitionId}`)).json()) as { skills: Array<{ id: string; nameZh: string }> };
  return { competitionId, skillId: detail.skills.find((s) => s.nameZh === "焊接")!.id };
}

export const demoPassword = "gongjiang-2026";

/** Signs in with the demo password; returns the session cookie ("name=value"). */
export async function signIn(base: string, username: string): Promise<string> {
  const reply = await fetch(`${base}/sign-in`, {
    method: "POST",
    headers: { Origin: base, "Sec-Fetch-Site": "same-origin" },
    body: new URLSearchParams({ username, password: demoPassword, redirectTo: "/" }),
    redirect: "manual",
  });
  const cookie = reply.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error(`could not sign in as ${username} (${reply.status})`);
  return cookie;
}

/**
 * An API token; null when refused. An organizer's own token comes from the people page; a judging
 * role's token is made by the person themselves, signed in, at /me/api-tokens (nobody else may).
 */
export async function issueToken(base: string, organizerCookie: string, competitionId: string, username: string, role: string): Promise<string | null> {
  const own = role !== "organizer" && role !== "team_leader";
  const page = own
    ? await fetch(`${base}/me/api-tokens`, {
        method: "POST",
        headers: { cookie: await signIn(base, username), Origin: base, "Sec-Fetch-Site": "same-origin" },
        body: new URLSearchParams({ label: `faults ${username}`, competitionId, role }),
      })
    : await fetch(`${base}/admin/competitions/${competitionId}/people?intent=token`, {
        method: "POST",
        headers: { cookie: organizerCookie, Origin: base, "Sec-Fetch-Site": "same-origin" },
        body: new URLSearchParams({ label: `faults ${username}`, username, role }),
      });
  return /gj_[A-Za-z0-9_-]{43}/.exec(await page.text())?.[0] ?? null;
}
