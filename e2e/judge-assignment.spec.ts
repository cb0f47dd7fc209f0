// Judge assignment 裁判分组 on the demo's Automotive skill (other journeys mark Welding, and a plan
// in force binds marks): the chief judge's page asks for a conflict-free proposal and saves it;
// then every judge in one team marking everyone is refused, naming the judge and the competitor
// codes that conflict and why. A judge of the skill then sees only their own teams. In both
// languages, with screenshots. The platform admin stands in for the skill's chief judge.
import { expect, test } from "@playwright/test";
import { chooseLanguage, signIn, snap } from "./support/app";
import { demo, languages, messagesOf } from "./support/i18n";

for (const lang of languages) {
  test(`the chief judge assigns marking teams; a plan against recusal is refused with the reason (${lang})`, async ({ page }, testInfo) => {
    const m = messagesOf(lang);
    const list = (await (await page.request.get("/api/v1/competitions")).json()) as { competitions: Array<{ id: string; nameZh: string }> };
    const competitionId = list.competitions.find((c) => c.nameZh === demo.competition["zh-CN"])!.id;
    const detail = (await (await page.request.get(`/api/v1/competitions/${competitionId}`)).json()) as { skills: Array<{ id: string; nameZh: string }> };
    const skillId = detail.skills.find((s) => s.nameZh === "汽车维修工")!.id;
    await page.goto("/");
    await chooseLanguage(page, lang);
    await signIn(page, lang, "admin", "/");
    await page.goto(`/judging/${competitionId}/${skillId}/assignment`);
    await expect(page.getByRole("heading", { level: 1, name: m.assignment.title })).toBeVisible();

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
      const first = (await text.inputValue())
        .split("\n")[0]!
        .split("|")
        .map((p) => p.trim());
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

    await test.step("a judge of the skill sees only their own teams, competitors by code", async () => {
      await page.goto(`/judging/${competitionId}/${skillId}/my-assignment`);
      await expect(page.getByRole("heading", { level: 1, name: m.assignment.mine })).toBeVisible();
      // The admin is no judge: no team of theirs, and no other team shown either.
      await expect(page.getByText(m.assignment.noneForMe)).toBeVisible();
      await expect(page.locator(".registration-card")).toHaveCount(0);
    });
  });
}
