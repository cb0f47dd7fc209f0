import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { AppLoadContext } from "@remix-run/node";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testServiceDeps, type TestDatabase } from "../db/testing";
import { attachRealtime } from "./realtime";
import { roomName } from "../app/realtime/rooms";
import { randomUUID } from "node:crypto";
import { endSession, sessionCookie } from "../app/web/require.server";
import { createSession, sessionIdOf } from "../app/services/auth/sessions.server";
import type { EventPublisher } from "../app/services/deps.server";
import type { RealtimeEvent } from "../app/realtime/events";

let t: TestDatabase;
let http: HttpServer;
let url: string;
let publisher: EventPublisher;
let context: AppLoadContext;
let closeIo: () => Promise<void>;
const sockets: Socket[] = [];
const competitionId = "11111111-1111-4111-8111-111111111111";
const skillId = "22222222-2222-4222-8222-222222222222";

function open(cookie?: string): Promise<Socket> {
  const socket = connect(url, { transports: ["websocket"], extraHeaders: cookie ? { cookie } : {} });
  sockets.push(socket);
  return new Promise((resolve) => socket.on("connect", () => resolve(socket)));
}

function join(socket: Socket, room: unknown): Promise<unknown> {
  return socket.timeout(5000).emitWithAck("room.join", { room });
}

beforeAll(async () => {
  t = await createTestDatabase();
  const { deps } = testServiceDeps(t);
  context = { deps, clientAddress: "127.0.0.1", cookieSecure: false };
  http = createServer();
  const realtime = attachRealtime(http, () => context);
  publisher = realtime.publisher;
  closeIo = () => realtime.io.close();
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await closeIo();
  await t.drop();
});

describe("Socket.io rooms", () => {
  it("lets anyone join a public room and delivers events published to it", async () => {
    const socket = await open();
    expect(await join(socket, roomName({ audience: "public", competitionId }))).toEqual({ ok: true });
    const received = new Promise<RealtimeEvent>((resolve) => socket.once("event", resolve));
    const event: RealtimeEvent = { type: "competition.updated", competitionId, skillId: null, seq: 1, occurredAt: new Date().toISOString(), entity: "skill" };
    publisher.publish([event]);
    expect(await received).toEqual(event);
  });

  it.each([["not a room"], ["public:competition:not-a-uuid"], [42], ["staff:competition:" + competitionId]])("refuses the malformed room %s", async (room) => {
    const socket = await open();
    expect(await join(socket, room)).toEqual({ ok: false, error: "BAD_ROOM" });
  });

  it("refuses a staff room without a session, allows the skill's judge", async () => {
    const staff = roomName({ audience: "staff", competitionId, skillId });
    expect(await join(await open(), staff)).toEqual({ ok: false, error: "FORBIDDEN" });

    await t.db
      .insertInto("competition")
      .values({
        id: competitionId,
        nameZh: "实时测试赛",
        nameEn: null,
        level: "city",
        year: 2026,
        startsOn: "2026-11-20",
        endsOn: "2026-11-24",
        venue: "成都",
        organizerName: "人社局",
        status: "running",
        ruleSettings: "{}",
        updatedAt: new Date(),
      })
      .execute();
    await t.db
      .insertInto("skill")
      .values({
        id: skillId,
        competitionId,
        nameZh: "焊接",
        nameEn: null,
        track: "ws",
        occupationCode: "6-18-02-04",
        wsNumber: null,
        teamSize: 1,
        entrantGroup: "worker",
        ageRule: "ws_under_22",
        startsAt: new Date("2026-11-21T00:30:00Z"),
        endsAt: new Date("2026-11-21T09:30:00Z"),
        venueArea: null,
        updatedAt: new Date(),
      })
      .execute();
    const judge = await t.db
      .insertInto("appUser")
      .values({ username: "judge.rt", displayName: "裁判", passwordHash: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db.insertInto("roleAssignment").values({ userId: judge.id, role: "judge", competitionId, skillId }).execute();
    const session = await t.db
      .transaction()
      .execute((trx) => createSession(trx, { userId: judge.id, kind: "tablet_code", now: context.deps.now(), userAgent: null }));
    const cookie = (await sessionCookie(context).serialize(session.token)).split(";")[0]!;
    expect(await join(await open(cookie), staff)).toEqual({ ok: true });
  });

  it("drops a staff socket when its session signs out, on any tab, and leaves other sessions' sockets", async () => {
    const staff = roomName({ audience: "staff", competitionId, skillId });
    const judge = await t.db.selectFrom("appUser").select("id").where("username", "=", "judge.rt").executeTakeFirstOrThrow();
    const cookieOf = async () => {
      const session = await t.db
        .transaction()
        .execute((trx) => createSession(trx, { userId: judge.id, kind: "tablet_code", now: context.deps.now(), userAgent: null }));
      return (await sessionCookie(context).serialize(session.token)).split(";")[0]!;
    };
    const [leaving, staying] = [await cookieOf(), await cookieOf()];
    const [tab1, tab2, other] = [await open(leaving), await open(leaving), await open(staying)];
    for (const s of [tab1, tab2, other]) expect(await join(s, staff)).toEqual({ ok: true });
    const dropped = Promise.all([tab1, tab2].map((s) => new Promise<string>((resolve) => s.once("disconnect", resolve))));
    const signOut = new Request("http://local/sign-out", { method: "POST", headers: { cookie: leaving } });
    await endSession(signOut, { ...context, deps: { ...context.deps, events: publisher } });
    expect(await dropped).toEqual(["io server disconnect", "io server disconnect"]);
    const heard = new Promise<RealtimeEvent>((resolve) => other.once("event", resolve));
    const event: RealtimeEvent = { type: "flag.resolved", competitionId, skillId, seq: 1, occurredAt: new Date().toISOString(), flagId: randomUUID() };
    publisher.publish([event]);
    expect(await heard).toEqual(event);
    expect(other.connected).toBe(true);
  });

  it("drops a staff socket when its session expires", async () => {
    const staff = roomName({ audience: "staff", competitionId, skillId });
    const judge = await t.db.selectFrom("appUser").select("id").where("username", "=", "judge.rt").executeTakeFirstOrThrow();
    const session = await t.db
      .transaction()
      .execute((trx) => createSession(trx, { userId: judge.id, kind: "tablet_code", now: context.deps.now(), userAgent: null }));
    await t.db
      .updateTable("session")
      .set({ expiresAt: new Date(context.deps.now().getTime() + 300) })
      .where("id", "=", sessionIdOf(session.token))
      .execute();
    const socket = await open((await sessionCookie(context).serialize(session.token)).split(";")[0]!);
    expect(await join(socket, staff)).toEqual({ ok: true });
    const reason = await new Promise<string>((resolve) => socket.once("disconnect", resolve));
    expect(reason).toBe("io server disconnect");
  });

  it("never pushes an event that breaks its own contract", () => {
    expect(() =>
      publisher.publish([{ type: "competition.updated", competitionId: "x", skillId: null, seq: 0, occurredAt: "now", entity: "skill" } as RealtimeEvent]),
    ).toThrow();
  });
});
