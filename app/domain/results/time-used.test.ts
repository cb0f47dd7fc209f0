import { describe, expect, it } from "vitest";
import { formatMinutesSeconds, parseMinutesSeconds } from "./time-used";

describe("time used as minutes:seconds", () => {
  it.each([
    ["95:30", 5730],
    [" 0:00 ", 0],
    ["240:05", 14405],
    ["10080:00", 604800], // a week, the most there is
    ["10080:01", null],
    ["95", null],
    ["95:60", null],
    ["1:30:00", null],
    ["-1:00", null],
    ["９5:30", null],
    ["", null],
  ] as const)("%s → %s", (text, seconds) => {
    expect(parseMinutesSeconds(text)).toBe(seconds);
  });

  it("formats what it parses", () => {
    for (const seconds of [0, 59, 60, 5730, 604800]) expect(parseMinutesSeconds(formatMinutesSeconds(seconds))).toBe(seconds);
    expect(formatMinutesSeconds(5405)).toBe("90:05");
  });
});
