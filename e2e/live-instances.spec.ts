// Several instances and a restart, with a real browser (issue 5): two server processes on one
// PostgreSQL; a spectator's page is served by instance B while a judge's device marks through
// instance A, and the spectator's board moves without a reload. Then instance B is restarted:
// the page reconnects and shows the current standings, not a blank or stale board. Runs its own
// instances on a scratch PostgreSQL database (PG_TEST_URL, default the local server).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { expect, test } from "@playwright/test";

const serverUrl = process.env.PG_TEST_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ports = { a: 3196, b: 3197 };

function start(port: number, databaseUrl: string): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      DEMO_DATA: "auto",
      SHUTDOWN_DRAIN_MS: "0",
      SESSION_SECRET: "e2e-instances-session-secret-0123456789",
      PII_KEY: "a".repeat(64),
    },
    stdio: "ignore",
  });
}

async function waitForHealth(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 1800 && child.exitCode === null; i++) {
    if (
      await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`instance on ${port} did not become healthy`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  await exited;
}

test("a mark through instance A reaches a spectator on instance B, and B's restart shows the current board", async ({ page }) => {
  test.setTimeout(300_000);
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const name = `gj_e2e_${randomBytes(4).toString("hex")}`;
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let a: ChildProcess | null = null;
  let b: ChildProcess | null = null;
  try {
    a = start(ports.a, url.toString());
    await waitForHealth(ports.a, a); // loads the demo into the empty database
    b = start(ports.b, url.toString());
    await waitForHealth(ports.b, b);
    const baseA = `http://127.0.0.1:${ports.a}`;
    const baseB = `http://127.0.0.1:${ports.b}`;

    const competitions = (await (await fetch(`${baseA}/api/v1/competitions`)).json()) as { competitions: Array<{ id: string; nameZh: string }> };
    const competitionId = competitions.competitions.find((c) => c.nameZh === "2026年四川工匠杯职业技能大赛")!.id;
    const detail = (await (await fetch(`${baseA}/api/v1/competitions/${competitionId}`)).json()) as { skills: Array<{ id: string; nameZh: string }> };
    const skillId = detail.skills.find((s) => s.nameZh === "焊接")!.id;
    const signIn = await fetch(`${baseA}/sign-in`, {
      method: "POST",
      body: new URLSearchParams({ username: "organizer", password: "gongjiang-2026", redirectTo: "/" }),
      redirect: "manual",
    });
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    // judge.weld makes the scoring device's token, signed in as themselves (nobody else may).
    const judgeSignIn = await fetch(`${baseA}/sign-in`, {
      method: "POST",
      body: new URLSearchParams({ username: "judge.weld", password: "gongjiang-2026", redirectTo: "/" }),
      redirect: "manual",
    });
    const tokenPage = await fetch(`${baseA}/me/api-tokens`, {
      method: "POST",
      headers: { cookie: judgeSignIn.headers.get("set-cookie")!.split(";")[0]! },
      body: new URLSearchParams({ label: "instances", competitionId, role: "judge" }),
    });
    const token = /gj_[A-Za-z0-9_-]{43}/.exec(await tokenPage.text())![0];
    const scheme = await (await fetch(`${baseA}/judging/${competitionId}/${skillId}/scheme.csv`, { headers: { cookie } })).text();
    const aspects = [...scheme.matchAll(/\naspect,([A-Z]\d\.\d+),[^\n]*?,M,(\d+\.\d+),[^\n]*?,all_or_nothing/g)].map((x) => x[1]!);
    const mark = (code: string, aspectCode: string) =>
      fetch(`${baseA}/api/v1/competitions/${competitionId}/skills/${skillId}/marks`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ submissionId: randomUUID(), competitorCode: code, aspectCode, value: { achieved: true } }),
      });

    // The spectator watches Welding on instance B.
    await page.goto(`${baseB}/live/${competitionId}/${skillId}`);
    const rows = page.locator("tr[data-code]");
    await expect(rows.first()).toBeVisible();
    // The judge marks, through instance A, the first competitor they may mark.
    let code: string | null = null;
    for (const candidate of await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-code")!))) {
      if ((await mark(candidate, aspects[0]!)).status === 201) {
        code = candidate;
        break;
      }
    }
    expect(code).not.toBeNull();
    const totalOf = async () => {
      const board = (await (await fetch(`${baseB}/api/v1/competitions/${competitionId}/skills/${skillId}/leaderboard`)).json()) as {
        leaderboard: { rows: Array<{ code: string; total: string }> };
      };
      return board.leaderboard.rows.find((r) => r.code === code)!.total;
    };
    const totalAfterFirst = await totalOf();
    expect(totalAfterFirst).not.toBe("0.00");
    // Pushed from A through PostgreSQL to B's socket: no reload.
    await expect(page.locator(`tr[data-code="${code}"]`)).toContainText(totalAfterFirst, { timeout: 10_000 });

    // Instance B restarts; meanwhile a second mark goes through A. The page reconnects and shows it.
    await stop(b);
    expect((await mark(code!, aspects[1]!)).status).toBe(201);
    b = start(ports.b, url.toString());
    await waitForHealth(ports.b, b);
    await expect(page.locator(`tr[data-code="${code}"]`)).toBeVisible({ timeout: 30_000 });
    const expected = await totalOf();
    expect(expected).not.toBe(totalAfterFirst); // the second mark moved the total
    await expect(page.locator(`tr[data-code="${code}"]`)).toContainText(expected, { timeout: 30_000 });
  } finally {
    if (b) await stop(b);
    if (a) await stop(a);
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
});
