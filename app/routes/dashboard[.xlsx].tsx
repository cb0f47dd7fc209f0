// GET /dashboard.xlsx — the dashboard's tables as an Excel workbook, a sheet per table (or only
// ?table=funnel|region|skill|group|level|share), headers in the reader's language; the same
// filters and the same access as the page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { translator } from "~/i18n/i18n";
import { getLocale } from "~/i18n/locale.server";
import { requireDashboardReader } from "~/web/require.server";
import { dashboardScope, dashboardTables } from "~/components/dashboard/dashboard-tables";
import { dashboardToWorkbook } from "~/services/dashboard/dashboard-xlsx.server";
import { dashboardTableIds, parseDashboardFilters, type DashboardTableId } from "~/domain/dashboard/inputs";
import { loadDashboard, loadDashboardChoices } from "~/services/dashboard/load-dashboard.server";
import { fileResponse, fileTypes } from "~/web/download.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireDashboardReader(request, context);
  const params = new URL(request.url).searchParams;
  const filters = parseDashboardFilters(params);
  const wanted = params.get("table");
  const only = (dashboardTableIds as readonly string[]).includes(wanted ?? "") ? (wanted as DashboardTableId) : null;
  const [data, choices, locale] = await Promise.all([loadDashboard(context.deps.db, filters), loadDashboardChoices(context.deps.db), getLocale(request)]);
  const { t } = translator(locale);
  const tables = dashboardTables(data, t, locale).filter((x) => only === null || x.id === only);
  const body = await dashboardToWorkbook(tables, dashboardScope(data, choices.competitions, t, locale), t);
  const name = `dashboard-${only ?? "all"}${filters.year === null ? "" : `-${filters.year}`}.xlsx`;
  return fileResponse(body, { name, type: fileTypes.xlsx });
}
