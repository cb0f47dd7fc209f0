// The authorisation boundary for loaders and actions: one `require*` helper per role, each
// returning the signed-in user or throwing a Response (a redirect to sign in, or 403).
import { createCookie, redirect, type AppLoadContext, type Cookie } from "@remix-run/node";
import {
  canManageCompetition,
  canCreateCompetition,
  canReadDashboard,
  canMarkSkill,
  canRunJudging,
  canEditMarkingScheme,
  canReadCheckIn,
  canReadProvisionalResults,
  canRegisterForDelegation,
  type SkillScope,
  type DelegationScope,
} from "~/domain/access/policy";
import { loadSessionUser, revokeSession, sessionIdOf, type SessionUser } from "~/services/auth/sessions.server";

const cookies = new Map<string, Cookie>();
/** The session cookie's name (server/http-guards.ts looks for it on state-changing requests). */
export const sessionCookieName = "gj_session";

export function sessionCookie(context: AppLoadContext): Cookie {
  const key = `${context.deps.secrets.sessionSecret}|${context.cookieSecure}`;
  let cookie = cookies.get(key);
  if (!cookie) {
    cookie = createCookie(sessionCookieName, {
      httpOnly: true,
      sameSite: "lax",
      secure: context.cookieSecure,
      path: "/",
      secrets: [context.deps.secrets.sessionSecret],
    });
    cookies.set(key, cookie);
  }
  return cookie;
}

const resolved = new WeakMap<Request, Promise<SessionUser | null>>();

/** The signed-in user of this request, resolved once per request. */
export function getSessionUser(request: Request, context: AppLoadContext): Promise<SessionUser | null> {
  let pending = resolved.get(request);
  if (!pending) {
    pending = (async () => {
      const token: unknown = await sessionCookie(context).parse(request.headers.get("Cookie"));
      if (typeof token !== "string" || token.length > 100) return null;
      return loadSessionUser(context.deps.db, token, context.deps.now());
    })();
    resolved.set(request, pending);
  }
  return pending;
}

export async function commitSessionCookie(context: AppLoadContext, token: string, expiresAt: Date): Promise<string> {
  return sessionCookie(context).serialize(token, { expires: expiresAt });
}

export async function endSession(request: Request, context: AppLoadContext): Promise<string> {
  const token: unknown = await sessionCookie(context).parse(request.headers.get("Cookie"));
  if (typeof token === "string") {
    await revokeSession(context.deps.db, token, context.deps.now());
    // Sockets let into staff rooms with this session stop hearing them (server/realtime.ts).
    context.deps.events.sessionEnded?.(sessionIdOf(token));
  }
  return sessionCookie(context).serialize("", { expires: new Date(0) });
}

/** A same-site path to return to after sign-in; anything else falls back to "/". */
export function safeRedirectTarget(target: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//") || target.includes("\\")) return fallback;
  return target;
}

export async function requireUser(request: Request, context: AppLoadContext): Promise<SessionUser> {
  const user = await getSessionUser(request, context);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/sign-in?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

function forbidden(): Response {
  return new Response("Forbidden", { status: 403 });
}

/** The signed-in user if the policy allows them `may`, else 403: every require* below is this with one permission of app/domain/access/policy.ts. */
async function requireAllowed(request: Request, context: AppLoadContext, may: (user: SessionUser) => boolean): Promise<SessionUser> {
  const user = await requireUser(request, context);
  if (!may(user)) throw forbidden();
  return user;
}

export async function requirePlatformAdmin(request: Request, context: AppLoadContext): Promise<SessionUser> {
  return requireAllowed(request, context, (u) => u.isPlatformAdmin);
}

/** May create competitions: a platform admin or an organizer of any competition. */
export async function requireCompetitionCreator(request: Request, context: AppLoadContext): Promise<SessionUser> {
  return requireAllowed(request, context, canCreateCompetition);
}

/** The dashboard: a platform admin or an organizer of any competition. */
export async function requireDashboardReader(request: Request, context: AppLoadContext): Promise<SessionUser> {
  return requireAllowed(request, context, canReadDashboard);
}

export async function requireOrganizer(request: Request, context: AppLoadContext, competitionId: string): Promise<SessionUser> {
  return requireAllowed(request, context, (u) => canManageCompetition(u, competitionId));
}

/** The delegation's registration page: its team leader or an organizer. */
export async function requireRegistrar(request: Request, context: AppLoadContext, scope: DelegationScope): Promise<SessionUser> {
  return requireAllowed(request, context, (u) => canRegisterForDelegation(u, scope));
}

/** Whoever marks in the skill: its judges and its chief judge or deputy. */
export async function requireMarker(request: Request, context: AppLoadContext, scope: SkillScope): Promise<SessionUser> {
  return requireAllowed(request, context, (u) => canMarkSkill(u, scope));
}

/** The chief judge (or deputy) of the skill, or of the whole competition. */
export async function requireChiefJudge(request: Request, context: AppLoadContext, scope: SkillScope): Promise<SessionUser> {
  return requireAllowed(request, context, (u) => canRunJudging(u, scope));
}

/** Who maintains a skill's marking scheme: its competition's organizers and the skill's chief judge. */
export async function requireSchemeEditor(request: Request, context: AppLoadContext, scope: SkillScope): Promise<SessionUser> {
  return requireAllowed(request, context, (u) => canEditMarkingScheme(u, scope));
}

/** Reads a skill's provisional results (before publication). */
export async function requireResultsReader(request: Request, context: AppLoadContext, scope: SkillScope): Promise<SessionUser> {
  return requireAllowed(request, context, (u) => canReadProvisionalResults(u, scope));
}

/** A skill's check-in page: the desk (organizers), its supervisors and its chief judges. */
export async function requireCheckInReader(request: Request, context: AppLoadContext, scope: SkillScope): Promise<SessionUser> {
  return requireAllowed(request, context, (u) => canReadCheckIn(u, scope));
}
