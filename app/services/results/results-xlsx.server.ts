// Results as an Excel workbook: a title row, the same columns as the CSV (results-csv.ts) under a
// frozen header row, marks as numbers shown to two places. Each number is parsed from the exact
// value's two-place text, so the sheet shows what the CSV and the results page show — no
// floating-point arithmetic happens on the way.
import ExcelJS from "exceljs";
import type { SkillResults } from "~/domain/results/skill-results";
import { safeCell, safeRow } from "../spreadsheets/safe-cells.server";
import { resultsTable } from "./results-csv.server";

/** Column width in characters, counting a Chinese character as two. */
const widthOf = (text: string) => [...text].reduce((w, ch) => w + (ch.charCodeAt(0) > 0xff ? 2 : 1), 0);

export async function resultsToWorkbook(results: SkillResults, t: (key: string) => string, title: string): Promise<Uint8Array<ArrayBuffer>> {
  const { columns, rows } = resultsTable(results, t);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(t("results.title"), { views: [{ state: "frozen", ySplit: 2 }] });
  sheet.addRow(safeRow([title])).font = { bold: true, size: 14 };
  sheet.addRow(safeRow(columns.map((c) => c.header))).font = { bold: true };
  for (const row of rows) sheet.addRow(row.map((text, i) => (columns[i]!.kind === "text" || text === "" ? safeCell(text) || null : Number(text))));
  columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    if (c.kind === "mark") column.numFmt = "0.00";
    column.width = Math.min(40, Math.max(8, ...[c.header, ...rows.map((r) => r[i]!)].map(widthOf)) + 2);
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
