// The JSON API's boundary: who is calling (a Bearer API token, or the signed-in session), JSON
// bodies validated with zod, refusals as JSON with a stable code and a message in the caller's
// language (Accept-Language or the language cookie; Chinese by default). Never a stack trace.
import type { AppLoadContext } from "@remix-run/node";
import { type z } from "zod";
import { isDomainError } from "~/domain/errors";
import type { Principal } from "~/domain/access/roles";
import { translator, type Locale } from "~/i18n/i18n";
import { getLocale } from "~/i18n/locale.server";
import { principalOfApiToken } from "./auth/api-tokens.server";
import { getSessionUser } from "./auth/require.server";
import { fieldErrorsOf } from "./validation";

const statusOfCode: Record<string, number> = { NOT_FOUND: 404, FORBIDDEN: 403, UNAUTHENTICATED: 401, MODULE_LOCKED: 409, MARK_CONFLICT: 409, SCHEME_HAS_MARKS: 409 };

async function localeOf(request: Request): Promise<Locale> {
  const accept = request.headers.get("Accept-Language") ?? "";
  if (/^en\b/i.test(accept)) return "en";
  if (/^zh\b/i.test(accept)) return "zh-CN";
  return getLocale(request);
}

export class ApiRefusal extends Error {
  constructor(readonly status: number, readonly code: string, readonly params: Record<string, string | number> = {}) {
    super(code);
  }
}

export async function apiPrincipal(request: Request, context: AppLoadContext): Promise<Principal> {
  const header = request.headers.get("Authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const principal = match ? await principalOfApiToken(context.deps.db, match[1]!, context.deps.now()) : null;
    if (!principal) throw new ApiRefusal(401, "UNAUTHENTICATED");
    return principal;
  }
  const user = await getSessionUser(request, context);
  if (!user) throw new ApiRefusal(401, "UNAUTHENTICATED");
  return user;
}

export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const length = Number(request.headers.get("Content-Length") ?? 0);
  if (length > 1_000_000) throw new ApiRefusal(413, "TOO_LARGE");
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new ApiRefusal(400, "INVALID_JSON");
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw Object.assign(new ApiRefusal(400, "VALIDATION"), { fields: fieldErrorsOf(parsed.error) });
  return parsed.data;
}

/** Runs an API handler; refusals become JSON answers, anything else stays a (logged) fault. */
export async function handleApi(request: Request, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    const t = translator(await localeOf(request)).t;
    if (error instanceof ApiRefusal) {
      const fields = (error as ApiRefusal & { fields?: Record<string, { key: string; params?: Record<string, string | number> }> }).fields;
      return Response.json(
        {
          error: {
            code: error.code,
            message: t(`api.${error.code}`),
            ...(fields ? { fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, t(v.key, v.params ?? {})])) } : {}),
          },
        },
        { status: error.status },
      );
    }
    if (isDomainError(error)) {
      const params = { ...error.params } as Record<string, string | number>;
      if (error.code === "JUDGE_CONFLICT" && typeof params.reason === "string") params.reason = t(`errors.conflictReason.${params.reason}`);
      return Response.json({ error: { code: error.code, message: t(`errors.${error.code}`, params), field: error.field ?? null } }, { status: statusOfCode[error.code] ?? 400 });
    }
    if (error instanceof Response) return error;
    throw error;
  }
}

export function uuidOrRefuse(value: string | undefined): string {
  if (!value || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) throw new ApiRefusal(404, "NOT_FOUND");
  return value.toLowerCase();
}
