// The app's own message catalogues, so every label the tests look for is the one users see.
import { en } from "../../app/i18n/locales/en";
import { zhCN, type Messages } from "../../app/i18n/locales/zh-CN";
import { createI18n } from "../../app/i18n/i18n";

export type Lang = "zh-CN" | "en";
export const languages: readonly Lang[] = ["zh-CN", "en"];

export function messagesOf(lang: Lang): Messages {
  return lang === "en" ? en : (zhCN as Messages);
}

/** A message exactly as the app renders it, plural forms included (e.g. "1 row", "3 rows"). */
export function translate(lang: Lang, key: string, params: Record<string, string | number> = {}): string {
  return createI18n(lang).t(key, params);
}

/** Fills i18next-style {{placeholders}}. */
export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? `{{${name}}}`));
}

/** A short tag for names and file names: "zh" or "en". */
export function langTag(lang: Lang): string {
  return lang === "en" ? "en" : "zh";
}

/** The demo data in both languages (db/scenarios/data). */
export const demo = {
  competition: { "zh-CN": "2026年四川工匠杯职业技能大赛", en: "2026 Sichuan Craftsman Cup Vocational Skills Competition" },
  welding: { "zh-CN": "焊接", en: "Welding" },
  chengdu: { "zh-CN": "成都市代表队", en: "Chengdu delegation" },
  password: "gongjiang-2026",
} as const;
