// The marking scheme as CSV (docs/formats.md): one row per record — the declared total, each
// standards section, module, sub-criterion and aspect — so a scheme round-trips through a
// spreadsheet. Calculations use a short text form:
//   all_or_nothing
//   choice ok=0; minor=0.3; major=1
//   per_unit target=50 tolerance=0.02 unit=0.01 deduction=0.25
//   bands target=10; 0.1=>1; 0.5=>0.5
// Reading never throws on bad input: it returns every problem with its row and column.
// `recordsToDraft` is shared with the Excel layout (scheme-xlsx.ts).
import { parse } from "csv-parse/sync";
import { toFixed } from "~/domain/results/exact";
import type { MeasurementCalculation } from "~/domain/results/aspect-marks";
import type { AspectDraft, CalculationDraft, MarkingScheme, Origin, SchemeDraft } from "~/domain/marking-scheme/scheme";
import { restoredCell, spreadsheetCsv } from "../spreadsheets/safe-cells.server";
import { decimalText as trim } from "./calculation-json.server";
import { decodeTextFile } from "~/domain/fields";

export const schemeCsvColumns = [
  "record",
  "id",
  "parent",
  "name",
  "type",
  "max_mark",
  "section",
  "weighting_percent",
  "marking_day",
  "descriptor_0",
  "descriptor_1",
  "descriptor_2",
  "descriptor_3",
  "calculation",
  "panel_size",
] as const;
/** Columns a file may leave out (files written before they existed stay importable). */
export const optionalSchemeCsvColumns = ["part"] as const;
const allColumns = [...schemeCsvColumns, ...optionalSchemeCsvColumns] as const;
export type SchemeColumn = (typeof allColumns)[number];
/** Rows below the header; an Excel sheet gets the same limit (docs/formats.md). */
export const maxSchemeRows = 5000;

export type FileProblemCode =
  | "HIDDEN_SHEET"
  | "NOT_UTF8"
  | "CSV_SYNTAX"
  | "MISSING_COLUMNS"
  | "TOO_MANY_ROWS"
  | "UNKNOWN_RECORD"
  | "UNKNOWN_PARENT"
  | "MISSING_PARENT"
  | "BAD_CALCULATION_TEXT"
  | "BAD_MARKING_DAY"
  | "MISSING_TOTAL"
  | "DUPLICATE_TOTAL"
  // Excel workbooks only (scheme-xlsx.ts)
  | "NOT_XLSX"
  | "SHEET_TOO_LARGE"
  | "SHEET_MISSING"
  | "MERGED_CELLS"
  | "FORMULA_CELL"
  | "UNREADABLE_ROW"
  | "STRAY_DESCRIPTOR"
  | "BAD_JUDG_SCORE";

/** A problem with a file, at the place it was found (an Excel file also names the sheet). */
export interface FileProblem extends Origin {
  code: FileProblemCode;
  params: Record<string, string | number>;
}

/** One record of a scheme file in the CSV's columns, and where each value was found. */
export interface SchemeRecord {
  get(column: SchemeColumn): string;
  at(column: SchemeColumn): Origin;
}

const typeOfLetter: Record<string, string> = { M: "measurement", J: "judgement", T: "trimmed_mean" };
const letterOfType: Record<string, string> = { measurement: "M", judgement: "J", trimmed_mean: "T" };

export function parseCalculationText(text: string): CalculationDraft | null {
  const trimmed = text.trim();
  const [kind, ...rest] = trimmed.split(/\s+/);
  const body = trimmed.slice(kind?.length ?? 0).trim();
  const pairs = (separator: RegExp, glue: string) =>
    body
      .split(separator)
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => s.split(glue).map((x) => x.trim()) as [string, string | undefined]);
  switch (kind) {
    case "all_or_nothing":
      return rest.length === 0 ? { kind: "all_or_nothing" } : null;
    case "choice": {
      const choices = pairs(/;/, "=");
      return choices.length > 0 && choices.every(([id, v]) => id && v !== undefined)
        ? { kind: "choice", choices: choices.map(([id, deduction]) => ({ id, deduction: deduction! })) }
        : null;
    }
    case "per_unit": {
      const map = new Map(pairs(/\s+/, "="));
      const [target, tolerance, unit, deductionPerUnit] = ["target", "tolerance", "unit", "deduction"].map((k) => map.get(k));
      return target && tolerance && unit && deductionPerUnit ? { kind: "per_unit", target, tolerance, unit, deductionPerUnit } : null;
    }
    case "bands": {
      const parts = pairs(/;/, "=>");
      const target = parts[0]?.[0]?.startsWith("target=") ? parts.shift()![0].slice("target=".length).trim() : null;
      return target && parts.length > 0 && parts.every(([w, m]) => w && m)
        ? { kind: "bands", target, bands: parts.map(([within, mark]) => ({ within, mark: mark! })) }
        : null;
    }
    default:
      return null;
  }
}

export function formatCalculation(calculation: MeasurementCalculation): string {
  switch (calculation.kind) {
    case "all_or_nothing":
      return "all_or_nothing";
    case "choice":
      return `choice ${calculation.choices.map((c) => `${c.id}=${trim(c.deduction)}`).join("; ")}`;
    case "per_unit":
      return `per_unit target=${trim(calculation.target)} tolerance=${trim(calculation.tolerance)} unit=${trim(calculation.unit)} deduction=${trim(calculation.deductionPerUnit)}`;
    case "bands":
      return `bands target=${trim(calculation.target)}; ${calculation.bands.map((b) => `${trim(b.within)}=>${trim(b.mark)}`).join("; ")}`;
  }
}

export function parseSchemeCsv(bytes: Uint8Array): { draft: SchemeDraft | null; problems: FileProblem[] } {
  // Not UTF-8, or a NUL (which no text field can store): not a text file.
  const text = decodeTextFile(bytes);
  if (text === null) return { draft: null, problems: [{ code: "NOT_UTF8", params: {} }] };
  let rows: string[][];
  try {
    rows = parse(text.replace(/^\uFEFF/, ""), { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return { draft: null, problems: [{ code: "CSV_SYNTAX", row: line, params: {} }] };
  }
  const header = rows.shift() ?? [];
  const missing = schemeCsvColumns.filter((c) => !header.includes(c));
  if (missing.length > 0) return { draft: null, problems: [{ code: "MISSING_COLUMNS", row: 1, params: { columns: missing.join(", ") } }] };
  if (rows.length > maxSchemeRows) return { draft: null, problems: [{ code: "TOO_MANY_ROWS", params: { max: maxSchemeRows, rows: rows.length } }] };
  return recordsToDraft(
    rows.map((cells, index) => ({
      get: (column) => (header.includes(column) ? restoredCell(cells[header.indexOf(column)] ?? "") : ""),
      at: (column) => ({ row: index + 2, column }), // 1-based, after the header
    })),
  );
}

/**
 * Builds the draft from records, whatever file they came from (CSV rows, or the rows of an Excel
 * workbook read into the same columns). Never throws: every problem is returned with the place
 * the record's reader says its value came from.
 */
const partAliases: Record<string, string> = { "": "practice", practice: "practice", theory: "theory", 实操: "practice", 理论: "theory" };

function partOfText(text: string): string {
  return partAliases[text.trim().toLowerCase()] ?? text.trim();
}

export function recordsToDraft(records: SchemeRecord[]): { draft: SchemeDraft; problems: FileProblem[] } {
  const problems: FileProblem[] = [];
  const draft: SchemeDraft = { declaredTotal: "", sections: [], modules: [] };
  const complain = (code: FileProblemCode, record: SchemeRecord, column: SchemeColumn, params: FileProblem["params"]) =>
    problems.push({ code, ...record.at(column), params });
  const parentProblem = (record: SchemeRecord) =>
    record.get("parent") ? complain("UNKNOWN_PARENT", record, "parent", { parent: record.get("parent") }) : complain("MISSING_PARENT", record, "parent", {});
  let hasTotal = false;
  for (const r of records) {
    const get = r.get;
    switch (get("record")) {
      case "total":
        if (hasTotal) complain("DUPLICATE_TOTAL", r, "max_mark", {});
        hasTotal = true;
        draft.declaredTotal = get("max_mark");
        break;
      case "section":
        draft.sections.push({ id: get("id"), name: get("name"), weightingPercent: get("weighting_percent"), origin: r.at("weighting_percent") });
        break;
      case "module":
        // part: "theory" (理论) or "practice" (实操, also when empty); validateScheme names anything else.
        draft.modules.push({ id: get("id"), name: get("name"), part: partOfText(get("part")), origin: r.at(get("part") ? "part" : "id"), subCriteria: [] });
        break;
      case "sub_criterion": {
        const module = draft.modules.find((m) => m.id === get("parent"));
        if (!module) {
          parentProblem(r);
          break;
        }
        const dayText = get("marking_day");
        const markingDay = dayText === "" ? null : /^-?\d{1,2}$/.test(dayText) ? Number(dayText) : NaN;
        if (Number.isNaN(markingDay)) complain("BAD_MARKING_DAY", r, "marking_day", { value: dayText });
        module.subCriteria.push({
          id: get("id"),
          name: get("name"),
          markingDay: Number.isNaN(markingDay) ? null : markingDay,
          origin: r.at("id"),
          aspects: [],
        });
        break;
      }
      case "aspect": {
        const sub = draft.modules.flatMap((m) => m.subCriteria).find((sc) => sc.id === get("parent"));
        if (!sub) {
          parentProblem(r);
          break;
        }
        const kind = typeOfLetter[get("type").toUpperCase()] ?? get("type");
        const aspect: AspectDraft = {
          id: get("id"),
          kind,
          description: get("name"),
          max: get("max_mark"),
          section: get("section"),
          origin: r.at(kind === "judgement" ? "descriptor_0" : "max_mark"),
        };
        if (kind === "judgement") aspect.descriptors = [get("descriptor_0"), get("descriptor_1"), get("descriptor_2"), get("descriptor_3")];
        if (kind === "trimmed_mean" && get("panel_size")) aspect.panelSize = Number(get("panel_size"));
        if (kind === "measurement" && get("calculation")) {
          const calculation = parseCalculationText(get("calculation"));
          if (!calculation) complain("BAD_CALCULATION_TEXT", r, "calculation", { value: get("calculation") });
          else aspect.calculation = calculation;
        }
        sub.aspects.push(aspect);
        break;
      }
      default:
        complain("UNKNOWN_RECORD", r, "record", { value: get("record") });
    }
  }
  if (!hasTotal) problems.push({ code: "MISSING_TOTAL", params: {} });
  return { draft, problems };
}

export function schemeToCsv(scheme: MarkingScheme): string {
  const blank = Object.fromEntries(allColumns.map((c) => [c, ""])) as Record<SchemeColumn, string>;
  const records: Array<typeof blank> = [{ ...blank, record: "total", max_mark: toFixed(scheme.total) }];
  for (const s of scheme.sections) records.push({ ...blank, record: "section", id: s.id, name: s.name, weighting_percent: trim(s.weightingPercent) });
  for (const m of scheme.modules) {
    records.push({ ...blank, record: "module", id: m.id, name: m.name, part: m.part });
    for (const sc of m.subCriteria) {
      records.push({
        ...blank,
        record: "sub_criterion",
        id: sc.id,
        parent: m.id,
        name: sc.name,
        marking_day: sc.markingDay === null ? "" : String(sc.markingDay),
      });
      for (const a of sc.aspects) {
        const row = {
          ...blank,
          record: "aspect",
          id: a.id,
          parent: sc.id,
          name: a.description,
          type: letterOfType[a.kind]!,
          max_mark: toFixed(a.max),
          section: a.section,
        };
        if (a.kind === "judgement") [row.descriptor_0, row.descriptor_1, row.descriptor_2, row.descriptor_3] = a.descriptors;
        if (a.kind === "measurement") row.calculation = formatCalculation(a.calculation);
        if (a.kind === "trimmed_mean") row.panel_size = String(a.panelSize);
        records.push(row);
      }
    }
  }
  return spreadsheetCsv(records, { header: true, columns: [...allColumns] });
}
