import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { listPublicCompetitions } from "~/services/queries.server";
import { competitionLevels } from "~/domain/competition/ladder";
import { localized } from "~/i18n/i18n";
import { DataTable } from "~/components/data-table";
import { formatDate } from "~/components/format";
import { titled } from "~/components/meta";
import { useLocale } from "~/components/use-locale";

export const meta: MetaFunction = ({ matches }) => titled(matches, "home.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const level = url.searchParams.get("level");
  const year = Number(url.searchParams.get("year"));
  const all = await listPublicCompetitions(context.deps.db);
  const years = [...new Set(all.map((c) => c.year))].sort((a, b) => b - a);
  const competitions = all.filter((c) => (!level || c.level === level) && (!year || c.year === year));
  return { competitions, years };
}

type Row = Awaited<ReturnType<typeof loader>>["competitions"][number];
const column = createColumnHelper<Row>();

export default function CompetitionsPage() {
  const { competitions, years } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const [params] = useSearchParams();
  const navigate = useNavigate();

  const setFilter = (name: "level" | "year", value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    navigate(`?${next.toString()}`, { preventScrollReset: true, replace: true });
  };

  const columns = useMemo(
    () => [
      column.accessor((r) => localized(locale, r.nameZh, r.nameEn), {
        id: "name",
        header: t("home.columns.name"),
        cell: (c) => <Link to={`/competitions/${c.row.original.id}`}>{c.getValue()}</Link>,
      }),
      column.accessor((r) => t(`level.${r.level}`), { id: "level", header: t("home.columns.level") }),
      column.accessor("startsOn", {
        header: t("home.columns.dates"),
        cell: (c) => t("competition.dates", { from: formatDate(locale, c.row.original.startsOn), to: formatDate(locale, c.row.original.endsOn) }),
      }),
      column.accessor("venue", { header: t("home.columns.venue") }),
      column.accessor("skillCount", { header: t("home.columns.skills") }),
      column.accessor((r) => t(`status.${r.status}`), { id: "status", header: t("home.columns.status") }),
    ],
    [t, locale],
  );

  return (
    <section className="panel">
      <h1>{t("home.title")}</h1>
      <p className="lead">{t("home.intro")}</p>
      <DataTable
        data={competitions}
        columns={columns}
        caption={t("home.title")}
        initialSorting={[{ id: "startsOn", desc: true }]}
        getRowId={(r) => r.id}
        toolbar={
          <>
            <label className="field inline">
              <span>{t("home.filterLevel")}</span>
              <select value={params.get("level") ?? ""} onChange={(e) => setFilter("level", e.target.value)}>
                <option value="">{t("home.all")}</option>
                {competitionLevels.map((l) => (
                  <option key={l} value={l}>
                    {t(`level.${l}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field inline">
              <span>{t("home.filterYear")}</span>
              <select value={params.get("year") ?? ""} onChange={(e) => setFilter("year", e.target.value)}>
                <option value="">{t("home.all")}</option>
                {years.map((y) => (
                  <option key={y} value={y}>
                    {y}
                  </option>
                ))}
              </select>
            </label>
          </>
        }
      />
    </section>
  );
}
