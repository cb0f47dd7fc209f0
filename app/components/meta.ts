// Page titles in the reader's language (meta functions run outside React, so they use the
// shared translator for the locale the root loader chose).
import type { MetaDescriptor } from "@remix-run/node";
import { defaultLocale, isLocale, translator, type Locale } from "~/i18n/i18n";

interface MatchLike {
  id: string;
  data?: unknown;
}

export function localeOfMatches(matches: readonly MatchLike[]): Locale {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
  return isLocale(root?.locale) ? root.locale : defaultLocale;
}

export function titled(matches: readonly MatchLike[], key: string, subject?: string): MetaDescriptor[] {
  const t = translator(localeOfMatches(matches)).t;
  const parts = [subject, t(key), t("app.name")].filter(Boolean);
  return [{ title: parts.join(" · ") }];
}
