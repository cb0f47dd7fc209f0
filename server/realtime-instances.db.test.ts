// Several instances on one PostgreSQL: a mark recorded through instance A reaches a spectator
// connected to instance B, through the Socket.io PostgreSQL adapter. Runs only on PostgreSQL
// (TEST_DATABASE_URL); PGlite is a single process and keeps the in-memory adapter.
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import postgres from "postgres";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createCompetitionWithSkill,
  createDelegation,
  createPlatformAdmin,
  createTestDatabase,
  exampleSchemeDraft,
  testServiceDeps,
  type TestDatabase,
} from "../db/testing";
import { attachRealtime } from "./realtime";
import { openRealtimeAdapter } from "./realtime-adapter";
import { roomName } from "../app/realtime/rooms";
import type { Principal } from "../app/domain/access/roles";
import { saveMarkingScheme } from "../app/services/marking-schemes/save-marking-scheme.server";
import { recordMark } from "../app/services/marks/record-mark.server";
import { endSession, sessionCookie } from "../app/web/require.server";
import { createSession } from "../app/services/auth/sessions.server";

const onPostgres = !!process.env.TEST_DATABASE_URL;

interface Instance {
  url: string;
  context: AppLoadContext;
  close(): Promise<void>;
}

let t: TestDatabase;
const instances: Instance[] = [];
const sockets: Socket[] = [];

async function startInstance(): Promise<Instance> {
  const env = testServiceDeps(t);
  const context: AppLoadContext = { deps: { ...env.deps, now: () => new Date() }, clientAddress: "127.0.0.1", cookieSecure: false };
  const http: HttpServer = createServer();
  const adapter = await openRealtimeAdapter(t.url!);
  const realtime = attachRealtime(http, () => context, { adapter: adapter.adapter, leaderboardWindowMs: 100 });
  context.deps = { ...context.deps, events: realtime.publisher };
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    context,
    close: async () => {
      realtime.coalescer.close();
      await realtime.io.close();
      await adapter.close();
    },
  };
}

describe.runIf(onPostgres)("two instances on one PostgreSQL", () => {
  let scope: { competitionId: string; skillId: string };
  let judge: Principal;
  let competitorId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    instances.push(await startInstance(), await startInstance());
    const deps = instances[0]!.context.deps;
    const admin = await createPlatformAdmin(t.db);
    const { competitionId, skillId } = await createCompetitionWithSkill(deps, admin);
    await t.db.updateTable("competition").set({ status: "running" }).where("id", "=", competitionId).execute();
    scope = { competitionId, skillId };
    await saveMarkingScheme(deps, admin, { ...scope, draft: exampleSchemeDraft() });
    const delegationId = await createDelegation(deps, admin, competitionId, { nameZh: "绵阳市代表队", kind: "region", regionCode: "510700" });
    competitorId = (
      await t.db
        .insertInto("competitor")
        .values({ competitionId, skillId, delegationId, registrationNo: "W-01", checkInNo: "1", workstationNo: "01" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const user = await t.db
      .insertInto("appUser")
      .values({ username: "judge.rt", displayName: "裁判", passwordHash: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db.insertInto("roleAssignment").values({ userId: user.id, role: "judge", competitionId, skillId }).execute();
    judge = { userId: user.id, isPlatformAdmin: false, grants: [{ role: "judge", competitionId, skillId, delegationId: null }] };
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const i of instances) await i.close();
    await t?.drop();
  });

  it("delivers a mark recorded through instance A to a spectator on instance B", async () => {
    const spectator = connect(instances[1]!.url, { transports: ["websocket"], reconnection: false });
    sockets.push(spectator);
    await new Promise<void>((r) => spectator.on("connect", () => r()));
    // A whole board (leaderboard.updated) or its changed rows (leaderboard.rows_changed).
    const events: Array<{
      type: string;
      leaderboard?: { rows: Array<{ code: string; total: string }> };
      changes?: { rows: Array<{ code: string; total: string }> };
    }> = [];
    spectator.on("event", (e) => events.push(e));
    expect(await spectator.timeout(5000).emitWithAck("room.join", { room: roomName({ audience: "public", ...scope }) })).toEqual({ ok: true });
    // The adapter's LISTEN is up once B has joined a room; give A's NOTIFY a moment to find it.
    await new Promise((r) => setTimeout(r, 300));
    await recordMark(instances[0]!.context.deps, judge, scope, { submissionId: randomUUID(), competitorId, aspectCode: "A2.1", value: { achieved: true } });
    const start = Date.now();
    while (!events.some((e) => (e.leaderboard ?? e.changes)?.rows.some((r) => r.total === "5.00"))) {
      if (Date.now() - start > 5000) throw new Error(`nothing reached instance B: ${JSON.stringify(events)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  });

  it("drops a staff socket on instance B when its session signs out through instance A", async () => {
    const session = await t.db
      .transaction()
      .execute((trx) => createSession(trx, { userId: judge.userId, kind: "tablet_code", now: new Date(), userAgent: null }));
    const cookie = (await sessionCookie(instances[0]!.context).serialize(session.token)).split(";")[0]!;
    const tablet = connect(instances[1]!.url, { transports: ["websocket"], reconnection: false, extraHeaders: { cookie } });
    sockets.push(tablet);
    await new Promise<void>((r) => tablet.on("connect", () => r()));
    expect(await tablet.timeout(5000).emitWithAck("room.join", { room: roomName({ audience: "staff", ...scope }) })).toEqual({ ok: true });
    await new Promise((r) => setTimeout(r, 300));
    const dropped = new Promise<string>((resolve) => tablet.once("disconnect", resolve));
    await endSession(new Request("http://a.local/sign-out", { method: "POST", headers: { cookie } }), instances[0]!.context);
    expect(await dropped).toBe("io server disconnect");
  });

  it("survives PostgreSQL ending every connection: LISTEN resumes and events reach instance B again", async () => {
    const spectator = connect(instances[1]!.url, { transports: ["websocket"], reconnection: false });
    sockets.push(spectator);
    await new Promise<void>((r) => spectator.on("connect", () => r()));
    const totals: string[] = [];
    spectator.on("event", (e: { leaderboard?: { rows: Array<{ total: string }> }; changes?: { rows: Array<{ total: string }> } }) =>
      totals.push(...(e.leaderboard ?? e.changes ?? { rows: [] }).rows.map((r) => r.total)),
    );
    expect(await spectator.timeout(5000).emitWithAck("room.join", { room: roomName({ audience: "public", ...scope }) })).toEqual({ ok: true });

    const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    const database = new URL(t.url!).pathname.slice(1);
    const listeners = async () =>
      (await admin<Array<{ pid: number }>>`select pid from pg_stat_activity where datname = ${database} and query like 'LISTEN %'`).map((r) => r.pid);
    const waitFor = async (what: string, ok: () => Promise<boolean>) => {
      for (const start = Date.now(); !(await ok()); await new Promise((r) => setTimeout(r, 100)))
        if (Date.now() - start > 20_000) throw new Error(`timed out waiting for ${what}`);
    };
    try {
      await waitFor("both instances to LISTEN", async () => (await listeners()).length === 2);
      const before = await listeners();
      // As a restart or fail-over does: every backend of the database ends (57P01), the app's pool's included.
      await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${database}`;
      await waitFor("both instances to LISTEN again on new connections", async () => {
        const now = await listeners();
        return now.length === 2 && now.every((pid) => !before.includes(pid));
      });
    } finally {
      await admin.end();
    }
    // A2.1 (5.00) is in from the first test; B2.1 adds 10.00.
    await recordMark(instances[0]!.context.deps, judge, scope, { submissionId: randomUUID(), competitorId, aspectCode: "B2.1", value: { achieved: true } });
    const start = Date.now();
    while (!totals.includes("15.00")) {
      if (Date.now() - start > 5000) throw new Error(`nothing reached instance B after the reconnect: ${JSON.stringify(totals)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }, 40_000);
});
