// Publication and an appeal, end to end on the demo's Electrician skill (signed off by its chief
// judge, waiting for publication; no other journey touches it): the organizer publishes; the
// public sees names, delegations and awards; the Chengdu team leader appeals for a competitor on a
// phone; the arbitrator hears and upholds it; the chief judge (the platform admin standing in)
// corrects the competitor's judgement marks from the current ones, previews the effect and
// applies it; the public results page — open all along — moves to version 2 without a reload,
// the team leader is notified, the certificates follow the new version and a certificate's QR
// address verifies. Screenshots in both languages.
import { expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import { chooseLanguage, newCleanContext, signIn, snap } from "./support/app";
import { demo, fill, messagesOf, type Lang } from "./support/i18n";

test.describe.configure({ mode: "serial" });

async function personPage(
  browser: Browser,
  testInfo: TestInfo,
  lang: Lang,
  username: string | null,
  viewport?: { width: number; height: number },
): Promise<Page> {
  const context = await newCleanContext(browser, testInfo);
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.goto("/");
  await chooseLanguage(page, lang);
  if (username) await signIn(page, lang, username, "/");
  return page;
}

test("publish → appeal → upheld → corrected → results and certificates follow", async ({ browser, playwright, baseURL }, testInfo) => {
  test.setTimeout(240_000);
  const zh = messagesOf("zh-CN");
  const en = messagesOf("en");
  const api = await playwright.request.newContext({ baseURL });
  const list = (await (await api.get("/api/v1/competitions")).json()) as { competitions: Array<{ id: string; nameZh: string }> };
  const competitionId = list.competitions.find((c) => c.nameZh === demo.competition["zh-CN"])!.id;
  const detail = (await (await api.get(`/api/v1/competitions/${competitionId}`)).json()) as { skills: Array<{ id: string; nameZh: string }> };
  const skillId = detail.skills.find((s) => s.nameZh === "电工")!.id;

  // Before publication the public page says the results are not published.
  const spectator = await personPage(browser, testInfo, "zh-CN", null);
  await spectator.goto(`/results/${competitionId}/${skillId}`);
  await expect(spectator.getByRole("link", { name: zh.publication.results.liveLink })).toBeVisible();

  // The organizer publishes the signed-off results.
  const organizer = await personPage(browser, testInfo, "zh-CN", "organizer");
  await organizer.goto(`/judging/${competitionId}/${skillId}/publication`);
  await expect(organizer.getByRole("heading", { level: 1, name: zh.publication.title })).toBeVisible();
  await organizer.getByRole("button", { name: fill(zh.publication.publishAction, { days: 5 }) }).click();
  await expect(organizer.getByRole("status")).toContainText(zh.publication.done.published.split("，")[0]!);
  await snap(organizer, testInfo, "zh-CN", "publication");

  // The spectator's page moves to the official results over Socket.io, without a reload.
  await expect(spectator.getByRole("heading", { level: 2, name: zh.publication.results.official })).toBeVisible({ timeout: 15_000 });
  await expect(spectator.locator(".published-results tbody tr").first()).toBeVisible();
  await expect(spectator.getByText(fill(zh.publication.results.version, { version: 1, at: "" }).split(" · ")[0]!)).toBeVisible();
  const chengduRows = spectator.locator(".published-results tbody tr", { hasText: demo.chengdu["zh-CN"] });
  expect(await chengduRows.count()).toBeGreaterThan(0);
  await snap(spectator, testInfo, "zh-CN", "published-results");

  // The Chengdu team leader appeals on a phone for one of the delegation's electricians.
  const leader = await personPage(browser, testInfo, "zh-CN", "leader.chengdu", { width: 390, height: 844 });
  await leader.goto(`/appeals/${competitionId}`);
  await leader.getByLabel(zh.appeals.skill, { exact: true }).selectOption({ label: "电工" });
  const competitorSelect = leader.getByLabel(zh.appeals.competitor, { exact: true });
  const code = (await competitorSelect.locator("option").nth(1).textContent())!.trim();
  await competitorSelect.selectOption({ label: code });
  await leader.getByLabel(zh.appeals.reason, { exact: true }).fill("模块评价分项的三名裁判评分与作品实际质量不符，请仲裁组调阅作品照片复核。");
  await leader.getByRole("button", { name: zh.appeals.submit }).click();
  await expect(leader.getByRole("status")).toContainText("#");
  await snap(leader, testInfo, "zh-CN", "appeal-filed");

  // The arbitrator hears and upholds it.
  const arbitrator = await personPage(browser, testInfo, "zh-CN", "arbitrator");
  await arbitrator.goto(`/appeals/${competitionId}`);
  await arbitrator.locator("table a").first().click();
  await expect(arbitrator.getByRole("heading", { level: 1 })).toContainText(zh.appeals.state.received);
  await arbitrator.getByLabel(zh.appeals.hearingNote).fill("听取领队陈述，调阅评分记录与作品照片。");
  await arbitrator.getByRole("button", { name: zh.appeals.startReview }).click();
  await expect(arbitrator.getByRole("heading", { level: 1 })).toContainText(zh.appeals.state.under_review);
  await arbitrator.getByLabel(zh.appeals.ruling).fill("评价分项评分与评分标准描述不符，申诉成立，由裁判长更正。");
  await arbitrator.getByRole("button", { name: zh.appeals.uphold }).click();
  await expect(arbitrator.getByRole("heading", { level: 1 })).toContainText(zh.appeals.state.upheld);
  const appealUrl = arbitrator.url();

  // The chief judge corrects the competitor's judgement marks to 3, previews, and applies.
  const chief = await personPage(browser, testInfo, "zh-CN", "admin");
  await chief.goto(appealUrl);
  await chief.locator("summary", { hasText: fill(zh.appeals.currentMarks, { code }) }).click();
  const judged = chief.locator('.current-marks tbody tr[data-kind="judgement"]');
  const rows: string[] = [];
  for (let i = 0; i < (await judged.count()); i++) {
    const row = judged.nth(i);
    if ((await row.locator("td").nth(3).textContent())?.trim() !== "3") rows.push(`${await row.getAttribute("data-row")},3`);
  }
  expect(rows.length).toBeGreaterThan(0);
  await chief.getByLabel(zh.appeals.correctionRows).fill(`competitor_code,aspect_code,judge,value\n${rows.join("\n")}\n`);
  await chief.getByRole("button", { name: zh.appeals.preview }).click();
  await expect(chief.getByRole("status")).toContainText(zh.appeals.done.prepared);
  const effect = chief.locator("tr", { hasText: code }).first();
  await expect(effect).toBeVisible();
  const awardChanges = await chief
    .locator("tbody tr")
    .filter({ has: chief.locator("td:nth-child(4)") })
    .evaluateAll((trs) =>
      trs.some((tr) => {
        const cell = tr.querySelector("td:nth-child(4)")?.textContent ?? "";
        const [before, after] = cell.split("→").map((s) => s.trim());
        return after !== undefined && before !== after;
      }),
    );
  await snap(chief, testInfo, "zh-CN", "appeal-preview");
  await chief.getByRole("button", { name: zh.appeals.apply }).click();
  await expect(chief.getByRole("status")).toContainText(fill(zh.appeals.done.applied, { version: 2 }).split("，")[0]!);

  // The spectator's results page shows version 2, again without a reload.
  await expect(spectator.getByText(fill(zh.publication.results.version, { version: 2, at: "" }).split(" · ")[0]!)).toBeVisible({ timeout: 15_000 });
  await expect(spectator.locator(".notice", { hasText: "申诉" })).toBeVisible();

  // The team leader is notified.
  await leader.goto(`/appeals/${competitionId}`);
  await expect(leader.getByText(fill(zh.appeals.notice.corrected, { no: "", version: 2 }).split("（")[1]!.replace(/）$/, ""), { exact: false })).toBeVisible();

  // The certificates follow version 2; a changed award's old certificate is revoked (kept, and
  // its verification page says so). A certificate's QR address verifies for anybody.
  await organizer.goto(`/admin/competitions/${competitionId}/certificates?skill=${skillId}`);
  const numbers = await organizer
    .locator("main")
    .evaluate((main) => [...new Set((main.textContent ?? "").match(/GJ\d{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/g) ?? [])]);
  expect(numbers.length).toBeGreaterThan(0);
  const pages = await Promise.all(numbers.map(async (n) => ({ n, response: await api.get(`/verify/${n}`) })));
  expect(pages.every((p) => p.response.status() === 200)).toBe(true);
  const texts = await Promise.all(pages.map(async (p) => ({ n: p.n, text: await p.response.text() })));
  const revoked = texts.filter((p) => p.text.includes(zh.certificates.verify.status.revoked));
  const provisional = texts.filter((p) => p.text.includes(zh.certificates.verify.status.provisional));
  expect(provisional.length).toBeGreaterThan(0);
  expect(revoked.length > 0).toBe(awardChanges);
  const verifier = await personPage(browser, testInfo, "zh-CN", null, { width: 390, height: 844 });
  await verifier.goto(`/verify/${provisional[0]!.n}`);
  await expect(verifier.locator("main")).toContainText(zh.certificates.verify.status.provisional);
  await snap(verifier, testInfo, "zh-CN", "certificate-verified");
  if (revoked.length > 0) {
    await verifier.goto(`/verify/${revoked[0]!.n}`);
    await expect(verifier.locator("main")).toContainText(zh.certificates.verify.status.revoked);
    await snap(verifier, testInfo, "zh-CN", "certificate-revoked");
  }

  // The same pages in English.
  for (const page of [spectator, leader]) await chooseLanguage(page, "en");
  await spectator.goto(`/results/${competitionId}/${skillId}`);
  await expect(spectator.getByRole("heading", { level: 2, name: en.publication.results.official })).toBeVisible();
  await snap(spectator, testInfo, "en", "published-results");
  await spectator.goto(`/results/${competitionId}`);
  await expect(spectator.getByRole("heading", { level: 2, name: en.publication.results.medalTable })).toBeVisible();
  await expect(spectator.locator(".medal-table tbody tr").first()).toBeVisible();
  await snap(spectator, testInfo, "en", "medal-table");
  await leader.goto(appealUrl);
  await expect(leader.getByRole("heading", { level: 1 })).toContainText(en.appeals.state.upheld);
  await snap(leader, testInfo, "en", "appeal");
});
