// Bad input, in each language: a refused form keeps what was typed and says what is wrong beside
// each field; unknown addresses get the translated 404 page; markup typed as a name stays text.
import { expect, test, type Page, type Response } from "@playwright/test";
import { cell, chooseLanguage, filterTable, signIn, snap } from "./support/app";
import { demo, fill, languages, messagesOf, translate, type Lang } from "./support/i18n";

/** The number of rows a data table reports in its pager ("共 N 条" / "N rows"). */
async function tableRowCount(page: Page, lang: Lang): Promise<number> {
  // Singular and plural wording ("1 row", "3 rows"), as the app renders them.
  const forms = [1, 2].map((n) => translate(lang, "table.rows", { count: n }).replace(String(n), "(\\d+)"));
  const pattern = new RegExp(forms.map((f) => `(?:${f})`).join("|"));
  const pager = page.locator(".table-pager");
  await expect(pager).toContainText(pattern);
  const match = pattern.exec((await pager.textContent()) ?? "");
  return Number(match?.[1] ?? match?.[2]);
}

/** Clicks the submit button and returns the response to the form's POST. */
async function submitForm(page: Page, buttonName: string, path: string): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith(path)),
    page.getByRole("button", { name: buttonName, exact: true }).click(),
  ]);
  return response;
}

for (const lang of languages) {
  test.describe(`bad input (${lang})`, () => {
    test("the new-competition form refuses an empty name, a 10,000-character venue and reversed dates", async ({ page }, testInfo) => {
      const m = messagesOf(lang);
      const f = m.admin.competitionForm;
      const stamp = `${lang}-${testInfo.project.name}-${Date.now()}`;
      const typed = { nameEn: `Bad input ${stamp}`, startsOn: "2031-03-05", endsOn: "2031-03-01", organizerName: `坏输入测试主办单位 ${stamp}` };
      const longVenue = "场馆".repeat(5_000);

      await page.goto("/");
      await chooseLanguage(page, lang);
      await signIn(page, lang, "organizer", "/admin");
      const before = await tableRowCount(page, lang);

      await page.getByRole("link", { name: m.admin.newCompetition }).click();
      await expect(page.getByRole("heading", { level: 1, name: m.admin.newCompetition })).toBeVisible();
      const nameZh = page.getByLabel(f.nameZh, { exact: true });
      const nameEn = page.getByLabel(f.nameEn, { exact: true });
      const startsOn = page.getByLabel(f.startsOn, { exact: true });
      const endsOn = page.getByLabel(f.endsOn, { exact: true });
      const venue = page.getByLabel(f.venue, { exact: true });
      const organizerName = page.getByLabel(f.organizerName, { exact: true });

      await test.step("first submission: empty name, a venue far over the limit and reversed dates, all reported at once", async () => {
        await nameZh.fill("");
        await nameEn.fill(typed.nameEn);
        await startsOn.fill(typed.startsOn);
        await endsOn.fill(typed.endsOn);
        // The input's maxlength stops a person from typing this much; a script or an old client
        // is not stopped, so the server must refuse it itself.
        await venue.evaluate((input) => input.removeAttribute("maxlength"));
        await venue.fill(longVenue);
        await expect(venue).toHaveValue(longVenue);
        await organizerName.fill(typed.organizerName);

        const response = await submitForm(page, m.admin.save, "/admin/competitions/new");
        expect(response.status(), "a refused form is a client error, not a server error").toBe(400);

        await expect(page.getByRole("alert")).toContainText(translate(lang, "validation.formHasErrors", { count: 3 }));
        await expect(nameZh).toHaveAttribute("aria-invalid", "true");
        await expect(nameZh).toHaveAccessibleDescription(m.validation.required);
        await expect(venue).toHaveAttribute("aria-invalid", "true");
        await expect(venue).toHaveAccessibleDescription(fill(m.validation.tooLong, { limit: 200 }));
        await expect(page.getByText(m.validation.required, { exact: true })).toBeVisible();
        await expect(endsOn).toHaveAttribute("aria-invalid", "true");
        await expect(endsOn).toHaveAccessibleDescription(m.validation.datesOutOfOrder);

        await expect(nameEn).toHaveValue(typed.nameEn);
        await expect(startsOn).toHaveValue(typed.startsOn);
        await expect(endsOn).toHaveValue(typed.endsOn);
        await expect(organizerName).toHaveValue(typed.organizerName);
        // The venue comes back as typed, though shortened (the server echoes at most 2,000 characters).
        const venueBack = await venue.inputValue();
        expect(venueBack.length).toBeGreaterThan(0);
        expect(longVenue.startsWith(venueBack)).toBe(true);
        await snap(page, testInfo, lang, "new-competition-errors");
      });

      await test.step("second submission: name and venue fixed, the end still before the start", async () => {
        await nameZh.fill(`坏输入测试 ${stamp}`);
        await venue.fill("成都市职业技能公共实训基地");
        const response = await submitForm(page, m.admin.save, "/admin/competitions/new");
        expect(response.status()).toBe(400);

        await expect(page.getByRole("alert")).toContainText(translate(lang, "validation.formHasErrors", { count: 1 }));
        await expect(endsOn).toHaveAttribute("aria-invalid", "true");
        await expect(endsOn).toHaveAccessibleDescription(m.validation.datesOutOfOrder);
        await expect(nameZh).not.toHaveAttribute("aria-invalid", "true");
        await expect(nameZh).toHaveValue(`坏输入测试 ${stamp}`);
        await expect(startsOn).toHaveValue(typed.startsOn);
        await expect(endsOn).toHaveValue(typed.endsOn);
        await expect(organizerName).toHaveValue(typed.organizerName);
        await expect(page).toHaveURL(/\/admin\/competitions\/new$/);
      });

      await test.step("no competition was created", async () => {
        await page.goto("/admin");
        await expect(page.getByRole("heading", { level: 1, name: m.admin.myCompetitions })).toBeVisible();
        expect(await tableRowCount(page, lang)).toBe(before);
        await expect(page.getByText(stamp)).toHaveCount(0);
      });
    });

    test("unknown competition addresses answer 404 with the translated page", async ({ page }) => {
      const m = messagesOf(lang);
      await page.goto("/");
      await chooseLanguage(page, lang);
      for (const path of ["/competitions/not-a-uuid", "/competitions/00000000-0000-0000-0000-000000000000"]) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(404);
        await expect(page.locator("html")).toHaveAttribute("lang", lang);
        await expect(page.getByRole("heading", { level: 1, name: m.errors.notFoundTitle })).toBeVisible();
        await expect(page.getByText(m.errors.NOT_FOUND)).toBeVisible();
        await expect(page.getByRole("link", { name: m.errors.backHome })).toHaveAttribute("href", "/");
      }
    });

    test("a delegation named like a script is shown as inert text", async ({ page }, testInfo) => {
      const m = messagesOf(lang);
      const stamp = `${lang}-${testInfo.project.name}-${Date.now()}`;
      const nameZh = `<script>alert(1)</script> ${stamp}`;
      const nameEn = `<img src=x onerror=alert(2)> ${stamp}`;
      const shown = lang === "en" ? nameEn : nameZh;
      const dialogs: string[] = [];
      page.on("dialog", (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      const expectInert = async () => {
        await expect(page.locator("main script")).toHaveCount(0);
        await expect(page.locator('img[src="x"]')).toHaveCount(0);
        expect(dialogs, "no script from a name may run").toEqual([]);
      };

      await page.goto("/");
      await chooseLanguage(page, lang);
      await signIn(page, lang, "organizer", "/admin");
      await page.getByRole("link", { name: demo.competition[lang], exact: true }).click();
      await expect(page.getByRole("heading", { level: 1, name: demo.competition[lang] })).toBeVisible();
      await page.getByRole("link", { name: m.admin.tabs.delegations, exact: true }).click();
      await expect(page).toHaveURL(/\/delegations$/);
      await page.getByRole("link", { name: m.admin.delegations.add }).click();
      await expect(page).toHaveURL(/\/delegations\/new$/);

      await page.getByLabel(m.admin.delegationForm.nameZh, { exact: true }).fill(nameZh);
      await page.getByLabel(m.admin.delegationForm.nameEn, { exact: true }).fill(nameEn);
      await page.getByRole("button", { name: m.admin.save, exact: true }).click();
      await expect(page).toHaveURL(/\/delegations$/);

      await filterTable(page, lang, stamp);
      await expect(cell(page, m.competition.delegationColumns.name, shown)).toBeVisible();
      await expectInert();

      await page.getByRole("link", { name: m.admin.tabs.publicPage, exact: true }).click();
      await expect(page).toHaveURL(/\/competitions\/[0-9a-f-]{36}$/);
      await expect(page.getByRole("heading", { level: 2, name: m.competition.schedule })).toBeVisible();
      await page.reload(); // the server-rendered page, not only React's client render
      const delegations = page.getByRole("region", { name: m.competition.delegations });
      await filterTable(delegations, lang, stamp);
      await expect(cell(delegations, m.competition.delegationColumns.name, shown)).toBeVisible();
      await expectInert();
      await snap(page, testInfo, lang, "script-name-public");
    });
  });
}
