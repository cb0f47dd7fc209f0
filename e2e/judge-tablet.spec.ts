// A judge marks on a venue tablet through a Wi-Fi drop: signs in with a one-time code from the
// chief judge, marks a competitor online, loses the network, marks three more aspects, reloads
// the page while still offline (the service worker serves the page, IndexedDB keeps the
// marks), and comes back online — every mark arrives exactly once. Screenshots in zh-CN and
// English. Runs in the "tablet" project only (playwright.config.ts).
//
// Welding's scheme is replaced and edited by the scheme journeys, which need it unmarked, so —
// like the score-sheet journey with Fitter — the organizer first makes chief.weld a chief judge
// and judge.weld a judge of Mechatronics (drawn: competitors are known by workstation number),
// which no other journey marks.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { chooseLanguage, column, newCleanContext, rowWith, signIn, snap } from "./support/app";
import { demo, fill, messagesOf, translate } from "./support/i18n";

const zh = messagesOf("zh-CN");
const en = messagesOf("en");
const mechatronics = { "zh-CN": "机电一体化", en: "Mechatronics" } as const;

/** Aspect cards with tap-to-mark buttons (0–3, achieved or not, a choice) that have no mark yet. */
function unmarkedTappable(page: Page): Locator {
  return page.locator("li.aspect-card.unmarked").filter({ has: page.locator(".mark-options") });
}

async function tapFirstOption(card: Locator): Promise<void> {
  await card.locator(".mark-options button").first().click();
}

test("a judge marks on a tablet through a network drop and every mark arrives once", async ({ page: chief, browser, playwright, baseURL }, testInfo) => {
  await test.step("the organizer makes chief.weld a chief judge and judge.weld a judge of Mechatronics", async () => {
    const organizer = await playwright.request.newContext({ baseURL });
    expect((await organizer.post("/sign-in", { form: { username: "organizer", password: demo.password, redirectTo: "/" }, maxRedirects: 0 })).status()).toBe(
      302,
    );
    const list = (await (await organizer.get("/api/v1/competitions")).json()) as { competitions: Array<{ id: string; nameZh: string }> };
    const competitionId = list.competitions.find((c) => c.nameZh === demo.competition["zh-CN"])!.id;
    const detail = (await (await organizer.get(`/api/v1/competitions/${competitionId}`)).json()) as { skills: Array<{ id: string; nameZh: string }> };
    const skillId = detail.skills.find((s) => s.nameZh === mechatronics["zh-CN"])!.id;
    for (const [username, role] of [
      ["chief.weld", "chief_judge"],
      ["judge.weld", "judge"],
    ] as const) {
      const granted = await organizer.post(`/admin/competitions/${competitionId}/people`, {
        form: { username, displayName: "", password: "", role, skillId, delegationId: "" },
      });
      // Granted now, or by an earlier run against the same server.
      if (granted.status() !== 200) expect(await granted.text()).toContain(translate("zh-CN", "errors.ROLE_ALREADY_GRANTED"));
    }
    await organizer.dispose();
  });

  let code = "";
  await test.step("the chief judge of Mechatronics issues a tablet code to judge.weld", async () => {
    await chief.goto("/");
    await chooseLanguage(chief, "zh-CN");
    await signIn(chief, "zh-CN", "chief.weld", "/judging");
    await rowWith(chief, zh.judging.columns.skill, mechatronics["zh-CN"]).getByRole("link", { name: zh.judging.tabletCodes }).click();
    const judge = chief.getByRole("listitem").filter({ has: chief.locator("small", { hasText: new RegExp(`^${zh.role.judge} · judge\\.weld$`) }) });
    await judge.getByRole("button", { name: zh.judging.issue, exact: true }).click();
    const shown = judge.locator("output strong");
    await expect(shown).toHaveText(/^\d{4} \d{4}$/);
    code = ((await shown.textContent()) ?? "").trim();
  });

  const tablet = await newCleanContext(browser, testInfo);
  const page = await tablet.newPage();
  const statusBar = page.locator(".sync-bar");
  let competitorCode = "";
  let markPath = "";
  await test.step("the judge signs in with the code and opens marking", async () => {
    await page.goto("/tablet");
    await chooseLanguage(page, "zh-CN");
    await page.getByLabel(zh.tablet.code, { exact: true }).fill(code);
    await page.getByRole("button", { name: zh.tablet.submit, exact: true }).click();
    await expect(page).toHaveURL((url) => url.pathname === "/judging");
    await rowWith(page, zh.judging.columns.skill, mechatronics["zh-CN"]).getByRole("link", { name: zh.marking.link }).click();
    await expect(page.getByRole("heading", { level: 1, name: zh.marking.title })).toBeVisible();
    // Codes only: workstation numbers, recused ones unavailable with the reason.
    const tiles = page.locator("a.competitor-tile");
    await expect(tiles.first()).toBeVisible();
    await snap(page, testInfo, "zh-CN", "judge-competitors");
    // A competitor this judge has not marked yet.
    const first = tiles.filter({ hasText: new RegExp(`^\\S+\\s*${fill(zh.marking.progress, { done: 0, total: 999 }).replace(" 999", "")}`) }).first();
    competitorCode = ((await first.locator("strong").textContent()) ?? "").trim();
    expect(competitorCode).toMatch(/^[A-Za-z0-9-]+$/);
    await first.click();
    await expect(page.getByRole("heading", { level: 1, name: fill(zh.marking.competitor, { code: competitorCode }) })).toBeVisible();
    markPath = new URL(page.url()).pathname;
  });

  await test.step("one aspect marked online is synced", async () => {
    const card = unmarkedTappable(page).first();
    const aspect = await card.getAttribute("data-aspect");
    await expect(card.locator(".not-scored")).toHaveText(`— ${zh.marking.notScored}`);
    await tapFirstOption(card);
    const marked = page.locator(`li.aspect-card[data-aspect="${aspect}"]`);
    await expect(marked.locator(".sync-state")).toHaveText(`✓ ${zh.marking.sync.synced}`);
    await expect(statusBar).toContainText(zh.marking.allSynced);
    // The service worker controls the page and holds a copy of it for a reload without network.
    await expect
      .poll(
        () =>
          page.evaluate(
            async () => Boolean(navigator.serviceWorker.controller) && Boolean(await (await caches.open("gj-tablet-pages-v1")).match(location.pathname)),
          ),
        { timeout: 15_000 },
      )
      .toBe(true);
  });

  const offlineAspects: string[] = [];
  await test.step("offline, three more aspects are kept on the tablet as not yet synced", async () => {
    await tablet.setOffline(true);
    for (let i = 0; i < 3; i++) {
      const card = unmarkedTappable(page).first();
      offlineAspects.push((await card.getAttribute("data-aspect"))!);
      await tapFirstOption(card);
    }
    for (const aspect of offlineAspects)
      await expect(page.locator(`li.aspect-card[data-aspect="${aspect}"] .sync-state`)).toHaveText(`⟳ ${zh.marking.sync.pending}`);
    await expect(statusBar).toContainText(translate("zh-CN", "marking.pendingCount", { count: 3 }));
    await expect(statusBar).toContainText(zh.marking.offline);
    await snap(page, testInfo, "zh-CN", "judge-offline");
  });

  await test.step("a reload without network still shows the page and the queued marks", async () => {
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: fill(zh.marking.competitor, { code: competitorCode }) })).toBeVisible();
    for (const aspect of offlineAspects)
      await expect(page.locator(`li.aspect-card[data-aspect="${aspect}"] .sync-state`)).toHaveText(`⟳ ${zh.marking.sync.pending}`);
    await expect(statusBar).toHaveAttribute("data-pending", "3");
  });

  await test.step("back online, every queued mark is sent once", async () => {
    await tablet.setOffline(false);
    await expect(statusBar).toContainText(zh.marking.allSynced, { timeout: 20_000 });
    for (const aspect of offlineAspects)
      await expect(page.locator(`li.aspect-card[data-aspect="${aspect}"] .sync-state`)).toHaveText(`✓ ${zh.marking.sync.synced}`);
  });

  await test.step("an answer lost on the way back: the tablet sends again and the server answers with the stored mark", async () => {
    const answers: number[] = [];
    await tablet.route("**/api/v1/competitions/*/skills/*/marks", async (route) => {
      const response = await route.fetch();
      answers.push(response.status());
      // The server has stored the first one; the tablet never hears of it.
      if (answers.length === 1) return route.abort("connectionreset");
      return route.fulfill({ response });
    });
    const card = unmarkedTappable(page).first();
    const aspect = (await card.getAttribute("data-aspect"))!;
    await tapFirstOption(card);
    await expect(page.locator(`li.aspect-card[data-aspect="${aspect}"] .sync-state`)).toHaveText(`✓ ${zh.marking.sync.synced}`, { timeout: 20_000 });
    expect(answers).toEqual([201, 200]);
    await tablet.unroute("**/api/v1/competitions/*/skills/*/marks");
  });

  await test.step("the server has each mark exactly once", async () => {
    // The server's view: exactly the five marks, each a first revision (a duplicate would be a
    // second revision or a refusal), all synced.
    await page.goto(markPath.replace(/\/[^/]+$/, ""));
    const mine = page.locator(".my-marks tbody tr");
    await expect(mine).toHaveCount(5);
    await expect(column(page.locator(".my-marks"), zh.marking.columns.state).filter({ hasText: `✓ ${zh.marking.sync.synced}` })).toHaveCount(5);
    await expect(column(page.locator(".my-marks"), zh.marking.columns.code).filter({ hasText: competitorCode })).toHaveCount(5);
    await expect(page.locator(".my-marks")).not.toContainText(zh.marking.columns.revision);
    await snap(page, testInfo, "zh-CN", "judge-my-marks");
  });

  await test.step("from My marks, the judge corrects a mark with a reason: a second revision", async () => {
    await page.locator(".my-marks").getByRole("link", { name: zh.marking.correct }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: fill(zh.marking.competitor, { code: competitorCode }) })).toBeVisible();
    const aspect = decodeURIComponent(new URL(page.url()).hash.replace("#aspect-", ""));
    const card = page.locator(`li.aspect-card[data-aspect="${aspect}"]`);
    // Another value than the one given: the option that is not pressed.
    const target = card.locator('.mark-options button[aria-pressed="false"]').first();
    const label = ((await target.textContent()) ?? "").trim();
    await target.click();
    await expect(card.getByText(zh.marking.correctionHint)).toBeVisible();
    await expect(card.getByRole("button", { name: zh.marking.saveCorrection })).toBeDisabled();
    await card.getByLabel(zh.marking.correctionReason).fill("复核后更正");
    await card.getByRole("button", { name: zh.marking.saveCorrection }).click();
    await expect(card.locator(".mark-options button").filter({ hasText: label }).first()).toHaveAttribute("aria-pressed", "true");
    await expect(card.locator(".sync-state")).toHaveText(`✓ ${zh.marking.sync.synced}`);
    await page.goto(markPath.replace(/\/[^/]+$/, ""));
    await expect(page.locator(".my-marks tbody tr")).toHaveCount(5);
    await expect(rowWith(page.locator(".my-marks"), zh.marking.columns.aspect, aspect)).toContainText(`${zh.marking.columns.revision} 2`);
  });

  await test.step("the judge flags a problem; the chief judge sees it and closes it", async () => {
    await page.goto(markPath);
    const text = `工位${competitorCode}试件编号模糊 e2e ${Date.now()}`;
    const form = page.locator("section.flag-form");
    await form.getByLabel(zh.marking.flagText).fill(text);
    await form.getByRole("button", { name: zh.marking.flagSubmit }).click();
    await expect(form.getByRole("status")).toHaveText(zh.marking.flagSent);
    await chief.goto(markPath.replace(/\/mark\/[^/]+$/, "/flags"));
    await expect(chief.getByRole("heading", { level: 1, name: zh.flags.title })).toBeVisible();
    const row = rowWith(chief, zh.flags.columns.text, text);
    await expect(row).toHaveCount(1);
    await expect(row.locator(`td[data-label="${zh.flags.columns.code}"]`)).toHaveText(competitorCode);
    await snap(chief, testInfo, "zh-CN", "chief-flags");
    await row.getByLabel(zh.flags.note).fill("已核对试件编号");
    await row.getByRole("button", { name: zh.flags.resolve }).click();
    await expect(chief.getByRole("status")).toHaveText(zh.flags.resolved);
    await expect(rowWith(chief, zh.flags.columns.text, text).locator(`td[data-label="${zh.flags.columns.state}"]`)).toHaveText(
      fill(zh.flags.stateResolved, { note: "已核对试件编号" }),
    );
  });

  let lockedModule = "";
  await test.step("a mark entered offline in a module locked meanwhile is refused on sync, with the reason", async () => {
    await page.goto(markPath);
    const lastModule = page.locator("section.module").last();
    const moduleCode = (lockedModule = ((await lastModule.locator("h2").textContent()) ?? "").trim().split(/\s+/)[0]!);
    await tablet.setOffline(true);
    const card = lastModule
      .locator("li.aspect-card.unmarked")
      .filter({ has: page.locator(".mark-options") })
      .first();
    const aspect = (await card.getAttribute("data-aspect"))!;
    await tapFirstOption(card);
    await expect(page.locator(`li.aspect-card[data-aspect="${aspect}"] .sync-state`)).toHaveText(`⟳ ${zh.marking.sync.pending}`);
    const [, competitionId, skillId] = /^\/judging\/([^/]+)\/([^/]+)\//.exec(markPath)!;
    const lockUrl = `/api/v1/competitions/${competitionId}/skills/${skillId}/modules/${moduleCode}/lock`;
    expect((await chief.request.post(lockUrl, { data: { locked: true } })).status()).toBe(200);
    await tablet.setOffline(false);
    const refused = page.locator(`li.aspect-card[data-aspect="${aspect}"] .refused-line .sync-state`);
    await expect(refused).toContainText(fill(zh.marking.sync.refused, { reason: "" }).trim(), { timeout: 20_000 });
    await expect(refused).toContainText(fill(zh.errors.MODULE_LOCKED, { module: moduleCode }));
    // The page reloaded its data: the module is shown locked, read-only.
    await expect(lastModule.getByText(zh.marking.locked)).toBeVisible();
    await expect(lastModule.locator(".mark-options button").first()).toBeDisabled();
    await snap(page, testInfo, "zh-CN", "judge-refused");
    expect((await chief.request.post(lockUrl, { data: { locked: false, reason: "e2e: 平板同步测试后解锁" } })).status()).toBe(200);
  });

  await test.step("the same pages in English", async () => {
    await page.goto(markPath.replace(/\/[^/]+$/, ""));
    await chooseLanguage(page, "en");
    await expect(page.getByRole("heading", { level: 1, name: en.marking.title })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: en.marking.mine })).toBeVisible();
    // The refusal, synced while the page was in Chinese, reads in English now.
    await expect(page.locator(".my-marks")).toContainText(fill(en.errors.MODULE_LOCKED, { module: lockedModule }));
    await snap(page, testInfo, "en", "judge-competitors");
    await page.goto(markPath);
    await expect(page.getByRole("heading", { level: 1, name: fill(en.marking.competitor, { code: competitorCode }) })).toBeVisible();
    await expect(page.locator("li.aspect-card.unmarked .not-scored").first()).toHaveText(`— ${en.marking.notScored}`);
    await snap(page, testInfo, "en", "judge-marking");
  });
  await tablet.close();
});
