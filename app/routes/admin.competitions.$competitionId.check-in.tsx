// The organizer's check-in tab 检录: every skill with how many of its competitors are not checked
// in yet, ready, competing, paused, finished, absent or disqualified, and the way to its check-in
// desk (the skill's page under /judging, which its chief judge shares, with codes only).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { competitorStates } from "~/domain/registration/check-in";
import { localized } from "~/i18n/i18n";
import { requireOrganizer } from "~/web/require.server";
import { uuidParam } from "~/web/forms.server";
import { loadCheckInBoard } from "~/services/registration/check-in-desk.server";
import { DataTable } from "~/components/data-table";
import { useLocale } from "~/components/use-locale";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  await requireOrganizer(request, context, competitionId);
  return { competitionId, skills: await loadCheckInBoard(context.deps.db, competitionId) };
}

type Row = Awaited<ReturnType<typeof loader>>["skills"][number];
const column = createColumnHelper<Row>();

export default function CheckInTab() {
  const { competitionId, skills } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const columns = useMemo(
    () => [
      column.accessor((s) => localized(locale, s.nameZh, s.nameEn), { id: "skill", header: t("checkIn.board.skill") }),
      column.accessor("total", { header: t("checkIn.board.total") }),
      ...competitorStates.map((state) => column.accessor((s) => s.counts[state], { id: state, header: t(`checkIn.state.${state}`) })),
      column.display({
        id: "open",
        header: t("checkIn.board.desk"),
        cell: (c) => (
          <Link
            className="button"
            to={`/judging/${competitionId}/${c.row.original.id}/check-in`}
            aria-label={`${t("checkIn.board.open")} · ${localized(locale, c.row.original.nameZh, c.row.original.nameEn)}`}
          >
            {t("checkIn.board.open")}
          </Link>
        ),
      }),
    ],
    [t, locale, competitionId],
  );
  return (
    <section className="panel">
      <h2>{t("checkIn.title")}</h2>
      <p>{t("checkIn.tabIntro")}</p>
      <DataTable data={skills} columns={columns} caption={t("checkIn.title")} pageSize={50} getRowId={(s) => s.id} />
    </section>
  );
}
