// Guards every request passes before the marking lane and Remix:
// - A body refused as too large (413) closes its connection: the unread rest of the body would
//   otherwise be taken as the client's next request on it, and that request would be reset.
// - State-changing requests that carry the session cookie must come from this site's own pages.
//   SameSite=Lax alone lets a form on another origin in the same site, or a text/plain fetch,
//   through; the browser's Sec-Fetch-Site and Origin headers say where a request was made, so a
//   foreign one is refused with 403 before anything runs. Requests without the session cookie
//   (devices and API clients with a Bearer token, sign-in itself) carry no ambient authority and
//   are not concerned.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Request as ExpressRequest, RequestHandler } from "express";
import { defaultLocale, isLocale, translator, type Locale } from "../app/i18n/i18n";
import { localeCookie } from "../app/i18n/locale.server";
import { sessionCookieName } from "../app/web/require.server";

/** Request bodies above `maxBytes` by their declared length are refused before anything reads them. */
export function refuseLargeBodies(maxBytes: number): RequestHandler {
  return (req, res, next) => {
    const length = Number(req.headers["content-length"] ?? 0);
    if (length > maxBytes) {
      res.status(413).type("text/plain; charset=utf-8").send("请求内容过大 / Request body too large");
      return;
    }
    next();
  };
}

/** How long a connection refused with 413 keeps reading what the client is still sending before it closes. */
const lingerMs = 5_000;

/**
 * Every 413, whoever answers it (this server, the marking lane, a route), closes the connection
 * — gently: closing a socket with unread bytes resets it, and a client still sending its body
 * would lose the answer with the reset (EPIPE instead of 413). So the answer is sent, the
 * writing side closed, and what still arrives is read and dropped until the client closes its
 * side or `lingerMs` passes.
 */
export const closeAfterTooLarge: RequestHandler = (req, res, next) => {
  const writeHead = res.writeHead as (this: ServerResponse, ...args: unknown[]) => ServerResponse;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    if (args[0] === 413 && !this.headersSent) {
      this.setHeader("Connection", "close");
      const socket = this.socket;
      // Node's server calls destroySoon once an answer with "Connection: close" is sent.
      if (socket) socket.destroySoon = () => lingerThenClose(req, socket);
    }
    return writeHead.apply(this, args);
  } as typeof res.writeHead;
  next();
};

function lingerThenClose(req: IncomingMessage, socket: Socket): void {
  socket.end();
  // Whoever was reading the body stopped at the cap: drop the rest.
  req.removeAllListeners("data");
  req.resume();
  socket.resume();
  const timer = setTimeout(() => socket.destroy(), lingerMs);
  socket.once("end", () => socket.destroy());
  socket.once("close", () => clearTimeout(timer));
}

const stateChanging = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function carriesSession(req: ExpressRequest): boolean {
  const cookie = req.headers.cookie;
  return typeof cookie === "string" && cookie.split(";").some((part) => part.trim().startsWith(`${sessionCookieName}=`));
}

/** The origin the browser addressed: the proxy's forwarded protocol and host when the proxy is trusted (TRUST_PROXY). */
function ownOrigin(req: ExpressRequest): string | null {
  const trusted = (req.app.get("trust proxy fn") as ((address: string, hop: number) => boolean) | undefined)?.(req.socket.remoteAddress ?? "", 0) ?? false;
  const forwarded = trusted ? req.get("X-Forwarded-Host")?.split(",")[0]?.trim() : undefined;
  const host = forwarded || req.get("Host");
  return host ? `${req.protocol}://${host}`.toLowerCase() : null;
}

/** Where the browser says the request was made: same origin, or not; null when it says nothing (not a browser, or an old one). */
export function isSameOrigin(req: ExpressRequest, publicOrigin: string | null): boolean | null {
  const site = req.get("Sec-Fetch-Site");
  if (site) return site === "same-origin" || site === "none";
  const origin = req.get("Origin");
  if (!origin) return null;
  const lower = origin.toLowerCase();
  return lower === ownOrigin(req) || (publicOrigin !== null && lower === publicOrigin);
}

async function localeOf(req: ExpressRequest, api: boolean): Promise<Locale> {
  const accept = req.get("Accept-Language") ?? "";
  const fromAccept: Locale | null = /^en\b/i.test(accept) ? "en" : /^zh\b/i.test(accept) ? "zh-CN" : null;
  const remembered: unknown = await localeCookie.parse(req.headers.cookie ?? null);
  const chosen = isLocale(remembered) ? remembered : null;
  // The API answers in the language asked for; a page in the language the reader chose on the site.
  return (api ? (fromAccept ?? chosen) : (chosen ?? fromAccept)) ?? defaultLocale;
}

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Refuses a state-changing request with the session cookie that a browser made on another
 * origin: JSON for the API, a small page for forms, in the reader's language.
 * `publicUrl`: the address people open, when a proxy in front of the server changes the Host.
 */
export function sameOriginWrites(publicUrl: string | undefined): RequestHandler {
  const publicOrigin = publicUrl ? new URL(publicUrl).origin.toLowerCase() : null;
  return (req, res, next) => {
    if (!stateChanging.has(req.method) || !carriesSession(req) || isSameOrigin(req, publicOrigin) !== false) return next();
    const api = req.path.startsWith("/api/");
    void localeOf(req, api).then(
      (locale) => {
        const message = translator(locale).t("api.CROSS_ORIGIN");
        res.status(403).setHeader("Cache-Control", "no-store");
        if (api) {
          res.json({ error: { code: "CROSS_ORIGIN", message } });
          return;
        }
        const text = escapeHtml(message);
        res
          .type("text/html; charset=utf-8")
          .send(
            `<!doctype html><html lang="${locale}"><meta charset="utf-8"><title>${text}</title><h1>403</h1><p>${text}</p><p><a href="/">工匠 Gongjiang</a></p></html>`,
          );
      },
      (error: unknown) => next(error),
    );
  };
}
