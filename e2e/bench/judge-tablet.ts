// `npm run bench:tablet`: what the judge's marking page costs a venue tablet. Against a running
// app with the demo data (BENCH_URL, default http://127.0.0.1:3313 — e.g. started by
// `E2E_PORT=3313 node e2e/support/start-fresh.mjs`), in the system's Chromium at a 10" tablet
// viewport, throttled through CDP like a busy venue Wi-Fi on a mid-range tablet: 150 ms
// latency, 1.6 Mbit/s down, 750 kbit/s up, CPU 4× slower. Cold (no HTTP cache, no service
// worker) and, for the marking page, warm (HTTP cache and the service worker's copy). Beside the
// judge's home page (/judging) as the baseline, measured in the same run.
//
// Reports per page: JavaScript loaded (bytes on the wire, compressed by the server) and the
// gzip size of each chunk from build/client (the route's own chunk apart from the shared ones),
// first contentful paint, and "ready to mark" — when the first score button is enabled, i.e.
// the page is hydrated (the buttons are disabled until then).
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { chromium, type BrowserContext } from "@playwright/test";
import { stats } from "./support";

const base = process.env.BENCH_URL ?? "http://127.0.0.1:3313";
const runs = Number(process.env.BENCH_RUNS ?? 5);
const root = path.resolve(import.meta.dirname, "../..");
const throttle = { latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8, cpuRate: 4 };

interface Sample {
  fcp: number;
  load: number;
  /** When the first score button is enabled (hydrated); NaN for pages without one. */
  ready: number;
  scriptWireBytes: number;
  scripts: string[];
}

async function measure(context: BrowserContext, url: string, readySelector: string | null, cold: boolean): Promise<Sample> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: cold });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: throttle.latency,
    downloadThroughput: throttle.downloadThroughput,
    uploadThroughput: throttle.uploadThroughput,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle.cpuRate });
  const scriptIds = new Map<string, string>();
  let scriptWireBytes = 0;
  cdp.on("Network.responseReceived", (e) => {
    if (e.type === "Script") scriptIds.set(e.requestId, e.response.url);
  });
  cdp.on("Network.loadingFinished", (e) => {
    if (scriptIds.has(e.requestId)) scriptWireBytes += e.encodedDataLength;
  });
  await page.goto(base + url, { waitUntil: "commit" });
  let ready = NaN;
  if (readySelector) {
    await page.waitForFunction((selector) => !!document.querySelector(selector), `${readySelector}:not([disabled])`, { timeout: 120_000 });
    ready = await page.evaluate(() => performance.now());
  }
  await page.waitForLoadState("load", { timeout: 120_000 });
  // Module scripts and their imports are all in by the load event.
  await page.waitForFunction(() => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined)?.loadEventEnd ?? 0 > 0);
  const load = await page.evaluate(() => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).loadEventEnd);
  const fcp = await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN);
  const scripts = await page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .filter((r) => r.name.includes("/assets/") && r.name.endsWith(".js"))
      .map((r) => new URL(r.name).pathname),
  );
  await page.close();
  return { fcp, load, ready, scriptWireBytes, scripts };
}

function gzipOf(asset: string): number {
  return gzipSync(readFileSync(path.join(root, "build/client", asset))).length;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main() {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  const newContext = (serviceWorkers: "allow" | "block") =>
    browser.newContext({ viewport: { width: 820, height: 1180 }, hasTouch: true, locale: "zh-CN", serviceWorkers });
  const signIn = async (context: BrowserContext) => {
    const res = await context.request.post(`${base}/sign-in`, {
      form: { username: "judge.weld", password: "gongjiang-2026", redirectTo: "/judging" },
      maxRedirects: 0,
    });
    if (res.status() !== 302) throw new Error(`sign-in answered ${res.status()}`);
  };
  const competitions = (await (await fetch(`${base}/api/v1/competitions`)).json()) as { competitions: Array<{ id: string; nameZh: string }> };
  const competitionId = competitions.competitions.find((c) => c.nameZh === "2026年四川工匠杯职业技能大赛")!.id;
  const detail = (await (await fetch(`${base}/api/v1/competitions/${competitionId}`)).json()) as { skills: Array<{ id: string; nameZh: string }> };
  const skillId = detail.skills.find((s) => s.nameZh === "焊接")!.id;
  const markUrl = `/judging/${competitionId}/${skillId}/mark/02`;

  const cold = await newContext("block");
  await signIn(cold);
  const warm = await newContext("allow");
  await signIn(warm);
  // The warm tablet has opened the page once: HTTP cache and the service worker's copy are filled.
  await measure(warm, markUrl, ".mark-options button", false);

  const rows: Array<{ name: string; samples: Sample[] }> = [
    { name: "baseline: judge's home /judging (cold)", samples: [] },
    { name: "marking page /mark/:code (cold)", samples: [] },
    { name: "marking page /mark/:code (warm: cache + service worker)", samples: [] },
  ];
  for (let i = 0; i < runs; i++) {
    rows[0]!.samples.push(await measure(cold, "/judging", null, true));
    rows[1]!.samples.push(await measure(cold, markUrl, ".mark-options button", true));
    rows[2]!.samples.push(await measure(warm, markUrl, ".mark-options button", false));
  }
  await browser.close();

  console.log(
    `Throttled tablet profile: ${throttle.latency} ms latency, 1.6 Mbit/s down, 750 kbit/s up, CPU ${throttle.cpuRate}× slower; 820×1180; ${runs} runs, medians.\n`,
  );
  console.log("| page | JS on the wire | first contentful paint (ms) | load event (ms) | ready to mark (ms) |");
  console.log("| --- | --- | --- | --- | --- |");
  const median = (values: number[]) => (values.some(Number.isNaN) ? "–" : stats(values).median.toFixed(0));
  for (const row of rows) {
    console.log(
      `| ${row.name} | ${kb(stats(row.samples.map((s) => s.scriptWireBytes)).median)} | ${median(row.samples.map((s) => s.fcp))} | ${median(row.samples.map((s) => s.load))} | ${median(row.samples.map((s) => s.ready))} |`,
    );
  }
  for (const [name, sample] of [
    ["/judging", rows[0]!.samples[0]!],
    ["/mark/:code", rows[1]!.samples[0]!],
  ] as const) {
    const chunks = [...new Set(sample.scripts)].map((s) => ({ s, gz: gzipOf(s) })).sort((a, b) => b.gz - a.gz);
    console.log(`\nJavaScript of ${name}: ${chunks.length} chunks, ${kb(chunks.reduce((n, c) => n + c.gz, 0))} gzip`);
    for (const c of chunks) console.log(`  ${kb(c.gz).padStart(9)}  ${path.basename(c.s)}`);
  }
}

await main();
