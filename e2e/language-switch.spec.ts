// The header's language switch changes the page on screen in place (a client-side navigation),
// table cells included: level and status on the competitions list are computed per row and must
// not stay in the previous language.
import { expect, test, type Page } from "@playwright/test";
import { cell, rowWith } from "./support/app";
import { demo, messagesOf, type Lang } from "./support/i18n";

/** Waits until React handles clicks: a column header's sort button starts to sort. */
async function waitForHydration(page: Page, lang: Lang): Promise<void> {
  const m = messagesOf(lang);
  const header = page.getByRole("columnheader", { name: messagesOf(lang).table.sortBy.replace("{{column}}", m.home.columns.venue) });
  await expect(async () => {
    await header.getByRole("button").click();
    await expect(header).not.toHaveAttribute("aria-sort", "none", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
}

async function expectDemoRowIn(page: Page, lang: Lang): Promise<void> {
  const m = messagesOf(lang);
  const row = rowWith(page, m.home.columns.name, demo.competition[lang]);
  await expect(row).toHaveCount(1);
  await expect(cell(row, m.home.columns.level, m.level.provincial)).toBeVisible();
  await expect(cell(row, m.home.columns.status, m.status.running)).toBeVisible();
}

test("translated table cells follow the language switch without a reload", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expectDemoRowIn(page, "zh-CN");
  await waitForHydration(page, "zh-CN");
  // Survives only if the switch is a client-side navigation, not a full page load.
  await page.evaluate(() => Object.assign(window, { e2eSamePage: true }));

  for (const [from, to] of [
    ["zh-CN", "en"],
    ["en", "zh-CN"],
  ] as const) {
    await test.step(`${from} → ${to}`, async () => {
      await page.getByRole("button", { name: messagesOf(from).app.switchTo }).click();
      await expect(page.locator("html")).toHaveAttribute("lang", to);
      await expect(page.getByRole("heading", { level: 1, name: messagesOf(to).home.title })).toBeVisible();
      expect(await page.evaluate(() => (window as unknown as { e2eSamePage?: boolean }).e2eSamePage)).toBe(true);
      await expectDemoRowIn(page, to);
    });
  }
});
