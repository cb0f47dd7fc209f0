// GET …/results.csv — the skill's provisional results as CSV, headers in the reader's language.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { translator } from "~/i18n/i18n";
import { getLocale } from "~/i18n/locale.server";
import { requireResultsReader } from "~/web/require.server";
import { uuidParam } from "~/web/forms.server";
import { loadSkillResults } from "~/services/results/load-skill-results.server";
import { resultsToCsv } from "~/services/results/results-csv.server";
import { fileResponse, fileTypes } from "~/web/download.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const scope = { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
  await requireResultsReader(request, context, scope);
  const results = await loadSkillResults(context.deps.db, scope);
  const csv = resultsToCsv(results, translator(await getLocale(request)).t);
  return fileResponse(csv, { name: `results-${scope.skillId.slice(0, 8)}.csv`, type: fileTypes.csv });
}
