// The i18n layer: i18next with both catalogues bundled (they are small), zh-CN by default.
// The chosen language is remembered in a cookie and read by the root loader.
import i18next, { type i18n } from "i18next";
import { en } from "./locales/en";
import { zhCN } from "./locales/zh-CN";

export const locales = ["zh-CN", "en"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "zh-CN";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

export function createI18n(locale: Locale): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng: locale,
    fallbackLng: defaultLocale,
    resources: { "zh-CN": { translation: zhCN }, en: { translation: en } },
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false,
    returnNull: false,
    showSupportNotice: false,
  });
  return instance;
}

/** The name in the reader's language, falling back to Chinese when there is no English one. */
export function localized(locale: Locale, zh: string, enName: string | null | undefined): string {
  return locale === "en" && enName ? enName : zh;
}

const translators = new Map<Locale, i18n>();
/** A shared instance per language, for code outside React (meta functions, loaders). */
export function translator(locale: Locale): i18n {
  let instance = translators.get(locale);
  if (!instance) {
    instance = createI18n(locale);
    translators.set(locale, instance);
  }
  return instance;
}
