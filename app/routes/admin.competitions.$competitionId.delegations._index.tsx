import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { listDelegations } from "~/services/queries.server";
import { localized } from "~/i18n/i18n";
import { requireOrganizer } from "~/web/require.server";
import { uuidParam } from "~/web/forms.server";
import { DataTable } from "~/components/data-table";
import { useLocale } from "~/components/use-locale";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  await requireOrganizer(request, context, competitionId);
  return { competitionId, delegations: await listDelegations(context.deps.db, competitionId) };
}

type Row = Awaited<ReturnType<typeof loader>>["delegations"][number];
const column = createColumnHelper<Row>();

export default function DelegationsTab() {
  const { competitionId, delegations } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const columns = useMemo(
    () => [
      column.accessor((d) => localized(locale, d.nameZh, d.nameEn), {
        id: "name",
        header: t("competition.delegationColumns.name"),
        cell: (c) => <Link to={`/admin/competitions/${competitionId}/delegations/${c.row.original.id}`}>{c.getValue()}</Link>,
      }),
      column.accessor((d) => t(`delegationKind.${d.kind}`), { id: "kind", header: t("competition.delegationColumns.kind") }),
      column.accessor((d) => d.regionCode ?? "", { id: "region", header: t("competition.delegationColumns.region") }),
      column.accessor("competitorCount", { header: t("competition.delegationColumns.competitors") }),
      column.accessor((d) => (d.teamLeaders ?? []).join("、"), {
        id: "teamLeaders",
        header: t("competition.delegationColumns.teamLeaders"),
        enableSorting: false,
      }),
    ],
    [t, locale, competitionId],
  );
  return (
    <section className="panel">
      <div className="panel-heading">
        <h2>{t("admin.delegations.title")}</h2>
        <Link to={`/admin/competitions/${competitionId}/delegations/new`} className="button primary">
          {t("admin.delegations.add")}
        </Link>
      </div>
      {delegations.length === 0 ? (
        <p>{t("admin.delegations.none")}</p>
      ) : (
        <DataTable data={delegations} columns={columns} caption={t("admin.delegations.title")} getRowId={(d) => d.id} />
      )}
    </section>
  );
}
