// A paper score sheet as CSV (docs/formats.md): one row per competitor code, aspect, judge and
// value, under a header row in English or Chinese. Reading never throws on bad input: it returns
// every problem it can see without the database (encoding, layout, empty cells, the same judge's
// value for the same aspect and competitor twice), each with its line and column. What the codes
// mean is checked against the database by score-sheets.server.ts, which adds its problems to
// these; a file with any problem is refused whole.
import { parse } from "csv-parse/sync";
import { decodeTextFile } from "~/domain/fields";

export const scoreSheetColumns = ["competitor_code", "aspect_code", "judge", "value"] as const;
export type ScoreSheetColumn = (typeof scoreSheetColumns)[number];

/** Header names a file may use for each column (matched without case, spaces or underscores). */
const headerNames: Record<ScoreSheetColumn, readonly string[]> = {
  competitor_code: ["competitor_code", "competitor", "code", "选手编号", "选手代码", "参赛编号", "选手"],
  aspect_code: ["aspect_code", "aspect", "评分项", "评分项编号", "评分点", "评分点编号"],
  judge: ["judge", "judge_username", "裁判", "裁判账号", "裁判员"],
  value: ["value", "score", "分值", "评分", "得分"],
};
const normalise = (header: string) => header.toLowerCase().replace(/[\s_]+/g, "");
const columnOfHeader = new Map(Object.entries(headerNames).flatMap(([column, names]) => names.map((n) => [normalise(n), column as ScoreSheetColumn])));

/** Rows below the header (docs/formats.md). */
export const maxScoreSheetRows = 2_000;

export type ScoreSheetProblemCode =
  // the file (this module)
  | "NOT_UTF8"
  | "CSV_SYNTAX"
  | "MISSING_COLUMNS"
  | "DUPLICATE_COLUMN"
  | "EMPTY_FILE"
  | "TOO_MANY_ROWS"
  | "MISSING_VALUE"
  | "DUPLICATE_ROW"
  // the rows against the database (score-sheets.server.ts)
  | "UNKNOWN_COMPETITOR"
  | "COMPETITOR_OF_OTHER_SKILL"
  | "UNKNOWN_ASPECT"
  | "UNKNOWN_JUDGE"
  | "NOT_A_JUDGE_OF_SKILL"
  | "VALUE_NOT_A_NUMBER"
  | "VALUE_NOT_YES_NO"
  | "SCORE_NOT_0_TO_3"
  | "MARK_OUT_OF_RANGE"
  | "UNKNOWN_CHOICE"
  | "INPUT_DOES_NOT_FIT_CALCULATION"
  | "MODULE_LOCKED"
  | "JUDGE_CONFLICT"
  | "COMPETITOR_NOT_COMPETING"
  | "MARK_CONFLICT";

/** One problem, at its line of the file (the header is line 1) and column, where it has one. */
export interface ScoreSheetProblem {
  code: ScoreSheetProblemCode;
  row?: number;
  column?: ScoreSheetColumn;
  params: Record<string, string | number>;
}

export interface ScoreSheetLine {
  /** The line in the file. */
  row: number;
  competitorCode: string;
  aspectCode: string;
  /** The judge's account name, lower-case (as accounts are stored). */
  judge: string;
  value: string;
}

/** A cell quoted in a message, cut short so a stray paragraph does not flood the list. */
export function quoted(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

export function parseScoreSheetCsv(bytes: Uint8Array): { lines: ScoreSheetLine[]; problems: ScoreSheetProblem[] } {
  // Not UTF-8, or a NUL (which no text field can store): not a text file.
  const text = decodeTextFile(bytes);
  if (text === null) return { lines: [], problems: [{ code: "NOT_UTF8", params: {} }] };
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text.replace(/^\uFEFF/, ""), {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      record_delimiter: ["\r\n", "\n", "\r"],
    }) as unknown as typeof records;
  } catch (error) {
    return { lines: [], problems: [{ code: "CSV_SYNTAX", row: (error as { lines?: number }).lines, params: {} }] };
  }
  // A spreadsheet writes rows of empty cells below the data: they are not rows of the sheet.
  records = records.filter((r) => r.record.some((cell) => cell !== ""));
  const headerRecord = records.shift();
  if (!headerRecord) return { lines: [], problems: [{ code: "EMPTY_FILE", params: {} }] };

  const position = new Map<ScoreSheetColumn, number>();
  const problems: ScoreSheetProblem[] = [];
  headerRecord.record.forEach((header, index) => {
    const column = columnOfHeader.get(normalise(header));
    if (!column) return; // other columns (a note, a signature) are ignored
    if (position.has(column)) problems.push({ code: "DUPLICATE_COLUMN", row: headerRecord.info.lines, column, params: { header: quoted(header) } });
    else position.set(column, index);
  });
  const missing = scoreSheetColumns.filter((c) => !position.has(c));
  if (missing.length > 0) problems.push({ code: "MISSING_COLUMNS", row: headerRecord.info.lines, params: { columns: missing.join(", ") } });
  if (problems.length > 0) return { lines: [], problems };
  if (records.length === 0) return { lines: [], problems: [{ code: "EMPTY_FILE", params: {} }] };
  if (records.length > maxScoreSheetRows) return { lines: [], problems: [{ code: "TOO_MANY_ROWS", params: { max: maxScoreSheetRows, rows: records.length } }] };

  const lines: ScoreSheetLine[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { record, info } of records) {
    const row = info.lines;
    const cell = (column: ScoreSheetColumn) => record[position.get(column)!] ?? "";
    let complete = true;
    for (const column of scoreSheetColumns) {
      if (cell(column) === "") {
        problems.push({ code: "MISSING_VALUE", row, column, params: {} });
        complete = false;
      }
    }
    const line = { row, competitorCode: cell("competitor_code"), aspectCode: cell("aspect_code"), judge: cell("judge").toLowerCase(), value: cell("value") };
    lines.push(line);
    if (!complete) continue;
    // One value per judge, aspect and competitor: a second one is a mistake, not a correction.
    const key = [line.competitorCode, line.aspectCode, line.judge].join("\u0000");
    const first = firstRowOf.get(key);
    if (first === undefined) firstRowOf.set(key, row);
    else problems.push({ code: "DUPLICATE_ROW", row, column: "judge", params: { first } });
  }
  return { lines, problems };
}
