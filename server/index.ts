// The process: validated environment → database (PGlite or PostgreSQL) → migrations → demo data
// on an empty database → Express with the Remix handler and Socket.io on one HTTP server.
// SIGTERM/SIGINT stop accepting connections, let in-flight requests finish, then close.
import { createServer, type Server as HttpServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { migrateToLatest, type DatabaseHandle } from "../db/connection";
import { isDatabaseEmpty, loadDemoScenario, type DemoSummary } from "../db/scenarios/demo";
import type { ServiceDeps } from "../app/services/deps.server";
import { openConfiguredDatabase } from "./database";
import { parseEnv, type Env } from "./env";
import { closeAfterTooLarge, refuseLargeBodies, sameOriginWrites } from "./http-guards";
import { markingLane, markingLanePath } from "./marking-lane";
import { attachRealtime } from "./realtime";
import { startRehearsalRunner } from "./rehearsal-runner";
import { openRealtimeAdapter } from "./realtime-adapter";
import { loadSecrets } from "./secrets";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Request bodies above this are refused before Remix reads them. */
const maxBodyBytes = 12 * 1024 * 1024;

export interface RunningServer {
  url: string;
  database: DatabaseHandle;
  demo: DemoSummary | null;
  httpServer: HttpServer;
  /**
   * Graceful stop: report "draining" to the load balancer and keep answering for `drainMs`
   * (connections already accepted may not have delivered their request yet), then stop
   * accepting, let requests in flight finish, and close the database.
   */
  stop(drainMs?: number): Promise<void>;
}

export async function startServer(env: Env = parseEnv(process.env)): Promise<RunningServer> {
  const database = await openConfiguredDatabase(env);
  await migrateToLatest(database.db);
  const secrets = await loadSecrets({ dataDir: path.resolve(env.DATA_DIR), sessionSecret: env.SESSION_SECRET, piiKey: env.PII_KEY });

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY);
  const httpServer = createServer(app);

  let deps: ServiceDeps = { db: database.db, now: () => new Date(), secrets, events: { publish: () => {} } };
  const contextFor = (clientAddress: string): AppLoadContext => ({ deps, clientAddress, cookieSecure: env.COOKIE_SECURE });
  // Several instances on one PostgreSQL share their rooms through it; PGlite is one process.
  const adapter = env.DATABASE_URL ? await openRealtimeAdapter(env.DATABASE_URL) : null;
  const { io, publisher, coalescer, catchUp } = attachRealtime(httpServer, contextFor, {
    adapter: adapter?.adapter,
    leaderboardWindowMs: env.LEADERBOARD_WINDOW_MS,
  });
  deps = { ...deps, events: publisher };
  const rehearsals = startRehearsalRunner(() => deps);

  let demo: DemoSummary | null = null;
  if (env.DEMO_DATA === "auto" && (await isDatabaseEmpty(database.db))) demo = await loadDemoScenario(deps);
  await catchUp();

  let draining = false;
  app.use((_req, res, next) => {
    // While draining, every answer closes its connection so keep-alive clients move on.
    if (draining) res.setHeader("Connection", "close");
    next();
  });
  app.get("/healthz", async (_req, res) => {
    if (draining) {
      res.status(503).json({ status: "draining", database: { engine: database.engine } });
      return;
    }
    try {
      await database.ping();
      res.json({ status: "ok", database: { engine: database.engine, reachable: true } });
    } catch {
      res.status(503).json({ status: "degraded", database: { engine: database.engine, reachable: false } });
    }
  });

  app.use(closeAfterTooLarge, refuseLargeBodies(maxBodyBytes), sameOriginWrites(env.PUBLIC_URL));
  // Before compression and the route table: judges' marks (decision 021).
  app.post(markingLanePath, markingLane(contextFor));
  app.use(compression());

  let build: () => Promise<ServerBuild>;
  if (env.NODE_ENV === "development") {
    const vite = await import("vite").then((m) => m.createServer({ root, server: { middlewareMode: true, hmr: { server: httpServer } } }));
    app.use(vite.middlewares);
    build = () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  } else {
    const clientDir = path.join(root, "build/client");
    app.use("/assets", express.static(path.join(clientDir, "assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(clientDir, { maxAge: "1h" }));
    const serverBuild = (await import(path.join(root, "build/server/index.js"))) as ServerBuild;
    build = async () => serverBuild;
  }
  app.all("*", createRequestHandler({ build, mode: env.NODE_ENV, getLoadContext: (req) => contextFor(req.ip ?? "unknown") }));

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(env.PORT, env.HOST, resolve);
  });
  const url = `http://localhost:${env.PORT}`;

  let stopping: Promise<void> | undefined;
  const stop = (drainMs = env.SHUTDOWN_DRAIN_MS) =>
    (stopping ??= (async () => {
      draining = true;
      await new Promise((resolve) => setTimeout(resolve, drainMs));
      // io.close() disconnects the sockets and closes the HTTP server: no new connections, idle
      // ones closed; "close" fires once the requests in flight have been answered.
      const closed = new Promise<void>((resolve) => httpServer.once("close", () => resolve()));
      await rehearsals.stop();
      coalescer.close();
      void io.close();
      await closed;
      await adapter?.close();
      await database.close();
    })());
  return { url, database, demo, httpServer, stop };
}
