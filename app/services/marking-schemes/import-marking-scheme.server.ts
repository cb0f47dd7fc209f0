// Importing a scheme file: read (UTF-8 CSV or an Excel workbook), validate, save — or change
// nothing and return every problem with its sheet, row and column. The UI tells the formats
// apart by the file's first bytes, not its name; the API by the media type, through a table of
// readers (schemeFileReaders).
import type { Principal } from "~/domain/access/roles";
import type { ServiceDeps } from "../deps.server";
import { parseSchemeCsv, type FileProblem } from "./scheme-csv.server";
import { looksLikeWorkbook } from "../spreadsheets/read-workbook.server";
import { parseSchemeWorkbook } from "./scheme-xlsx.server";
import { saveMarkingScheme } from "./save-marking-scheme.server";
import { validateScheme, type SchemeDraft, type SchemeProblem } from "~/domain/marking-scheme/scheme";

function fromSchemeProblem(p: SchemeProblem): ImportProblem {
  return { code: p.code, params: p.params, sheet: p.origin?.sheet, row: p.origin?.row, column: p.origin?.column };
}

export interface ImportProblem {
  code: string;
  params: Record<string, string | number>;
  sheet?: string;
  row?: number;
  column?: string;
}

/** Reads a scheme file into a draft; never throws on bad input, returns every problem instead. */
export type SchemeFileReader = (
  bytes: Uint8Array,
) =>
  | { draft: SchemeDraft | null; problems: Array<FileProblem | ImportProblem> }
  | Promise<{ draft: SchemeDraft | null; problems: Array<FileProblem | ImportProblem> }>;

/** The scheme file formats by media type (Content-Type without parameters). */
export const schemeFileReaders: Readonly<Record<string, SchemeFileReader>> = {
  "text/csv": parseSchemeCsv,
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": parseSchemeWorkbook,
};

/** A workbook (a zip) or else CSV, by the first bytes. */
export const sniffSchemeFile: SchemeFileReader = (bytes) => (looksLikeWorkbook(bytes) ? parseSchemeWorkbook(bytes) : parseSchemeCsv(bytes));

/** The draft a file holds, if it reads cleanly and validates; otherwise every problem found. */
export async function readSchemeFile(
  bytes: Uint8Array,
  read: SchemeFileReader = sniffSchemeFile,
): Promise<{ ok: true; draft: SchemeDraft } | { ok: false; problems: ImportProblem[] }> {
  const { draft, problems } = await read(bytes);
  if (!draft) return { ok: false, problems };
  const validated = validateScheme(draft);
  if (problems.length === 0) return validated.ok ? { ok: true, draft } : { ok: false, problems: validated.problems.map(fromSchemeProblem) };
  // Report the scheme's own problems too, so one round shows everything — except a total
  // mismatch, which the rows that could not be read would cause anyway.
  const more = validated.ok ? [] : validated.problems.filter((p) => p.code !== "TOTAL_MISMATCH").map(fromSchemeProblem);
  const bySheetAndRow = (a: ImportProblem, b: ImportProblem) => (a.sheet ?? "").localeCompare(b.sheet ?? "") || (a.row ?? Infinity) - (b.row ?? Infinity);
  return { ok: false, problems: [...problems, ...more].sort(bySheetAndRow) };
}

export async function importMarkingScheme(
  deps: ServiceDeps,
  principal: Principal,
  input: { competitionId: string; skillId: string; bytes: Uint8Array; read?: SchemeFileReader },
): Promise<{ ok: true; version: number } | { ok: false; problems: ImportProblem[] }> {
  const read = await readSchemeFile(input.bytes, input.read);
  if (!read.ok) return read;
  const saved = await saveMarkingScheme(deps, principal, { competitionId: input.competitionId, skillId: input.skillId, draft: read.draft });
  if (!saved.ok) return { ok: false, problems: saved.problems.map(fromSchemeProblem) };
  return { ok: true, version: saved.version };
}
