// The guards in front of the marking lane and Remix, over real HTTP: a 413 closes its connection
// (through Remix's adapter and a route that refuses a body while reading it, as the API does),
// and a state-changing request with the session cookie made on another origin is refused.
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleApi, readBodyBytes } from "../app/web/api.server";
import { closeAfterTooLarge, refuseLargeBodies, sameOriginWrites } from "./http-guards";

/** A Remix build with one resource route that reads its body as the API does (at most 1,000 bytes). */
const build = {
  mode: "production",
  entry: { module: { default: () => new Response("document") } },
  routes: {
    root: { id: "root", path: "", module: { default: () => null } },
    upload: {
      id: "upload",
      parentId: "root",
      path: "upload",
      module: {
        loader: () => Response.json({ read: true }),
        action: ({ request }: { request: Request }) =>
          handleApi(request, async () => Response.json({ bytes: (await readBodyBytes(request, 1000)).byteLength })),
      },
    },
    form: { id: "form", parentId: "root", path: "sign-out", module: { action: () => Response.json({ signedOut: true }) } },
    api: { id: "api", parentId: "root", path: "api/v1/thing", module: { action: () => Response.json({ written: true }) } },
  },
  assets: { routes: {}, entry: { module: "", imports: [] }, url: "", version: "1" },
  publicPath: "/",
  assetsBuildDirectory: "",
  future: {},
  isSpaMode: false,
} as unknown as ServerBuild;

let http: HttpServer;
let port: number;

beforeAll(async () => {
  const app = express();
  app.set("trust proxy", "loopback");
  app.use(closeAfterTooLarge, refuseLargeBodies(100_000), sameOriginWrites("https://gongjiang.example.cn"));
  app.all("*", createRequestHandler({ build, getLoadContext: () => ({}) as never }));
  http = createServer(app);
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  port = (http.address() as AddressInfo).port;
});

afterAll(async () => {
  http.closeAllConnections();
  await new Promise((r) => http.close(r));
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  reusedSocket: boolean;
}

/** One request through `agent`; `body` is sent in chunks without a length unless `declared`. */
function send(
  agent: Agent,
  method: string,
  path: string,
  options: { body?: Buffer; declared?: boolean; headers?: Record<string, string> } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = { ...(options.body && options.declared ? { "content-length": String(options.body.length) } : {}), ...options.headers };
    const req = httpRequest({ host: "127.0.0.1", port, path, method, agent, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, text, reusedSocket: req.reusedSocket }));
    });
    req.on("error", reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

describe("a body refused as too large", () => {
  it("is answered with 413 on a closed connection; the client's next request succeeds on a new one", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const warmUp = await send(agent, "GET", "/upload");
      expect(warmUp.status).toBe(200);
      // Refused while reading (no length declared): most of the body is never read.
      const big = await send(agent, "POST", "/upload", { body: Buffer.alloc(2_000_000, 32), headers: { "content-type": "application/json" } });
      expect(big.status).toBe(413);
      expect(big.headers.connection).toBe("close");
      expect(JSON.parse(big.text)).toMatchObject({ error: { code: "TOO_LARGE" } });
      const next = await send(agent, "GET", "/upload");
      expect(next).toMatchObject({ status: 200, reusedSocket: false });
      // Refused by its declared length, before anything reads it.
      const declared = await send(agent, "POST", "/upload", { body: Buffer.alloc(500_000, 32), declared: true });
      expect(declared.status).toBe(413);
      expect(declared.headers.connection).toBe("close");
      expect(await send(agent, "GET", "/upload")).toMatchObject({ status: 200, reusedSocket: false });
      // A body within the cap keeps the connection.
      expect(await send(agent, "POST", "/upload", { body: Buffer.from("{}"), declared: true })).toMatchObject({ status: 200, text: '{"bytes":2}' });
      expect(await send(agent, "GET", "/upload")).toMatchObject({ status: 200, reusedSocket: true });
    } finally {
      agent.destroy();
    }
  });
});

describe("a state-changing request with the session cookie", () => {
  const agent = new Agent({ keepAlive: false });
  const session = { cookie: "gj_session=abc.def; gj_lng=" };
  const post = (path: string, headers: Record<string, string>) => send(agent, "POST", path, { body: Buffer.from("x=1"), declared: true, headers });

  it.each([
    ["a foreign Origin", 403, { ...session, origin: "https://evil.example" }],
    ["a foreign Origin with text/plain", 403, { ...session, origin: "https://evil.example", "content-type": "text/plain" }],
    ["Origin null (a sandboxed frame)", 403, { ...session, origin: "null" }],
    ["Sec-Fetch-Site cross-site", 403, { ...session, "sec-fetch-site": "cross-site", origin: "http://127.0.0.1" }],
    ["Sec-Fetch-Site same-site (another host of the site)", 403, { ...session, "sec-fetch-site": "same-site" }],
    ["Sec-Fetch-Site same-origin", 200, { ...session, "sec-fetch-site": "same-origin" }],
    ["Sec-Fetch-Site none (typed by the user)", 200, { ...session, "sec-fetch-site": "none" }],
    ["the Origin it was sent to", 200, { ...session, origin: "ORIGIN" }],
    ["the configured public URL", 200, { ...session, origin: "https://gongjiang.example.cn" }],
    [
      "the origin a trusted proxy forwarded",
      200,
      { ...session, origin: "https://venue.example", "x-forwarded-proto": "https", "x-forwarded-host": "venue.example" },
    ],
    ["neither header (not a browser)", 200, { ...session }],
    ["a Bearer token and no session cookie", 200, { authorization: "Bearer gj_token", origin: "https://evil.example" }],
  ])("%s → %i", async (_name, status, headers: Record<string, string>) => {
    const withOrigin = headers.origin === "ORIGIN" ? { ...headers, origin: `http://127.0.0.1:${port}` } : headers;
    expect((await post("/api/v1/thing", withOrigin)).status).toBe(status);
    expect((await post("/sign-out", withOrigin)).status).toBe(status);
  });

  it("reads with any origin", async () => {
    expect((await send(agent, "GET", "/upload", { headers: { ...session, origin: "https://evil.example" } })).status).toBe(200);
  });

  it("is refused as JSON for the API and as a page for forms, in the reader's language", async () => {
    const foreign = { origin: "https://evil.example" };
    const api = await post("/api/v1/thing", { ...session, ...foreign });
    expect(api.headers["content-type"]).toContain("application/json");
    expect(JSON.parse(api.text)).toEqual({ error: { code: "CROSS_ORIGIN", message: expect.stringContaining("其他网站") } });
    const apiEn = await post("/api/v1/thing", { ...session, ...foreign, "accept-language": "en-GB,en" });
    expect(JSON.parse(apiEn.text).error.message).toContain("another site");
    const page = await post("/sign-out", { ...session, ...foreign });
    expect(page.headers["content-type"]).toContain("text/html");
    expect(page.text).toContain("其他网站");
    const pageEn = await post("/sign-out", { cookie: `gj_session=abc; gj_lng=${Buffer.from(JSON.stringify("en")).toString("base64")}`, ...foreign });
    expect(pageEn.text).toContain("another site");
    expect(pageEn.text).toContain('lang="en"');
  });
});
