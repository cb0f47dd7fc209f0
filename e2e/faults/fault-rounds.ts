// Faults while judges mark (issue 18): three judges' devices post marks over HTTP (Bearer
// tokens, a new submission id per mark, retrying what got no answer as a tablet does) while the
// server is killed (SIGKILL), stopped (SIGTERM) and — on PostgreSQL — loses every connection to
// pg_terminate_backend (the Socket.io adapter's LISTEN included) and sees the database server
// restart. On PostgreSQL a second instance holds the spectator, so live events cross instances
// through the adapter. After each fault:
//   - every mark answered 2xx is stored exactly once, with the mark id it was answered with;
//   - replaying every submission answers 200 with that stored mark;
//   - the kept scores equal a full recomputation from the marks, and `npm run audit:verify` passes;
//   - the live board catches up: a new mark shows on the HTTP snapshot and on a spectator's socket.
import { exec } from "node:child_process";
import { promisify } from "node:util";
import { randomUUID } from "node:crypto";
import { io as connectSocket, type Socket } from "socket.io-client";
import { roomName } from "../../app/realtime/rooms";
import {
  auditVerify,
  findDemoScope,
  issueToken,
  keptScoreDifferences,
  openTargetDatabase,
  pgRestartCommand,
  portBase,
  ServerProcess,
  signIn,
  sleep,
  withAdmin,
  type DemoScope,
  type Target,
} from "./support";

interface Submission {
  token: string;
  body: { submissionId: string; competitorCode: string; aspectCode: string; value: object; reason?: string };
}

interface Reply {
  status: number;
  body: { markId?: string; replayed?: boolean; error?: { code: string } };
}

export interface RoundFigures {
  name: string;
  sent: number;
  acknowledged: number;
  /** Requests that got no answer (the connection died) or a 5xx during the fault; all retried. */
  unanswered: number;
  serverErrors: number;
}

export interface FaultReport {
  engine: string;
  rounds: RoundFigures[];
  marks: number;
  problems: string[];
}

const run = promisify(exec);
const judgeAspects = ["B2.2", "C1.3", "C2.1", "C2.4"];
const measuredAspects = ["A2.1", "A2.5", "B2.3", "C1.2"];
const perRound = 36;

async function post(base: string, scope: DemoScope, s: Submission): Promise<Reply | null> {
  try {
    const r = await fetch(`${base}/api/v1/competitions/${scope.competitionId}/skills/${scope.skillId}/marks`, {
      method: "POST",
      headers: { Authorization: `Bearer ${s.token}`, "Content-Type": "application/json" },
      body: JSON.stringify(s.body),
      signal: AbortSignal.timeout(15_000),
    });
    return { status: r.status, body: (await r.json()) as Reply["body"] };
  } catch {
    return null; // no (whole) answer
  }
}

/** A spectator's board: joins the public room on every (re)connect and keeps each code's total. */
function watchBoard(base: string, scope: DemoScope): { totals: Map<string, string>; socket: Socket } {
  const totals = new Map<string, string>();
  const socket = connectSocket(base, { transports: ["websocket"], reconnectionDelay: 200, reconnectionDelayMax: 1000 });
  socket.on("connect", () => void socket.emit("room.join", { room: roomName({ audience: "public", ...scope }) }, () => {}));
  socket.on(
    "event",
    (e: { type: string; leaderboard?: { rows: Array<{ code: string; total: string }> }; changes?: { rows: Array<{ code: string; total: string }> } }) => {
      if (e.type === "leaderboard.updated") totals.clear();
      for (const row of (e.leaderboard ?? e.changes)?.rows ?? []) totals.set(row.code, row.total);
    },
  );
  return { totals, socket };
}

async function boardTotal(base: string, scope: DemoScope, code: string): Promise<string | undefined> {
  const board = (await (await fetch(`${base}/api/v1/competitions/${scope.competitionId}/skills/${scope.skillId}/leaderboard`)).json()) as {
    leaderboard: { rows: Array<{ code: string; total: string }> };
  };
  return board.leaderboard.rows.find((r) => r.code === code)?.total;
}

async function until(what: string, timeoutMs: number, ok: () => Promise<boolean> | boolean): Promise<void> {
  const start = Date.now();
  while (!(await ok())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out (${timeoutMs} ms) waiting for ${what}`);
    await sleep(100);
  }
}

export async function runFaultRounds(target: Target, killRounds: number, log: (line: string) => void): Promise<FaultReport> {
  const onPostgres = target.engine === "postgres";
  const a = new ServerProcess(target, portBase);
  const b = onPostgres ? new ServerProcess(target, portBase + 1) : null;
  const report: FaultReport = { engine: target.engine, rounds: [], marks: 0, problems: [] };
  const problem = (line: string) => {
    report.problems.push(line);
    log(`  PROBLEM: ${line}`);
  };
  let spectator: ReturnType<typeof watchBoard> | null = null;
  try {
    log(`starting the server (${target.engine}; the first start loads the demo)…`);
    await a.start();
    if (b) await b.start();
    const scope = await findDemoScope(a.base);
    const organizer = await signIn(a.base, "organizer");
    const tokens: string[] = [];
    for (const username of ["judge.weld", "judge.weld.02", "judge.weld.03"]) {
      const token = await issueToken(a.base, organizer, scope.competitionId, username, "judge");
      if (token) tokens.push(token);
    }
    if (tokens.length < 2) throw new Error(`only ${tokens.length} judge tokens could be issued`);
    const codes = [
      ...(
        (await (await fetch(`${a.base}/api/v1/competitions/${scope.competitionId}/skills/${scope.skillId}/leaderboard`)).json()) as {
          leaderboard: { rows: Array<{ code: string }> };
        }
      ).leaderboard.rows.map((r) => r.code),
    ];

    // Every mark the devices were answered 2xx for: submission id → mark id.
    const ledger = new Map<string, { submission: Submission; markId: string }>();
    const acknowledge = (s: Submission, reply: Reply) => {
      const seen = ledger.get(s.body.submissionId);
      if (!reply.body.markId) problem(`${s.body.submissionId} answered ${reply.status} without a markId`);
      else if (seen && seen.markId !== reply.body.markId) problem(`${s.body.submissionId} answered with mark ${reply.body.markId}, earlier ${seen.markId}`);
      else if (!seen) ledger.set(s.body.submissionId, { submission: s, markId: reply.body.markId });
    };

    // Which competitors each judge may mark (recusal refuses their own delegation's): a first mark each.
    const allowed = new Map<string, string[]>();
    for (const token of tokens) {
      const mine: string[] = [];
      for (const code of codes) {
        const s: Submission = { token, body: { submissionId: randomUUID(), competitorCode: code, aspectCode: "B1.3", value: { score: 2 } } };
        const reply = await post(a.base, scope, s);
        if (reply?.status === 201) {
          acknowledge(s, reply);
          mine.push(code);
        }
      }
      allowed.set(token, mine);
    }
    const boardJudge = tokens[0]!;
    const boardCode = allowed.get(boardJudge)![0]!;
    let boardAchieved: boolean | null = null;
    const work: Submission[] = [];
    for (const [token, mine] of allowed)
      for (const [i, code] of mine.entries()) {
        for (const aspectCode of judgeAspects)
          work.push({ token, body: { submissionId: randomUUID(), competitorCode: code, aspectCode, value: { score: (i + aspectCode.length) % 4 } } });
        if (token === boardJudge && code !== boardCode)
          for (const aspectCode of measuredAspects)
            work.push({ token, body: { submissionId: randomUUID(), competitorCode: code, aspectCode, value: { achieved: i % 3 !== 0 } } });
      }
    // Devices take turns, so every round has all three judges marking.
    work.sort((x, y) => x.body.submissionId.localeCompare(y.body.submissionId));
    log(`${tokens.length} judges' devices; ${ledger.size} probe marks; ${work.length} marks queued`);
    spectator = watchBoard((b ?? a).base, scope);

    const round = async (name: string, fault: () => Promise<void>) => {
      const batch = work.splice(0, perRound);
      if (batch.length < perRound) throw new Error("the devices ran out of marks to send");
      const figures: RoundFigures = { name, sent: 0, acknowledged: 0, unanswered: 0, serverErrors: 0 };
      const queues = tokens.map((t) => batch.filter((s) => s.token === t));
      // Each device keeps two marks in flight and resends one until it is answered.
      const device = async (queue: Submission[]) => {
        for (let s = queue.shift(); s; s = queue.shift()) {
          for (let attempt = 0; ; attempt++) {
            if (attempt > 600) throw new Error(`${s.body.submissionId} was never answered`);
            figures.sent++;
            const reply = await post(a.base, scope, s);
            if (reply && reply.status >= 200 && reply.status < 300) {
              figures.acknowledged++;
              acknowledge(s, reply);
              break;
            }
            if (reply && reply.status < 500 && reply.status !== 429) {
              problem(`${name}: a valid mark was refused ${reply.status} ${JSON.stringify(reply.body)}`);
              break;
            }
            if (reply) figures.serverErrors++;
            else figures.unanswered++;
            await sleep(150);
          }
        }
      };
      const devices = Promise.all(queues.flatMap((q) => [device(q), device(q)]));
      await until(`a third of ${name}'s marks`, 60_000, () => figures.acknowledged >= perRound / 3);
      await fault();
      await devices;

      // Replays answer with the stored mark, whatever happened to the first answer.
      for (const { submission, markId } of ledger.values()) {
        const reply = await post(a.base, scope, submission);
        if (reply?.status !== 200 || reply.body.markId !== markId || reply.body.replayed !== true)
          problem(`${name}: replay of ${submission.body.submissionId} answered ${reply?.status} ${JSON.stringify(reply?.body)}, stored ${markId}`);
      }

      // The live board catches up: a new mark moves the snapshot and reaches the spectator.
      const viewer = (b ?? a).base;
      if (onPostgres)
        await until("both instances to LISTEN again", 30_000, async () => {
          const n = await withAdmin(
            (sql) => sql`select count(*)::int as n from pg_stat_activity where datname = ${target.databaseName} and query like 'LISTEN %'`,
          );
          return n[0]!.n === 2;
        });
      const before = await boardTotal(viewer, scope, boardCode);
      const correction = boardAchieved !== null;
      boardAchieved = !boardAchieved;
      const boardMark: Submission = {
        token: boardJudge,
        body: {
          submissionId: randomUUID(),
          competitorCode: boardCode,
          aspectCode: "A1.1",
          value: { achieved: boardAchieved },
          ...(correction ? { reason: "复核更正" } : {}),
        },
      };
      const reply = await post(a.base, scope, boardMark);
      if (reply?.status !== 201) problem(`${name}: the board mark answered ${reply?.status} ${JSON.stringify(reply?.body)}`);
      else acknowledge(boardMark, reply);
      let after: string | undefined;
      await until("the snapshot to show the new mark", 10_000, async () => (after = await boardTotal(viewer, scope, boardCode)) !== before);
      await until(`the spectator's board to show ${boardCode} at ${after}`, 20_000, () => spectator!.totals.get(boardCode) === after);

      // Checks on the stored data; PGlite is one process, so the server stops for them.
      if (!onPostgres) {
        const code = await a.stop("SIGTERM");
        if (code !== 0) problem(`${name}: the server exited ${code} on SIGTERM:\n${a.output()}`);
      }
      const database = await openTargetDatabase(target);
      try {
        const ids = [...ledger.keys()];
        const stored = new Map<string, string[]>();
        for (let i = 0; i < ids.length; i += 500)
          for (const row of await database.db
            .selectFrom("mark")
            .select(["id", "submissionId"])
            .where("submissionId", "in", ids.slice(i, i + 500))
            .execute())
            stored.set(row.submissionId, [...(stored.get(row.submissionId) ?? []), row.id]);
        for (const [id, { markId }] of ledger) {
          const rows = stored.get(id) ?? [];
          if (rows.length !== 1 || rows[0] !== markId) problem(`${name}: acknowledged ${id} (mark ${markId}) is stored as ${JSON.stringify(rows)}`);
        }
        for (const difference of (await keptScoreDifferences(database.db, scope)).slice(0, 5)) problem(`${name}: ${difference}`);
      } finally {
        await database.close();
      }
      const audit = auditVerify(target);
      if (audit.code !== 0) problem(`${name}: audit:verify exited ${audit.code}: ${audit.output}`);
      if (!onPostgres) await a.start();
      for (const server of [a, b]) if (server && !server.running) problem(`${name}: the server on ${server.port} is down:\n${server.output()}`);
      report.rounds.push(figures);
      log(
        `  ${name}: ${figures.acknowledged} marks acknowledged; while it happened ${figures.unanswered} attempts got no answer and ${figures.serverErrors} a 5xx (all resent); ${ledger.size} marks checked`,
      );
    };

    for (let k = 1; k <= killRounds; k++)
      await round(`SIGKILL ${k}`, async () => {
        await a.stop("SIGKILL");
        await a.start();
      });
    await round("SIGTERM", async () => {
      const code = await a.stop("SIGTERM");
      if (code !== 0) problem(`SIGTERM: the server exited ${code}`);
      await a.start();
    });
    if (onPostgres) {
      await round("pg_terminate_backend", async () => {
        const ended = await withAdmin(
          (sql) => sql`select count(*) filter (where pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = ${target.databaseName}`,
        );
        log(`    ended ${ended[0]!.n} connections`);
      });
      await round("PostgreSQL restart", async () => {
        await run(pgRestartCommand, { shell: "/bin/bash" });
      });
    }
    report.marks = ledger.size;
    return report;
  } finally {
    spectator?.socket.close();
    if (b) await b.stop("SIGTERM");
    await a.stop("SIGTERM");
  }
}
