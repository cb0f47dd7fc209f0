// The leaderboard over Socket.io against a real database: the snapshot on joining, coalesced
// publication after marks, freeze silencing the public room, the results room for staff only,
// and hostile clients (floods of joins, oversized or malformed payloads) refused without
// disturbing the other spectators.
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createCompetitionWithSkill,
  createDelegation,
  createPlatformAdmin,
  createSkill,
  createTestDatabase,
  exampleSchemeDraft,
  testServiceDeps,
  type TestDatabase,
} from "../db/testing";
import { attachRealtime } from "./realtime";
import { roomName } from "../app/realtime/rooms";
import { LeaderboardSnapshotSchema, stepEvent, stepSnapshot, type Step } from "../app/realtime/leaderboard-stream";
import type { PublicLeaderboard } from "../app/realtime/events";
import type { Principal } from "../app/domain/access/roles";
import { sessionCookie } from "../app/web/require.server";
import { createSession } from "../app/services/auth/sessions.server";
import { saveMarkingScheme } from "../app/services/marking-schemes/save-marking-scheme.server";
import { recordMark } from "../app/services/marks/record-mark.server";
import { setLeaderboardStatus } from "../app/services/leaderboards/set-leaderboard-status.server";
import { changeCompetitorState } from "../app/services/registration/change-competitor-state.server";

let t: TestDatabase;
let http: HttpServer;
let url: string;
let context: AppLoadContext;
let closeAll: () => Promise<void>;
let catchUp: () => Promise<number>;
let scope: { competitionId: string; skillId: string };
let admin: Principal;
let judge: Principal;
let judgeCookie: string;
const competitorIds: string[] = [];
const sockets: Socket[] = [];

function open(cookie?: string): Promise<Socket> {
  const socket = connect(url, { transports: ["websocket"], extraHeaders: cookie ? { cookie } : {}, reconnection: false });
  sockets.push(socket);
  return new Promise((resolve) => socket.on("connect", () => resolve(socket)));
}

/**
 * Joins a room and collects what it sends: the snapshot first, then events. `screen` is what a
 * screen following the client's rule (leaderboard-stream.ts) shows: changed rows are applied to
 * the board of the number before; `resyncs` counts the times it would have had to reload.
 */
async function joinCollecting(socket: Socket, room: string) {
  return joinCollectingOf(socket, room, scope);
}

async function joinCollectingOf(socket: Socket, room: string, scope: { competitionId: string; skillId: string }) {
  const received: Array<{
    kind: "snapshot" | "event";
    payload: { seq: number; type?: string; audience?: string; leaderboard?: PublicLeaderboard; changes?: { rows: unknown[]; removed: string[] } };
  }> = [];
  const audience = room.startsWith("public:") ? ("public" as const) : ("staff" as const);
  const screen: { seq: number; board: PublicLeaderboard | null; resyncs: number } = { seq: 0, board: null, resyncs: 0 };
  const take = (step: Step<PublicLeaderboard>) => {
    if (step.kind === "resync") screen.resyncs++;
    if (step.kind === "apply") Object.assign(screen, { seq: step.seq, board: step.board });
  };
  const at = () => ({ ...scope, audience, seq: screen.seq });
  socket.on("snapshot", (payload) => {
    received.push({ kind: "snapshot", payload });
    take(stepSnapshot(at(), payload) as Step<PublicLeaderboard>);
  });
  socket.on("event", (payload) => {
    received.push({ kind: "event", payload });
    if (screen.board) take(stepEvent(at(), payload, screen.board) as Step<PublicLeaderboard>);
  });
  const ack = await socket.timeout(5000).emitWithAck("room.join", { room });
  return { ack, received, screen };
}

const totalsOf = (board: PublicLeaderboard | null) => board?.rows.map((r) => [r.code, r.total]);

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  const env = testServiceDeps(t);
  // The real clock: the coalescer's window runs on it.
  const deps = { ...env.deps, now: () => new Date() };
  context = { deps, clientAddress: "127.0.0.1", cookieSecure: false };
  http = createServer();
  const realtime = attachRealtime(http, () => context, { leaderboardWindowMs: 200, joinBurst: 5, joinsPerSecond: 1 });
  context.deps = { ...deps, events: realtime.publisher };
  catchUp = realtime.catchUp;
  closeAll = async () => {
    realtime.coalescer.close();
    await realtime.io.close();
  };
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  admin = await createPlatformAdmin(t.db);
  const { competitionId, skillId } = await createCompetitionWithSkill(context.deps, admin);
  await t.db.updateTable("competition").set({ status: "running" }).where("id", "=", competitionId).execute();
  scope = { competitionId, skillId };
  await saveMarkingScheme(context.deps, admin, { ...scope, draft: exampleSchemeDraft() });
  const delegationId = await createDelegation(context.deps, admin, competitionId, { nameZh: "绵阳市代表队", kind: "region", regionCode: "510700" });
  for (const n of [1, 2]) {
    const c = await t.db
      .insertInto("competitor")
      .values({ competitionId, skillId, delegationId, registrationNo: `W-0${n}`, checkInNo: `${n}`, workstationNo: `0${n}` })
      .returning("id")
      .executeTakeFirstOrThrow();
    competitorIds.push(c.id);
  }
  const user = await t.db
    .insertInto("appUser")
    .values({ username: "judge.rt", displayName: "裁判", passwordHash: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db.insertInto("roleAssignment").values({ userId: user.id, role: "judge", competitionId, skillId }).execute();
  judge = { userId: user.id, isPlatformAdmin: false, grants: [{ role: "judge", competitionId, skillId, delegationId: null }] };
  const session = await t.db.transaction().execute((trx) => createSession(trx, { userId: user.id, kind: "tablet_code", now: new Date(), userAgent: null }));
  judgeCookie = (await sessionCookie(context).serialize(session.token)).split(";")[0]!;
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await closeAll();
  await t.drop();
});

const publicRoom = () => roomName({ audience: "public", ...scope });
const resultsRoom = () => roomName({ audience: "results", ...scope });
const mark = (competitorId: string, aspectCode: string) =>
  recordMark(context.deps, judge, scope, { submissionId: randomUUID(), competitorId, aspectCode, value: { achieved: true }, reason: "复核" });

describe("the leaderboard over Socket.io", () => {
  it("sends a late joiner the whole current board first", async () => {
    await mark(competitorIds[0]!, "A2.1");
    const { ack, received } = await joinCollecting(await open(), publicRoom());
    expect(ack).toEqual({ ok: true });
    // The snapshot; the mark's own publication may come just before or after it (the client keeps the newer).
    await until(() => received.some((r) => r.kind === "snapshot"));
    const snapshot = LeaderboardSnapshotSchema.parse(received.find((r) => r.kind === "snapshot")!.payload);
    expect(snapshot.leaderboard.rows.map((r) => [r.code, r.total])).toEqual([
      ["01", "5.00"],
      ["02", "0.00"],
    ]);
  });

  it("coalesces a burst of marks into few numbered events, and never sends the public the staff's rows", async () => {
    const spectator = await joinCollecting(await open(), publicRoom());
    await until(() => spectator.received.some((r) => r.kind === "snapshot"));
    const start = spectator.received.find((r) => r.kind === "snapshot")!.payload.seq;
    // Let the earlier mark's publication pass, then a burst of five.
    await new Promise((r) => setTimeout(r, 400));
    const before = spectator.received.length;
    for (const aspect of ["B2.1", "B2.3", "A2.1", "B2.1", "B2.3"]) await mark(competitorIds[1]!, aspect);
    await until(() => spectator.screen.board?.rows[0]?.code === "02");
    await new Promise((r) => setTimeout(r, 500));
    const events = spectator.received.slice(before).filter((r) => r.kind === "event");
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events.length).toBeLessThan(5);
    const seqs = events.map((e) => e.payload.seq);
    expect(seqs[0]).toBeGreaterThan(start);
    seqs.forEach((s, i) => i > 0 && expect(s).toBe(seqs[i - 1]! + 1));
    for (const e of events) expect(e.payload.audience).toBe("public");
    expect(totalsOf(spectator.screen.board)).toEqual([
      ["02", "25.00"],
      ["01", "5.00"],
    ]);
    expect(spectator.screen.resyncs).toBe(0);
    expect(JSON.stringify(events)).not.toContain("missing");
  });

  it("says nothing to the public room while frozen; the results room hears the marks", async () => {
    const organizerCookie = await cookieOf(admin.userId);
    const spectator = await joinCollecting(await open(), publicRoom());
    const staff = await joinCollecting(await open(organizerCookie), resultsRoom());
    expect(staff.ack).toEqual({ ok: true });
    await until(() => spectator.received.length > 0 && staff.received.length > 0);
    await setLeaderboardStatus(context.deps, admin, scope, { status: "frozen" });
    await until(() => spectator.received.some((r) => r.payload.type === "leaderboard.frozen"));
    const heard = spectator.received.length;
    await mark(competitorIds[0]!, "B2.3");
    await until(() => staff.screen.board?.rows.some((row) => row.code === "01" && row.total === "15.00") === true);
    await new Promise((r) => setTimeout(r, 400));
    expect(spectator.received.length).toBe(heard);
    await setLeaderboardStatus(context.deps, admin, scope, { status: "live" });
    await until(() => spectator.received.some((r) => r.payload.type === "leaderboard.revealed"));
    const revealed = spectator.received.find((r) => r.payload.type === "leaderboard.revealed")!.payload;
    expect(revealed.leaderboard?.rows.find((r) => r.code === "01")?.total).toBe("15.00");
    expect(spectator.screen.board?.rows.find((r) => r.code === "01")?.total).toBe("15.00");
    expect([spectator.screen.resyncs, staff.screen.resyncs]).toEqual([0, 0]);
  });

  it("on start, publishes what an instance that stopped before its window passed never sent", async () => {
    const spectator = await joinCollecting(await open(), publicRoom());
    await until(() => spectator.screen.board !== null);
    await new Promise((r) => setTimeout(r, 400));
    // A mark whose instance stopped before publishing: committed, but no event left it.
    await recordMark({ ...context.deps, events: { publish: () => {} } }, judge, scope, {
      submissionId: randomUUID(),
      competitorId: competitorIds[0]!,
      aspectCode: "B2.1",
      value: { achieved: true },
      reason: "复核",
    });
    await new Promise((r) => setTimeout(r, 400));
    expect(spectator.screen.board?.rows.find((r) => r.code === "01")?.total).toBe("15.00");
    expect(await catchUp()).toBeGreaterThanOrEqual(1);
    await until(() => spectator.screen.board?.rows.find((r) => r.code === "01")?.total === "25.00");
    expect(spectator.screen.resyncs).toBe(0);
  });

  it("keeps the results room from judges and strangers", async () => {
    expect((await joinCollecting(await open(), resultsRoom())).ack).toEqual({ ok: false, error: "FORBIDDEN" });
    expect((await joinCollecting(await open(judgeCookie), resultsRoom())).ack).toEqual({ ok: false, error: "FORBIDDEN" });
  });

  it("refuses a room of an unknown skill and malformed joins", async () => {
    const socket = await open();
    expect((await joinCollecting(socket, roomName({ audience: "public", competitionId: scope.competitionId, skillId: randomUUID() }))).ack).toEqual({
      ok: false,
      error: "BAD_ROOM",
    });
    expect(await socket.timeout(5000).emitWithAck("room.join", { room: { $ne: 1 } })).toEqual({ ok: false, error: "BAD_ROOM" });
    expect(await socket.timeout(5000).emitWithAck("room.join", "x".repeat(300))).toEqual({ ok: false, error: "BAD_ROOM" });
  });

  it("rate-limits a flood of joins from one socket; other spectators are served", async () => {
    const flooder = await open();
    const replies = await Promise.all(Array.from({ length: 30 }, () => flooder.timeout(5000).emitWithAck("room.join", { room: publicRoom() })));
    expect(replies.filter((r) => r.ok === false && r.error === "RATE_LIMITED").length).toBeGreaterThanOrEqual(20);
    const other = await joinCollecting(await open(), publicRoom());
    expect(other.ack).toEqual({ ok: true });
  });

  it("disconnects a client sending an oversized payload, and only that client", async () => {
    const bystander = await joinCollecting(await open(), publicRoom());
    await until(() => bystander.received.length > 0);
    const hostile = await open();
    const dropped = new Promise<string>((resolve) => hostile.on("disconnect", (reason) => resolve(reason)));
    hostile.emit("room.join", { room: "x".repeat(50_000) });
    expect(await dropped).toBe("transport close");
    await mark(competitorIds[1]!, "A2.1");
    const heard = bystander.received.length;
    await setLeaderboardStatus(context.deps, admin, scope, { status: "frozen" });
    await until(() => bystander.received.length > heard);
    await setLeaderboardStatus(context.deps, admin, scope, { status: "live" });
  });
});

describe("a competitor leaving the board", () => {
  it("reaches the screens when the one who leaves is last and no other row moves", async () => {
    // The national track: no points standardised on the field, so nobody else's row changes.
    const skillId = await createSkill(context.deps, admin, scope.competitionId, { nameZh: "数控铣", track: "national", wsNumber: "" });
    const national = { competitionId: scope.competitionId, skillId };
    await saveMarkingScheme(context.deps, admin, { ...national, draft: exampleSchemeDraft() });
    const delegation = await t.db.selectFrom("delegation").select("id").where("competitionId", "=", scope.competitionId).executeTakeFirstOrThrow();
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const c = await t.db
        .insertInto("competitor")
        .values({ ...national, delegationId: delegation.id, registrationNo: `N-0${n}`, checkInNo: `${n}`, workstationNo: `N${n}` })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.push(c.id);
    }
    await t.db
      .insertInto("roleAssignment")
      .values({ userId: judge.userId, role: "judge", ...national })
      .execute();
    const marker: Principal = { ...judge, grants: [...judge.grants, { role: "judge", ...national, delegationId: null }] };
    const markOf = (competitorId: string, aspectCode: string) =>
      recordMark(context.deps, marker, national, { submissionId: randomUUID(), competitorId, aspectCode, value: { achieved: true }, reason: "复核" });
    await markOf(ids[0]!, "B2.1");
    await markOf(ids[1]!, "A2.1");
    const spectator = await joinCollectingOf(await open(), roomName({ audience: "public", ...national }), national);
    await until(() => spectator.screen.board?.rows.length === 3 && spectator.screen.board.rows[1]?.total === "5.00");
    expect(spectator.screen.board?.rows.map((r) => [r.rank, r.code])).toEqual([
      [1, "N1"],
      [2, "N2"],
      [3, "N3"],
    ]);
    const failures = vi.spyOn(console, "error");
    try {
      await changeCompetitorState(context.deps, admin, national, {
        competitorId: ids[2]!,
        submissionId: randomUUID(),
        action: "disqualify",
        reason: "携带违禁物品",
        extraMinutes: null,
        witnessUserId: null,
      });
      await until(() => spectator.screen.board?.rows.length === 2);
      const removal = spectator.received.find((r) => r.payload.type === "leaderboard.rows_changed" && r.payload.changes?.removed.length);
      expect(removal?.payload.changes).toEqual({ asOf: expect.any(String), rows: [], removed: ["N3"] });
      expect(spectator.screen.board?.rows.map((r) => r.code)).toEqual(["N1", "N2"]);
      expect(spectator.screen.resyncs).toBe(0);
      expect(failures).not.toHaveBeenCalled();
    } finally {
      failures.mockRestore();
    }
  });
});

async function cookieOf(userId: string): Promise<string> {
  const session = await t.db.transaction().execute((trx) => createSession(trx, { userId, kind: "password", now: new Date(), userAgent: null }));
  return (await sessionCookie(context).serialize(session.token)).split(";")[0]!;
}
