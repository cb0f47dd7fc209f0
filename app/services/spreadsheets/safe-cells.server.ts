// Formula injection (CSV injection): a spreadsheet program runs a cell whose text starts with
// = + - @ (or a tab or carriage return before one) as a formula, so a competitor named
// `=1+2+cmd|calc` in a roster would run on the organizer's machine. Every exporter writes its
// cells through `safeCell`, which prefixes such text with `'` (OWASP's advice); numbers stay
// numbers, and so does text that is only a number ("-1.50": a formula cannot hide in it). The
// readers of files we also export (marking schemes, the registration template) take the `'` off
// again with `restoredCell`, so an export imports back unchanged.
import { stringify, type Options } from "csv-stringify/sync";

const formulaStart = /^[=+\-@\t\r]/;
const plainNumber = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The cell as it is safe to write: text that a spreadsheet would run as a formula gets a leading `'`. */
export function safeCell<T>(value: T): T | string {
  if (typeof value !== "string" || !formulaStart.test(value) || plainNumber.test(value)) return value;
  return `'${value}`;
}

/** Every cell of a row (an array, or a record by column key) through `safeCell`. */
export function safeRow<R extends readonly unknown[] | Record<string, unknown>>(row: R): R {
  if (Array.isArray(row)) return row.map(safeCell) as unknown as R;
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, safeCell(value)])) as R;
}

/** Text read from a cell of a file we may have exported: the `'` that `safeCell` added is taken off. */
export function restoredCell(text: string): string {
  return text.startsWith("'") && formulaStart.test(text.slice(1)) ? text.slice(1) : text;
}

/** Rows as CSV for spreadsheet programs: every cell safe, with a byte-order mark so Chinese text reads as UTF-8. */
export function spreadsheetCsv(rows: ReadonlyArray<readonly unknown[] | Record<string, unknown>>, options: Options = {}): string {
  return "\uFEFF" + stringify(rows.map(safeRow), options);
}
