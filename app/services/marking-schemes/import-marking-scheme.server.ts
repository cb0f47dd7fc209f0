// Importing a scheme file: read (UTF-8 CSV), validate, save — or change nothing and return every
// problem with its row and column.
import type { Principal } from "~/domain/access/roles";
import type { ServiceDeps } from "../deps.server";
import { parseSchemeCsv } from "./scheme-csv";
import { saveMarkingScheme } from "./save-marking-scheme.server";
import { validateScheme, type SchemeProblem } from "~/domain/marking-scheme/scheme";

function fromSchemeProblem(p: SchemeProblem): ImportProblem {
  return { code: p.code, params: p.params, row: p.origin?.row, column: p.origin?.column };
}

export interface ImportProblem {
  code: string;
  params: Record<string, string | number>;
  row?: number;
  column?: string;
}

export async function importMarkingSchemeCsv(
  deps: ServiceDeps,
  principal: Principal,
  input: { competitionId: string; skillId: string; bytes: Uint8Array },
): Promise<{ ok: true; version: number } | { ok: false; problems: ImportProblem[] }> {
  const { draft, problems } = parseSchemeCsv(input.bytes);
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
