// A table as an Excel workbook: one sheet, the headers in bold in a frozen first row with a
// filter on them, one row per record in the headers' order. For lists an organizer sorts,
// filters and forwards (the registration roster, the qualified persons).
import ExcelJS from "exceljs";
import { safeCell, safeRow } from "./safe-cells.server";

export type TableCell = string | number | null;

export async function tableWorkbook<K extends string>(
  rows: ReadonlyArray<Record<NoInfer<K>, TableCell>>,
  headers: Record<K, string>,
  sheetName: string,
  wide: ReadonlyArray<NoInfer<K>> = [],
): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  // Excel refuses sheet names over 31 characters.
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] });
  const keys = Object.keys(headers) as K[];
  sheet.columns = keys.map((key) => ({ key, header: safeCell(headers[key]), width: wide.includes(key) ? 28 : 14 }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) sheet.addRow(safeRow(r));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: keys.length } };
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
