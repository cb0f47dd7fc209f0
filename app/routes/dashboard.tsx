// The dashboard 数据看板 for organizers and the provincial department: the funnel from enterprise
// contests to WorldSkills, participants and awards by region, skill, group and skill level, and
// the share of high-skilled. Each chart has its table (the same numbers, for screen readers and
// export) and each table downloads as Excel (/dashboard.xlsx?table=…; without it, every table).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { competitionLevels } from "~/domain/competition/ladder";
import type { TFunction } from "i18next";
import { localized, type Locale } from "~/i18n/i18n";
import { requireDashboardReader } from "~/web/require.server";
import { dashboardSearch, parseDashboardFilters } from "~/domain/dashboard/inputs";
import { loadDashboard, loadDashboardChoices } from "~/services/dashboard/load-dashboard.server";
import { dashboardTables, formatPerMille, regionName, type DashboardCell, type DashboardTable } from "~/components/dashboard/dashboard-tables";
import { DataTable } from "~/components/data-table";
import { DashboardChart, type ChartSpec } from "~/components/dashboard-chart";
import { SelectField } from "~/components/form";
import { titled } from "~/components/meta";
import { useLocale } from "~/components/use-locale";

export const meta: MetaFunction = ({ matches }) => titled(matches, "dashboard.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireDashboardReader(request, context);
  const filters = parseDashboardFilters(new URL(request.url).searchParams);
  const [data, choices] = await Promise.all([loadDashboard(context.deps.db, filters), loadDashboardChoices(context.deps.db)]);
  return { data, choices };
}

type LoaderData = Awaited<ReturnType<typeof loader>>;
type Row = DashboardCell[];
const column = createColumnHelper<Row>();

export default function DashboardPage() {
  const { data, choices } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const tables = useMemo(() => dashboardTables(data, t, locale), [data, t, locale]);
  const byId = (id: DashboardTable["id"]) => tables.find((x) => x.id === id)!;
  const search = dashboardSearch(data.filters);
  const charts = useChartSpecs(data, tables, t, locale);
  const { share, totals } = data;

  return (
    <div className="dashboard">
      <section className="panel">
        <div className="panel-heading">
          <h1>{t("dashboard.title")}</h1>
          <a className="button" href={`/dashboard.xlsx${search}`} download>
            {t("dashboard.exportAll")}
          </a>
        </div>
        <p className="lead">{t("dashboard.intro")}</p>
        <Form method="get" className="filter-bar" aria-label={t("dashboard.filters")} key={search}>
          <SelectField
            name="year"
            label={t("dashboard.year")}
            stored={data.filters.year === null ? "" : String(data.filters.year)}
            emptyOption={t("dashboard.all")}
            options={choices.years.map((y) => ({ value: String(y), label: String(y) }))}
          />
          <SelectField
            name="level"
            label={t("dashboard.level")}
            stored={data.filters.level ?? ""}
            emptyOption={t("dashboard.all")}
            options={competitionLevels.map((l) => ({ value: l, label: t(`level.${l}`) }))}
          />
          <SelectField
            name="competition"
            label={t("dashboard.competition")}
            stored={data.filters.competitionId ?? ""}
            emptyOption={t("dashboard.all")}
            options={choices.competitions.map((c) => ({
              value: c.id,
              label: `${c.year} · ${t(`level.${c.level}`)} · ${localized(locale, c.nameZh, c.nameEn)}`,
            }))}
          />
          <button type="submit" className="button primary">
            {t("dashboard.apply")}
          </button>
        </Form>
        <dl className="dashboard-summary">
          <div>
            <dt>{t("dashboard.summary.participants")}</dt>
            <dd data-testid="total-participants">{totals.participants}</dd>
          </div>
          <div>
            <dt>{t("dashboard.summary.awarded")}</dt>
            <dd>{totals.awarded}</dd>
          </div>
          <div>
            <dt>{t("dashboard.summary.highSkilled")}</dt>
            <dd>{share.perMille === null ? t("dashboard.summary.noLevel") : formatPerMille(share.perMille)}</dd>
            <ShareBar
              perMille={share.perMille}
              label={t("dashboard.summary.highSkilledDetail", { high: share.highSkilled, known: share.known, unknown: share.unknown })}
            />
          </div>
        </dl>
      </section>

      <TableSection table={byId("funnel")} search={search} note={t("dashboard.funnelNote")} chart={charts.funnel} chartHeight={300} />
      <TableSection table={byId("region")} search={search} note={t("dashboard.tableNote")} chart={charts.region} chartHeight={320} />
      <TableSection table={byId("level")} search={search} chart={charts.level} />
      <TableSection table={byId("share")} search={search} />
      <TableSection table={byId("group")} search={search} chart={charts.group} chartHeight={240} />
      <TableSection table={byId("skill")} search={search} chart={charts.skill} chartHeight={Math.max(220, 28 * Math.min(15, data.bySkill.length) + 60)} />
    </div>
  );
}

function useChartSpecs(data: LoaderData["data"], tables: DashboardTable[], t: TFunction, locale: Locale) {
  return useMemo(() => {
    const labels = (id: DashboardTable["id"]) => tables.find((x) => x.id === id)!.rows.map((r) => String(r[0]));
    const participants = t("dashboard.columns.participants");
    const awarded = t("dashboard.columns.awarded");
    const bars = (id: DashboardTable["id"], rows: Array<{ participants: number; awarded: number }>, extra: Partial<ChartSpec> = {}): ChartSpec => ({
      type: "bar",
      labels: labels(id),
      datasets: [
        { label: participants, data: rows.map((r) => r.participants) },
        { label: awarded, data: rows.map((r) => r.awarded) },
      ],
      ...extra,
    });
    const topSkills = data.bySkill.slice(0, 15);
    return {
      funnel: {
        type: "bar",
        horizontal: true,
        labels: labels("funnel"),
        datasets: [{ label: t("dashboard.columns.persons"), data: data.funnel.map((r) => r.persons) }],
      } satisfies ChartSpec,
      region: { ...bars("region", data.byRegion), labels: data.byRegion.map((r) => regionName(r.key, locale, t, true)) },
      group: {
        type: "doughnut",
        labels: labels("group"),
        datasets: [{ label: participants, data: data.byGroup.map((r) => r.participants) }],
      } satisfies ChartSpec,
      level: bars("level", data.byLevel),
      skill: { ...bars("skill", topSkills, { horizontal: true }), labels: labels("skill").slice(0, 15) },
    };
  }, [data, tables, t, locale]);
}

function ShareBar({ perMille, label }: { perMille: number | null; label: string }) {
  return (
    <div className="share-bar" role="img" aria-label={label}>
      <span style={{ width: `${(perMille ?? 0) / 10}%` }} />
      <small aria-hidden="true">{label}</small>
    </div>
  );
}

function TableSection({
  table,
  search,
  note,
  chart,
  chartHeight,
}: {
  table: DashboardTable;
  search: string;
  note?: string;
  chart?: ChartSpec;
  chartHeight?: number;
}) {
  const { t } = useTranslation();
  const columns = useMemo(
    () =>
      table.columns.map((c, i) =>
        column.accessor((r) => r[i] ?? null, {
          id: c.id,
          header: c.header,
          cell: (cell) => {
            const value = cell.getValue();
            if (c.kind === "perMille") return formatPerMille(value as number | null);
            return value ?? "–";
          },
          sortUndefined: "last",
        }),
      ),
    [table],
  );
  const headingId = `dashboard-${table.id}`;
  return (
    <section className="panel dashboard-section" aria-labelledby={headingId} data-table-id={table.id}>
      <div className="panel-heading">
        <h2 id={headingId}>{table.title}</h2>
        <a
          className="button small"
          href={`/dashboard.xlsx${search ? `${search}&` : "?"}table=${table.id}`}
          download
          aria-label={t("dashboard.exportTableNamed", { table: table.title })}
        >
          {t("dashboard.exportTable")}
        </a>
      </div>
      {note ? <p className="hint">{note}</p> : null}
      {chart ? (
        <figure className="dashboard-figure">
          <DashboardChart spec={chart} label={t("dashboard.chartLabel", { title: table.title })} height={chartHeight} />
        </figure>
      ) : null}
      <DataTable data={table.rows} columns={columns} caption={table.title} filterable={false} paged={table.id === "skill"} pageSize={20} />
    </section>
  );
}
