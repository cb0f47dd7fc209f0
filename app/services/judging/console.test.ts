import { describe, expect, it } from "vitest";
import { judgePatterns } from "./console.server";

describe("judges' patterns", () => {
  it("measures each judge against the others of the same team: harsher is negative", () => {
    const names = new Map([
      ["a", "甲"],
      ["b", "乙"],
      ["c", "丙"],
      ["d", "丁"],
    ]);
    const teams = [
      [
        { judgeUserId: "a", score: 1 },
        { judgeUserId: "b", score: 2 },
        { judgeUserId: "c", score: 3 },
      ],
      [
        { judgeUserId: "a", score: 1 },
        { judgeUserId: "b", score: 2 },
        { judgeUserId: "c", score: 2 },
      ],
      [{ judgeUserId: "a", score: 2 }], // a team of one compares nothing
    ];
    expect(judgePatterns(teams, names)).toEqual([
      { userId: "a", name: "甲", marks: 2, severity: -1.25, spread: 1.25 },
      { userId: "b", name: "乙", marks: 2, severity: 0.25, spread: 0.25 },
      { userId: "c", name: "丙", marks: 2, severity: 1, spread: 1 },
      { userId: "d", name: "丁", marks: 0, severity: null, spread: null },
    ]);
  });
});
