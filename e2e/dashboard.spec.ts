// The dashboard 数据看板 with the demo data: only platform admins and organizers may open it; the
// funnel shows the demo's provincial competitors; narrowing to the main competition gives the
// same number as its total; every chart draws on a canvas beside its table; the Excel download
// is a workbook with a sheet per table. Screenshots in both languages, desktop and phone.
import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { chooseLanguage, column, newCleanContext, rowWith, signIn } from "./support/app";
import { demo, langTag, messagesOf, type Lang } from "./support/i18n";

const section = (page: Page, id: string): Locator => page.locator(`section[data-table-id="${id}"]`);

async function provincialPersons(page: Page, lang: Lang): Promise<number> {
  const m = messagesOf(lang);
  const row = rowWith(section(page, "funnel"), m.dashboard.columns.level, m.level.provincial);
  const text = await row.locator(`td[data-label="${m.dashboard.columns.persons}"]`).innerText();
  return Number(text.trim());
}

async function screens(page: Page, lang: Lang): Promise<void> {
  // The charts draw after hydration; wait until every canvas has been given its size.
  await expect(async () => {
    const drawn = await page
      .locator("canvas")
      .evaluateAll((canvases) => canvases.every((c) => (c as HTMLCanvasElement).width > 0 && (c as HTMLCanvasElement).style.width !== ""));
    expect(drawn).toBe(true);
  }).toPass({ timeout: 15_000 });
  await page.screenshot({ path: `test-results/screens/dashboard-${langTag(lang)}-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300); // chart.js redraws on resize
  await page.screenshot({ path: `test-results/screens/dashboard-${langTag(lang)}-phone.png`, fullPage: true });
  await page.screenshot({ path: `test-results/screens/dashboard-${langTag(lang)}-phone-top.png` });
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("the dashboard: access, the funnel, charts, tables and Excel, in both languages", async ({ page, browser }, testInfo) => {
  const zh = messagesOf("zh-CN");

  await test.step("nobody signed in is sent to sign in; a team leader is refused", async () => {
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fdashboard/);
    const other = await newCleanContext(browser, testInfo);
    const leader = await other.newPage();
    await signIn(leader, "zh-CN", "leader.chengdu");
    await expect(leader.getByRole("link", { name: zh.app.nav.dashboard })).toHaveCount(0);
    const refused = await leader.goto("/dashboard");
    expect(refused?.status()).toBe(403);
    expect((await leader.request.get("/dashboard.xlsx")).status()).toBe(403);
    await other.close();
  });

  await test.step("the admin opens it from the navigation: the provincial rung has the demo's competitors", async () => {
    await signIn(page, "zh-CN", "admin");
    await page.getByRole("link", { name: zh.app.nav.dashboard }).click();
    await expect(page.getByRole("heading", { level: 1, name: zh.dashboard.title })).toBeVisible();
    const funnel = section(page, "funnel");
    for (const level of ["enterprise", "city", "provincial", "national", "ws_selection", "ws_squad", "worldskills"] as const) {
      await expect(column(funnel, zh.dashboard.columns.level).filter({ hasText: zh.level[level] })).toHaveCount(1);
    }
    expect(await provincialPersons(page, "zh-CN")).toBeGreaterThan(0);
    await expect(page.locator("canvas")).toHaveCount(5);
    for (const id of ["funnel", "region", "group", "level", "skill"]) await expect(section(page, id).locator("canvas[role=img][aria-label]")).toHaveCount(1);
    await expect(column(section(page, "region"), zh.dashboard.columns.region).filter({ hasText: "成都市" })).toHaveCount(1);
  });

  await test.step("narrowed to the main competition, the total is the provincial rung's count", async () => {
    const options = page.getByLabel(zh.dashboard.competition, { exact: true });
    await options.selectOption({ label: `2026 · ${zh.level.provincial} · ${demo.competition["zh-CN"]}` });
    await Promise.all([
      page.waitForResponse((r) => r.url().includes("competition=") && r.url().includes("/dashboard")),
      page.getByRole("button", { name: zh.dashboard.apply, exact: true }).click(),
    ]);
    await expect(page).toHaveURL(/competition=/);
    await page.waitForLoadState("networkidle");
    // The page has rendered the narrowed numbers: its export link carries the filter.
    await expect(page.getByRole("link", { name: zh.dashboard.exportAll })).toHaveAttribute("href", /competition=/);
    const provincial = await provincialPersons(page, "zh-CN");
    expect(provincial).toBeGreaterThan(100);
    await expect(page.getByTestId("total-participants")).toHaveText(String(provincial));
    await expect(
      rowWith(section(page, "funnel"), zh.dashboard.columns.level, zh.level.enterprise).locator(`td[data-label="${zh.dashboard.columns.persons}"]`),
    ).toHaveText("0");
    await page.goto("/dashboard");
  });

  await test.step("the Excel downloads: every table, and one table", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: zh.dashboard.exportAll }).click()]);
    expect(download.suggestedFilename()).toBe("dashboard-all.xlsx");
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 2).toString()).toBe("PK"); // a zip container, as every .xlsx is
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(bytes).buffer);
    expect(workbook.worksheets).toHaveLength(6);
    const funnel = workbook.worksheets[0]!;
    expect((funnel.getRow(2).values as unknown[]).slice(1)).toEqual([
      zh.dashboard.columns.level,
      zh.dashboard.columns.persons,
      zh.dashboard.columns.fromBelow,
      zh.dashboard.columns.fromBelowShare,
    ]);
    const provincialRow = funnel.getRows(3, 7)!.find((r) => r.getCell(1).value === zh.level.provincial)!;
    expect(provincialRow.getCell(2).value).toBe(await provincialPersons(page, "zh-CN"));

    const [one] = await Promise.all([
      page.waitForEvent("download"),
      section(page, "region")
        .getByRole("link", { name: zh.dashboard.exportTableNamed.replace("{{table}}", zh.dashboard.tables.region) })
        .click(),
    ]);
    expect(one.suggestedFilename()).toBe("dashboard-region.xlsx");
    const regions = new ExcelJS.Workbook();
    await regions.xlsx.load(new Uint8Array(await readFile((await one.path())!)).buffer);
    expect(regions.worksheets.map((s) => s.name)).toEqual(["按地区（市州）"]);
  });

  await test.step("screenshots: Chinese and English, desktop and phone", async () => {
    await screens(page, "zh-CN");
    await chooseLanguage(page, "en");
    const en = messagesOf("en");
    await expect(page.getByRole("heading", { level: 1, name: en.dashboard.title })).toBeVisible();
    expect(await provincialPersons(page, "en")).toBeGreaterThan(0);
    await expect(column(section(page, "region"), en.dashboard.columns.region).filter({ hasText: "Chengdu" })).toHaveCount(1);
    await screens(page, "en");
    await chooseLanguage(page, "zh-CN");
  });
});
