// End-to-end journeys against a freshly started app (empty PGlite database + demo data) on
// port 3100, in Debian's Chromium (no downloaded browsers). One worker: every test shares the
// one server and database, and tests that write use unique, timestamped names.
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  // The browser journeys run per device; specs that only exercise the server over HTTP
  // (hostile-http, graceful-shutdown, and any other spec) run once, in "server".
  projects: [
    {
      name: "phone",
      testMatch: /(organizer-journey|bad-input|certificate-verify)\.spec\.ts$/,
      use: { browserName: "chromium", viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: false },
    },
    {
      name: "tablet",
      testMatch:
        /(organizer-journey|bad-input|tablet-sign-in|judge-tablet|scheme-import|scheme-builder|score-sheets|judge-assignment|chief-console|check-in)\.spec\.ts$/,
      use: { browserName: "chromium", viewport: { width: 820, height: 1180 }, hasTouch: true, isMobile: false },
    },
    {
      name: "desktop",
      testMatch:
        /(organizer-journey|language-switch|scheme-builder|recusal-and-spreads|draw|registration|rehearsal|pathway|dashboard|publication-appeal|demo-history)\.spec\.ts$/,
      use: { browserName: "chromium", viewport: { width: 1280, height: 800 } },
    },
    {
      // Spectators' phones and the venue's 1080p big screen open their own contexts inside the journey.
      name: "live",
      testMatch: /live-leaderboard\.spec\.ts$/,
      use: { browserName: "chromium", viewport: { width: 1920, height: 1080 } },
    },
    {
      name: "server",
      testIgnore:
        /(certificate-verify|judge-tablet|rehearsal|chief-console|judge-assignment|organizer-journey|bad-input|tablet-sign-in|language-switch|scheme-import|scheme-builder|recusal-and-spreads|score-sheets|draw|registration|check-in|live-leaderboard|pathway|dashboard|publication-appeal|demo-history)\.spec\.ts$/,
      use: { browserName: "chromium", viewport: { width: 1280, height: 800 } },
    },
  ],
  webServer: {
    command: "node e2e/support/start-fresh.mjs",
    url: `${baseURL}/healthz`,
    timeout: 180_000,
    reuseExistingServer: !process.env.CI,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    env: { E2E_PORT: String(port) },
  },
});
