// A judge signs in on a venue tablet with a one-time code: the chief judge of Welding issues it on
// their own device, the judge types it on a fresh tablet, and the same code is refused afterwards.
// Runs in the "tablet" project only (playwright.config.ts).
import { expect, test, type Page } from "@playwright/test";
import { cell, chooseLanguage, newCleanContext, rowWith, signIn, snap } from "./support/app";
import { demo, fill, languages, messagesOf, type Lang } from "./support/i18n";

/** Opens /tablet in this page's language and submits `code`. */
async function submitTabletCode(page: Page, lang: Lang, code: string): Promise<void> {
  const m = messagesOf(lang);
  await page.goto("/tablet");
  await chooseLanguage(page, lang);
  await expect(page.getByRole("heading", { level: 1, name: m.tablet.title })).toBeVisible();
  await page.getByLabel(m.tablet.code, { exact: true }).fill(code);
  await page.getByRole("button", { name: m.tablet.submit, exact: true }).click();
}

for (const lang of languages) {
  test(`a judge signs in on a tablet with a one-time code (${lang})`, async ({ page: chief, browser }, testInfo) => {
    const m = messagesOf(lang);
    const skill = demo.welding[lang];
    let code = "";
    let judgeName = "";

    await test.step("the chief judge of Welding issues a code to judge.weld", async () => {
      await chief.goto("/");
      await chooseLanguage(chief, lang);
      await signIn(chief, lang, "chief.weld", "/judging");
      await expect(chief.getByRole("heading", { level: 1, name: m.judging.title })).toBeVisible();
      const assignment = rowWith(chief, m.judging.columns.skill, skill);
      await expect(
        cell(
          assignment,
          m.judging.columns.role,
          `${m.role.chief_judge} · ${m.judging.console} · ${m.judging.tabletCodes} · ${m.judging.scheme} · ${m.judging.results} · ${m.publication.link} · ${m.scoreSheets.link} · ${m.judging.checkIn} · ${m.judging.assignment}`,
        ),
      ).toBeVisible();
      await assignment.getByRole("link", { name: m.judging.tabletCodes }).click();

      await expect(chief).toHaveURL(/\/judging\/[0-9a-f-]{36}\/[0-9a-f-]{36}\/tablet-codes$/);
      await expect(chief.getByRole("heading", { level: 1, name: m.judging.tabletCodes })).toBeVisible();
      await expect(chief.getByText(skill, { exact: true })).toBeVisible();
      // Each judge is a list item "<name> <role> · <account>"; judge.weld is the one whose account is exactly that.
      const judge = chief.getByRole("listitem").filter({ has: chief.locator("small", { hasText: new RegExp(`^${m.role.judge} · judge\\.weld$`) }) });
      await expect(judge).toHaveCount(1);
      judgeName = ((await judge.locator("strong").first().textContent()) ?? "").trim();
      expect(judgeName).not.toBe("");

      await judge.getByRole("button", { name: m.judging.issue, exact: true }).click();
      const issued = judge.locator("output");
      await expect(issued).toContainText(fill(m.judging.issued, { name: judgeName, minutes: 15 }));
      const shown = issued.locator("strong");
      await expect(shown).toHaveText(/^\d{4} \d{4}$/);
      code = ((await shown.textContent()) ?? "").trim();
      await snap(chief, testInfo, lang, "tablet-code");
    });

    await test.step("a fresh tablet signs in with the code and lands on the judge's Welding assignment", async () => {
      const tablet = await newCleanContext(browser, testInfo);
      try {
        const page = await tablet.newPage();
        await submitTabletCode(page, lang, code);
        await expect(page).toHaveURL((url) => url.pathname === "/judging");
        await expect(page.getByRole("heading", { level: 1, name: m.judging.title })).toBeVisible();
        await expect(page.getByRole("button", { name: m.app.nav.signOut })).toBeVisible();
        await expect(page.getByText(fill(m.app.nav.signedInAs, { name: judgeName }))).toBeVisible();
        const assignment = rowWith(page, m.judging.columns.skill, skill);
        await expect(assignment).toHaveCount(1);
        await expect(cell(assignment, m.judging.columns.role, `${m.role.judge} · ${m.judging.myAssignment}`)).toBeVisible();
        await expect(cell(assignment, m.judging.columns.competition, demo.competition[lang])).toBeVisible();
        await snap(page, testInfo, lang, "judge-landing");
      } finally {
        await tablet.close();
      }
    });

    await test.step("the same code on another tablet is refused", async () => {
      const other = await newCleanContext(browser, testInfo);
      try {
        const page = await other.newPage();
        await submitTabletCode(page, lang, code);
        const input = page.getByLabel(m.tablet.code, { exact: true });
        await expect(input).toHaveAccessibleDescription(m.errors.TABLET_CODE_INVALID);
        await expect(input).toHaveAttribute("aria-invalid", "true");
        await expect(page.getByText(m.errors.TABLET_CODE_INVALID)).toBeVisible();
        await expect(page).toHaveURL((url) => url.pathname === "/tablet");
        await expect(page.getByRole("link", { name: m.app.nav.signIn, exact: true })).toBeVisible();
        await snap(page, testInfo, lang, "tablet-code-refused");
      } finally {
        await other.close();
      }
    });
  });
}
