import { describe, expect, it } from "vitest";
import { formatTeams, parseTeams, type TextContext } from "./assignment-text";

const context: TextContext = {
  usernameOf: new Map([
    ["u1", "judge.a"],
    ["u2", "judge.b"],
    ["u3", "judge.c"],
  ]),
  codeOf: new Map([
    ["c1", "01"],
    ["c2", "02"],
  ]),
  aspectsOfModule: new Map([
    ["A", ["A1.1", "A1.2"]],
    ["B", ["B1.1"]],
  ]),
  competitorIds: ["c1", "c2"],
};

describe("marking teams as text", () => {
  it("round-trips, with * for all aspects and all competitors", () => {
    const teams = [
      { name: "A-1", moduleCode: "A", memberIds: ["u1", "u2", "u3"], aspectCodes: ["A1.1", "A1.2"], competitorIds: ["c1", "c2"] },
      { name: "B-1", moduleCode: "B", memberIds: ["u1", "u2", "u3"], aspectCodes: ["B1.1"], competitorIds: ["c2"] },
    ];
    const text = formatTeams(teams, context);
    expect(text).toBe("A-1 | A | judge.a,judge.b,judge.c | * | *\nB-1 | B | judge.a,judge.b,judge.c | * | 02");
    expect(parseTeams(text, context)).toEqual({ teams, problems: [] });
  });

  it("names every unknown account, code, module and malformed line by its line", () => {
    const { problems } = parseTeams("A-1 | A | judge.a, judge.x | A1.9 | 01、09\nB-1 | Z | judge.a | * | *\njust text", context);
    expect(problems).toEqual([
      { line: 1, code: "UNKNOWN_JUDGE", value: "judge.x" },
      { line: 1, code: "UNKNOWN_ASPECT", value: "A1.9" },
      { line: 1, code: "UNKNOWN_COMPETITOR", value: "09" },
      { line: 2, code: "UNKNOWN_MODULE", value: "Z" },
      { line: 3, code: "LINE_FORMAT", value: "just text" },
    ]);
  });
});
