import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { listSkills } from "~/services/queries.server";
import { localized } from "~/i18n/i18n";
import { requireOrganizer } from "~/web/require.server";
import { uuidParam } from "~/web/forms.server";
import { DataTable } from "~/components/data-table";
import { formatDateTime } from "~/components/format";
import { useLocale } from "~/components/use-locale";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  await requireOrganizer(request, context, competitionId);
  return { competitionId, skills: await listSkills(context.deps.db, competitionId) };
}

type Row = Awaited<ReturnType<typeof loader>>["skills"][number];
const column = createColumnHelper<Row>();

export default function SkillsTab() {
  const { competitionId, skills } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const columns = useMemo(
    () => [
      column.accessor((s) => localized(locale, s.nameZh, s.nameEn), {
        id: "name",
        header: t("competition.skillColumns.name"),
        cell: (c) => <Link to={`/admin/competitions/${competitionId}/skills/${c.row.original.id}`}>{c.getValue()}</Link>,
      }),
      column.accessor((s) => t(`track.${s.track}`), { id: "track", header: t("competition.skillColumns.track") }),
      column.accessor("occupationCode", { header: t("competition.skillColumns.occupation") }),
      column.accessor((s) => t(`group.${s.entrantGroup}`), { id: "group", header: t("competition.skillColumns.group") }),
      column.accessor((s) => new Date(s.startsAt).getTime(), {
        id: "schedule",
        header: t("competition.skillColumns.schedule"),
        cell: (c) => formatDateTime(locale, c.row.original.startsAt),
      }),
      column.accessor("competitorCount", { header: t("competition.skillColumns.competitors") }),
    ],
    [t, locale, competitionId],
  );
  return (
    <section className="panel">
      <div className="panel-heading">
        <h2>{t("admin.skills.title")}</h2>
        <Link to={`/admin/competitions/${competitionId}/skills/new`} className="button primary">
          {t("admin.skills.add")}
        </Link>
      </div>
      {skills.length === 0 ? (
        <p>{t("admin.skills.none")}</p>
      ) : (
        <DataTable data={skills} columns={columns} caption={t("admin.skills.title")} getRowId={(s) => s.id} />
      )}
    </section>
  );
}
