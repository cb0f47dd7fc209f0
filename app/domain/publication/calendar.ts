// Working days in mainland China (RULES.md: the notice period 公示 is counted in working days).
// A working day is Monday to Friday unless it is a public holiday, plus the weekend days the
// State Council's yearly notice on holiday arrangements (国务院办公厅关于节假日安排的通知) makes
// working days (调休). The list is maintained here, one block per year, from those notices; a
// year without a block falls back to weekdays minus the fixed-date statutory holidays (New Year's
// Day, 1 May, 1–3 October), and `calendarKnows` tells the UI so it can say the count is estimated.
// Boundary: pure — ISO dates (YYYY-MM-DD) in, ISO dates out; days are Beijing calendar days.

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

interface YearArrangement {
  /** Days off, including the weekend days inside a holiday block. */
  holidays: readonly string[];
  /** Weekend days that are working days (调休上班). */
  workingWeekends: readonly string[];
}

function span(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
}

const arrangements: Readonly<Record<number, YearArrangement>> = {
  2024: {
    holidays: [
      "2024-01-01",
      ...span("2024-02-10", "2024-02-17"),
      ...span("2024-04-04", "2024-04-06"),
      ...span("2024-05-01", "2024-05-05"),
      "2024-06-10",
      ...span("2024-09-15", "2024-09-17"),
      ...span("2024-10-01", "2024-10-07"),
    ],
    workingWeekends: ["2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12"],
  },
  2025: {
    holidays: [
      "2025-01-01",
      ...span("2025-01-28", "2025-02-04"),
      ...span("2025-04-04", "2025-04-06"),
      ...span("2025-05-01", "2025-05-05"),
      ...span("2025-05-31", "2025-06-02"),
      ...span("2025-10-01", "2025-10-08"),
    ],
    workingWeekends: ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
  },
  2026: {
    holidays: [
      ...span("2026-01-01", "2026-01-03"),
      ...span("2026-02-15", "2026-02-23"),
      ...span("2026-04-04", "2026-04-06"),
      ...span("2026-05-01", "2026-05-05"),
      ...span("2026-06-19", "2026-06-21"),
      ...span("2026-09-25", "2026-09-27"),
      ...span("2026-10-01", "2026-10-07"),
    ],
    workingWeekends: ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
  },
};

const holidaySet = new Set(Object.values(arrangements).flatMap((a) => a.holidays));
const workingWeekendSet = new Set(Object.values(arrangements).flatMap((a) => a.workingWeekends));
/** Fixed-date statutory holidays, for years the list does not cover yet. */
const fixedHolidays = ["01-01", "05-01", "10-01", "10-02", "10-03"];

function parse(date: string): Date {
  if (!isoDate.test(date)) throw new Error(`Not an ISO date: ${date}`);
  const value = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(value.getTime()) || value.toISOString().slice(0, 10) !== date) throw new Error(`Not a calendar date: ${date}`);
  return value;
}

export function addDays(date: string, days: number): string {
  const d = parse(date);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whether the maintained list covers this year (otherwise working days are estimated). */
export function calendarKnows(year: number): boolean {
  return year in arrangements;
}

export function isWorkingDay(date: string): boolean {
  const weekday = parse(date).getUTCDay();
  const year = Number(date.slice(0, 4));
  if (workingWeekendSet.has(date)) return true;
  if (weekday === 0 || weekday === 6) return false;
  if (calendarKnows(year)) return !holidaySet.has(date);
  return !fixedHolidays.includes(date.slice(5));
}

/**
 * The last day of a period of `count` working days that starts on the first working day AFTER
 * `from` (the day of publication does not count: results published at 17:00 on a Friday give the
 * public five full working days from Monday). `count` 0 gives `from` itself.
 */
export function workingDaysAfter(from: string, count: number): string {
  if (!Number.isInteger(count) || count < 0) throw new Error("count must be a whole number ≥ 0");
  let day = from;
  for (let left = count; left > 0;) {
    day = addDays(day, 1);
    if (isWorkingDay(day)) left--;
  }
  return day;
}
