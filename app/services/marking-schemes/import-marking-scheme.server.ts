// Importing a scheme file: read it, validate, save — or change nothing and return every problem
// with its place (sheet, row, column). The file formats are a table keyed by media type, so a
// reader for another format (the Excel workbook) is one more entry.
import type { Principal } from "~/domain/access/roles";
import type { ServiceDeps } from "../deps.server";
import { parseSchemeCsv, type FileProblem } from "./scheme-csv";
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
export type SchemeFileReader = (bytes: Uint8Array) => { draft: SchemeDraft | null; problems: Array<FileProblem | ImportProblem> } | Promise<{ draft: SchemeDraft | null; problems: Array<FileProblem | ImportProblem> }>;

/** The scheme file formats by media type (Content-Type without parameters). */
export const schemeFileReaders: Readonly<Record<string, SchemeFileReader>> = {
  "text/csv": parseSchemeCsv,
};

export async function importMarkingScheme(
  deps: ServiceDeps,
  principal: Principal,
  input: { competitionId: string; skillId: string; bytes: Uint8Array; read: SchemeFileReader },
): Promise<{ ok: true; version: number } | { ok: false; problems: ImportProblem[] }> {
  const { draft, problems } = await input.read(input.bytes);
  if (!draft) return { ok: false, problems };
  if (problems.length > 0) {
    // Report the scheme's own problems too, so one round shows everything — except a total
    // mismatch, which the rows that could not be read would cause anyway.
    const validated = validateScheme(draft);
    const more = validated.ok ? [] : validated.problems.filter((p) => p.code !== "TOTAL_MISMATCH").map(fromSchemeProblem);
    return { ok: false, problems: [...problems, ...more].sort((a, b) => (a.row ?? Infinity) - (b.row ?? Infinity)) };
  }
  const saved = await saveMarkingScheme(deps, principal, { competitionId: input.competitionId, skillId: input.skillId, draft });
  if (!saved.ok) return { ok: false, problems: saved.problems.map(fromSchemeProblem) };
  return { ok: true, version: saved.version };
}

export function importMarkingSchemeCsv(deps: ServiceDeps, principal: Principal, input: { competitionId: string; skillId: string; bytes: Uint8Array }) {
  return importMarkingScheme(deps, principal, { ...input, read: parseSchemeCsv });
}
