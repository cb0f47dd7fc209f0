// A competitor's pathway 成长路径: from /me to their own pathway page, which lists their climb — the
// 2026 group contest and Chengdu city contest (published) and the running 2026 Sichuan Craftsman
// Cup (provisional) — in zh-CN and English; the same address signed out shows only the published
// results: no provisional entry, no provisional mark. The organizer's 晋级 tab: a rule added, and
// the qualified persons downloaded as Excel.
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import ExcelJS from "exceljs";
import { chooseLanguage, newCleanContext, signIn } from "./support/app";
import { demo, messagesOf } from "./support/i18n";

test("a competitor opens their pathway from /me; the public sees no provisional results", async ({ page, browser }, testInfo) => {
  const zh = messagesOf("zh-CN");
  const en = messagesOf("en");
  await signIn(page, "zh-CN", "contestant", "/me");
  await page.getByRole("link", { name: zh.pathway.myPathway }).click();
  await expect(page).toHaveURL(/\/people\/[0-9a-f-]{36}$/);
  const pathwayUrl = new URL(page.url()).pathname;
  await expect(page.getByRole("heading", { level: 2, name: zh.pathway.title })).toBeVisible();
  const entryOf = (p: typeof page, name: string) => p.locator(".pathway-entry").filter({ has: p.locator(".card-head strong", { hasText: name }) });
  const entry = entryOf(page, demo.competition["zh-CN"]);
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText(zh.level.provincial);
  await expect(entry).toContainText(zh.pathway.provisional);
  await expect(entryOf(page, "2026年成都市职业技能大赛")).toContainText(zh.level.city);
  await expect(entryOf(page, "2026年四川蜀能装备集团岗位练兵技能比武")).toContainText(zh.level.enterprise);
  await expect(page.getByText(zh.pathway.audience.self)).toBeVisible();
  await page.screenshot({ path: "test-results/screens/pathway-zh-CN.png", fullPage: true });

  await chooseLanguage(page, "en");
  await expect(entryOf(page, demo.competition.en)).toHaveCount(1);
  await expect(page.getByText(en.pathway.audience.self)).toBeVisible();
  await page.screenshot({ path: "test-results/screens/pathway-en.png", fullPage: true });

  const context = await newCleanContext(browser, testInfo);
  const visitor = await context.newPage();
  const response = await visitor.goto(pathwayUrl);
  expect(response?.status()).toBe(200);
  await expect(visitor.getByText(zh.pathway.audience.public)).toBeVisible();
  await expect(entryOf(visitor, "2026年成都市职业技能大赛")).toHaveCount(1);
  await expect(entryOf(visitor, demo.competition["zh-CN"])).toHaveCount(0);
  await expect(visitor.locator("main")).not.toContainText(zh.pathway.provisional);
  await visitor.screenshot({ path: "test-results/screens/pathway-public-zh-CN.png", fullPage: true });
  await context.close();
});

test("the organizer adds an advancement rule to the 2026 competition and sees it listed", async ({ page }) => {
  const zh = messagesOf("zh-CN");
  await signIn(page, "zh-CN", "organizer", "/admin");
  await page.getByRole("link", { name: demo.competition["zh-CN"], exact: true }).click();
  await page.getByRole("link", { name: zh.advancement.title, exact: true }).click();
  await expect(page.getByRole("heading", { level: 2, name: zh.advancement.rules })).toBeVisible();
  const form = page.getByRole("form", { name: zh.advancement.addRule });
  await form.getByLabel(zh.advancement.kindLabel).selectOption("eligible");
  await form.getByLabel(zh.advancement.targetLevel).selectOption("national");
  await form.getByLabel(zh.advancement.topN, { exact: true }).fill("5");
  await form.getByRole("button", { name: zh.advancement.create }).click();
  // Nothing of the 2026 competition is published in the demo (Electrician waits for the organizer): the rule qualifies nobody yet.
  await expect(page.getByRole("status")).toContainText(zh.advancement.created.replace("{{count}}", "0"));
  const rule = page.locator(".advancement-rules li").filter({ hasText: zh.advancement.kind.eligible });
  await expect(rule).toContainText(zh.level.national);
  await expect(rule).toContainText(zh.advancement.active);
  await expect(page.getByText(zh.advancement.noQualified)).toBeVisible();
  await page.screenshot({ path: "test-results/screens/pathway-advancement-zh-CN.png", fullPage: true });
});

test("the Chengdu contest's qualified persons download as Excel, as the 晋级 tab lists them, ID numbers masked", async ({ page }) => {
  const zh = messagesOf("zh-CN");
  await signIn(page, "zh-CN", "admin", "/admin");
  await page.getByRole("link", { name: "2026年成都市职业技能大赛", exact: true }).click();
  await page.getByRole("link", { name: zh.advancement.title, exact: true }).click();
  const table = page.getByRole("table", { name: zh.advancement.qualified });
  await expect(table).toBeVisible();
  const shown = await table.locator("tbody tr").count();
  expect(shown).toBeGreaterThan(0);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: zh.advancement.exportXlsx }).click()]);
  expect(download.suggestedFilename()).toMatch(/^qualified-[0-9a-f]{8}\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(await readFile((await download.path())!)).buffer);
  const sheet = workbook.worksheets[0]!;
  expect(sheet.name).toBe(zh.advancement.sheetName);
  const c = zh.advancement.columns;
  expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([c.skill, c.name, c.idNumber, c.delegation, c.rank, c.award, c.kind, c.target]);
  expect(sheet.rowCount - 1).toBe(shown);
  // The first row as the page shows it; every ID number masked.
  const first = table.locator("tbody tr").first();
  expect(sheet.getRow(2).getCell(2).value).toBe((await first.locator("td").nth(1).innerText()).trim());
  expect(sheet.getRow(2).getCell(7).value).toBe(zh.advancement.kind.reserve);
  for (let r = 2; r <= sheet.rowCount; r++) expect(String(sheet.getRow(r).getCell(3).value)).toMatch(/^\d{3}\*{11}\d{3}[\dX]$/);
});
