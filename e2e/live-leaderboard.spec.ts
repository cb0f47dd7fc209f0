// The public watches live: a judge's device records marks through the API and a spectator's
// phone shows them without a reload; the organizer freezes Welding's board 封榜 — the public
// keeps the frozen standings while the organizer sees the new marks live — then reveals it 揭晓
// and the spectator's screen moves. A spectator who loses the connection gets the current
// standings back on reconnecting. Screenshots of the phone layout and the 1080p big screen.
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { demo, messagesOf } from "./support/i18n";
import { newCleanContext, ownApiToken, signIn } from "./support/app";

const m = messagesOf("zh-CN");

interface Board {
  seq: number;
  leaderboard: { status: string; rows: Array<{ rank: number; code: string; total: string; modules: string[] }> };
}

/** The leaderboard row of a code, wherever it sits. */
function row(page: Page, code: string) {
  return page.locator(`tr[data-code="${code}"]`);
}

test("a mark reaches the spectators live; freeze keeps the public board while staff see live; reveal updates it", async ({
  browser,
  playwright,
  baseURL,
}, testInfo) => {
  // Where: Welding of the demo competition (workstations drawn, nothing marked yet).
  const anonymous = await playwright.request.newContext({ baseURL });
  const competitions = (await (await anonymous.get("/api/v1/competitions")).json()) as { competitions: Array<{ id: string; nameZh: string }> };
  const competitionId = competitions.competitions.find((c) => c.nameZh === demo.competition["zh-CN"])!.id;
  const detail = (await (await anonymous.get(`/api/v1/competitions/${competitionId}`)).json()) as { skills: Array<{ id: string; nameZh: string }> };
  const skillId = detail.skills.find((s) => s.nameZh === demo.welding["zh-CN"])!.id;
  const boardUrl = `/api/v1/competitions/${competitionId}/skills/${skillId}/leaderboard`;
  const publicBoard = async () => (await (await anonymous.get(boardUrl)).json()) as Board;

  // The organizer issues a judge's token; the judge's device marks "all or nothing" aspects.
  const organizerApi = await playwright.request.newContext({ baseURL });
  const login = await organizerApi.post("/sign-in", { form: { username: "organizer", password: demo.password, redirectTo: "/" }, maxRedirects: 0 });
  expect(login.status()).toBe(302);
  const scheme = await (await organizerApi.get(`/judging/${competitionId}/${skillId}/scheme.csv`)).text();
  const allOrNothing = [...scheme.matchAll(/\naspect,([A-Z]\d\.\d+),[^\n]*?,M,(\d+\.\d+),[^\n]*?,all_or_nothing/g)].map((x) => ({ code: x[1]!, max: x[2]! }));
  expect(allOrNothing.length).toBeGreaterThanOrEqual(2);
  const device = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: {
      Authorization: `Bearer ${await ownApiToken(baseURL, { username: "judge.weld", competitionId, role: "judge", label: `e2e live judge.weld ${Date.now()}` })}`,
    },
  });
  const mark = (competitorCode: string, aspectCode: string) =>
    device.post(`/api/v1/competitions/${competitionId}/skills/${skillId}/marks`, {
      data: { submissionId: randomUUID(), competitorCode, aspectCode, value: { achieved: true }, reason: "e2e 实时排行榜" },
    });

  // Two unmarked competitors the judge may mark (recusal refuses some): the first gets one aspect now.
  const before = await publicBoard();
  expect(before.leaderboard.status).toBe("live");
  const unmarked = before.leaderboard.rows.filter((r) => r.total === "0.00").map((r) => r.code);
  const [first, second] = [allOrNothing[0]!, allOrNothing[1]!];
  let leader: string | null = null;
  const candidates = [...unmarked];
  while (!leader && candidates.length > 0) {
    const code = candidates.shift()!;
    const res = await mark(code, first.code);
    if (res.status() === 201) leader = code;
    else expect(((await res.json()) as { error: { code: string } }).error.code).toBe("JUDGE_CONFLICT");
  }
  expect(leader, "a competitor the judge may mark").not.toBeNull();

  // A spectator's phone, in another browser context, signed in as nobody.
  const phone = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, hasTouch: true, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  const spectator = await phone.newPage();
  await spectator.goto(`/live/${competitionId}/${skillId}`);
  await expect(spectator.getByRole("heading", { level: 1, name: demo.welding["zh-CN"] })).toBeVisible();
  await expect(spectator.getByText(m.live.connection.live)).toBeVisible();
  await expect(row(spectator, leader!).locator("td.total")).toHaveText(first.max);
  await spectator.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  const notReloaded = () => spectator.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true);

  // The next competitor the judge may mark: the second aspect, pushed to the phone without a reload.
  let chaser: string | null = null;
  while (!chaser && candidates.length > 0) {
    const code = candidates.shift()!;
    const res = await mark(code, second.code);
    if (res.status() === 201) chaser = code;
  }
  expect(chaser).not.toBeNull();
  await expect(row(spectator, chaser!).locator("td.total")).toHaveText(second.max);
  expect(await notReloaded()).toBe(true);
  await spectator.screenshot({ path: "e2e/artifacts/live-zh-phone-leaderboard.png", fullPage: true });

  // The organizer freezes Welding's board.
  const desk = await newCleanContext(browser, testInfo);
  const organizer = await desk.newPage();
  await signIn(organizer, "zh-CN", "organizer", `/admin/competitions/${competitionId}/live`);
  const weldingRow = organizer.locator("tbody tr").filter({ hasText: demo.welding["zh-CN"] });
  await weldingRow.getByRole("button", { name: m.live.controls.freeze, exact: true }).click();
  await expect(weldingRow.getByText(m.live.status.frozen)).toBeVisible();
  await expect(spectator.locator(".badge.status-frozen")).toHaveText(m.live.status.frozen);
  await expect(spectator.getByText(m.live.frozenNotice)).toBeVisible();
  const frozen = await publicBoard();
  expect(frozen.leaderboard.status).toBe("frozen");

  // While frozen, the chaser gets the first aspect too and overtakes: the organizer sees it live…
  expect((await mark(chaser!, first.code)).status()).toBe(201);
  const overtaken = (Number(first.max) + Number(second.max)).toFixed(2);
  const staffView = await desk.newPage();
  await staffView.goto(`/live/${competitionId}/${skillId}`);
  await expect(staffView.getByText(m.live.staffNotice.replace("{{status}}", m.live.status.frozen))).toBeVisible();
  await expect(row(staffView, chaser!).locator("td.total")).toHaveText(overtaken);
  // …and a second mark arrives over the organizer's socket, not by a reload.
  const thirdCode = candidates.find((c) => c !== leader && c !== chaser);
  if (thirdCode && (await mark(thirdCode, first.code)).status() === 201) await expect(row(staffView, thirdCode).locator("td.total")).toHaveText(first.max);
  // The public does not: neither the phone (given time to hear anything) nor the HTTP snapshot.
  await spectator.waitForTimeout(1500);
  await expect(row(spectator, chaser!).locator("td.total")).toHaveText(second.max);
  expect((await publicBoard()).leaderboard.rows.find((r) => r.code === chaser)!.total).toBe(second.max);
  expect((await publicBoard()).seq).toBe(frozen.seq);
  expect(await notReloaded()).toBe(true);
  await spectator.screenshot({ path: "e2e/artifacts/live-zh-phone-frozen.png", fullPage: true });

  // Reveal: the phone moves the chaser to the top, without a reload.
  await weldingRow.getByRole("button", { name: m.live.controls.reveal, exact: true }).click();
  await expect(weldingRow.getByText(m.live.status.live)).toBeVisible();
  await expect(row(spectator, chaser!).locator("td.total")).toHaveText(overtaken);
  await expect(spectator.locator(".badge.status-live")).toBeVisible();
  expect(await notReloaded()).toBe(true);
  const revealed = await publicBoard();
  expect(revealed.leaderboard.rows.find((r) => r.code === chaser)!.rank).toBeLessThan(revealed.leaderboard.rows.find((r) => r.code === leader)!.rank);

  // Offline for a while: a mark made meanwhile shows once the phone reconnects (the room's snapshot).
  await phone.setOffline(true);
  await expect(spectator.getByText(m.live.connection.offline)).toBeVisible({ timeout: 30_000 });
  const late = candidates.find((c) => c !== leader && c !== chaser && c !== thirdCode);
  let lateMarked: string | null = null;
  for (const code of candidates.filter((c) => c !== thirdCode && c === late).concat(candidates.filter((c) => c !== thirdCode && c !== late))) {
    if ((await mark(code, second.code)).status() === 201) {
      lateMarked = code;
      break;
    }
  }
  await phone.setOffline(false);
  if (lateMarked) await expect(row(spectator, lateMarked).locator("td.total")).not.toHaveText("0.00", { timeout: 30_000 });
  await expect(spectator.getByText(m.live.connection.live)).toBeVisible({ timeout: 30_000 });

  // No delegation anywhere the public looks (the page and the JSON), and rows carry only public fields.
  const delegations = ((await (await anonymous.get(`/api/v1/competitions/${competitionId}`)).json()) as { delegations: Array<{ id: string; nameZh: string }> })
    .delegations;
  expect(delegations.length).toBeGreaterThan(5);
  const shown = await publicBoard();
  const publicText = `${await spectator.locator("main").innerText()} ${JSON.stringify(shown)}`;
  for (const d of delegations) {
    expect(publicText).not.toContain(d.nameZh);
    expect(publicText).not.toContain(d.id);
  }
  for (const r of shown.leaderboard.rows) expect(Object.keys(r).sort()).toEqual(["code", "medal", "modules", "points", "rank", "total"]);

  // The venue's big screen: 1080p, no header or footer, Welding first.
  const screenContext = await browser.newContext({ baseURL, viewport: { width: 1920, height: 1080 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  const screen = await screenContext.newPage();
  await screen.goto(`/live/${competitionId}/screen?skill=${skillId}&every=60`);
  await expect(screen.locator(".site-header")).toHaveCount(0);
  await expect(screen.getByRole("heading", { level: 2, name: demo.welding["zh-CN"] })).toBeVisible();
  await expect(screen.getByText(m.live.connection.live)).toBeVisible();
  await expect(row(screen, chaser!).locator("td.total")).toHaveText(overtaken);
  await screen.screenshot({ path: "e2e/artifacts/live-zh-bigscreen-1080p.png" });

  for (const ctx of [phone, desk, screenContext]) await ctx.close();
  for (const ctx of [anonymous, organizerApi, device]) await ctx.dispose();
});

test("the public snapshot is cacheable, and only an organizer may freeze", async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  const competitions = (await (await anonymous.get("/api/v1/competitions")).json()) as { competitions: Array<{ id: string; nameZh: string }> };
  const competitionId = competitions.competitions.find((c) => c.nameZh === demo.competition["zh-CN"])!.id;
  const detail = (await (await anonymous.get(`/api/v1/competitions/${competitionId}`)).json()) as { skills: Array<{ id: string; nameZh: string }> };
  const skillId = detail.skills.find((s) => s.nameZh === "网络安全")!.id;
  const url = `/api/v1/competitions/${competitionId}/skills/${skillId}/leaderboard`;
  const first = await anonymous.get(url);
  expect(first.status()).toBe(200);
  expect(first.headers()["cache-control"]).toContain("public");
  const etag = first.headers()["etag"]!;
  expect(etag).toBeTruthy();
  expect((await anonymous.get(url, { headers: { "If-None-Match": etag } })).status()).toBe(304);
  expect((await anonymous.post(url, { data: { status: "frozen" } })).status()).toBe(401);
  const judge = await playwright.request.newContext({ baseURL });
  await judge.post("/sign-in", { form: { username: "judge.weld", password: demo.password, redirectTo: "/" }, maxRedirects: 0 });
  expect((await judge.post(url, { data: { status: "frozen" } })).status()).toBe(403);
  expect((await anonymous.get(`/api/v1/competitions/${competitionId}/skills/${randomUUID()}/leaderboard`)).status()).toBe(404);
  for (const ctx of [anonymous, judge]) await ctx.dispose();
});
