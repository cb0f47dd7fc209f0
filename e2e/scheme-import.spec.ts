// The chief judge of Welding imports the marking scheme from the documented CSV example, sees the
// section allocation, exports it again, and a broken file is refused whole with every problem
// named by row and column. Runs in the "tablet" project (playwright.config.ts).
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { cell, chooseLanguage, rowWith, signIn, snap } from "./support/app";
import { demo, languages, messagesOf, translate } from "./support/i18n";

const example = readFileSync(new URL("../docs/examples/marking-scheme.csv", import.meta.url), "utf8");
// Row 8: a max mark off the 0.01 grid; row 9: a parent that does not exist.
const broken = example
  .split("\n")
  .map((line, i) => (i === 7 ? line.replace(",M,10.00,", ",M,10.005,") : i === 8 ? line.replace(",A1,", ",Z9,") : line))
  .join("\n");

/** The translated message as a pattern in which the version number may be anything. */
function withAnyVersion(lang: (typeof languages)[number], key: string, params: Record<string, string | number> = {}): RegExp {
  const text = translate(lang, key, { ...params, version: "§" });
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace("§", "\\d+"));
}

for (const lang of languages) {
  test(`the chief judge imports and exports a marking scheme (${lang})`, async ({ page }, testInfo) => {
    const m = messagesOf(lang);
    await page.goto("/");
    await chooseLanguage(page, lang);
    await signIn(page, lang, "chief.weld", "/judging");
    await rowWith(page, m.judging.columns.skill, demo.welding[lang]).getByRole("link", { name: m.judging.scheme }).click();
    await expect(page.getByRole("heading", { level: 1, name: m.scheme.title })).toBeVisible();

    await test.step("a valid file replaces the scheme and shows the section allocation", async () => {
      await page.getByLabel(m.scheme.file).setInputFiles({ name: "scheme.csv", mimeType: "text/csv", buffer: Buffer.from(example) });
      await page.getByRole("button", { name: m.scheme.upload, exact: true }).click();
      await expect(page.getByRole("status")).toContainText(withAnyVersion(lang, "scheme.saved"));
      const section = rowWith(page, m.scheme.columns.section, "2 焊接工艺与质量 Welding process and quality");
      await expect(cell(section, m.scheme.columns.marks, "45.00")).toBeVisible();
      await expect(cell(section, m.scheme.columns.status, m.scheme.ok)).toBeVisible();
      await snap(page, testInfo, lang, "scheme");
    });

    await test.step("export gives the same layout back", async () => {
      const download = page.waitForEvent("download");
      await page.getByRole("link", { name: m.scheme.export }).click();
      const file = await (await download).path();
      const text = readFileSync(file, "utf8");
      expect(text.startsWith("\uFEFFrecord,id,parent,name,type,max_mark")).toBe(true);
      expect(text).toContain("aspect,B2.2,B2,安全操作综合评价 Safe practice (5 judges),T,10.00,3");
    });

    await test.step("a broken file changes nothing and names every problem", async () => {
      const summary = await page.getByText(withAnyVersion(lang, "scheme.summary", { total: "100.00" })).textContent();
      await page.getByLabel(m.scheme.file).setInputFiles({ name: "broken.csv", mimeType: "text/csv", buffer: Buffer.from(broken) });
      await page.getByRole("button", { name: m.scheme.upload, exact: true }).click();
      const alert = page.getByRole("alert");
      await expect(alert).toContainText(translate(lang, "scheme.problem.UNKNOWN_PARENT", { parent: "Z9" }));
      await expect(alert).toContainText(translate(lang, "scheme.at", { row: 9, column: "parent" }));
      await expect(alert).toContainText(translate(lang, "scheme.problem.MAX_NOT_IN_STEPS", { max: "10.005" }));
      await expect(alert).toContainText(translate(lang, "scheme.at", { row: 8, column: "max_mark" }));
      await snap(page, testInfo, lang, "scheme-problems");
      await page.reload();
      await expect(page.getByText(summary!)).toBeVisible();
    });
  });
}
