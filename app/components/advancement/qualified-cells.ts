// The qualified-persons table's cells as text in the reader's language: what the 晋级 tab shows
// and what its Excel export writes, from one place.
import { localized, type Locale } from "~/i18n/i18n";
import type { QualifiedPerson } from "~/services/advancement/qualified-persons.server";

const qualifiedColumns = ["skill", "name", "idNumberMasked", "delegation", "rank", "award", "kind", "target"] as const;
export type QualifiedColumn = (typeof qualifiedColumns)[number];

type Translate = (key: string) => string;

/** Column headers (the ID number column is masked, always). */
export function qualifiedHeaders(t: Translate): Record<QualifiedColumn, string> {
  return Object.fromEntries(qualifiedColumns.map((c) => [c, t(`advancement.columns.${c === "idNumberMasked" ? "idNumber" : c}`)])) as Record<
    QualifiedColumn,
    string
  >;
}

export function qualifiedCells(r: QualifiedPerson, t: Translate, locale: Locale): Record<QualifiedColumn, string | number> {
  return {
    skill: localized(locale, r.skill.nameZh, r.skill.nameEn),
    name: r.name,
    idNumberMasked: r.idNumberMasked,
    delegation: localized(locale, r.delegation.nameZh, r.delegation.nameEn),
    rank: r.rank,
    award: r.award ? t(`award.${r.award}`) : "—",
    kind: t(`advancement.kind.${r.kind}`),
    target: r.target ? localized(locale, r.target.nameZh, r.target.nameEn) : t(`level.${r.targetLevel}`),
  };
}
