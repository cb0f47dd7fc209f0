// Paper score sheets, enter then verify, on a tablet: the chief judge uploads a judges' paper
// sheet with one bad row and sees that row's problem (nothing entered), uploads the clean sheet
// (entered, counting nothing yet, and not theirs to verify), then the organizer verifies it and the
// results page shows the marks. In both languages, with screenshots.
//
// Fitter (钳工) is marked by no other journey (Welding's scheme is replaced and edited by the
// scheme journeys, which need it unmarked), so the organizer first makes chief.weld a chief judge
// of Fitter too. The judges named on the sheet have no password: paper needs none. Each run's file
// carries a note column with a stamp, so a rerun against the same server enters a new sheet; the
// English run's values differ, so on one server its rows correct the Chinese run's marks.
// Runs in the "tablet" project (playwright.config.ts).
import { expect, test, type Locator, type Page } from "@playwright/test";
import { cell, chooseLanguage, newCleanContext, rowWith, signIn, snap } from "./support/app";
import { demo, languages, messagesOf, translate, type Lang } from "./support/i18n";

const fitter = { "zh-CN": "钳工", en: "Fitter" } as const;

/** Judgement A1.1 (max 5.50) by three judges and all-or-nothing A1.3 (4.50), with the totals they give. */
const sheets = {
  "zh-CN": { scores: { "SC2026-0135": [2, 3, 2], "SC2026-0136": [3, 3, 3] }, achieved: "yes", totals: { "SC2026-0135": "8.78", "SC2026-0136": "5.50" } },
  en: { scores: { "SC2026-0135": [3, 3, 2], "SC2026-0136": [2, 2, 2] }, achieved: "no", totals: { "SC2026-0135": "4.89", "SC2026-0136": "3.67" } },
} as const;
const judges = ["judge.fitter", "judge.fitter.02", "judge.fitter.03"];

function sheetCsv(lang: Lang, stamp: string, badRow: boolean): Buffer {
  const { scores, achieved } = sheets[lang];
  const rows = Object.entries(scores).flatMap(([code, values]: [string, readonly number[]]) => values.map((v, i) => `${code},A1.1,${judges[i]},${v}`));
  rows.push(`SC2026-0135,A1.3,judge.fitter,${achieved}`);
  // Line 3 of the file: a judgement score of 4.
  if (badRow) rows[1] = rows[1]!.replace(/,\d$/, ",4");
  return Buffer.from(["competitor_code,aspect_code,judge,value,note", ...rows.map((r) => `${r},${stamp}`)].join("\n") + "\n");
}

/** Every button and field on the page is at least 44 px tall (touch). */
async function expectTouchTargets(scope: Locator): Promise<void> {
  const small = await scope
    .locator("button, a.button, input:not([type=hidden]), select, textarea")
    .evaluateAll((nodes) =>
      nodes.filter((n) => (n as HTMLElement).offsetParent !== null && n.getBoundingClientRect().height < 44).map((n) => n.outerHTML.slice(0, 80)),
    );
  expect(small).toEqual([]);
}

async function competitionAndSkill(page: Page): Promise<{ competitionId: string; skillId: string }> {
  const list = (await (await page.request.get("/api/v1/competitions")).json()) as { competitions: Array<{ id: string; nameZh: string }> };
  const competitionId = list.competitions.find((c) => c.nameZh === demo.competition["zh-CN"])!.id;
  const detail = (await (await page.request.get(`/api/v1/competitions/${competitionId}`)).json()) as { skills: Array<{ id: string; nameZh: string }> };
  return { competitionId, skillId: detail.skills.find((s) => s.nameZh === fitter["zh-CN"])!.id };
}

for (const lang of languages) {
  test(`paper score sheet: entered by the chief judge, verified by the organizer (${lang})`, async ({ page, browser, playwright, baseURL }, testInfo) => {
    const m = messagesOf(lang);
    const stamp = `${lang}-${Date.now()}`;
    const fileName = `${fitter["zh-CN"]}-A-${stamp}.csv`;
    const { competitionId, skillId } = await competitionAndSkill(page);

    await test.step("the organizer makes chief.weld a chief judge of Fitter", async () => {
      const organizer = await playwright.request.newContext({ baseURL });
      expect((await organizer.post("/sign-in", { form: { username: "organizer", password: demo.password, redirectTo: "/" }, maxRedirects: 0 })).status()).toBe(
        302,
      );
      const granted = await organizer.post(`/admin/competitions/${competitionId}/people`, {
        form: { username: "chief.weld", displayName: "", password: "", role: "chief_judge", skillId, delegationId: "" },
      });
      // Granted now, or by an earlier run against the same server.
      if (granted.status() !== 200) expect(await granted.text()).toContain(translate("zh-CN", "errors.ROLE_ALREADY_GRANTED"));
      await organizer.dispose();
    });

    await page.goto("/");
    await chooseLanguage(page, lang);
    await signIn(page, lang, "chief.weld", "/judging");
    await rowWith(page, m.judging.columns.skill, fitter[lang]).getByRole("link", { name: m.scoreSheets.link }).click();
    await expect(page.getByRole("heading", { level: 1, name: m.scoreSheets.title })).toBeVisible();
    const upload = async (buffer: Buffer) => {
      await page.getByLabel(m.scoreSheets.file).setInputFiles({ name: fileName, mimeType: "text/csv", buffer });
      await page.getByRole("button", { name: m.scoreSheets.upload, exact: true }).click();
    };

    await test.step("a sheet with one bad row is refused whole, naming the row and column", async () => {
      await upload(sheetCsv(lang, stamp, true));
      const alert = page.getByRole("alert");
      await expect(alert).toContainText(translate(lang, "scoreSheets.problems", { count: 1 }));
      await expect(alert).toContainText(translate(lang, "scoreSheets.at", { row: 3, column: translate(lang, "scoreSheets.column.value") }));
      await expect(alert).toContainText(translate(lang, "scoreSheets.problem.SCORE_NOT_0_TO_3", { value: "4" }));
      await expect(page.getByRole("link", { name: translate(lang, "scoreSheets.open", { file: fileName }) })).toHaveCount(0);
      await expectTouchTargets(page.locator("main"));
      await snap(page, testInfo, lang, "score-sheet-refused");
    });

    await test.step("the clean sheet is entered, counting nothing until another person verifies it", async () => {
      await upload(sheetCsv(lang, stamp, false));
      await expect(page.getByRole("status")).toContainText(translate(lang, "scoreSheets.done.entered", { rows: 7 }));
      const detail = page.getByRole("region", { name: translate(lang, "scoreSheets.detail", { file: fileName }) });
      await expect(detail.getByText(m.scoreSheets.ownSheet)).toBeVisible();
      await expect(page.getByRole("button", { name: m.scoreSheets.verify })).toHaveCount(0);
      await expect(rowWith(detail, m.scoreSheets.columns.row, "3").locator(`td[data-label="${m.scoreSheets.columns.judge}"]`)).toContainText("judge.fitter.02");
      await expect(cell(detail, m.scoreSheets.columns.mark, m.scoreSheets.notWritten)).toHaveCount(7);
      await snap(page, testInfo, lang, "score-sheet-entered");
    });

    const context = await newCleanContext(browser, testInfo);
    const verifier = await context.newPage();
    await test.step("the organizer finds the sheet from the skill's page and verifies it", async () => {
      await verifier.goto("/");
      await chooseLanguage(verifier, lang);
      await signIn(verifier, lang, "organizer", "/admin");
      await verifier.getByRole("link", { name: demo.competition[lang], exact: true }).click();
      await verifier.getByRole("link", { name: m.admin.tabs.skills, exact: true }).click();
      await verifier.getByRole("link", { name: fitter[lang], exact: true }).click();
      await verifier.getByRole("link", { name: m.scoreSheets.link, exact: true }).click();
      await expect(verifier.getByRole("heading", { level: 1, name: m.scoreSheets.title })).toBeVisible();
      const listed = verifier.getByRole("link", { name: translate(lang, "scoreSheets.open", { file: fileName }) });
      await expect(verifier.locator("tbody tr").filter({ has: listed }).getByText(m.scoreSheets.state.entered)).toBeVisible();
      await listed.click();
      await verifier.getByRole("button", { name: m.scoreSheets.verify }).click();
      await expect(verifier.getByRole("status")).toContainText(translate(lang, "scoreSheets.done.verified", { rows: 7 }));
      const detail = verifier.getByRole("region", { name: translate(lang, "scoreSheets.detail", { file: fileName }) });
      await expect(detail.getByText(m.scoreSheets.state.verified, { exact: true })).toBeVisible();
      await expect(cell(detail, m.scoreSheets.columns.mark, m.scoreSheets.notWritten)).toHaveCount(0);
      await expectTouchTargets(verifier.locator("main"));
      await snap(verifier, testInfo, lang, "score-sheet-verified");
    });

    await test.step("the results page shows the marks", async () => {
      await verifier.getByRole("link", { name: m.scoreSheets.results }).first().click();
      await expect(verifier.getByRole("heading", { level: 1, name: m.results.title })).toBeVisible();
      for (const [code, total] of Object.entries(sheets[lang].totals)) {
        await expect(rowWith(verifier, m.results.columns.code, code).locator(`td[data-label="${m.results.columns.total}"]`)).toContainText(total);
      }
      expect(new URL(verifier.url()).pathname).toBe(`/judging/${competitionId}/${skillId}/results`);
      await snap(verifier, testInfo, lang, "score-sheet-results");
    });
    await context.close();
  });
}
