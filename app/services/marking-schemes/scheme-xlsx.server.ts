// The marking scheme as an Excel workbook, laid out like the WorldSkills CIS marking-scheme import
// sheet (docs/formats.md): sheet "Marking Scheme" has criterion rows (A), sub-criterion rows (A1,
// with the day of marking), aspect rows (type M/J/T, description, section, max mark, calculation
// or panel size) and, under each judgement aspect, four rows with the scores 0–3 and their
// descriptors; sheet "Sections" has the standards sections with their weightings and the
// declared total. The columns are found by their header in row 1 and read into the CSV's records,
// so both formats share one records → draft step and round-trip into the same scheme.
//
// A workbook is only read, never evaluated: formula cells and merged cells are refused with the
// cell they are in, and a sheet longer than the CSV's row limit is refused while it is parsed.
import ExcelJS from "exceljs";
import type { MarkingScheme, Origin, SchemeDraft } from "~/domain/marking-scheme/scheme";
import { toFixed } from "~/domain/results/exact";
import { cellText, hiddenSheets, loadWorkbook, unsafeCells } from "../spreadsheets/read-workbook.server";
import { safeRow } from "../spreadsheets/safe-cells.server";
import { decimalText } from "./calculation-json.server";
import { formatCalculation, maxSchemeRows, recordsToDraft, type FileProblem, type SchemeColumn, type SchemeRecord } from "./scheme-csv.server";

export const xlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const schemeSheetName = "Marking Scheme";
export const sectionsSheetName = "Sections";

const schemeColumns = {
  criterion: "Criterion",
  subCriterion: "Sub Criterion ID",
  name: "Sub Criterion Name or Description",
  day: "Day of Marking",
  aspect: "Aspect ID",
  type: "Aspect Type (M/J/T)",
  description: "Aspect - Description",
  score: "Judg Score",
  descriptor: "Judg Score Description",
  calculation: "Calculation (M only)",
  panelSize: "Panel Size (T only)",
  section: "WSOS Section",
  max: "Max Mark",
  part: "Part (theory/practice)",
} as const;
/** Columns a workbook may leave out (written before they existed). */
const optionalSchemeColumns: ReadonlySet<string> = new Set(["part"]);
const sectionColumns = { section: "WSOS Section", name: "Section Name", weighting: "Weighting %", total: "Declared Total" } as const;
const columnWidths: Record<keyof typeof schemeColumns | keyof typeof sectionColumns, number> = {
  criterion: 10,
  subCriterion: 10,
  name: 36,
  day: 10,
  aspect: 10,
  type: 10,
  description: 40,
  score: 8,
  descriptor: 36,
  calculation: 40,
  panelSize: 10,
  section: 10,
  max: 10,
  part: 12,
  weighting: 12,
  total: 14,
};

/** The sheet limits: the CSV's row limit (plus the header row) and more columns than the layout has. */
const limits = { maxDataRows: maxSchemeRows, headerRows: 1, maxColumns: 50 };

const letterOfKind = { measurement: "M", judgement: "J", trimmed_mean: "T" } as const;

export async function schemeToWorkbook(scheme: MarkingScheme): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  const sheet = addSheet(workbook, schemeSheetName, schemeColumns);
  sheet.getColumn("max").numFmt = "0.00";
  for (const m of scheme.modules) {
    sheet.addRow(safeRow({ criterion: m.id, name: m.name, part: m.part })).font = { bold: true };
    for (const sc of m.subCriteria) {
      sheet.addRow(safeRow({ subCriterion: sc.id, name: sc.name, day: sc.markingDay ?? undefined }));
      for (const a of sc.aspects) {
        sheet.addRow(
          safeRow({
            aspect: a.id,
            type: letterOfKind[a.kind],
            description: a.description,
            calculation: a.kind === "measurement" ? formatCalculation(a.calculation) : undefined,
            panelSize: a.kind === "trimmed_mean" ? a.panelSize : undefined,
            section: a.section,
            max: Number(toFixed(a.max)), // max marks are in 0.01 steps, so two places are exact
          }),
        );
        if (a.kind === "judgement") a.descriptors.forEach((descriptor, score) => sheet.addRow(safeRow({ score, descriptor })));
      }
    }
  }
  const sections = addSheet(workbook, sectionsSheetName, sectionColumns);
  sections.getColumn("total").numFmt = "0.00";
  const total = Number(toFixed(scheme.total)); // the aspects' sum, so in 0.01 steps too
  if (scheme.sections.length === 0) sections.addRow({ total });
  scheme.sections.forEach((s, i) =>
    sections.addRow(safeRow({ section: s.id, name: s.name, weighting: Number(decimalText(s.weightingPercent)), total: i === 0 ? total : undefined })),
  );
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

function addSheet(workbook: ExcelJS.Workbook, name: string, columns: Record<string, string>): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = Object.entries(columns).map(([key, header]) => ({ key, header, width: columnWidths[key as keyof typeof columnWidths] }));
  sheet.getRow(1).font = { bold: true };
  return sheet;
}

export async function parseSchemeWorkbook(bytes: Uint8Array): Promise<{ draft: SchemeDraft | null; problems: FileProblem[] }> {
  const refuse = (problems: FileProblem[]) => ({ draft: null, problems });
  const workbook = await loadWorkbook(bytes, limits);
  if (!(workbook instanceof ExcelJS.Workbook)) return refuse([workbook]);
  const found = workbook.worksheets.map((s) => s.name).join(", ");
  const missing = [schemeSheetName, sectionsSheetName].filter((name) => !workbook.getWorksheet(name));
  if (missing.length > 0) return refuse(missing.map((sheet) => ({ code: "SHEET_MISSING", params: { sheet, found } })));
  const schemeSheet = workbook.getWorksheet(schemeSheetName)!;
  const sectionsSheet = workbook.getWorksheet(sectionsSheetName)!;
  const unsafe = [...hiddenSheets(workbook), ...unsafeCells(schemeSheet), ...unsafeCells(sectionsSheet)];
  if (unsafe.length > 0) return refuse(unsafe);
  const sections = readTable(sectionsSheet, sectionColumns);
  const rows = readTable(schemeSheet, schemeColumns);
  if (!Array.isArray(sections) || !Array.isArray(rows)) return refuse([sections, rows].filter((t): t is FileProblem => !Array.isArray(t)));

  const records: SchemeRecord[] = [];
  for (const r of sections) {
    if (r.text("total")) records.push(record(r.row, { record: "total", max_mark: r.field("total") }));
    if (r.text("section") || r.text("name") || r.text("weighting"))
      records.push(record(r.row, { record: "section", id: r.field("section"), name: r.field("name"), weighting_percent: r.field("weighting") }));
  }
  const { records: schemeRecords, problems } = schemeSheetRecords(rows);
  const read = recordsToDraft([...records, ...schemeRecords]);
  return { draft: read.draft, problems: [...problems, ...read.problems] };
}

type Field = { text: string; origin: Origin };
interface TableRow<K extends string> {
  row: Origin;
  text(key: K): string;
  field(key: K): Field;
}

/** The non-empty rows under the header row, or MISSING_COLUMNS naming the headers not found. */
function readTable<K extends string>(sheet: ExcelJS.Worksheet, columns: Record<K, string>): TableRow<K>[] | FileProblem {
  const headers = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => {
    if (!headers.has(cellText(cell.value))) headers.set(cellText(cell.value), col);
  });
  const keys = Object.keys(columns) as K[];
  const missing = keys.filter((k) => !headers.has(columns[k]) && !optionalSchemeColumns.has(k));
  if (missing.length > 0) return { code: "MISSING_COLUMNS", sheet: sheet.name, row: 1, params: { columns: missing.map((k) => columns[k]).join(", ") } };
  const rows: TableRow<K>[] = [];
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const fields = new Map(
      keys.map((k) => {
        const col = headers.get(columns[k]);
        if (col === undefined) return [k, { text: "", origin: { sheet: sheet.name, row: rowNumber } }];
        return [k, { text: cellText(row.getCell(col).value), origin: { sheet: sheet.name, row: rowNumber, column: sheet.getColumn(col).letter } }];
      }),
    );
    if ([...fields.values()].every((f) => f.text === "")) return;
    rows.push({ row: { sheet: sheet.name, row: rowNumber }, text: (k) => fields.get(k)!.text, field: (k) => fields.get(k)! });
  });
  return rows;
}

/** A record whose values point at their cells; a value not given reads "" and points at the row. */
function record(row: Origin, fields: Partial<Record<SchemeColumn, Field | string>>): SchemeRecord & { fields: typeof fields } {
  const field = (c: SchemeColumn) => fields[c];
  return {
    fields,
    get: (c) => {
      const f = field(c);
      return typeof f === "string" ? f : (f?.text ?? "");
    },
    at: (c) => {
      const f = field(c);
      return typeof f === "object" ? f.origin : row;
    },
  };
}

/** Criterion, sub-criterion and aspect rows → CSV records; descriptor rows fill the judgement aspect above them. */
function schemeSheetRecords(rows: TableRow<keyof typeof schemeColumns>[]): { records: SchemeRecord[]; problems: FileProblem[] } {
  const records: SchemeRecord[] = [];
  const problems: FileProblem[] = [];
  let moduleId = "";
  let subCriterionId = "";
  let judgement: ReturnType<typeof record> | null = null;
  for (const r of rows) {
    const f = r.field;
    if (r.text("criterion")) {
      moduleId = r.text("criterion");
      records.push(record(r.row, { record: "module", id: f("criterion"), name: f("name"), part: f("part") }));
      judgement = null;
    } else if (r.text("subCriterion")) {
      subCriterionId = r.text("subCriterion");
      records.push(
        record(r.row, {
          record: "sub_criterion",
          id: f("subCriterion"),
          parent: { text: moduleId, origin: f("subCriterion").origin },
          name: f("name"),
          marking_day: f("day"),
        }),
      );
      judgement = null;
    } else if (r.text("aspect") || r.text("type")) {
      const aspect = record(r.row, {
        record: "aspect",
        id: f("aspect"),
        parent: { text: subCriterionId, origin: f("aspect").origin },
        name: f("description"),
        type: f("type"),
        max_mark: f("max"),
        section: f("section"),
        calculation: f("calculation"),
        panel_size: f("panelSize"),
        // The place of a judgement aspect's problems (its descriptors included): its own row.
        descriptor_0: { text: "", origin: f("score").origin },
      });
      records.push(aspect);
      judgement = r.text("type").toUpperCase() === "J" ? aspect : null;
    } else if (r.text("score") || r.text("descriptor")) {
      const score = r.text("score");
      const column = `descriptor_${score}` as SchemeColumn;
      if (!judgement) problems.push({ code: "STRAY_DESCRIPTOR", ...f("score").origin, params: {} });
      else if (!/^[0-3]$/.test(score) || judgement.get(column)) problems.push({ code: "BAD_JUDG_SCORE", ...f("score").origin, params: { value: score } });
      else judgement.fields[column] = { text: r.text("descriptor"), origin: judgement.at("descriptor_0") };
    } else problems.push({ code: "UNREADABLE_ROW", ...r.row, params: {} });
  }
  return { records, problems };
}
