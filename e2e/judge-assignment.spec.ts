// Judge assignment 裁判分组 on the demo's Welding: the chief judge asks for a conflict-free
// proposal and saves it; then puts every judge in one team marking everyone, and the save is
// refused, naming the judge and the competitor code that conflict and why. The judge then sees
// only their own teams. In both languages, with screenshots.
import { expect, test } from "@playwright/test";
import { chooseLanguage, newCleanContext, signIn, snap } from "./support/app";
import { demo, languages, messagesOf } from "./support/i18n";

for (const lang of languages) {
  test(`the chief judge assigns marking teams; a plan against recusal is refused with the reason (${lang})`, async ({ page, browser }, testInfo) => {
    const m = messagesOf(lang);
    await page.goto("/");
    await chooseLanguage(page, lang);
    await signIn(page, lang, "chief.weld", "/judging");
    await page.getByRole("link", { name: m.judging.assignment }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: m.assignment.title })).toBeVisible();
    await expect(page.getByText(demo.welding[lang]).first()).toBeVisible();

    await test.step("the automatic proposal is conflict-free and is saved", async () => {
      await page.getByRole("button", { name: m.assignment.propose }).click();
      await expect(page.getByText(m.assignment.proposed)).toBeVisible();
      const reason = page.getByLabel(m.assignment.reason, { exact: true });
      if (await reason.isVisible()) await reason.fill(`e2e ${lang}`);
      await page.getByRole("button", { name: m.assignment.save }).click();
      await expect(page.locator(".notice")).toContainText(m.assignment.saved.split("{{")[0]!.trim());
      await expect(page.locator("table.problem-table tbody tr").first()).toBeVisible();
      await snap(page, testInfo, lang, "judge-assignment");
    });

    await test.step("one team of every judge marking everyone is refused, naming judge, competitor and reason", async () => {
      const text = page.getByLabel(m.assignment.teams, { exact: true });
      const first = (await text.inputValue()).split("\n")[0]!.split("|").map((p) => p.trim());
      const judges = await page.locator("#judges-title + ul li .code-text").allTextContents();
      const accounts = judges.map((j) => j.replace(/[()]/g, "")).join(",");
      await text.fill(`all | ${first[1]} | ${accounts} | * | *`);
      await page.getByLabel(m.assignment.reason, { exact: true }).fill(`e2e ${lang} conflict`);
      await page.getByRole("button", { name: m.assignment.save }).click();
      const alert = page.getByRole("alert");
      await expect(alert).toContainText(m.assignment.refused);
      await expect(alert).toContainText(m.errors.conflictReason.delegation);
      await expect(alert.locator("li").first()).toContainText(/\d{2}/);
      await snap(page, testInfo, lang, "judge-assignment-refused");
    });

    await test.step("judge.weld sees only their own teams, competitors by code", async () => {
      const context = await newCleanContext(browser, testInfo);
      const judge = await context.newPage();
      await judge.goto("/");
      await chooseLanguage(judge, lang);
      await signIn(judge, lang, "judge.weld", "/judging");
      await judge.getByRole("link", { name: m.judging.myAssignment }).first().click();
      await expect(judge.getByRole("heading", { level: 1, name: m.assignment.mine })).toBeVisible();
      const cards = judge.locator(".registration-card");
      await expect(cards.first()).toBeVisible();
      for (const codes of await judge.locator(".registration-card dd.code-text").allTextContents()) expect(codes).toMatch(/^[\w.\s]+$/);
      await context.close();
    });
  });
}
