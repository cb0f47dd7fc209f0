import { useRouteLoaderData } from "@remix-run/react";
import { defaultLocale, type Locale } from "~/i18n/i18n";
import type { RootData } from "~/root";

export function useLocale(): Locale {
  return useRouteLoaderData<RootData>("root")?.locale ?? defaultLocale;
}
