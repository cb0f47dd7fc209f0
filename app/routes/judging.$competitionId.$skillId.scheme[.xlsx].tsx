// GET …/scheme.xlsx — the skill's marking scheme as an Excel workbook in the CIS-like layout
// (docs/formats.md); importing it back gives the same scheme.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadSchemeDraft } from "~/services/queries.server";
import { validateScheme } from "~/domain/marking-scheme/scheme";
import { requireSchemeEditor } from "~/web/require.server";
import { notFoundUnless, uuidParam } from "~/web/forms.server";
import { schemeToWorkbook } from "~/services/marking-schemes/scheme-xlsx.server";
import { fileResponse, fileTypes } from "~/web/download.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const scope = { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
  await requireSchemeEditor(request, context, scope);
  const stored = notFoundUnless(await loadSchemeDraft(context.deps.db, scope.skillId));
  const validated = validateScheme(stored.draft);
  if (!validated.ok) throw new Error(`Stored marking scheme of skill ${scope.skillId} no longer validates`);
  return fileResponse(await schemeToWorkbook(validated.scheme), { name: `marking-scheme-v${stored.version}.xlsx`, type: fileTypes.xlsx });
}
