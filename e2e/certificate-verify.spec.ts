// The public verification page 证书查验 on a phone, in each language: the number form accepts a
// number typed any old way (case, spaces, missing dashes) and opens its canonical page; a number
// nobody was given is a clear "未查到该证书编号" with HTTP 404; a malformed one is explained
// beside the field. A certificate's PDF is for signed-in people entitled to it. (The journey of a
// published certificate — QR → valid, republished → revoked — needs a publication in the demo.)
import { expect, test } from "@playwright/test";
import { chooseLanguage, noteHorizontalOverflow, signIn, snap } from "./support/app";
import { languages, messagesOf } from "./support/i18n";

// Unique per run and language (every unknown lookup counts against the client's throttle).
const unknownNumber = (lang: string) =>
  `GJ2099-${lang === "en" ? "EEEE" : "ZZZZ"}-${Date.now()
    .toString(32)
    .toUpperCase()
    .slice(-4)
    .replace(/[ILOU]/g, "7")}-0000`;

for (const lang of languages) {
  test.describe(`certificate verification (${lang})`, () => {
    test("the form normalises a typed number and an unknown number is a 404 that says so", async ({ page }, testInfo) => {
      const m = messagesOf(lang).certificates.verify;
      await page.goto("/verify");
      await chooseLanguage(page, lang);
      await expect(page.getByRole("heading", { level: 1, name: m.title })).toBeVisible();
      await snap(page, testInfo, lang, "verify-form");

      // A malformed number is explained beside the field and kept as typed.
      await page.getByLabel(m.number, { exact: true }).fill("GJ26-1234");
      await page.getByRole("button", { name: m.submit, exact: true }).click();
      await expect(page.getByText(m.badFormat)).toBeVisible();
      await expect(page.getByLabel(m.number, { exact: true })).toHaveValue("GJ26-1234");

      // Lower case, spaces instead of dashes, the letter O for zero: the canonical page opens.
      const number = unknownNumber(lang);
      const typed = number.toLowerCase().replace(/-/g, " ").replace(/0/g, "o");
      await page.getByLabel(m.number, { exact: true }).fill(typed);
      await page.getByRole("button", { name: m.submit, exact: true }).click();
      await expect(page).toHaveURL((url) => url.pathname === `/verify/${number}`);
      await expect(page.getByRole("alert")).toContainText(m.status.unknown);
      await expect(page.getByRole("alert")).toContainText(number);
      await noteHorizontalOverflow(page, testInfo, "verify-unknown");
      await snap(page, testInfo, lang, "verify-unknown");

      // Opened directly (as a QR code would): the status code is 404, and nothing personal is shown.
      const direct = await page.goto(`/verify/${number}`);
      expect(direct?.status()).toBe(404);
      await expect(page.getByRole("alert")).toContainText(m.status.unknown);
      await expect(page.getByText(m.holder, { exact: true })).toHaveCount(0);
      // A hand-typed address goes to the canonical one.
      await page.goto(`/verify/${number.toLowerCase().replace(/-/g, "")}`);
      await expect(page).toHaveURL((url) => url.pathname === `/verify/${number}`);
    });

    test("a certificate's PDF asks for sign-in, and an unknown one is refused with a translated message", async ({ page }) => {
      const m = messagesOf(lang).certificates;
      const number = unknownNumber(lang);
      await page.goto("/");
      await chooseLanguage(page, lang);
      await page.goto(`/certificates/${number}.pdf`);
      await expect(page).toHaveURL((url) => url.pathname === "/sign-in");
      await signIn(page, lang, "organizer", "/admin");
      const response = await page.request.get(`/certificates/${number}.pdf`);
      expect(response.status()).toBe(404);
      expect(await response.text()).toBe(m.download.notFound);
    });
  });
}
