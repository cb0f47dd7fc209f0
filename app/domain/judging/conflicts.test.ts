import { describe, expect, it } from "vitest";
import { findConflict, type CompetitorTies, type JudgeTies } from "./conflicts";

const judge: JudgeTies = { regionCode: "510100", employerId: "org-chengdu-machinery", relatedPersonIds: ["p-nephew"] };
const competitor = (over: Partial<CompetitorTies> = {}): CompetitorTies => ({
  delegationRegionCode: "510700",
  members: [{ personId: "p1", employerId: "org-mianyang" }],
  ...over,
});

describe("judge conflicts", () => {
  it.each([
    ["no tie", competitor(), null],
    ["same delegation (compatriot)", competitor({ delegationRegionCode: "510100" }), { reason: "delegation" }],
    ["same employer, other delegation", competitor({ members: [{ personId: "p1", employerId: "org-chengdu-machinery" }] }), { reason: "employer" }],
    [
      "a team member is a declared relative",
      competitor({
        members: [
          { personId: "p1", employerId: null },
          { personId: "p-nephew", employerId: null },
        ],
      }),
      { reason: "relation", personId: "p-nephew" },
    ],
  ])("%s", (_name, c, expected) => {
    expect(findConflict(judge, c)).toEqual(expected);
  });

  it("does not treat unknown ties as equal", () => {
    expect(
      findConflict(
        { regionCode: null, employerId: null, relatedPersonIds: [] },
        competitor({ delegationRegionCode: null, members: [{ personId: "p1", employerId: null }] }),
      ),
    ).toBeNull();
  });
});
