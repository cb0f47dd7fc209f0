// The chief judge of Welding imports the marking scheme from the documented CSV example, sees the
// section allocation, exports it again, and a broken file is refused whole with every problem
// named by row and column; then the same with the Excel workbook (CIS-like layout): the example
// imports, the export downloads and imports back, and a workbook with a formula and merged cells
// is refused naming sheet, row and column. Runs in the "tablet" project (playwright.config.ts).
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import ExcelJS from "exceljs";
import { cell, chooseLanguage, rowWith, signIn, snap } from "./support/app";
import { demo, languages, messagesOf, translate } from "./support/i18n";

const example = readFileSync(new URL("../docs/examples/marking-scheme.csv", import.meta.url), "utf8");
const exampleWorkbook = readFileSync(new URL("../docs/examples/marking-scheme.xlsx", import.meta.url));
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The example workbook with a formula for A1.1's max mark (M4) and two cells of A1.2's row merged. */
async function brokenWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(exampleWorkbook).buffer);
  const sheet = workbook.getWorksheet("Marking Scheme")!;
  sheet.getCell("M4").value = { formula: "5+5", result: 10 };
  sheet.mergeCells("F5:G5");
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
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

/** The version the summary shows, so a test can wait for the next one rather than any. */
async function shownVersion(page: Page, lang: (typeof languages)[number]): Promise<number> {
  const summary = await page.getByText(withAnyVersion(lang, "scheme.summary", { total: "100.00" })).textContent();
  return Number(/(\d+)\D*$/.exec(summary!)![1]);
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

    await test.step("the example Excel workbook imports the same scheme", async () => {
      const next = (await shownVersion(page, lang)) + 1;
      await page.getByLabel(m.scheme.file).setInputFiles({ name: "marking-scheme.xlsx", mimeType: xlsxType, buffer: exampleWorkbook });
      await page.getByRole("button", { name: m.scheme.upload, exact: true }).click();
      await expect(page.getByRole("status")).toContainText(translate(lang, "scheme.saved", { version: next }));
      await expect(page.getByText(translate(lang, "scheme.summary", { total: "100.00", version: next }))).toBeVisible();
      await expect(
        cell(rowWith(page, m.scheme.columns.section, "2 焊接工艺与质量 Welding process and quality"), m.scheme.columns.marks, "45.00"),
      ).toBeVisible();
    });

    await test.step("the Excel export downloads the CIS-like layout and imports back", async () => {
      const download = page.waitForEvent("download");
      await page.getByRole("link", { name: m.scheme.exportXlsx }).click();
      const file = readFileSync(await (await download).path());
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(new Uint8Array(file).buffer);
      expect(workbook.worksheets.map((w) => w.name)).toEqual(["Marking Scheme", "Sections"]);
      const sheet = workbook.getWorksheet("Marking Scheme")!;
      expect((sheet.getRow(24).values as unknown[]).slice(5)).toEqual([
        "B2.2",
        "T",
        "安全操作综合评价 Safe practice (5 judges)",
        undefined,
        undefined,
        undefined,
        5,
        "3",
        10,
      ]);
      const next = (await shownVersion(page, lang)) + 1;
      await page.getByLabel(m.scheme.file).setInputFiles({ name: "exported.xlsx", mimeType: xlsxType, buffer: file });
      await page.getByRole("button", { name: m.scheme.upload, exact: true }).click();
      await expect(page.getByRole("status")).toContainText(translate(lang, "scheme.saved", { version: next }));
      await expect(page.getByText(translate(lang, "scheme.summary", { total: "100.00", version: next }))).toBeVisible();
    });

    await test.step("a workbook with a formula and merged cells changes nothing and names sheet, row and column", async () => {
      const summary = await page.getByText(withAnyVersion(lang, "scheme.summary", { total: "100.00" })).textContent();
      await page.getByLabel(m.scheme.file).setInputFiles({ name: "broken.xlsx", mimeType: xlsxType, buffer: await brokenWorkbook() });
      await page.getByRole("button", { name: m.scheme.upload, exact: true }).click();
      const alert = page.getByRole("alert");
      await expect(alert).toContainText(
        `${translate(lang, "scheme.atCell", { sheet: "Marking Scheme", row: 4, column: "M" })}: ${translate(lang, "scheme.problem.FORMULA_CELL", { cell: "M4" })}`,
      );
      await expect(alert).toContainText(
        `${translate(lang, "scheme.atCell", { sheet: "Marking Scheme", row: 5, column: "F" })}: ${translate(lang, "scheme.problem.MERGED_CELLS", { range: "F5:G5" })}`,
      );
      await snap(page, testInfo, lang, "scheme-xlsx-problems");
      await page.reload();
      await expect(page.getByText(summary!)).toBeVisible();
    });
  });
}
