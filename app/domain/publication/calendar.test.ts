import { describe, expect, it } from "vitest";
import { calendarKnows, isWorkingDay, workingDaysAfter } from "./calendar";

describe("working days (Chinese public holidays and 调休)", () => {
  it.each([
    ["2026-11-23", true, "an ordinary Monday"],
    ["2026-11-28", false, "an ordinary Saturday"],
    ["2026-10-05", false, "National Day week, a Monday"],
    ["2026-10-10", true, "a Saturday made a working day after National Day"],
    ["2026-02-16", false, "Spring Festival"],
    ["2026-02-14", true, "the Saturday before Spring Festival is worked"],
    ["2025-01-26", true, "a Sunday worked before the 2025 Spring Festival"],
    ["2025-10-08", false, "the eighth day of the 2025 National Day and Mid-Autumn break"],
    ["2024-06-10", false, "Dragon Boat Festival 2024"],
  ])("%s is a working day: %s (%s)", (date, working) => {
    expect(isWorkingDay(date)).toBe(working);
  });

  it.each([
    // published on a Tuesday: Wed, Thu, Fri, Mon, Tue
    ["2026-11-24", 5, "2026-12-01"],
    // published on a Friday: the Friday does not count
    ["2026-11-20", 5, "2026-11-27"],
    // across National Day 2026: 30 Sep (Wed) → Oct 8 (Thu), 9 (Fri), 10 (Sat, worked), 12 (Mon), 13 (Tue)
    ["2026-09-30", 5, "2026-10-13"],
    // across Spring Festival 2026: 13 Feb (Fri) → 14 (Sat, worked), 24, 25, 26, 27
    ["2026-02-13", 5, "2026-02-27"],
    ["2026-11-24", 0, "2026-11-24"],
    ["2026-11-24", 1, "2026-11-25"],
  ])("a notice period published on %s of %i working days ends on %s", (from, count, end) => {
    expect(workingDaysAfter(from, count)).toBe(end);
  });

  it("falls back to weekdays and the fixed-date holidays in a year the list does not cover", () => {
    expect(calendarKnows(2026)).toBe(true);
    expect(calendarKnows(2031)).toBe(false);
    expect(isWorkingDay("2031-01-01")).toBe(false); // New Year's Day, a Wednesday
    expect(isWorkingDay("2031-01-02")).toBe(true);
    expect(workingDaysAfter("2031-09-30", 3)).toBe("2031-10-08"); // 1–3 Oct (Wed–Fri) off, 4–5 weekend, then Mon 6, Tue 7, Wed 8
  });

  it("refuses what is not a date", () => {
    expect(() => workingDaysAfter("2026-02-30", 1)).toThrow();
    expect(() => workingDaysAfter("2026-11-24", -1)).toThrow();
  });
});
