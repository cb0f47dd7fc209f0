// Results as CSV for spreadsheets (UTF-8 with a byte-order mark so Chinese shows correctly):
// rank, code, each module's mark, the theory and practice parts (where the scheme has both) with
// the raw total, total, time used (where recorded), WorldSkills points and whether they are
// official (where any are), award, and what is still missing.
// Names and delegations join after decryption (the publication capability); until then, codes.
import { stringify } from "csv-stringify/sync";
import { toFixed } from "~/domain/results/exact";
import type { SkillResults } from "~/domain/results/skill-results";
import { formatMinutesSeconds } from "~/domain/results/time-used";

export function resultsToCsv(results: SkillResults, t: (key: string) => string): string {
  const moduleCodes = results.competitors[0]?.modules.map((m) => m.code) ?? [];
  const hasParts = results.partWeights !== null;
  const hasTimes = results.competitors.some((c) => c.timeUsedSeconds !== null);
  const hasOfficial = results.competitors.some((c) => c.pointsSource === "official");
  const header = [
    t("results.columns.rank"),
    t("results.columns.code"),
    ...moduleCodes,
    ...(hasParts ? [t("results.columns.theory"), t("results.columns.practice"), t("results.columns.rawTotal")] : []),
    t("results.columns.total"),
    ...(hasTimes ? [t("results.columns.timeUsed")] : []),
    t("results.columns.points"),
    ...(hasOfficial ? [t("results.columns.pointsSource")] : []),
    t("results.columns.award"),
    t("results.columns.missing"),
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
  return "\uFEFF" + stringify([header, ...rows]);
}
