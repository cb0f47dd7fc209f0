import { describe, expect, it } from "vitest";
import { en } from "./locales/en";
import { zhCN } from "./locales/zh-CN";
import { createI18n } from "./i18n";

function keysOf(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

describe("message catalogues", () => {
  it("have the same keys in both languages", () => {
    const singularForms = (k: string) => k.endsWith("_one");
    expect(
      keysOf(en)
        .filter((k) => !singularForms(k))
        .sort(),
    ).toEqual(keysOf(zhCN).sort());
  });
  it("use the same interpolation parameters in both languages", () => {
    const params = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
    const lookup = (obj: unknown, key: string) => key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], obj) as string;
    for (const key of keysOf(zhCN)) expect(params(lookup(en, key)), key).toEqual(params(lookup(zhCN, key)));
  });
  it("translates with parameters", () => {
    expect(createI18n("zh-CN").t("table.page", { page: 2, pages: 5 })).toBe("第 2 / 5 页");
    expect(createI18n("en").t("table.page", { page: 2, pages: 5 })).toBe("Page 2 of 5");
  });
  it("uses singular and plural forms in English, one form in Chinese", () => {
    expect(createI18n("en").t("table.rows", { count: 1 })).toBe("1 row");
    expect(createI18n("en").t("table.rows", { count: 3 })).toBe("3 rows");
    expect(createI18n("zh-CN").t("table.rows", { count: 1 })).toBe("共 1 条");
  });
});
