// A judge's (or chief judge's) home after signing in, on a tablet or a laptop.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { listJudgingAssignments } from "~/services/queries.server";
import { localized } from "~/i18n/i18n";
import { requireUser } from "~/web/require.server";
import { DataTable } from "~/components/data-table";
import { formatDateTime } from "~/components/format";
import { titled } from "~/components/meta";
import { useLocale } from "~/components/use-locale";

export const meta: MetaFunction = ({ matches }) => titled(matches, "judging.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  return { assignments: await listJudgingAssignments(context.deps.db, user.userId) };
}

type Row = Awaited<ReturnType<typeof loader>>["assignments"][number];
const column = createColumnHelper<Row>();

export default function JudgingHome() {
  const { assignments } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const columns = useMemo(
    () => [
      column.accessor((a) => localized(locale, a.skillNameZh, a.skillNameEn), { id: "skill", header: t("judging.columns.skill") }),
      column.display({
        id: "marking",
        header: t("judging.columns.marking"),
        cell: (c) => (
          <>
            <Link className="button small" to={`/judging/${c.row.original.competitionId}/${c.row.original.skillId}/mark`}>
              {t("marking.link")}
            </Link>
            {c.row.original.role === "judge" ? null : (
              <>
                {" "}
                <Link to={`/judging/${c.row.original.competitionId}/${c.row.original.skillId}/flags`}>{t("flags.link")}</Link>
              </>
            )}
          </>
        ),
      }),
      column.accessor((a) => t(`role.${a.role}`), {
        id: "role",
        header: t("judging.columns.role"),
        cell: (c) =>
          c.row.original.role === "judge" ? (
            <>
              {c.getValue()} · <Link to={`/judging/${c.row.original.competitionId}/${c.row.original.skillId}/my-assignment`}>{t("judging.myAssignment")}</Link>
            </>
          ) : (
            <>
              {c.getValue()} · <Link to={`/judging/${c.row.original.competitionId}/${c.row.original.skillId}/console`}>{t("judging.console")}</Link> ·{" "}
              <Link to={`/judging/${c.row.original.competitionId}/${c.row.original.skillId}/tablet-codes`}>{t("judging.tabletCodes")}</Link> ·{" "}
              <Link to={`/judging/${c.row.original.competitionId}/${c.row.original.skillId}/scheme`}>{t("judging.scheme")}</Link> ·{" "}
              <Link to={`/judging/${c.row.original.competitionId}/${c.row.original.skillId}/results`}>{t("judging.results")}</Link> ·{" "}
              <Link to={`/judging/${c.row.original.competitionId}/${c.row.original.skillId}/publication`}>{t("publication.link")}</Link> ·{" "}
              <Link to={`/judging/${c.row.original.competitionId}/${c.row.original.skillId}/score-sheets`}>{t("scoreSheets.link")}</Link> ·{" "}
              <Link to={`/judging/${c.row.original.competitionId}/${c.row.original.skillId}/check-in`}>{t("judging.checkIn")}</Link> ·{" "}
              <Link to={`/judging/${c.row.original.competitionId}/${c.row.original.skillId}/assignment`}>{t("judging.assignment")}</Link>
            </>
          ),
      }),
      column.accessor((a) => localized(locale, a.competitionNameZh, a.competitionNameEn), { id: "competition", header: t("judging.columns.competition") }),
      column.accessor((a) => new Date(a.startsAt).getTime(), {
        id: "schedule",
        header: t("judging.columns.schedule"),
        cell: (c) => formatDateTime(locale, c.row.original.startsAt),
      }),
    ],
    [t, locale],
  );
  return (
    <section className="panel">
      <h1>{t("judging.title")}</h1>
      {assignments.length === 0 ? (
        <p>{t("judging.none")}</p>
      ) : (
        <>
          <p>{t("judging.intro")}</p>
          <DataTable data={assignments} columns={columns} caption={t("judging.title")} getRowId={(a) => `${a.role}:${a.skillId}`} />
          <p>
            <Link to="/me/api-tokens">{t("me.tokens.title")}</Link>
          </p>
        </>
      )}
    </section>
  );
}
