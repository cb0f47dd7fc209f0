// The dashboard against a real database: a small ladder (an enterprise contest in 2025, a city and
// a provincial one in 2026) with persons from two cities, another province and nowhere known;
// a team skill; an absent competitor and a rehearsal copy that never count; a republished skill
// whose first (no longer current) publication's awards and titles must not count.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlatformAdmin, createTestDatabase, testServiceDeps, type TestDatabase } from "../../../db/testing";
import { composeIdNumber } from "~/domain/identity/id-number";
import type { CompetitionLevel, EntrantGroup, SkillLevel } from "~/domain/competition/ladder";
import type { PublishedAward } from "../../../db/schema";
import { protectIdNumber } from "../identity/protect-id-number.server";
import { loadDashboard, loadDashboardChoices, type DashboardData } from "./load-dashboard.server";
import type { DashboardFilters } from "~/domain/dashboard/inputs";

let t: TestDatabase;
let env: ReturnType<typeof testServiceDeps>;
let adminId: string;
/** Skills, persons and competitors by key; competitions (E, C, P) and their one delegation apart. */
const ids: Record<string, string> = {};
const competitions: Record<string, string> = {};
const delegations: Record<string, string> = {};
const all: DashboardFilters = { year: null, level: null, competitionId: null };

async function competition(key: string, level: CompetitionLevel, year: number): Promise<void> {
  const row = await t.db
    .insertInto("competition")
    .values({
      nameZh: `${year}年${key}`,
      level,
      year,
      startsOn: `${year}-06-01`,
      endsOn: `${year}-06-03`,
      venue: "成都",
      organizerName: "主办",
      status: "finished",
      ruleSettings: "{}",
      updatedAt: new Date(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  competitions[key] = row.id;
  const delegation = await t.db
    .insertInto("delegation")
    .values({ competitionId: row.id, nameZh: `${key}代表队`, kind: "region", regionCode: "510100", updatedAt: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  delegations[row.id] = delegation.id;
}

async function skill(
  key: string,
  competitionKey: string,
  nameZh: string,
  occupationCode: string,
  group: EntrantGroup,
  teamSize = 1,
  rehearsalOf?: string,
): Promise<void> {
  const row = await t.db
    .insertInto("skill")
    .values({
      competitionId: competitions[competitionKey]!,
      nameZh,
      nameEn: null,
      track: "national",
      occupationCode,
      teamSize,
      entrantGroup: group,
      ageRule: "cn_working_age",
      startsAt: new Date("2026-06-01T01:00:00Z"),
      endsAt: new Date("2026-06-01T09:00:00Z"),
      updatedAt: new Date(),
      ...(rehearsalOf ? { rehearsalOf: ids[rehearsalOf]! } : {}),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  ids[key] = row.id;
}

let seq = 0;
async function person(key: string, regionCode: string | null): Promise<void> {
  seq += 1;
  const idNumber = composeIdNumber(regionCode ?? "510100", "1995-05-05", seq, "female");
  const row = await t.db
    .insertInto("person")
    .values({
      name: `选手${key}`,
      gender: "female",
      birthDate: "1995-05-05",
      ...protectIdNumber(env.deps.secrets.piiKey, idNumber),
      employerId: null,
      regionCode,
      phone: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  ids[key] = row.id;
}

/** A competitor of `skillKey` with its members (person key and the level held on entry). */
async function entry(key: string, skillKey: string, members: Array<[string, SkillLevel | null]>): Promise<void> {
  const skillRow = await t.db.selectFrom("skill").select(["competitionId"]).where("id", "=", ids[skillKey]!).executeTakeFirstOrThrow();
  const row = await t.db
    .insertInto("competitor")
    .values({ competitionId: skillRow.competitionId, skillId: ids[skillKey]!, delegationId: delegations[skillRow.competitionId]!, registrationNo: key })
    .returning("id")
    .executeTakeFirstOrThrow();
  ids[key] = row.id;
  await t.db
    .insertInto("competitorMember")
    .values(members.map(([p, skillLevel]) => ({ competitorId: row.id, personId: ids[p]!, skillLevel })))
    .execute();
}

async function publish(
  skillKey: string,
  version: number,
  rows: Array<[string, PublishedAward | null]>,
  honours: Array<[string, string, "title" | "promotion"]> = [],
): Promise<string> {
  const skillRow = await t.db.selectFrom("skill").select(["competitionId"]).where("id", "=", ids[skillKey]!).executeTakeFirstOrThrow();
  const scope = { competitionId: skillRow.competitionId, skillId: ids[skillKey]! };
  if (version > 1) await t.db.updateTable("publication").set({ isCurrent: false }).where("skillId", "=", scope.skillId).where("isCurrent", "=", true).execute();
  const publication = await t.db
    .insertInto("publication")
    .values({
      ...scope,
      version,
      publishedBy: adminId,
      publishedAt: new Date(),
      noticeEndsOn: "2026-06-10",
      noticeEndsAt: new Date("2026-06-10T16:00:00Z"),
      selectionOnly: false,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const delegation = await t.db.selectFrom("competitor").select(["id", "delegationId"]).where("skillId", "=", scope.skillId).execute();
  await t.db
    .insertInto("publishedResult")
    .values(
      rows.map(([competitorKey, award], i) => ({
        ...scope,
        publicationId: publication.id,
        competitorId: ids[competitorKey]!,
        delegationId: delegation.find((d) => d.id === ids[competitorKey])!.delegationId,
        code: competitorKey,
        rank: i + 1,
        total: `${90 - i}.5`,
        moduleMarks: "{}",
        award,
      })),
    )
    .execute();
  for (const [competitorKey, personKey, kind] of honours) {
    await t.db
      .insertInto("honour")
      .values({
        ...scope,
        publicationId: publication.id,
        competitorId: ids[competitorKey]!,
        personId: ids[personKey]!,
        kind,
        code: kind === "title" ? "sichuan_craftsman" : "level2",
        labelZh: "荣誉",
        labelEn: "Honour",
      })
      .execute();
  }
  return publication.id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  env = testServiceDeps(t);
  adminId = (await createPlatformAdmin(t.db)).userId;
  await competition("E", "enterprise", 2025);
  await competition("C", "city", 2026);
  await competition("P", "provincial", 2026);
  await skill("E.weld", "E", "焊工", "6-18-02-04", "worker");
  await skill("C.weld", "C", "焊工", "6-18-02-04", "worker");
  await skill("P.weld", "P", "焊接", "6-18-02-04", "worker");
  await skill("P.mecha", "P", "机电一体化", "6-31-01-10", "student", 2);
  await skill("P.rehearsal", "P", "焊接（演练）", "6-18-02-04", "worker", 1, "P.weld");
  // A, E2, F, H: Chengdu districts; B, G: Mianyang; C: another province; D: no region known.
  for (const [key, region] of [
    ["A", "510104"],
    ["B", "510703"],
    ["C", "110101"],
    ["D", null],
    ["E2", "510104"],
    ["F", "510105"],
    ["G", "510703"],
    ["H", "510104"],
  ] as const)
    await person(key, region);
  await entry("E-A", "E.weld", [["A", "level4"]]);
  await entry("E-C", "E.weld", [["C", null]]);
  await entry("E-F", "E.weld", [["F", "level4"]]);
  await entry("C-A", "C.weld", [["A", "level3"]]);
  await entry("C-B", "C.weld", [["B", "level2"]]);
  await entry("P-A", "P.weld", [["A", "level3"]]);
  await entry("P-B", "P.weld", [["B", "level2"]]);
  await entry("P-C", "P.weld", [["C", "level5"]]);
  await entry("P-G", "P.weld", [["G", "level3"]]);
  await entry("P-DE", "P.mecha", [
    ["D", "level1"],
    ["E2", null],
  ]);
  await entry("R-H", "P.rehearsal", [["H", "level1"]]);
  // G did not come: marked absent at the check-in desk.
  await t.db
    .insertInto("competitorStateEvent")
    .values({
      submissionId: randomUUID(),
      competitionId: competitions.P!,
      skillId: ids["P.weld"]!,
      competitorId: ids["P-G"]!,
      action: "mark_absent",
      fromState: "registered",
      toState: "absent",
      reason: null,
      extraMinutes: null,
      witnessedBy: null,
      actorUserId: adminId,
      occurredAt: new Date(),
    })
    .execute();

  await publish("C.weld", 1, [
    ["C-A", "merit"],
    ["C-B", null],
  ]);
  // Version 1 of the provincial welding results gave C first place and a title; an appeal made version 2.
  await publish(
    "P.weld",
    1,
    [
      ["P-C", "first"],
      ["P-A", "second"],
      ["P-B", null],
    ],
    [["P-C", "C", "title"]],
  );
  await publish(
    "P.weld",
    2,
    [
      ["P-A", "first"],
      ["P-B", "second"],
      ["P-C", null],
    ],
    [
      ["P-A", "A", "title"],
      ["P-A", "A", "promotion"],
    ],
  );
  await publish("P.mecha", 1, [["P-DE", "third"]]);
  await publish("P.rehearsal", 1, [["R-H", "first"]], [["R-H", "H", "title"]]);
});
afterAll(async () => t.drop());

const zero = { tier1: 0, tier2: 0, tier3: 0, merit: 0, awarded: 0, titles: 0, promotions: 0 };
/** The rows with anybody in them (every city and prefecture and every level is listed, with zeros). */
const counts = (d: DashboardData, table: "byRegion" | "byGroup" | "byLevel") => d[table].filter((r) => r.participants > 0).map(({ key, ...c }) => [key, c]);

describe("the dashboard", () => {
  it("counts the funnel by rung over all years, with how many came from the rung below", async () => {
    const d = await loadDashboard(t.db, all);
    expect(d.funnel.map((r) => [r.levels.join("+"), r.persons, r.fromBelow, r.fromBelowPerMille])).toEqual([
      ["enterprise", 3, null, null],
      ["city+industry", 2, 1, 333],
      ["provincial", 5, 2, 1000],
      ["national", 0, 0, 0],
      ["ws_selection", 0, 0, null],
      ["ws_squad", 0, 0, null],
      ["worldskills", 0, 0, null],
    ]);
  });

  it("counts participants and current awards by region (city or prefecture of the person's code)", async () => {
    const d = await loadDashboard(t.db, all);
    expect(d.totals).toEqual({ participants: 6, awarded: 4 });
    expect(counts(d, "byRegion")).toEqual([
      ["510100", { participants: 3, tier1: 1, tier2: 0, tier3: 1, merit: 1, awarded: 2, titles: 1, promotions: 1 }],
      ["510700", { ...zero, participants: 1, tier2: 1, awarded: 1 }],
      ["outside", { ...zero, participants: 1 }],
      ["unknown", { ...zero, participants: 1, tier3: 1, awarded: 1 }],
    ]);
    expect(d.byRegion).toHaveLength(21 + 2);
    expect(d.byRegion.find((r) => r.key === "513400")).toEqual({ key: "513400", participants: 0, ...zero });
  });

  it("counts by group, by skill (occupation) and by the level held on entry", async () => {
    const d = await loadDashboard(t.db, all);
    expect(counts(d, "byGroup")).toEqual([
      ["worker", { participants: 4, tier1: 1, tier2: 1, tier3: 0, merit: 1, awarded: 2, titles: 1, promotions: 1 }],
      ["student", { ...zero, participants: 2, tier3: 2, awarded: 2 }],
    ]);
    expect(d.bySkill.map((s) => [s.key, s.nameZh.split(" / ").sort(), s.participants, s.awarded])).toEqual([
      ["6-18-02-04", ["焊工", "焊接"].sort(), 4, 2],
      ["6-31-01-10", ["机电一体化"], 2, 2],
    ]);
    expect(counts(d, "byLevel")).toEqual([
      ["level5", { ...zero, participants: 1 }],
      ["level4", { ...zero, participants: 2 }],
      ["level3", { ...zero, participants: 1, tier1: 1, merit: 1, awarded: 1, titles: 1, promotions: 1 }],
      ["level2", { ...zero, participants: 1, tier2: 1, awarded: 1 }],
      ["level1", { ...zero, participants: 1, tier3: 1, awarded: 1 }],
      ["unknown", { ...zero, participants: 2, tier3: 1, awarded: 1 }],
    ]);
  });

  it("gives the share of high-skilled among persons with a known level, by each person's highest level", async () => {
    const d = await loadDashboard(t.db, all);
    // A (level4 then level3), B (level2), D (level1) of A, B, C (level5), D, F (level4); E2 unknown.
    expect(d.share).toEqual({ known: 5, highSkilled: 3, unknown: 1, perMille: 600 });
  });

  it("filters by year, level and competition (the funnel keeps every level)", async () => {
    const y2026 = await loadDashboard(t.db, { ...all, year: 2026 });
    expect(y2026.funnel.slice(0, 3).map((r) => [r.persons, r.fromBelow, r.fromBelowPerMille])).toEqual([
      [0, null, null],
      [2, 0, null],
      [5, 2, 1000],
    ]);
    expect(y2026.totals).toEqual({ participants: 5, awarded: 4 });

    const provincial = await loadDashboard(t.db, { ...all, level: "provincial" });
    expect(provincial.funnel.map((r) => r.persons)).toEqual([3, 2, 5, 0, 0, 0, 0]);
    expect(provincial.totals).toEqual({ participants: 5, awarded: 4 });
    expect(counts(provincial, "byGroup")).toEqual([
      ["worker", { ...zero, participants: 3, tier1: 1, tier2: 1, awarded: 2, titles: 1, promotions: 1 }],
      ["student", { ...zero, participants: 2, tier3: 2, awarded: 2 }],
    ]);
    expect(provincial.share).toEqual({ known: 4, highSkilled: 3, unknown: 1, perMille: 750 });

    const city = await loadDashboard(t.db, { ...all, competitionId: competitions.C! });
    expect(city.funnel.map((r) => r.persons)).toEqual([0, 2, 0, 0, 0, 0, 0]);
    expect(counts(city, "byRegion")).toEqual([
      ["510100", { ...zero, participants: 1, merit: 1, awarded: 1 }],
      ["510700", { ...zero, participants: 1 }],
    ]);

    const none = await loadDashboard(t.db, { ...all, year: 2024 });
    expect(none.totals).toEqual({ participants: 0, awarded: 0 });
    expect(none.byRegion.map((r) => r.participants)).toEqual(Array(21).fill(0));
    expect(none.byGroup.map((r) => [r.key, r.participants])).toEqual([
      ["worker", 0],
      ["student", 0],
    ]);
    expect(none.byLevel.map((r) => r.key)).toEqual(["level5", "level4", "level3", "level2", "level1", "special_technician", "chief_technician"]);
    expect(none.share).toEqual({ known: 0, highSkilled: 0, unknown: 0, perMille: null });
  });

  it("offers every year and competition as filters", async () => {
    const choices = await loadDashboardChoices(t.db);
    expect(choices.years).toEqual([2026, 2025]);
    expect(choices.competitions.map((c) => `${c.year} ${c.level}`)).toEqual([
      expect.stringMatching(/^2026 (city|provincial)$/),
      expect.stringMatching(/^2026 (city|provincial)$/),
      "2025 enterprise",
    ]);
    expect(new Set(choices.competitions.map((c) => c.id))).toEqual(new Set(Object.values(competitions)));
  });
});
