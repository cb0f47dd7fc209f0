// The marking lane (server/marking-lane.ts) answers POST …/marks as the Remix route does, over
// real HTTP on a real database: a judge's token or session records a mark, a repeat is answered
// with the stored mark, and every refusal (no credentials, bad JSON, a body past the cap, an
// unknown skill) is JSON in the caller's language; a fault is a 500 without a stack trace.
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import express from "express";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createCompetitionWithSkill,
  createDelegation,
  createPlatformAdmin,
  createTestDatabase,
  exampleSchemeDraft,
  testServiceDeps,
  type TestDatabase,
} from "../db/testing";
import { markingLane, markingLanePath } from "./marking-lane";
import { createApiToken } from "../app/services/auth/api-tokens.server";
import { loadPrincipal } from "../app/services/auth/grants.server";
import { sessionCookie } from "../app/web/require.server";
import { createSession } from "../app/services/auth/sessions.server";
import { saveMarkingScheme } from "../app/services/marking-schemes/save-marking-scheme.server";

let t: TestDatabase;
let http: HttpServer;
let marksUrl: string;
let base: string;
let context: AppLoadContext;
let token: string;
let judgeCookie: string;
let faulty = false;

beforeAll(async () => {
  t = await createTestDatabase();
  context = { deps: testServiceDeps(t).deps, clientAddress: "127.0.0.1", cookieSecure: false };
  const admin = await createPlatformAdmin(t.db);
  const { competitionId, skillId } = await createCompetitionWithSkill(context.deps, admin);
  await t.db.updateTable("competition").set({ status: "running" }).where("id", "=", competitionId).execute();
  await saveMarkingScheme(context.deps, admin, {
    competitionId,
    skillId,
    draft: exampleSchemeDraft(),
  });
  const delegationId = await createDelegation(context.deps, admin, competitionId, { nameZh: "绵阳市代表队", kind: "region", regionCode: "510700" });
  await t.db.insertInto("competitor").values({ competitionId, skillId, delegationId, registrationNo: "W-01", checkInNo: "1", workstationNo: "01" }).execute();
  const user = await t.db
    .insertInto("appUser")
    .values({ username: "judge.lane", displayName: "裁判", passwordHash: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db.insertInto("roleAssignment").values({ userId: user.id, role: "judge", competitionId, skillId }).execute();
  // The judge creates their own token (nobody else may mint one that marks as them).
  token = (await createApiToken(context.deps, (await loadPrincipal(t.db, user.id))!, competitionId, { label: "lane", username: "judge.lane", role: "judge" }))
    .token;
  const session = await t.db.transaction().execute((trx) => createSession(trx, { userId: user.id, kind: "tablet_code", now: new Date(), userAgent: null }));
  judgeCookie = (await sessionCookie(context).serialize(session.token)).split(";")[0]!;

  const app = express();
  // A fault below the answer: the database is gone mid-request.
  const broken: AppLoadContext = {
    ...context,
    deps: {
      ...context.deps,
      db: new Proxy(context.deps.db, {
        get: () => () => {
          throw new Error("connection lost at /srv/secret/path.ts:42");
        },
      }),
    },
  };
  app.post(
    markingLanePath,
    markingLane(() => (faulty ? broken : context)),
  );
  http = createServer(app);
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  marksUrl = `${base}/api/v1/competitions/${competitionId}/skills/${skillId}/marks`;
});

afterAll(async () => {
  await new Promise((r) => http.close(r));
  await t.drop();
});

const post = (body: unknown, headers: Record<string, string> = { Authorization: `Bearer ${token}` }, url = marksUrl) =>
  fetch(url, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });

describe("the marking lane", () => {
  it("records a judge's mark by workstation code and answers a repeat with the stored mark", async () => {
    const submission = { submissionId: randomUUID(), competitorCode: "01", aspectCode: "A2.1", value: { achieved: true } };
    const first = await post(submission);
    expect(first.status).toBe(201);
    expect(first.headers.get("content-type")).toContain("application/json");
    const stored = (await first.json()) as { revision: number; replayed: boolean };
    expect(stored).toMatchObject({ revision: 1, replayed: false });
    const again = await post(submission);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ ...stored, replayed: true });
    const rows = await t.db.selectFrom("mark").select("revision").where("submissionId", "=", submission.submissionId).execute();
    expect(rows).toHaveLength(1);
  });

  it("takes the judge's session cookie as the tablet sends it", async () => {
    const res = await post(
      { submissionId: randomUUID(), competitorCode: "01", aspectCode: "A2.1", value: { achieved: false }, reason: "复核更正" },
      { cookie: judgeCookie },
    );
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ revision: 2 });
  });

  it("refuses without credentials, in Chinese by default and in English when asked", async () => {
    const zh = await post({}, {});
    expect(zh.status).toBe(401);
    expect(((await zh.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: "UNAUTHENTICATED",
      message: expect.stringContaining("API 令牌"),
    });
    const en = await post({}, { "Accept-Language": "en" });
    expect(((await en.json()) as { error: { message: string } }).error.message).toMatch(/[A-Za-z]/);
  });

  it("refuses bad JSON, a wrong shape, an unknown skill and a body past the cap as JSON", async () => {
    const badJson = await post("{not json");
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { error: { code: string } }).error.code).toBe("INVALID_JSON");
    const shape = await post({ submissionId: "nope", competitorCode: "01", aspectCode: "A2.1", value: { achieved: "yes" } });
    expect(shape.status).toBe(400);
    expect(((await shape.json()) as { error: { code: string; fields: Record<string, string> } }).error).toMatchObject({
      code: "VALIDATION",
      fields: { submissionId: expect.any(String) },
    });
    const unknown = await post({}, { Authorization: `Bearer ${token}` }, `${base}/api/v1/competitions/x/skills/y/marks`);
    expect(unknown.status).toBe(404);
    // Sent in chunks without a length: the cap holds while reading.
    const chunks = new ReadableStream({
      start(c) {
        for (let i = 0; i < 1100; i++) c.enqueue(new TextEncoder().encode(" ".repeat(1000)));
        c.close();
      },
    });
    const big = await fetch(marksUrl, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: chunks,
      duplex: "half",
    } as RequestInit);
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe("TOO_LARGE");
  });

  it("answers a body past the cap on a keep-alive connection with a 413 that closes it; the next mark goes on a new one", async () => {
    const { Agent, request } = await import("node:http");
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (body: Buffer, declared: boolean) =>
      new Promise<{ status: number; connection: string | undefined; text: string; reused: boolean }>((resolve, reject) => {
        const headers = {
          Authorization: `Bearer ${token}`,
          "Content-Type": "application/json",
          ...(declared ? { "Content-Length": String(body.length) } : {}),
        };
        const req = request(marksUrl, { method: "POST", agent, headers }, (res) => {
          let text = "";
          res.on("data", (c: Buffer) => (text += c.toString()));
          res.on("end", () => resolve({ status: res.statusCode!, connection: res.headers.connection, text, reused: req.reusedSocket }));
        });
        req.on("error", reject);
        req.end(body);
      });
    const mark = () =>
      Buffer.from(JSON.stringify({ submissionId: randomUUID(), competitorCode: "01", aspectCode: "A2.1", value: { achieved: true }, reason: "复核更正" }));
    try {
      expect((await send(mark(), true)).status).toBe(201);
      for (const declared of [false, true]) {
        const big = await send(Buffer.alloc(3_000_000, 32), declared);
        expect([big.status, big.connection, JSON.parse(big.text).error.code]).toEqual([413, "close", "TOO_LARGE"]);
        expect(await send(mark(), true)).toMatchObject({ status: 201, reused: false });
      }
    } finally {
      agent.destroy();
    }
  });

  it("records nothing and logs nothing when the device goes away mid-body", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const before = await t.db.selectFrom("mark").select("id").execute();
      const { request } = await import("node:http");
      await new Promise<void>((resolve) => {
        const req = request(marksUrl, {
          method: "POST",
          headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "Content-Length": "500" },
        });
        req.on("error", () => resolve());
        req.write('{"submissionId":"');
        setTimeout(() => {
          req.destroy();
          setTimeout(resolve, 200);
        }, 50);
      });
      expect(await t.db.selectFrom("mark").select("id").execute()).toHaveLength(before.length);
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });

  it("answers a fault with a 500 that names no internals, and logs it", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    faulty = true;
    try {
      const res = await post({ submissionId: randomUUID(), competitorCode: "01", aspectCode: "A2.1", value: { achieved: true } });
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: { code: "INTERNAL", message: expect.any(String) } });
      expect(text).not.toContain("/srv/secret");
      expect(logged).toHaveBeenCalled();
    } finally {
      faulty = false;
      logged.mockRestore();
    }
  });
});
