// GET …/advancement.xlsx — the persons this competition's published results have qualified, as
// the 晋级 tab lists them (per skill, by rank), for the next level's organizers. Headers and
// labels in the reader's language; ID numbers masked. Organizers only.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { translator } from "~/i18n/i18n";
import { getLocale } from "~/i18n/locale.server";
import { qualifiedCells, qualifiedHeaders } from "~/components/advancement/qualified-cells";
import { listQualifiedFromCompetition } from "~/services/advancement/qualified-persons.server";
import { requireOrganizer } from "~/web/require.server";
import { uuidParam } from "~/web/forms.server";
import { tableWorkbook } from "~/services/spreadsheets/table-workbook.server";
import { fileResponse, fileTypes } from "~/web/download.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  await requireOrganizer(request, context, competitionId);
  const qualified = await listQualifiedFromCompetition(context.deps.db, competitionId);
  const locale = await getLocale(request);
  const { t } = translator(locale);
  const workbook = await tableWorkbook(
    qualified.map((r) => qualifiedCells(r, t, locale)),
    qualifiedHeaders(t),
    t("advancement.sheetName"),
    ["skill", "delegation", "target"],
  );
  return fileResponse(workbook, { name: `qualified-${competitionId.slice(0, 8)}.xlsx`, type: fileTypes.xlsx });
}
