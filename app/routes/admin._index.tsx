import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { listCompetitionsByIds } from "~/services/queries.server";
import { canCreateCompetition, competitionsManagedBy } from "~/domain/access/policy";
import { localized } from "~/i18n/i18n";
import { requireUser } from "~/web/require.server";
import { DataTable } from "~/components/data-table";
import { formatDate } from "~/components/format";
import { titled } from "~/components/meta";
import { useLocale } from "~/components/use-locale";

export const meta: MetaFunction = ({ matches }) => titled(matches, "admin.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const competitions = await listCompetitionsByIds(context.deps.db, competitionsManagedBy(user));
  return { competitions, canCreate: canCreateCompetition(user) };
}

type Row = Awaited<ReturnType<typeof loader>>["competitions"][number];
const column = createColumnHelper<Row>();

export default function AdminHome() {
  const { competitions, canCreate } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const columns = useMemo(
    () => [
      column.accessor((r) => localized(locale, r.nameZh, r.nameEn), {
        id: "name",
        header: t("home.columns.name"),
        cell: (c) => <Link to={`/admin/competitions/${c.row.original.id}`}>{c.getValue()}</Link>,
      }),
      column.accessor((r) => t(`level.${r.level}`), { id: "level", header: t("home.columns.level") }),
      column.accessor("startsOn", { header: t("home.columns.dates"), cell: (c) => formatDate(locale, c.getValue()) }),
      column.accessor((r) => t(`status.${r.status}`), { id: "status", header: t("home.columns.status") }),
    ],
    [t, locale],
  );
  return (
    <section className="panel">
      <div className="panel-heading">
        <h1>{t("admin.myCompetitions")}</h1>
        {canCreate ? (
          <Link to="/admin/competitions/new" className="button primary">
            {t("admin.newCompetition")}
          </Link>
        ) : null}
      </div>
      {competitions.length === 0 ? (
        <p>{t("admin.noCompetitions")}</p>
      ) : (
        <DataTable
          data={competitions}
          columns={columns}
          caption={t("admin.myCompetitions")}
          initialSorting={[{ id: "startsOn", desc: true }]}
          getRowId={(r) => r.id}
        />
      )}
    </section>
  );
}
