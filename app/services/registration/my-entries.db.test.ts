// A contestant's own page (/me) shows their rank and total as the public board shows them: while
// the board is frozen 封榜, the rows of the freeze (marks recorded since stay hidden); while it is
// hidden, none; live, the live standings.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testServiceDeps, type TestDatabase } from "../../../db/testing";
import type { Principal } from "~/domain/access/roles";
import { CompetitionInputSchema, DelegationInputSchema, SkillInputSchema } from "~/domain/competition/inputs";
import { exampleCompetitionForm, exampleSkillForm } from "../../../db/test-support/example-forms";
import { saveCompetition } from "../competitions/save-competition.server";
import { saveDelegation } from "../competitions/save-delegation.server";
import { saveSkill } from "../competitions/save-skill.server";
import { parseSchemeCsv } from "../marking-schemes/scheme-csv.server";
import { saveMarkingScheme } from "../marking-schemes/save-marking-scheme.server";
import { recordMark } from "../marks/record-mark.server";
import { setLeaderboardStatus } from "../leaderboards/set-leaderboard-status.server";
import type { ServiceDeps } from "../deps.server";
import { loadMyEntries } from "./my-entries.server";

let t: TestDatabase;
let deps: ServiceDeps;
let admin: Principal;
let judge: Principal;
let scope: { competitionId: string; skillId: string };
let contestantUserId: string;
const competitorIds: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  deps = testServiceDeps(t).deps;
  const root = await t.db
    .insertInto("appUser")
    .values({ username: "root", displayName: "管理员", passwordHash: null, isPlatformAdmin: true })
    .returning("id")
    .executeTakeFirstOrThrow();
  admin = { userId: root.id, isPlatformAdmin: true, grants: [] };
  const { competitionId } = await saveCompetition(
    deps,
    admin,
    CompetitionInputSchema.parse({ ...exampleCompetitionForm, showProvisionalLeaderboard: "on" }),
    null,
  );
  await t.db.updateTable("competition").set({ status: "running" }).where("id", "=", competitionId).execute();
  const { skillId } = await saveSkill(deps, admin, competitionId, SkillInputSchema.parse({ ...exampleSkillForm, track: "national", wsNumber: "" }), null);
  scope = { competitionId, skillId };
  await saveMarkingScheme(deps, admin, {
    ...scope,
    draft: parseSchemeCsv(readFileSync(new URL("../../../docs/examples/marking-scheme.csv", import.meta.url))).draft!,
  });
  const { delegationId } = await saveDelegation(
    deps,
    admin,
    competitionId,
    DelegationInputSchema.parse({ nameZh: "绵阳市代表队", kind: "region", regionCode: "510700" }),
    null,
  );
  for (const n of [1, 2]) {
    const c = await t.db
      .insertInto("competitor")
      .values({ ...scope, delegationId, registrationNo: `W-0${n}`, checkInNo: `${n}`, workstationNo: `0${n}` })
      .returning("id")
      .executeTakeFirstOrThrow();
    competitorIds.push(c.id);
  }
  const person = await t.db
    .insertInto("person")
    .values({ name: "张伟", gender: "male", birthDate: "2004-05-01", idNumberCipher: "x", idNumberIndex: "y", idNumberMasked: "110***********002X" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db.insertInto("competitorMember").values({ competitorId: competitorIds[1]!, personId: person.id }).execute();
  const contestant = await t.db
    .insertInto("appUser")
    .values({ username: "zhang.wei", displayName: "张伟", passwordHash: null, personId: person.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  contestantUserId = contestant.id;
  const user = await t.db
    .insertInto("appUser")
    .values({ username: "judge.me", displayName: "裁判", passwordHash: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto("roleAssignment")
    .values({ userId: user.id, role: "judge", ...scope })
    .execute();
  judge = { userId: user.id, isPlatformAdmin: false, grants: [{ role: "judge", ...scope, delegationId: null }] };
});

afterAll(async () => {
  await t.drop();
});

const mark = (competitorId: string, aspectCode: string) =>
  recordMark(deps, judge, scope, { submissionId: randomUUID(), competitorId, aspectCode, value: { achieved: true }, reason: "复核" });
const myResult = async () => (await loadMyEntries(deps.db, contestantUserId, deps.now()))!.entries[0]!.result;

describe("a contestant's own rank on /me", () => {
  it("is the live one while the board is live", async () => {
    await mark(competitorIds[0]!, "B2.1");
    await mark(competitorIds[1]!, "A2.1");
    expect(await myResult()).toEqual({ rank: 2, total: "5.00" });
  });

  it("stays what the public saw at the freeze while the board is frozen, and moves on at the reveal", async () => {
    await setLeaderboardStatus(deps, admin, scope, { status: "frozen" });
    // After the freeze the contestant overtakes: the public does not see it, nor may /me.
    await mark(competitorIds[1]!, "B2.1");
    await mark(competitorIds[1]!, "B2.3");
    expect(await myResult()).toEqual({ rank: 2, total: "5.00" });
    await setLeaderboardStatus(deps, admin, scope, { status: "live" });
    expect(await myResult()).toEqual({ rank: 1, total: "25.00" });
  });

  it("shows no rank while the board is hidden", async () => {
    await setLeaderboardStatus(deps, admin, scope, { status: "hidden" });
    expect(await myResult()).toBeNull();
    await setLeaderboardStatus(deps, admin, scope, { status: "live" });
  });
});
