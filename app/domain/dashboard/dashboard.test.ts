import { describe, expect, it } from "vitest";
import { prefectureOf } from "../competition/regions";
import { funnelFromMasks, highSkilledShare, perMille, skillLevelOfRank, skillLevelRank } from "./dashboard";

describe("prefectureOf", () => {
  it.each([
    ["510104", "510100"], // 锦江区 → 成都市
    ["510100", "510100"],
    ["513433", "513400"], // 冕宁县 → 凉山州
    ["512002", "512000"],
    ["511200", "unknown"], // no such city (the code of the former 涪陵地区 is not listed)
    ["110101", "outside"],
    ["51010", "unknown"],
    ["", "unknown"],
    [null, "unknown"],
  ])("%s → %s", (code, expected) => expect(prefectureOf(code)).toBe(expected));
});

describe("perMille", () => {
  it.each([
    [1, 3, 333],
    [2, 3, 667],
    [1, 8, 125],
    [1, 2000, 1], // 0.5 ‰ rounds half up
    [0, 5, 0],
    [5, 5, 1000],
    [1, 0, null],
  ])("%i / %i → %s", (part, whole, expected) => expect(perMille(part, whole)).toBe(expected));
});

describe("funnelFromMasks", () => {
  it("counts each rung and who came from the rung below", () => {
    // 4 persons only at the enterprise rung, 2 enterprise → city, 1 city → provincial, 3 provincial only, 1 enterprise + provincial
    const funnel = funnelFromMasks([
      { mask: 0b1, persons: 4 },
      { mask: 0b11, persons: 2 },
      { mask: 0b110, persons: 1 },
      { mask: 0b100, persons: 3 },
      { mask: 0b101, persons: 1 },
    ]);
    expect(funnel.map((r) => [r.levels.join("+"), r.persons, r.fromBelow, r.fromBelowPerMille])).toEqual([
      ["enterprise", 7, null, null],
      ["city+industry", 3, 2, 286],
      ["provincial", 5, 1, 333],
      ["national", 0, 0, 0],
      ["ws_selection", 0, 0, null],
      ["ws_squad", 0, 0, null],
      ["worldskills", 0, 0, null],
    ]);
  });
});

describe("high-skilled share", () => {
  it("counts level 3 (高级工) and above among known levels; unknown apart", () => {
    expect(skillLevelOfRank(skillLevelRank("level3"))).toBe("level3");
    expect(
      highSkilledShare([
        { level: "level5", persons: 2 },
        { level: "level4", persons: 3 },
        { level: "level3", persons: 4 },
        { level: "chief_technician", persons: 1 },
        { level: null, persons: 7 },
      ]),
    ).toEqual({ known: 10, highSkilled: 5, unknown: 7, perMille: 500 });
  });
});
