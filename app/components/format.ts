// Dates and times as the reader expects them, always on Beijing time.
import type { Locale } from "~/i18n/i18n";

const timeZone = "Asia/Shanghai";

export function formatDate(locale: Locale, isoDate: string): string {
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(new Date(`${isoDate}T00:00:00Z`));
}

export function formatDateTime(locale: Locale, instant: Date | string): string {
  return new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false, timeZone }).format(
    new Date(instant),
  );
}

export function formatTime(locale: Locale, instant: Date | string): string {
  return new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", hour12: false, timeZone }).format(new Date(instant));
}

export function formatDay(locale: Locale, instant: Date | string): string {
  return new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", weekday: "short", timeZone }).format(new Date(instant));
}

/** Year to second, for records that are signed on paper (the draw's sealed mapping). */
export function formatFullDateTime(locale: Locale, instant: Date | string): string {
  return new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hour12: false,
    timeZone,
  }).format(new Date(instant));
}
