import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyRowsChanged } from "~/domain/leaderboard/delta";
import { createTestDatabase, refusalCode, testServiceDeps, type TestDatabase } from "../../../db/testing";
import { composeIdNumber } from "~/domain/identity/id-number";
import type { Principal } from "~/domain/access/roles";
import type { MarkValue } from "~/domain/marking-scheme/mark-value";
import type { RealtimeEvent } from "~/realtime/events";
import { roomsForEvent } from "~/realtime/rooms";
import { CompetitionInputSchema, DelegationInputSchema, SkillInputSchema } from "~/domain/competition/inputs";
import { exampleCompetitionForm, exampleSkillForm } from "../../../db/test-support/example-forms";
import { saveCompetition } from "../competitions/save-competition.server";
import { saveDelegation } from "../competitions/save-delegation.server";
import { saveSkill } from "../competitions/save-skill.server";
import { protectIdNumber } from "../identity/protect-id-number.server";
import { parseSchemeCsv } from "../marking-schemes/scheme-csv.server";
import { saveMarkingScheme } from "../marking-schemes/save-marking-scheme.server";
import { recordMark } from "../marks/record-mark.server";
import { loadLeaderboardSnapshot } from "./leaderboard-state.server";
import { publishLeaderboard } from "./publish-leaderboard.server";
import { setLeaderboardStatus } from "./set-leaderboard-status.server";

let t: TestDatabase;
let env: ReturnType<typeof testServiceDeps>;
let scope: { competitionId: string; skillId: string };
let admin: Principal;
let organizer: Principal;
let judge: Principal;
const competitors: Record<"X" | "Y", string> = { X: "", Y: "" };
const personNames = ["李秘密", "王机密"];
const delegationNames = ["绵阳市代表队", "广元市代表队"];

const record = (competitorId: string, aspectCode: string, value: MarkValue) =>
  recordMark(env.deps, judge, scope, { submissionId: randomUUID(), competitorId, aspectCode, value });
const publicBoard = () => loadLeaderboardSnapshot(t.db, scope, "public", env.deps.now());
const staffBoard = () => loadLeaderboardSnapshot(t.db, scope, "staff", env.deps.now());
const totals = (board: { leaderboard: { rows: Array<{ code: string; total: string }> } }) =>
  Object.fromEntries(board.leaderboard.rows.map((r) => [r.code, r.total]));
const publicEvents = () => env.published.filter((e) => e.type.startsWith("leaderboard.") && "audience" in e && e.audience === "public");

beforeAll(async () => {
  t = await createTestDatabase();
  env = testServiceDeps(t);
  const root = await t.db
    .insertInto("appUser")
    .values({ username: "root", displayName: "管理员", passwordHash: null, isPlatformAdmin: true })
    .returning("id")
    .executeTakeFirstOrThrow();
  admin = { userId: root.id, isPlatformAdmin: true, grants: [] };
  const { competitionId } = await saveCompetition(env.deps, admin, CompetitionInputSchema.parse({ ...exampleCompetitionForm, minimumEntrants: "2" }), null);
  await t.db.updateTable("competition").set({ status: "running" }).where("id", "=", competitionId).execute();
  const { skillId } = await saveSkill(env.deps, admin, competitionId, SkillInputSchema.parse(exampleSkillForm), null);
  scope = { competitionId, skillId };
  await saveMarkingScheme(env.deps, admin, {
    ...scope,
    draft: parseSchemeCsv(readFileSync(new URL("../../../docs/examples/marking-scheme.csv", import.meta.url))).draft!,
  });
  for (const [i, key] of (["X", "Y"] as const).entries()) {
    const region = ["510700", "510800"][i]!;
    const { delegationId } = await saveDelegation(
      env.deps,
      admin,
      competitionId,
      DelegationInputSchema.parse({ nameZh: delegationNames[i], kind: "region", regionCode: region }),
      null,
    );
    const person = await t.db
      .insertInto("person")
      .values({
        name: personNames[i]!,
        gender: "male",
        birthDate: "2004-03-01",
        ...protectIdNumber(env.deps.secrets.piiKey, composeIdNumber(region, "2004-03-01", i + 1, "male")),
        employerId: null,
        regionCode: region,
        phone: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const c = await t.db
      .insertInto("competitor")
      .values({ competitionId, skillId, delegationId, registrationNo: `W-0${i + 1}`, checkInNo: `${i + 11}`, workstationNo: `0${i + 1}` })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db.insertInto("competitorMember").values({ competitorId: c.id, personId: person.id }).execute();
    competitors[key] = c.id;
  }
  const user = await t.db
    .insertInto("appUser")
    .values({ username: "judge.lb", displayName: "裁判甲", passwordHash: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db.insertInto("roleAssignment").values({ userId: user.id, role: "judge", competitionId, skillId }).execute();
  judge = { userId: user.id, isPlatformAdmin: false, grants: [{ role: "judge", competitionId, skillId, delegationId: null }] };
  const org = await t.db
    .insertInto("appUser")
    .values({ username: "organizer.lb", displayName: "赛务甲", passwordHash: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  organizer = { userId: org.id, isPlatformAdmin: false, grants: [{ role: "organizer", competitionId, skillId: null, delegationId: null }] };
  await record(competitors.X, "A2.1", { achieved: true }); // X: 5
  await record(competitors.Y, "B2.1", { achieved: true }); // Y: 10
});
afterAll(async () => t.drop());

describe("the live leaderboard", () => {
  it("starts live: the public sees rank, code, module marks, total and points by workstation number", async () => {
    const board = await publicBoard();
    expect(board.leaderboard.status).toBe("live");
    expect(board.leaderboard.modules.map((m) => m.code)).toEqual(["A", "B"]);
    expect(board.leaderboard.rows).toEqual([
      // Medals wait until every competitor is fully marked.
      { rank: 1, code: "02", modules: ["0.00", "10.00"], total: "10.00", points: expect.any(Number), medal: null },
      { rank: 2, code: "01", modules: ["5.00", "0.00"], total: "5.00", points: expect.any(Number), medal: null },
    ]);
  });

  it("publishes the public and the staff projection, each in its own numbered stream and room", async () => {
    env.published.length = 0;
    // The first publication carries each board whole.
    expect(await publishLeaderboard(env.deps, scope)).toEqual({ publicSent: true, staffSent: true });
    const [staff, pub] = env.published as Array<RealtimeEvent & { audience: string }>;
    expect([staff!.type, staff!.audience, pub!.type, pub!.audience]).toEqual(["leaderboard.updated", "staff", "leaderboard.updated", "public"]);
    expect(roomsForEvent(pub!)).toEqual([`public:competition:${scope.competitionId}:skill:${scope.skillId}`]);
    expect(roomsForEvent(staff!)).toEqual([`results:competition:${scope.competitionId}:skill:${scope.skillId}`]);
    // Nothing changed since: a second run (another instance's, or a spare trigger) sends nothing.
    env.advance(1_000);
    expect(await publishLeaderboard(env.deps, scope)).toEqual({ publicSent: false, staffSent: false });
    expect(publicEvents()).toHaveLength(1);
    expect((await publicBoard()).seq).toBe(pub!.seq);
  });

  it("then sends only the rows that changed; the kept board with its number is what a late joiner gets, and the changes apply to it", async () => {
    const before = await publicBoard();
    env.published.length = 0;
    env.advance(1_000);
    await record(competitors.Y, "A2.1", { achieved: true }); // Y: 15; X stays 5
    expect(await publishLeaderboard(env.deps, scope)).toEqual({ publicSent: true, staffSent: true });
    const [changed] = publicEvents();
    expect(changed).toMatchObject({ type: "leaderboard.rows_changed", seq: before.seq + 1 });
    if (changed?.type !== "leaderboard.rows_changed") throw new Error("expected changed rows");
    // Y's row changed; X's may too (its points move with the field), its code and total do not.
    expect(changed.changes.rows.find((r) => r.code === "02")).toMatchObject({ rank: 1, total: "15.00", modules: ["5.00", "10.00"] });
    expect(changed.changes.removed).toEqual([]);
    const after = await publicBoard();
    expect(after.seq).toBe(changed.seq);
    expect(applyRowsChanged(before.leaderboard, changed.changes)).toEqual(after.leaderboard);
    expect(totals(after)).toEqual({ "02": "15.00", "01": "5.00" });
    // The staff stream too, with its counts.
    const staff = env.published.find((e) => e.type === "leaderboard.rows_changed" && e.audience === "staff");
    expect(staff && "changes" in staff && staff.changes.rows.find((r) => r.code === "02")).toMatchObject({
      total: "15.00",
      missing: expect.any(Number),
      flagged: 0,
    });
  });

  it("diffs against what another instance last wrote, not what this process remembers", async () => {
    // Another instance publishes board B (here: X's row says 99.00) and raises the version.
    const row = await t.db
      .selectFrom("leaderboard")
      .select(["projectionVersion", "publicProjection"])
      .where("skillId", "=", scope.skillId)
      .executeTakeFirstOrThrow();
    const theirs = structuredClone(row.publicProjection) as { rows: Array<{ code: string; total: string }> };
    theirs.rows.find((r) => r.code === "01")!.total = "99.00";
    await t.db
      .updateTable("leaderboard")
      .set({ publicProjection: JSON.stringify(theirs), projectionVersion: row.projectionVersion + 1 })
      .where("skillId", "=", scope.skillId)
      .execute();
    env.published.length = 0;
    env.advance(1_000);
    // The standings did not move, but the public stream last carried 99.00: X's row goes out again.
    expect(await publishLeaderboard(env.deps, scope)).toEqual({ publicSent: true, staffSent: false });
    const [changed] = publicEvents();
    if (changed?.type !== "leaderboard.rows_changed") throw new Error("expected changed rows");
    expect(changed.changes.rows.map((r) => [r.code, r.total])).toEqual([["01", "5.00"]]);
    const after = await t.db.selectFrom("leaderboard").select("projectionVersion").where("skillId", "=", scope.skillId).executeTakeFirstOrThrow();
    expect(after.projectionVersion).toBe(row.projectionVersion + 2);
    expect(totals(await publicBoard())).toEqual({ "02": "15.00", "01": "5.00" });
  });

  it("never carries a name, a delegation or an id to the public", async () => {
    const text = JSON.stringify([await publicBoard(), publicEvents()]);
    for (const secret of [...personNames, ...delegationNames, competitors.X, competitors.Y, "W-01", "delegation"]) expect(text).not.toContain(secret);
  });

  it("only an organizer freezes, reveals or hides", async () => {
    expect(await refusalCode(setLeaderboardStatus(env.deps, judge, scope, { status: "frozen" }))).toBe("FORBIDDEN");
  });

  it("freezes: the public keeps the rows of the freeze and hears nothing while the staff see live marks; the reveal shows them", async () => {
    env.published.length = 0;
    expect(await setLeaderboardStatus(env.deps, organizer, scope, { status: "frozen" })).toEqual({ status: "frozen", changed: true });
    const frozenEvent = publicEvents()[0]!;
    expect(frozenEvent.type).toBe("leaderboard.frozen");
    const atFreeze = await publicBoard();
    expect(atFreeze.leaderboard.status).toBe("frozen");
    expect(totals(atFreeze)).toEqual({ "02": "15.00", "01": "5.00" });
    expect(atFreeze.seq).toBe(frozenEvent.seq);

    env.advance(60_000);
    await record(competitors.X, "B2.3", { achieved: true }); // X: 15, level with Y
    await record(competitors.X, "B2.1", { achieved: true }); // X: 25, first now
    env.published.length = 0;
    expect(await publishLeaderboard(env.deps, scope)).toEqual({ publicSent: false, staffSent: true });
    expect(publicEvents()).toEqual([]);
    // The staff's only: whole, since both rows changed (a delta as large as the board is no saving).
    expect(env.published.map((e) => [e.type, "audience" in e && e.audience])).toEqual([["leaderboard.updated", "staff"]]);
    expect(totals(await publicBoard())).toEqual({ "02": "15.00", "01": "5.00" });
    expect((await publicBoard()).leaderboard.asOf).toBe(atFreeze.leaderboard.asOf);
    const staff = await staffBoard();
    expect(staff.leaderboard.status).toBe("frozen");
    expect(totals(staff)).toEqual({ "01": "25.00", "02": "15.00" });

    // Freezing again changes nothing and says nothing.
    env.published.length = 0;
    expect(await setLeaderboardStatus(env.deps, organizer, scope, { status: "frozen" })).toEqual({ status: "frozen", changed: false });
    expect(env.published).toEqual([]);

    await setLeaderboardStatus(env.deps, organizer, scope, { status: "live" });
    const revealed = publicEvents()[0]!;
    expect(revealed.type).toBe("leaderboard.revealed");
    expect(revealed.seq).toBe(frozenEvent.seq + 1); // no gap: nothing was numbered in between
    expect(totals(await publicBoard())).toEqual({ "01": "25.00", "02": "15.00" });
    // After the reveal, changes are diffed against the revealed board.
    env.published.length = 0;
    expect(await publishLeaderboard(env.deps, scope)).toEqual({ publicSent: false, staffSent: false });
  });

  it("hides until publication: no rows at all, and nothing published", async () => {
    env.published.length = 0;
    await setLeaderboardStatus(env.deps, admin, scope, { status: "hidden" });
    const hidden = publicEvents()[0]!;
    expect(hidden.type).toBe("leaderboard.updated");
    expect("leaderboard" in hidden && hidden.leaderboard).toMatchObject({ status: "hidden", rows: [], modules: [] });
    expect((await publicBoard()).leaderboard.rows).toEqual([]);
    env.published.length = 0;
    await publishLeaderboard(env.deps, scope);
    expect(publicEvents()).toEqual([]);
    await setLeaderboardStatus(env.deps, admin, scope, { status: "live" });
  });

  it("audits every change with who and what", async () => {
    const audits = await t.db.selectFrom("auditEvent").select(["action", "actorUserId"]).where("entityType", "=", "leaderboard").orderBy("seq").execute();
    expect(audits).toEqual([
      { action: "leaderboard.frozen", actorUserId: organizer.userId },
      { action: "leaderboard.revealed", actorUserId: organizer.userId },
      { action: "leaderboard.hidden", actorUserId: admin.userId },
      { action: "leaderboard.revealed", actorUserId: admin.userId },
    ]);
  });

  it("has no public leaderboard for a draft competition or an unknown skill", async () => {
    expect(await refusalCode(loadLeaderboardSnapshot(t.db, { ...scope, skillId: randomUUID() }, "public", env.deps.now()))).toBe("NOT_FOUND");
    await t.db.updateTable("competition").set({ status: "draft" }).where("id", "=", scope.competitionId).execute();
    expect(await refusalCode(publicBoard())).toBe("NOT_FOUND");
    env.published.length = 0;
    expect(await publishLeaderboard(env.deps, scope)).toEqual({ publicSent: false, staffSent: false });
    await t.db.updateTable("competition").set({ status: "running" }).where("id", "=", scope.competitionId).execute();
  });
});
