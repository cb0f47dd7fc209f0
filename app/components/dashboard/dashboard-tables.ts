// The dashboard's tables in the reader's language: one definition of columns and rows that both
// the page (the accessible form of each chart) and the Excel workbook use, so they always show
// the same numbers. Shares travel as integers in per mille; only their display divides.
import type { TFunction } from "i18next";
import { localized, type Locale } from "~/i18n/i18n";
import { sichuanRegion } from "~/domain/competition/regions";
import type { BreakdownCounts, DashboardData } from "~/services/dashboard/load-dashboard.server";
import type { DashboardTableId } from "~/domain/dashboard/inputs";

export type DashboardCellKind = "text" | "number" | "perMille";
export type DashboardCell = string | number | null;

export interface DashboardTable {
  id: DashboardTableId;
  title: string;
  columns: Array<{ id: string; header: string; kind: DashboardCellKind }>;
  rows: DashboardCell[][];
}

const countColumns = ["participants", "tier1", "tier2", "tier3", "merit", "awarded", "titles", "promotions"] as const satisfies ReadonlyArray<
  keyof BreakdownCounts
>;

/** A share in per mille as a percentage with one decimal ("33.3%"), without floating point. */
export function formatPerMille(value: number | null): string {
  if (value === null) return "–";
  return `${Math.floor(value / 10)}.${value % 10}%`;
}

/** A region row's name; `short` for chart labels (阿坝州 stays in full in Chinese, "Ngawa" in English). */
export function regionName(key: string, locale: Locale, t: TFunction, short = false): string {
  if (key === "outside" || key === "unknown") return t(`dashboard.region.${key}`);
  const region = sichuanRegion(key);
  if (!region) return key;
  return localized(locale, region.nameZh, short ? (region.shortNameEn ?? region.nameEn) : region.nameEn);
}

export function dashboardTables(data: DashboardData, t: TFunction, locale: Locale): DashboardTable[] {
  const counted = (first: Array<{ id: string; header: string }>) => [
    ...first.map((c) => ({ ...c, kind: "text" as const })),
    ...countColumns.map((id) => ({ id, header: t(`dashboard.columns.${id}`), kind: "number" as const })),
  ];
  const countsOf = (row: BreakdownCounts) => countColumns.map((k) => row[k]);
  const { share } = data;
  return [
    {
      id: "funnel",
      title: t("dashboard.tables.funnel"),
      columns: [
        { id: "level", header: t("dashboard.columns.level"), kind: "text" },
        { id: "persons", header: t("dashboard.columns.persons"), kind: "number" },
        { id: "fromBelow", header: t("dashboard.columns.fromBelow"), kind: "number" },
        { id: "fromBelowShare", header: t("dashboard.columns.fromBelowShare"), kind: "perMille" },
      ],
      rows: data.funnel.map((r) => [r.levels.map((l) => t(`level.${l}`)).join(" / "), r.persons, r.fromBelow, r.fromBelowPerMille]),
    },
    {
      id: "region",
      title: t("dashboard.tables.region"),
      columns: counted([{ id: "region", header: t("dashboard.columns.region") }]),
      rows: data.byRegion.map((r) => [regionName(r.key, locale, t), ...countsOf(r)]),
    },
    {
      id: "skill",
      title: t("dashboard.tables.skill"),
      columns: counted([
        { id: "skill", header: t("dashboard.columns.skill") },
        { id: "occupationCode", header: t("dashboard.columns.occupationCode") },
      ]),
      rows: data.bySkill.map((r) => [locale === "en" ? r.nameEn : r.nameZh, r.key, ...countsOf(r)]),
    },
    {
      id: "group",
      title: t("dashboard.tables.group"),
      columns: counted([{ id: "group", header: t("dashboard.columns.group") }]),
      rows: data.byGroup.map((r) => [t(`group.${r.key}`), ...countsOf(r)]),
    },
    {
      id: "level",
      title: t("dashboard.tables.level"),
      columns: counted([{ id: "skillLevel", header: t("dashboard.columns.skillLevel") }]),
      rows: data.byLevel.map((r) => [r.key === "unknown" ? t("dashboard.unknownLevel") : t(`registration.skillLevel.${r.key}`), ...countsOf(r)]),
    },
    {
      id: "share",
      title: t("dashboard.tables.share"),
      columns: [
        { id: "category", header: t("dashboard.columns.category"), kind: "text" },
        { id: "persons", header: t("dashboard.columns.persons"), kind: "number" },
        { id: "share", header: t("dashboard.columns.share"), kind: "perMille" },
      ],
      rows: [
        [t("dashboard.shareRows.high"), share.highSkilled, share.perMille],
        [t("dashboard.shareRows.other"), share.known - share.highSkilled, share.perMille === null ? null : 1000 - share.perMille],
        [t("dashboard.shareRows.unknown"), share.unknown, null],
      ],
    },
  ];
}

/** The filters in words, for a sheet's title ("2026 · 省级 · 2026年四川工匠杯…"). */
export function dashboardScope(
  data: Pick<DashboardData, "filters">,
  competitions: ReadonlyArray<{ id: string; nameZh: string; nameEn: string | null }>,
  t: TFunction,
  locale: Locale,
): string {
  const { year, level, competitionId } = data.filters;
  const competition = competitions.find((c) => c.id === competitionId);
  const parts = [
    year === null ? null : String(year),
    level === null ? null : t(`level.${level}`),
    competition ? localized(locale, competition.nameZh, competition.nameEn) : null,
  ].filter((p) => p !== null);
  return parts.length === 0 ? t("dashboard.scopeAll") : parts.join(" · ");
}
