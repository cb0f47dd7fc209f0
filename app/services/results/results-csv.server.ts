// Results as a table for spreadsheets — rank, code, each module's mark, the theory and practice
// parts (where the scheme has both) with the raw total, total, time used (where recorded),
// WorldSkills points and whether they are official (where any are), award, and what is still
// missing — written as CSV (UTF-8 with a byte-order mark so Chinese shows correctly) or, through
// the same table, as Excel (results-xlsx.ts).
// Names and delegations join after decryption (the publication capability); until then, codes.
import { toFixed } from "~/domain/results/exact";
import type { SkillResults } from "~/domain/results/skill-results";
import { formatMinutesSeconds } from "~/domain/results/time-used";
import { spreadsheetCsv } from "../spreadsheets/safe-cells.server";

/** integer: rank, points; mark: exact, rounded to two places; text: everything else. */
export type ResultsColumnKind = "integer" | "mark" | "text";

export interface ResultsTable {
  columns: Array<{ header: string; kind: ResultsColumnKind }>;
  rows: string[][];
}

export function resultsTable(results: SkillResults, t: (key: string) => string): ResultsTable {
  const moduleCodes = results.competitors[0]?.modules.map((m) => m.code) ?? [];
  const hasParts = results.partWeights !== null;
  const hasTimes = results.competitors.some((c) => c.timeUsedSeconds !== null);
  const hasOfficial = results.competitors.some((c) => c.pointsSource === "official");
  const columns: ResultsTable["columns"] = [
    { header: t("results.columns.rank"), kind: "integer" },
    { header: t("results.columns.code"), kind: "text" },
    ...moduleCodes.map((code) => ({ header: code, kind: "mark" as const })),
    ...(hasParts
      ? [
          { header: t("results.columns.theory"), kind: "mark" as const },
          { header: t("results.columns.practice"), kind: "mark" as const },
          { header: t("results.columns.rawTotal"), kind: "mark" as const },
        ]
      : []),
    { header: t("results.columns.total"), kind: "mark" },
    ...(hasTimes ? [{ header: t("results.columns.timeUsed"), kind: "text" as const }] : []),
    { header: t("results.columns.points"), kind: "integer" },
    ...(hasOfficial ? [{ header: t("results.columns.pointsSource"), kind: "text" as const }] : []),
    { header: t("results.columns.award"), kind: "text" },
    { header: t("results.columns.missing"), kind: "text" },
  ];
  const rows = results.competitors.map((c) => [
    String(c.rank),
    c.code,
    ...c.modules.map((m) => toFixed(m.mark)),
    ...(hasParts ? [c.parts ? toFixed(c.parts.theory.scaled) : "", c.parts ? toFixed(c.parts.practice.scaled) : "", toFixed(c.rawTotal)] : []),
    toFixed(c.total),
    ...(hasTimes ? [c.timeUsedSeconds === null ? "" : formatMinutesSeconds(c.timeUsedSeconds)] : []),
    c.points === null ? "" : String(c.points),
    ...(hasOfficial ? [c.pointsSource ? t(`results.${c.pointsSource}`) : ""] : []),
    c.award ? t(`award.${c.award}`) : "",
    c.missingAspects.join(" "),
  ]);
  return { columns, rows };
}

export function resultsToCsv(results: SkillResults, t: (key: string) => string): string {
  const { columns, rows } = resultsTable(results, t);
  return spreadsheetCsv([columns.map((c) => c.header), ...rows]);
}
