// GET …/results.xlsx — the skill's provisional results as an Excel workbook, headers in the
// reader's language; the same access as results.csv.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { localized, translator } from "~/i18n/i18n";
import { getLocale } from "~/i18n/locale.server";
import { requireResultsReader } from "~/web/require.server";
import { notFoundUnless, uuidParam } from "~/web/forms.server";
import { getCompetition, getSkill } from "~/services/queries.server";
import { loadSkillResults } from "~/services/results/load-skill-results.server";
import { resultsToWorkbook } from "~/services/results/results-xlsx.server";
import { fileResponse, fileTypes } from "~/web/download.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const scope = { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
  await requireResultsReader(request, context, scope);
  const competition = notFoundUnless(await getCompetition(context.deps.db, scope.competitionId));
  const skill = notFoundUnless(await getSkill(context.deps.db, scope.competitionId, scope.skillId));
  const results = await loadSkillResults(context.deps.db, scope);
  const locale = await getLocale(request);
  const { t } = translator(locale);
  const title = t("results.sheetTitle", {
    competition: localized(locale, competition.nameZh, competition.nameEn),
    skill: localized(locale, skill.nameZh, skill.nameEn),
  });
  return fileResponse(await resultsToWorkbook(results, t, title), { name: `results-${scope.skillId.slice(0, 8)}.xlsx`, type: fileTypes.xlsx });
}
