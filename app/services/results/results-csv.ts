// Results as CSV for spreadsheets (UTF-8 with a byte-order mark so Chinese shows correctly):
// rank, code, each module's mark, total, WorldSkills points, award, and what is still missing.
// Names and delegations join after decryption (the publication capability); until then, codes.
import { stringify } from "csv-stringify/sync";
import { toFixed } from "~/domain/results/exact";
import type { SkillResults } from "~/domain/results/skill-results";

export function resultsToCsv(results: SkillResults, t: (key: string) => string): string {
  const moduleCodes = results.competitors[0]?.modules.map((m) => m.code) ?? [];
  const header = [t("results.columns.rank"), t("results.columns.code"), ...moduleCodes, t("results.columns.total"), t("results.columns.points"), t("results.columns.award"), t("results.columns.missing")];
  const rows = results.competitors.map((c) => [
    String(c.rank),
    c.code,
    ...c.modules.map((m) => toFixed(m.mark)),
    toFixed(c.total),
    c.points === null ? "" : String(c.points),
    c.award ? t(`award.${c.award}`) : "",
    c.missingAspects.join(" "),
  ]);
  return "\uFEFF" + stringify([header, ...rows]);
}
