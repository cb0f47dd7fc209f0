// An organizer's first competition, end to end, in each language: the public list and the demo
// competition, signing in, creating a public city-level competition with one skill, and checking
// that an anonymous visitor sees both.
import { expect, test } from "@playwright/test";
import { cell, chooseLanguage, column, newCleanContext, noteHorizontalOverflow, rowWith, signIn, snap } from "./support/app";
import { demo, languages, messagesOf } from "./support/i18n";

for (const lang of languages) {
  test(`organizer creates a public competition with a skill (${lang})`, async ({ page, browser }, testInfo) => {
    const m = messagesOf(lang);
    const stamp = `${lang}-${testInfo.project.name}-${Date.now()}`;
    const competition = { nameZh: `端到端测试赛 ${stamp}`, nameEn: `E2E Test Cup ${stamp}` };
    const shownName = lang === "en" ? competition.nameEn : competition.nameZh;
    const skill = { nameZh: `数控车 ${stamp}`, nameEn: `CNC Turning ${stamp}` };
    const shownSkill = lang === "en" ? skill.nameEn : skill.nameZh;

    await test.step("the home page lists the demo competition", async () => {
      await page.goto("/");
      await chooseLanguage(page, lang);
      await expect(page.getByRole("heading", { level: 1, name: m.home.title })).toBeVisible();
      const demoRow = rowWith(page, m.home.columns.name, demo.competition[lang]);
      await expect(demoRow).toHaveCount(1);
      // Translated cells follow the language switch without a reload.
      await expect(cell(demoRow, m.home.columns.level, m.level.provincial)).toBeVisible();
      await expect(cell(demoRow, m.home.columns.status, m.status.running)).toBeVisible();
      await expect(page.getByRole("searchbox", { name: m.table.filter })).toBeVisible();
      await noteHorizontalOverflow(page, testInfo, "home");
      await snap(page, testInfo, lang, "home");
    });

    await test.step("the demo competition shows its skills and delegations", async () => {
      await page.getByRole("link", { name: demo.competition[lang], exact: true }).click();
      await expect(page.getByRole("heading", { level: 1, name: demo.competition[lang] })).toBeVisible();
      const skills = page.getByRole("region", { name: m.competition.skills });
      await expect(cell(skills, m.competition.skillColumns.name, demo.welding[lang])).toBeVisible();
      const delegations = page.getByRole("region", { name: m.competition.delegations });
      await expect(cell(delegations, m.competition.delegationColumns.name, demo.chengdu[lang])).toBeVisible();
      await expect(page.getByRole("region", { name: m.competition.schedule })).toBeVisible();
      await noteHorizontalOverflow(page, testInfo, "competition");
      await snap(page, testInfo, lang, "competition");
    });

    await test.step("the organizer signs in and opens the new-competition form", async () => {
      await signIn(page, lang, "organizer", "/admin");
      await expect(page.getByRole("heading", { level: 1, name: m.admin.myCompetitions })).toBeVisible();
      await page.getByRole("link", { name: m.admin.newCompetition }).click();
      await expect(page).toHaveURL(/\/admin\/competitions\/new$/);
      await expect(page.getByRole("heading", { level: 1, name: m.admin.newCompetition })).toBeVisible();
    });

    await test.step("fills in and saves the competition", async () => {
      const f = m.admin.competitionForm;
      await page.getByLabel(f.nameZh, { exact: true }).fill(competition.nameZh);
      await page.getByLabel(f.nameEn, { exact: true }).fill(competition.nameEn);
      await page.getByLabel(f.level, { exact: true }).selectOption({ label: m.level.city });
      await page.getByLabel(f.status, { exact: true }).selectOption({ label: m.status.announced });
      await page.getByLabel(f.startsOn, { exact: true }).fill("2027-05-10");
      await page.getByLabel(f.endsOn, { exact: true }).fill("2027-05-12");
      await page.getByLabel(f.venue, { exact: true }).fill("成都市职业技能公共实训基地 E2E");
      await page.getByLabel(f.organizerName, { exact: true }).fill("成都市人力资源和社会保障局");
      await noteHorizontalOverflow(page, testInfo, "new-competition");
      await snap(page, testInfo, lang, "new-competition");
      await page.getByRole("button", { name: m.admin.save, exact: true }).click();

      await expect(page).toHaveURL(/\/admin\/competitions\/[0-9a-f-]{36}\/skills$/);
      await expect(page.getByRole("heading", { level: 1, name: shownName })).toBeVisible();
      await expect(page.getByRole("link", { name: m.admin.tabs.skills, exact: true })).toHaveAttribute("aria-current", "page");
      await expect(page.getByText(`${m.level.city} · ${m.status.announced}`)).toBeVisible();
      await expect(page.getByText(m.admin.skills.none)).toBeVisible();
    });

    await test.step("adds a skill within the competition's dates", async () => {
      const f = m.admin.skillForm;
      await page.getByRole("link", { name: m.admin.skills.add }).click();
      await expect(page).toHaveURL(/\/skills\/new$/);
      await expect(page.getByRole("group", { name: f.newTitle })).toBeVisible();
      await page.getByLabel(f.nameZh, { exact: true }).fill(skill.nameZh);
      await page.getByLabel(f.nameEn, { exact: true }).fill(skill.nameEn);
      await page.getByLabel(f.track, { exact: true }).selectOption({ label: m.track.national });
      await page.getByLabel(f.occupationCode, { exact: true }).fill("6-18-02-04");
      await page.getByLabel(f.startsAt, { exact: true }).fill("2027-05-11T08:30");
      await page.getByLabel(f.endsAt, { exact: true }).fill("2027-05-11T17:30");
      await page.getByLabel(f.venueArea, { exact: true }).fill("A馆");
      await page.getByRole("button", { name: m.admin.save, exact: true }).click();

      await expect(page).toHaveURL(/\/admin\/competitions\/[0-9a-f-]{36}\/skills$/);
      const row = rowWith(page, m.competition.skillColumns.name, shownSkill);
      await expect(row).toHaveCount(1);
      await expect(cell(row, m.competition.skillColumns.occupation, "6-18-02-04")).toBeVisible();
      await expect(cell(row, m.competition.skillColumns.track, m.track.national)).toBeVisible();
    });

    await test.step("the public page tab and the home page show the new competition", async () => {
      await page.getByRole("link", { name: m.admin.tabs.publicPage, exact: true }).click();
      await expect(page).toHaveURL(/\/competitions\/[0-9a-f-]{36}$/);
      await expect(page.getByRole("heading", { level: 1, name: shownName })).toBeVisible();
      await expect(cell(page.getByRole("region", { name: m.competition.skills }), m.competition.skillColumns.name, shownSkill)).toBeVisible();
      await page.goto("/");
      await expect(page.getByRole("link", { name: shownName, exact: true })).toBeVisible();
    });

    await test.step("an anonymous visitor sees the competition and its skill", async () => {
      const visitor = await newCleanContext(browser, testInfo);
      try {
        const anon = await visitor.newPage();
        await anon.goto("/");
        await chooseLanguage(anon, lang);
        await expect(anon.getByRole("link", { name: m.app.nav.signIn, exact: true })).toBeVisible();
        const row = rowWith(anon, m.home.columns.name, shownName);
        await expect(row).toHaveCount(1);
        await expect(cell(row, m.home.columns.level, m.level.city)).toBeVisible();
        await expect(cell(row, m.home.columns.skills, "1")).toBeVisible();
        await expect(cell(row, m.home.columns.status, m.status.announced)).toBeVisible();

        await row.getByRole("link", { name: shownName }).click();
        await expect(anon.getByRole("heading", { level: 1, name: shownName })).toBeVisible();
        const skills = anon.getByRole("region", { name: m.competition.skills });
        await expect(cell(skills, m.competition.skillColumns.name, shownSkill)).toBeVisible();
        await expect(column(skills, m.competition.skillColumns.name)).toHaveCount(1);
        await expect(anon.getByRole("heading", { level: 2, name: m.competition.delegations, exact: true })).toBeVisible();
        await noteHorizontalOverflow(anon, testInfo, "public-page");
        await snap(anon, testInfo, lang, "public-page");
      } finally {
        await visitor.close();
      }
    });
  });
}
