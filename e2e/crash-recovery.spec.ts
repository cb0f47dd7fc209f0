// Killing the server while judges submit (issue 4, faults): a judge's device sends marks, the
// server process is killed (SIGKILL, no draining) in the middle, then started again on the same
// data directory. Every mark the device saw acknowledged is there; the device resends everything
// it has (acknowledged or not) with the same submission ids, and each mark exists exactly once:
// a stored one is answered with its stored result, a lost one is written now. Runs its own server
// instance (the journeys' build, a fresh data directory with the demo).
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";

const port = 3198;
const base = `http://127.0.0.1:${port}`;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function start(dataDir: string): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: root,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DEMO_DATA: "auto", SHUTDOWN_DRAIN_MS: "0" },
    stdio: "ignore",
  });
}

async function waitForHealth(child: ChildProcess): Promise<void> {
  for (let i = 0; i < 1200 && child.exitCode === null; i++) {
    if (
      await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("server did not become healthy");
}

test("after a crash every acknowledged mark is there, and resending gives each mark exactly once", async () => {
  test.setTimeout(240_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), "gj-crash-"));
  let child = start(dataDir);
  try {
    await waitForHealth(child);
    // The organizer reads the scheme; judge.weld makes an API token, as for a scoring device.
    const signIn = await fetch(`${base}/sign-in`, {
      method: "POST",
      body: new URLSearchParams({ username: "organizer", password: "gongjiang-2026", redirectTo: "/" }),
      redirect: "manual",
    });
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    const competitions = (await (await fetch(`${base}/api/v1/competitions`)).json()) as { competitions: Array<{ id: string; nameZh: string }> };
    const competitionId = competitions.competitions.find((c) => c.nameZh === "2026年四川工匠杯职业技能大赛")!.id;
    const skills = (await (await fetch(`${base}/api/v1/competitions/${competitionId}`)).json()) as { skills: Array<{ id: string; nameZh: string }> };
    const skillId = skills.skills.find((s) => s.nameZh === "焊接")!.id;
    // judge.weld makes the scoring device's token, signed in as themselves (nobody else may).
    const judgeSignIn = await fetch(`${base}/sign-in`, {
      method: "POST",
      body: new URLSearchParams({ username: "judge.weld", password: "gongjiang-2026", redirectTo: "/" }),
      redirect: "manual",
    });
    const tokenPage = await fetch(`${base}/me/api-tokens`, {
      method: "POST",
      headers: { cookie: judgeSignIn.headers.get("set-cookie")!.split(";")[0]! },
      body: new URLSearchParams({ label: "crash test", competitionId, role: "judge" }),
    });
    const token = /gj_[A-Za-z0-9_-]{43}/.exec(await tokenPage.text())![0];
    const scheme = await (await fetch(`${base}/judging/${competitionId}/${skillId}/scheme.csv`, { headers: { cookie } })).text();
    const aspects = [...scheme.matchAll(/\naspect,([A-Z]\d\.\d+),[^\n]*,J,/g)].map((m) => m[1]!);
    const marksUrl = `${base}/api/v1/competitions/${competitionId}/skills/${skillId}/marks`;
    const post = async (body: object): Promise<{ status: number; body: { markId?: string; error?: { code: string } } } | null> => {
      try {
        const r = await fetch(marksUrl, {
          method: "POST",
          headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
          body: JSON.stringify(body),
        });
        return { status: r.status, body: (await r.json()) as { markId?: string; error?: { code: string } } };
      } catch {
        return null; // no (whole) answer: the connection died with the server
      }
    };
    // Competitors judge.weld may mark (recusal refuses their own delegation's).
    const codes: string[] = [];
    for (let n = 1; n <= 40 && codes.length < 6; n++) {
      const code = String(n).padStart(2, "0");
      const probe = await post({ submissionId: randomUUID(), competitorCode: code, aspectCode: aspects[0], value: { score: 2 } });
      if (probe?.status === 201) codes.push(code);
    }
    expect(codes.length).toBeGreaterThan(2);
    const submissions = codes.flatMap((code) =>
      aspects.slice(1).map((aspectCode) => ({ submissionId: randomUUID(), competitorCode: code, aspectCode, value: { score: 1 + (aspectCode.length % 3) } })),
    );

    // The first eight are answered; the server is killed while the next eight are in flight;
    // the rest never leave the device before the crash.
    const answers = new Map<string, { status: number; markId: string | undefined }>();
    const keep = (batch: typeof submissions, replies: Array<Awaited<ReturnType<typeof post>>>) =>
      batch.forEach((s, j) => {
        const reply = replies[j];
        if (reply && (reply.status === 201 || reply.status === 200)) answers.set(s.submissionId, { status: reply.status, markId: reply.body.markId });
      });
    keep(submissions.slice(0, 8), await Promise.all(submissions.slice(0, 8).map((s) => post(s))));
    const inFlight = Promise.all(submissions.slice(8, 16).map((s) => post(s)));
    await new Promise((r) => setTimeout(r, 5));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGKILL");
    keep(submissions.slice(8, 16), await inFlight);
    await exited;
    expect(answers.size).toBeGreaterThanOrEqual(8);
    expect(submissions.length).toBeGreaterThan(16);
    expect(answers.size).toBeLessThan(submissions.length);

    // Restart on the same data: the device resends everything it holds.
    child = start(dataDir);
    await waitForHealth(child);
    const markIds = new Set<string>();
    for (const s of submissions) {
      const reply = await post(s);
      expect(reply, "the restarted server answers").not.toBeNull();
      const acknowledged = answers.get(s.submissionId);
      // An acknowledged mark is stored: the repeat is answered with it, not written again.
      if (acknowledged) expect(reply!.status, `acknowledged ${s.submissionId}`).toBe(200);
      else expect([200, 201]).toContain(reply!.status);
      if (acknowledged?.markId) expect(reply!.body.markId).toBe(acknowledged.markId);
      markIds.add(reply!.body.markId!);
    }
    // One mark per submission; a second resend changes nothing.
    expect(markIds.size).toBe(submissions.length);
    for (const s of submissions) expect((await post(s))!.status).toBe(200);
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  }
});
