// The workstation list of one skill, to print on A4 for the judges and the venue: the workstation
// numbers 工位号 in order and nothing else — no names, no delegations, no other numbers.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { localized } from "~/i18n/i18n";
import { requireOrganizer } from "~/web/require.server";
import { notFoundUnless, uuidParam } from "~/web/forms.server";
import { loadWorkstationList } from "~/services/registration/draw-board.server";
import { PrintSheet } from "~/components/print-sheet";
import { titled } from "~/components/meta";
import { useLocale } from "~/components/use-locale";

export const meta: MetaFunction = ({ matches }) => titled(matches, "draws.codes.title");

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const scope = { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
  await requireOrganizer(request, context, scope.competitionId);
  return { ...scope, ...notFoundUnless(await loadWorkstationList(context.deps.db, scope)) };
}

export default function WorkstationList() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <PrintSheet backTo={`/admin/competitions/${data.competitionId}/draws?skill=${data.skillId}`} backLabel={t("draws.back")}>
      <header className="sheet-header">
        <p className="eyebrow">{localized(locale, data.competitionNameZh, data.competitionNameEn)}</p>
        <h1>
          {localized(locale, data.nameZh, data.nameEn)} · {t("draws.codes.title")}
        </h1>
        <p className="sheet-notice">{t("draws.codes.notice")}</p>
      </header>
      {data.workstationNumbers.length === 0 ? (
        <p>{t("draws.codes.notYet")}</p>
      ) : (
        <>
          <p>{t("draws.codes.count", { count: data.workstationNumbers.length })}</p>
          <table className="sheet-table codes">
            <thead>
              <tr>
                <th scope="col">{t("draws.codes.columns.workstationNo")}</th>
                <th scope="col">{t("draws.codes.columns.note")}</th>
              </tr>
            </thead>
            <tbody>
              {data.workstationNumbers.map((n) => (
                <tr key={n}>
                  <td className="code-cell">{n}</td>
                  <td />
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </PrintSheet>
  );
}
