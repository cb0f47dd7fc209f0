// The dashboard's tables as an Excel workbook: a sheet per table (or only the one asked for), each
// with a title row naming the filters, a frozen header row in the reader's language, counts as
// numbers and shares as numbers formatted as percentages (results-xlsx.ts's style).
import ExcelJS from "exceljs";
import { safeCell, safeRow } from "../spreadsheets/safe-cells.server";
import type { DashboardTable } from "~/components/dashboard/dashboard-tables";

/** Column width in characters, counting a Chinese character as two. */
const widthOf = (text: string) => [...text].reduce((w, ch) => w + (ch.charCodeAt(0) > 0xff ? 2 : 1), 0);

/** Excel refuses sheet names longer than 31 characters or with any of \ / ? * [ ] :. */
export function sheetName(title: string): string {
  return [...title.replace(/[\\/?*[\]:]/g, "-")].slice(0, 31).join("");
}

export async function dashboardToWorkbook(
  tables: readonly DashboardTable[],
  scope: string,
  t: (key: string, params?: Record<string, string>) => string,
): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  for (const table of tables) {
    const sheet = workbook.addWorksheet(sheetName(table.title), { views: [{ state: "frozen", ySplit: 2 }] });
    sheet.addRow(safeRow([t("dashboard.sheetTitle", { table: table.title, scope })])).font = { bold: true, size: 14 };
    sheet.addRow(safeRow(table.columns.map((c) => c.header))).font = { bold: true };
    for (const row of table.rows)
      sheet.addRow(row.map((value, i) => (value !== null && table.columns[i]!.kind === "perMille" ? Number(value) / 1000 : safeCell(value))));
    table.columns.forEach((c, i) => {
      const column = sheet.getColumn(i + 1);
      if (c.kind === "perMille") column.numFmt = "0.0%";
      column.width = Math.min(48, Math.max(8, ...[c.header, ...table.rows.map((r) => String(r[i] ?? ""))].map(widthOf)) + 2);
    });
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
