// The organizer declares a judge's relation to a competitor (recusal) and withdraws it; the
// chief judge opens the judgement spreads of a fully marked skill. In both languages, with
// screenshots. Cyber Security is marked completely in the demo; declaring a relation there does
// not touch any other journey's skill.
import { expect, test } from "@playwright/test";
import { chooseLanguage, rowWith, signIn, snap } from "./support/app";
import { demo, languages, messagesOf } from "./support/i18n";

const cyber = { "zh-CN": "网络安全", en: "Cyber Security" } as const;

for (const lang of languages) {
  test(`recusal declarations and the judgement spreads page (${lang})`, async ({ page }, testInfo) => {
    const m = messagesOf(lang);
    await page.goto("/");
    await chooseLanguage(page, lang);
    await signIn(page, lang, "organizer", "/admin");
    await page.getByRole("link", { name: demo.competition[lang], exact: true }).click();
    await page.getByRole("link", { name: m.admin.tabs.relations, exact: true }).click();
    await expect(page.getByRole("heading", { name: m.relations.title })).toBeVisible();

    await test.step("a declaration is refused until every field is chosen, then listed", async () => {
      const judge = page.getByLabel(m.relations.judge, { exact: true });
      await judge.selectOption({ label: (await judge.locator("option", { hasText: "judge.cyber" }).first().textContent())!.trim() });
      const competitor = page.getByLabel(m.relations.competitor, { exact: true });
      const option = competitor.locator("option", { hasText: cyber[lang] }).first();
      await competitor.selectOption({ label: (await option.textContent())!.trim() });
      await page.getByLabel(m.relations.kindLabel, { exact: true }).selectOption("student");
      await page.getByLabel(m.relations.note, { exact: true }).fill(lang === "en" ? "Apprentice of the judge" : "裁判的学徒");
      await page.getByRole("button", { name: m.relations.declare }).click();
      await expect(page.getByRole("status")).toContainText(m.relations.done.declare);
      await expect(rowWith(page, m.relations.kindLabel, m.relations.kind.student).first()).toBeVisible();
      await snap(page, testInfo, lang, "recusal");
    });

    await test.step("withdrawing needs a reason and keeps the record", async () => {
      const row = page
        .locator("tbody tr")
        .filter({ hasText: lang === "en" ? "Apprentice of the judge" : "裁判的学徒" })
        .first();
      await row.getByLabel(m.relations.withdrawReason).fill(lang === "en" ? "Declared by mistake" : "登记有误");
      await row.getByRole("button", { name: m.relations.withdraw }).click();
      await expect(page.getByRole("status")).toContainText(m.relations.done.withdraw);
      await expect(page.getByText(lang === "en" ? "Withdrawn: Declared by mistake" : "已撤销：登记有误").first()).toBeVisible();
    });

    await test.step("the spreads of a fully marked skill, for whoever runs its judging", async () => {
      await page.getByRole("button", { name: m.app.nav.signOut }).click();
      // The sign-out's own navigation ends first; otherwise it can land after the sign-in page's.
      await expect(page.getByRole("link", { name: m.app.nav.signIn, exact: true })).toBeVisible();
      await signIn(page, lang, "admin", "/");
      const list = (await (await page.request.get("/api/v1/competitions")).json()) as { competitions: Array<{ id: string; nameZh: string }> };
      const competitionId = list.competitions.find((c) => c.nameZh === "2026年四川工匠杯职业技能大赛")!.id;
      const detail = (await (await page.request.get(`/api/v1/competitions/${competitionId}`)).json()) as { skills: Array<{ id: string; nameZh: string }> };
      const skillId = detail.skills.find((s) => s.nameZh === cyber["zh-CN"])!.id;
      await page.goto(`/judging/${competitionId}/${skillId}/results`);
      await expect(page.getByRole("heading", { level: 1, name: m.results.title })).toBeVisible();
      await page.goto(`/judging/${competitionId}/${skillId}/spreads`);
      await expect(page.getByRole("heading", { level: 1, name: m.spreads.title })).toBeVisible();
      await expect(page.getByText(m.spreads.intro)).toBeVisible();
      await snap(page, testInfo, lang, "spreads");
    });
  });
}
