// The marking lane: POST …/marks answered by Express directly, before compression and the Remix
// handler. On competition day this one request is most of the traffic (every judge, every few
// seconds), and Remix matches the URL against the whole route table twice per request (about a
// tenth of the app's busy time under bench:live, decision 021). The answer is the route's own
// (answerRecordMark): same checks, same refusals, same JSON; only the door differs.
import type { AppLoadContext } from "@remix-run/node";
import type { Request as ExpressRequest, RequestHandler } from "express";
import { jsonBodyMaxBytes } from "../app/web/api.server";
import { answerRecordMark } from "../app/web/record-mark-api.server";

export const markingLanePath = "/api/v1/competitions/:competitionId/skills/:skillId/marks";

/** Headers the answer depends on: who calls, in which language, and what the body is. */
const passedHeaders = ["authorization", "cookie", "accept-language", "content-type", "content-length"] as const;

/**
 * The body, or as soon as it is past `maxBytes` (by its declared length, or while reading) what
 * was read so far: enough for the answer to refuse it as too large. The rest is not read; the
 * 413 closes the connection (server/http-guards.ts and handleApi), so it is never taken for the
 * next request.
 */
function readBody(req: ExpressRequest, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"] ?? 0) > maxBytes) return resolve(Buffer.alloc(0));
    const chunks: Buffer[] = [];
    let kept = 0;
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      kept += chunk.byteLength;
      if (kept > maxBytes) {
        req.off("data", onData);
        req.pause();
        resolve(Buffer.concat(chunks));
      }
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks)));
    // The judge's tablet went away mid-body (Wi-Fi dropped; Node reports it as an "aborted"
    // error, then a close): nothing to answer, nothing recorded, nothing to log.
    req.once("error", () => reject(new ClientGone()));
    req.once("close", () => {
      if (!req.complete) reject(new ClientGone());
    });
  });
}

class ClientGone extends Error {}

export function markingLane(contextFor: (clientAddress: string) => AppLoadContext): RequestHandler {
  return (req, res) => {
    void (async () => {
      const headers = new Headers();
      for (const name of passedHeaders) {
        const value = req.headers[name];
        if (typeof value === "string") headers.set(name, value);
      }
      const body = await readBody(req, jsonBodyMaxBytes);
      const request = new Request(`http://${req.headers.host ?? "localhost"}${req.originalUrl}`, {
        method: "POST",
        headers,
        body: new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength),
      });
      const params = req.params as { competitionId?: string; skillId?: string };
      const answer = await answerRecordMark(request, params, contextFor(req.ip ?? "unknown"));
      res.status(answer.status);
      answer.headers.forEach((value, name) => res.setHeader(name, value));
      res.end(Buffer.from(await answer.arrayBuffer()));
    })().catch((error: unknown) => {
      if (error instanceof ClientGone) return;
      // A fault outside the answer's own handling (handleApi answers the rest): logged, no details.
      console.error(`[error] POST ${req.path}`, error);
      if (res.headersSent) res.destroy();
      else res.status(500).json({ error: { code: "INTERNAL", message: "服务器内部错误 / Unexpected server error" } });
    });
  };
}
