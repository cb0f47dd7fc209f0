// The dashboard's filters, read from the URL (?year=2026&level=provincial&competition=<uuid>):
// shared by the page and its Excel export so both show the same numbers.
import { z } from "zod";
import { competitionLevels, type CompetitionLevel } from "~/domain/competition/ladder";

export const dashboardTableIds = ["funnel", "region", "skill", "group", "level", "share"] as const;
export type DashboardTableId = (typeof dashboardTableIds)[number];

export interface DashboardFilters {
  /** null: all years */
  year: number | null;
  /** null: every level (the funnel always shows every level) */
  level: CompetitionLevel | null;
  /** null: every competition */
  competitionId: string | null;
}

const emptyIsNull = (v: unknown) => (v === "" || v === null ? null : v);

export const DashboardFiltersSchema = z.object({
  year: z.preprocess(emptyIsNull, z.coerce.number().int().min(1990).max(2100).nullable()).catch(null),
  level: z.preprocess(emptyIsNull, z.enum(competitionLevels).nullable()).catch(null),
  competitionId: z.preprocess(emptyIsNull, z.uuid().nullable()).catch(null),
});

/** Unknown or malformed values fall back to "all": a hand-edited URL still shows a dashboard. */
export function parseDashboardFilters(params: URLSearchParams): DashboardFilters {
  return DashboardFiltersSchema.parse({ year: params.get("year"), level: params.get("level"), competitionId: params.get("competition") });
}

export function dashboardSearch(filters: DashboardFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (filters.year !== null) params.set("year", String(filters.year));
  if (filters.level !== null) params.set("level", filters.level);
  if (filters.competitionId !== null) params.set("competition", filters.competitionId);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : "";
}
