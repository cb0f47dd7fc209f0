import { describe, expect, it } from "vitest";
import { instantToShanghaiLocal, isIsoDate, isoInstantToShanghaiLocal, shanghaiDateOf, shanghaiLocalToInstant } from "./time";

describe("Shanghai wall-clock times", () => {
  it("converts both ways across midnight UTC", () => {
    const instant = shanghaiLocalToInstant("2026-05-12T07:30");
    expect(instant?.toISOString()).toBe("2026-05-11T23:30:00.000Z");
    expect(instantToShanghaiLocal(instant!)).toBe("2026-05-12T07:30");
    expect(shanghaiDateOf(instant!)).toBe("2026-05-12");
  });
  it.each(["2026-02-30T08:00", "2026-05-12T24:00", "2026-05-12 08:00", "", "<script>"])("refuses %s", (v) => {
    expect(shanghaiLocalToInstant(v)).toBeNull();
  });
  it("knows real dates", () => {
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2027-02-29")).toBe(false);
    expect(isIsoDate("2026-13-01")).toBe(false);
  });
  it.each([
    ["2026-11-21T00:30:00Z", "2026-11-21T08:30"],
    ["2026-11-21T00:30:00.000Z", "2026-11-21T08:30"],
    ["2026-11-21T08:30+08:00", "2026-11-21T08:30"],
    ["2026-11-20T23:30:00-01:00", "2026-11-21T08:30"],
  ])("reads the instant %s as Shanghai wall-clock time", (iso, local) => {
    expect(isoInstantToShanghaiLocal(iso)).toBe(local);
  });
  it.each(["2026-11-21T08:30", "2026-11-21T00:30:15Z", "2026-02-30T00:00Z", "2026-11-21T25:00Z", "yesterday"])("is not an instant on the minute: %s", (v) => {
    expect(isoInstantToShanghaiLocal(v)).toBeNull();
  });
});
