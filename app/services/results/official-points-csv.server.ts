// Officially published WorldSkills points as CSV (docs/formats.md): columns `code` (the
// competitor's code as on the results page) and `points` (a whole number 0–1000). The file is
// read whole and refused whole: every problem comes back with its row, none is skipped.
import { parse } from "csv-parse/sync";
import { decodeTextFile } from "~/domain/fields";

export const officialPointsColumns = ["code", "points"] as const;
export const maxOfficialPointsRows = 1000;

export type OfficialPointsProblemCode = "NOT_UTF8" | "CSV_SYNTAX" | "MISSING_COLUMNS" | "TOO_MANY_ROWS" | "UNKNOWN_CODE" | "BAD_POINTS" | "DUPLICATE_CODE";

export interface OfficialPointsProblem {
  code: OfficialPointsProblemCode;
  row?: number;
  column?: string;
  params: Record<string, string | number>;
}

export function parseOfficialPointsCsv(
  bytes: Uint8Array,
  knownCodes: ReadonlySet<string>,
): { rows: Array<{ code: string; points: number }>; problems: OfficialPointsProblem[] } {
  // Not UTF-8, or a NUL (which no text field can store): not a text file.
  const text = decodeTextFile(bytes);
  if (text === null) return { rows: [], problems: [{ code: "NOT_UTF8", params: {} }] };
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    return { rows: [], problems: [{ code: "CSV_SYNTAX", row: (error as { lines?: number }).lines, params: {} }] };
  }
  const header = (records.shift() ?? []).map((h) => h.toLowerCase());
  const missing = officialPointsColumns.filter((c) => !header.includes(c));
  if (missing.length > 0) return { rows: [], problems: [{ code: "MISSING_COLUMNS", row: 1, params: { columns: missing.join(", ") } }] };
  if (records.length > maxOfficialPointsRows)
    return { rows: [], problems: [{ code: "TOO_MANY_ROWS", params: { max: maxOfficialPointsRows, rows: records.length } }] };

  const problems: OfficialPointsProblem[] = [];
  const rows: Array<{ code: string; points: number }> = [];
  const seen = new Map<string, number>();
  records.forEach((cells, index) => {
    const row = index + 2; // 1-based, after the header
    const code = cells[header.indexOf("code")] ?? "";
    const pointsText = cells[header.indexOf("points")] ?? "";
    if (!knownCodes.has(code)) problems.push({ code: "UNKNOWN_CODE", row, column: "code", params: { value: code } });
    else if (seen.has(code)) problems.push({ code: "DUPLICATE_CODE", row, column: "code", params: { value: code, first: seen.get(code)! } });
    else seen.set(code, row);
    const points = /^\d{1,4}$/.test(pointsText) ? Number(pointsText) : NaN;
    if (!(points >= 0 && points <= 1000)) problems.push({ code: "BAD_POINTS", row, column: "points", params: { value: pointsText } });
    rows.push({ code, points });
  });
  return problems.length > 0 ? { rows: [], problems } : { rows, problems };
}
