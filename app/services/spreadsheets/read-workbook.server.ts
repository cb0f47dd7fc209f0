// Reading an uploaded .xlsx safely, shared by every Excel import: the bytes must be a zip-based
// workbook; the parse stops at the first row or column past the limit (before a 100k-row sheet
// is built in memory); a workbook is only read, never evaluated, so formula cells and merged
// cells are refused with the cell they are in; hidden sheets are refused because what a person
// cannot see they cannot check.
import ExcelJS from "exceljs";
import { restoredCell } from "./safe-cells.server";

export interface WorkbookProblem {
  code: "NOT_XLSX" | "SHEET_TOO_LARGE" | "MERGED_CELLS" | "FORMULA_CELL" | "HIDDEN_SHEET";
  sheet?: string;
  row?: number;
  column?: string;
  params: Record<string, string | number>;
}

/** A .xlsx is a zip ("PK\x03\x04"); an old .xls or an encrypted workbook is an OLE2 file. */
export function looksLikeWorkbook(bytes: Uint8Array): boolean {
  const startsWith = (magic: number[]) => magic.every((b, i) => bytes[i] === b);
  return startsWith([0x50, 0x4b, 0x03, 0x04]) || startsWith([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
}

/**
 * Loads a workbook with at most `headerRows + maxDataRows` rows and `maxColumns` columns per
 * sheet; SHEET_TOO_LARGE reports the data-row limit a person can act on.
 */
export async function loadWorkbook(
  bytes: Uint8Array,
  limits: { maxDataRows: number; headerRows: number; maxColumns: number },
): Promise<ExcelJS.Workbook | WorkbookProblem> {
  if (!looksLikeWorkbook(bytes) || bytes[0] !== 0x50) return { code: "NOT_XLSX", params: {} };
  const workbook = new ExcelJS.Workbook();
  try {
    // maxRows / maxCols (exceljs 4.4, not in its typings) stop the parse at the first row or cell
    // past the limit. A copy: a Node Buffer may be a view into a larger shared pool.
    const options = { maxRows: limits.maxDataRows + limits.headerRows, maxCols: limits.maxColumns };
    await workbook.xlsx.load(new Uint8Array(bytes).buffer, options as Partial<ExcelJS.XlsxReadOptions>);
  } catch (error) {
    if (/^Max (row|column) count/.test((error as Error).message ?? ""))
      return { code: "SHEET_TOO_LARGE", params: { maxRows: limits.maxDataRows, maxColumns: limits.maxColumns } };
    return { code: "NOT_XLSX", params: {} };
  }
  return workbook;
}

export function hiddenSheets(workbook: ExcelJS.Workbook): WorkbookProblem[] {
  return workbook.worksheets
    .filter((s) => s.state === "hidden" || s.state === "veryHidden")
    .map((s) => ({ code: "HIDDEN_SHEET", sheet: s.name, params: { sheet: s.name } }));
}

/** Merged cells and formulas anywhere in a sheet that is read: refused, never evaluated. */
export function unsafeCells(sheet: ExcelJS.Worksheet): WorkbookProblem[] {
  const problems: WorkbookProblem[] = [];
  for (const range of sheet.model.merges) {
    const topLeft = sheet.getCell(range.split(":")[0]!);
    problems.push({ code: "MERGED_CELLS", ...cellOrigin(sheet, topLeft), params: { range } });
  }
  sheet.eachRow((row) =>
    row.eachCell((cell) => {
      const value = cell.value;
      if (typeof value === "object" && value !== null && ("formula" in value || "sharedFormula" in value))
        problems.push({ code: "FORMULA_CELL", ...cellOrigin(sheet, cell), params: { cell: cell.address } });
    }),
  );
  return problems;
}

export function cellOrigin(sheet: ExcelJS.Worksheet, cell: ExcelJS.Cell): { sheet: string; row: number; column: string } {
  return { sheet: sheet.name, row: Number(cell.row), column: sheet.getColumn(cell.col).letter };
}

/** A cell as the text a CSV would have had: numbers in their shortest form, text trimmed. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return restoredCell(value.trim());
  if (value instanceof Date) return value.toISOString();
  if ("richText" in value)
    return restoredCell(
      value.richText
        .map((r) => r.text)
        .join("")
        .trim(),
    );
  if ("text" in value) return cellText(value.text as ExcelJS.CellValue); // a hyperlink
  if ("error" in value) return value.error;
  return "";
}
