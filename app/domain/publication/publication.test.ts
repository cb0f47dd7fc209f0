import { describe, expect, it } from "vitest";
import { appealDeadline, appealTiming, publicationPhase } from "./finality";
import { medalTable } from "./medal-table";

describe("medal table", () => {
  it("WorldSkills: medal points 4/3/2/1, then golds; Best of Nation counted; equal delegations share a place", () => {
    const table = medalTable([
      { delegationId: "CHN", award: "gold", bestOfNation: true },
      { delegationId: "CHN", award: "medallion", bestOfNation: false },
      { delegationId: "KOR", award: "silver", bestOfNation: true },
      { delegationId: "KOR", award: "bronze", bestOfNation: false },
      { delegationId: "JPN", award: "silver", bestOfNation: true },
      { delegationId: "JPN", award: "bronze", bestOfNation: false },
      { delegationId: "SUI", award: "gold", bestOfNation: true },
      { delegationId: "FRA", award: null, bestOfNation: false },
    ]);
    expect(table.map((r) => [r.delegationId, r.medalPoints, r.place])).toEqual([
      ["CHN", 5, 1], // equal points: the gold decides
      ["JPN", 5, 2],
      ["KOR", 5, 2],
      ["SUI", 4, 4],
    ]);
    expect(table.find((r) => r.delegationId === "CHN")).toMatchObject({ bestOfNation: 1, counts: { gold: 1, medallion: 1 } });
  });

  it("Chinese prizes: firsts, then seconds, thirds, merits; a delegation without any prize is left out", () => {
    const table = medalTable([
      { delegationId: "成都", award: "second", bestOfNation: false },
      { delegationId: "成都", award: "third", bestOfNation: false },
      { delegationId: "绵阳", award: "first", bestOfNation: false },
      { delegationId: "德阳", award: "second", bestOfNation: false },
      { delegationId: "德阳", award: "merit", bestOfNation: false },
      { delegationId: "乐山", award: null, bestOfNation: false },
    ]);
    expect(table.map((r) => r.delegationId)).toEqual(["绵阳", "成都", "德阳"]);
  });
});

describe("appeal deadline and finality", () => {
  const skill = { startsAt: new Date("2026-11-22T00:30:00Z"), endsAt: new Date("2026-11-22T09:30:00Z") };

  it("accepts appeals until two hours after the skill ends, refuses later ones", () => {
    expect(appealTiming(new Date("2026-11-22T11:30:00Z"), skill, 120, null)).toBe("on_time");
    expect(appealTiming(new Date("2026-11-22T11:30:01Z"), skill, 120, null)).toBe("too_late");
    expect(appealTiming(new Date("2026-11-21T11:30:00Z"), skill, 120, null)).toBe("too_early");
  });

  it("a publication's notice period extends the deadline (objections), never shortens it", () => {
    const noticeEndsAt = new Date("2026-11-30T16:00:00Z");
    expect(appealDeadline(skill.endsAt, 120, noticeEndsAt)).toEqual(noticeEndsAt);
    expect(appealDeadline(skill.endsAt, 120, new Date("2026-11-22T10:00:00Z"))).toEqual(new Date("2026-11-22T11:30:00Z"));
    expect(appealTiming(new Date("2026-11-30T15:59:59Z"), skill, 120, noticeEndsAt)).toBe("on_time");
    expect(appealTiming(new Date("2026-11-30T16:00:01Z"), skill, 120, noticeEndsAt)).toBe("too_late");
  });

  it("final once the notice period ends without an open or uncorrected upheld appeal", () => {
    const end = new Date("2026-12-01T16:00:00Z");
    const before = new Date("2026-12-01T15:00:00Z");
    const after = new Date("2026-12-02T01:00:00Z");
    expect(publicationPhase(end, [], before)).toBe("notice");
    expect(publicationPhase(end, [], after)).toBe("final");
    expect(publicationPhase(end, [{ state: "rejected", correctedAt: null }], after)).toBe("final");
    expect(publicationPhase(end, [{ state: "under_review", correctedAt: null }], after)).toBe("appeal_pending");
    expect(publicationPhase(end, [{ state: "upheld", correctedAt: null }], after)).toBe("appeal_pending");
    expect(publicationPhase(end, [{ state: "upheld", correctedAt: new Date("2026-11-25T00:00:00Z") }], after)).toBe("final");
  });
});
