// Rehearsal 演练: the organizer copies the Automotive skill (a copy of Welding would stand beside it
// in the lists later journeys read) and starts synthetic marking at a fast pace; the progress
// climbs without a reload and the copy's live leaderboard shows ranked codes. Screenshots.
import { expect, test } from "@playwright/test";
import { chooseLanguage, signIn, snap } from "./support/app";
import { demo, messagesOf } from "./support/i18n";

test("the organizer rehearses a skill with synthetic judges and watches its leaderboard", async ({ page }, testInfo) => {
  const m = messagesOf("zh-CN");
  await page.goto("/");
  await chooseLanguage(page, "zh-CN");
  await signIn(page, "zh-CN", "organizer", "/admin");
  await page.getByRole("link", { name: demo.competition["zh-CN"], exact: true }).click();
  await page.getByRole("link", { name: m.admin.tabs.rehearsal, exact: true }).click();
  await page.getByLabel(m.rehearsal.source, { exact: true }).selectOption({ label: `汽车维修工 · ${m.group.worker}` });
  await page.getByRole("button", { name: m.rehearsal.create }).click();
  await expect(page.getByText(m.rehearsal.created)).toBeVisible();
  const card = page.locator(".registration-card").filter({ hasText: "汽车维修工（演练" }).first();
  await card.getByLabel(m.rehearsal.pace, { exact: true }).fill("600");
  await card.getByRole("button", { name: m.rehearsal.start }).click();
  await expect(card.locator(".badge")).toHaveText(m.rehearsal.state.running);
  // The runner marks every second; the page refreshes its progress by itself.
  await expect(card.locator("progress")).toHaveAttribute("value", /^(?!0$)\d+$/, { timeout: 15_000 });
  await snap(page, testInfo, "zh-CN", "rehearsal");
  await card.getByRole("button", { name: m.rehearsal.stop }).click();
  await expect(card.locator(".badge")).toHaveText(m.rehearsal.state.stopped);
  await card.getByRole("link", { name: m.rehearsal.board }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("汽车维修工（演练");
  await expect(page.locator("tbody tr, .leaderboard-row").first()).toBeVisible();
  await snap(page, testInfo, "zh-CN", "rehearsal-leaderboard");
});
