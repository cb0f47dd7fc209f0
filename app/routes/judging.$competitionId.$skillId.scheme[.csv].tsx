// GET …/scheme.csv — the skill's marking scheme in the documented CSV layout.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadSchemeDraft } from "~/services/queries.server";
import { validateScheme } from "~/domain/marking-scheme/scheme";
import { requireSchemeEditor } from "~/web/require.server";
import { notFoundUnless, uuidParam } from "~/web/forms.server";
import { schemeToCsv } from "~/services/marking-schemes/scheme-csv.server";
import { fileResponse, fileTypes } from "~/web/download.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const scope = { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
  await requireSchemeEditor(request, context, scope);
  const stored = notFoundUnless(await loadSchemeDraft(context.deps.db, scope.skillId));
  const validated = validateScheme(stored.draft);
  if (!validated.ok) throw new Error(`Stored marking scheme of skill ${scope.skillId} no longer validates`);
  return fileResponse(schemeToCsv(validated.scheme), { name: `marking-scheme-v${stored.version}.csv`, type: fileTypes.csv });
}
