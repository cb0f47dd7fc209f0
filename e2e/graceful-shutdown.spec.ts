// A deploy sends SIGTERM while pages are being served: every request already sent is answered,
// /healthz reports "draining" meanwhile, and the process exits 0. Runs its own server instance
// (the build made for the journeys, a fresh data directory, no demo data).
import { spawn, type ChildProcess } from "node:child_process";
import { get as httpGet } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";

const port = 3199;
const base = `http://127.0.0.1:${port}`;

async function waitForHealth(child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600 && child.exitCode === null; i++) {
    const ok = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("server did not become healthy");
}

/** A GET on its own connection: `sent` once the request is written to the socket, then its status (or why it failed). */
function sendGet(url: string): { sent: Promise<void>; status: Promise<number | string> } {
  let markSent!: () => void;
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  const status = new Promise<number | string>((resolve) => {
    const req = httpGet(url, { agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? "no status"));
    });
    req.on("finish", markSent);
    req.on("error", (e) => {
      markSent();
      resolve(`failed: ${e.message}`);
    });
  });
  return { sent, status };
}

// playwright.config.ts runs this file in one project only: it does not depend on the viewport.
test("SIGTERM drains: requests in flight are answered and the process exits 0", async () => {
  test.setTimeout(120_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), "gj-drain-"));
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: path.resolve(path.dirname(fileURLToPath(import.meta.url)), ".."),
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DEMO_DATA: "off", SHUTDOWN_DRAIN_MS: "1000" },
    stdio: "ignore",
  });
  try {
    await waitForHealth(child);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const requests = Array.from({ length: 30 }, () => sendGet(`${base}/`));
    // In flight means sent: the signal comes once every request has reached the server's socket
    // (on a busy machine a request still connecting would meet a closed listener instead).
    await Promise.all(requests.map((r) => r.sent));
    const inFlight = requests.map((r) => r.status);
    child.kill("SIGTERM");
    // The signal is handled on the server's next turn of its event loop; within the drain
    // window the load balancer's health check must see "draining".
    await expect
      .poll(
        () =>
          fetch(`${base}/healthz`).then(
            (r) => r.status,
            () => "unreachable",
          ),
        { timeout: 900, intervals: [20] },
      )
      .toBe(503);
    expect(await Promise.all(inFlight)).toEqual(Array(30).fill(200));
    expect(await exited).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  }
});
