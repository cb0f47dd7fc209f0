// The chief judge's console 裁判长控制台 on the Industrial Robot skill (marked by no other journey;
// Welding's scheme must stay unmarked for the scheme journeys): the marking matrix of a module,
// and a mark recorded by a judge's scoring device (another client, over the API) appearing in it
// live, without a reload. The platform admin stands in for the skill's chief judge. In both
// languages, with screenshots.
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { chooseLanguage, ownApiToken, signIn, snap } from "./support/app";
import { demo, languages, messagesOf, type Lang } from "./support/i18n";

for (const lang of languages) {
  test(`the console shows a judge's mark arrive live (${lang})`, async ({ page, playwright, baseURL }, testInfo) => {
    const m = messagesOf(lang as Lang);
    const organizer = await playwright.request.newContext({ baseURL });
    const list = (await (await organizer.get("/api/v1/competitions")).json()) as { competitions: Array<{ id: string; nameZh: string }> };
    const competitionId = list.competitions.find((c) => c.nameZh === demo.competition["zh-CN"])!.id;
    const detail = (await (await organizer.get(`/api/v1/competitions/${competitionId}`)).json()) as { skills: Array<{ id: string; nameZh: string }> };
    const skillId = detail.skills.find((s) => s.nameZh === "工业机器人系统操作员")!.id;
    expect((await organizer.post("/sign-in", { form: { username: "organizer", password: demo.password, redirectTo: "/" }, maxRedirects: 0 })).status()).toBe(
      302,
    );
    const token = await ownApiToken(baseURL, { username: "judge.robot", competitionId, role: "judge", label: `e2e console ${lang}` });
    const device = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });

    // A judgement aspect of Welding, and its module.
    const scheme = await (await organizer.get(`/judging/${competitionId}/${skillId}/scheme.csv`)).text();
    const aspect = /\naspect,([A-Z]\d\.\d+),[^\n]*,J,/.exec(scheme)![1]!;
    const moduleCode = aspect.replace(/\d.*$/, "");

    await page.goto("/");
    await chooseLanguage(page, lang as Lang);
    await signIn(page, lang as Lang, "admin", "/");
    await page.goto(`/judging/${competitionId}/${skillId}/console`);
    await expect(page.getByRole("heading", { level: 1, name: m.console.title })).toBeVisible();
    await page.getByRole("link", { name: new RegExp(`^${moduleCode} `) }).click();
    await expect(page.getByRole("heading", { level: 2, name: m.console.matrix.replace("{{module}}", moduleCode) })).toBeVisible();
    await expect(page.locator(".eyebrow .live-dot")).toHaveText(m.console.connection.live);

    // The judge marks the first competitor they are free to mark (recusal refuses their own).
    const column = (await page.locator(".console-matrix thead th").allTextContents()).indexOf(aspect);
    expect(column).toBeGreaterThan(0);
    const rows = page.locator(".console-matrix tbody tr");
    let markedRow = -1;
    let before = "";
    for (let i = 0; i < (await rows.count()) && markedRow < 0; i++) {
      const code = (await rows.nth(i).locator("th").textContent())!.trim();
      const cellText = (await rows.nth(i).locator("th, td").nth(column).textContent())!;
      const res = await device.post(`/api/v1/competitions/${competitionId}/skills/${skillId}/marks`, {
        data: { submissionId: randomUUID(), competitorCode: code, aspectCode: aspect, value: { score: 2 } },
      });
      if (res.status() === 201) [markedRow, before] = [i, cellText];
      else expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(/JUDGE_CONFLICT|MARK_CONFLICT|REASON_REQUIRED/);
    }
    expect(markedRow).toBeGreaterThanOrEqual(0);
    const have = Number(/(\d+)\/\d+/.exec(before)![1]);
    // Live: the cell counts one judge more, without a reload.
    await expect(rows.nth(markedRow).locator("th, td").nth(column)).toContainText(`${have + 1}/`);
    await snap(page, testInfo, lang as Lang, "chief-console");
    await organizer.dispose();
    await device.dispose();
  });
}
