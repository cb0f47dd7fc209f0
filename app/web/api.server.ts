// The JSON API's boundary: who is calling (a Bearer API token, or the signed-in session), JSON
// bodies validated with zod, refusals as JSON with a stable code and a message in the caller's
// language (Accept-Language or the language cookie; Chinese by default). Never a stack trace.
import type { AppLoadContext } from "@remix-run/node";
import { type z } from "zod";
import { DomainError, isDomainError, type DomainErrorCode } from "~/domain/errors";
import type { Principal } from "~/domain/access/roles";
import { translator, type Locale } from "~/i18n/i18n";
import { getLocale } from "~/i18n/locale.server";
import { principalOfApiToken } from "~/services/auth/api-tokens.server";
import { isUuid } from "~/domain/fields";
import { getSessionUser } from "./require.server";
import { statusOfDomainError } from "./status";
import { fieldErrorsOf, fieldErrorsOfDomainError, unstorableTextIn } from "./validation.server";
import { type FieldErrors } from "./field-errors";

async function localeOf(request: Request): Promise<Locale> {
  const accept = request.headers.get("Accept-Language") ?? "";
  if (/^en\b/i.test(accept)) return "en";
  if (/^zh\b/i.test(accept)) return "zh-CN";
  return getLocale(request);
}

/** One problem of a refused request: where (a field path, or a row and column of a file) and what. */
export interface ApiProblem {
  code: string;
  /** Message key under app/i18n/locales, e.g. `errors.ID_NUMBER_CHECK_DIGIT`. */
  key: string;
  params?: Record<string, string | number>;
  path?: string;
  sheet?: string;
  row?: number;
  column?: string;
}

export class ApiRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly params: Record<string, string | number> = {},
    readonly detail: { fields?: FieldErrors; problems?: readonly ApiProblem[] } = {},
  ) {
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

function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/**
 * The request body, refused with 413 beyond `maxBytes`: by the declared Content-Length at once,
 * and while reading, so a chunked body without a length cannot get past the cap either.
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => new ApiRefusal(413, "TOO_LARGE", { limit: megabytes(maxBytes) });
  const length = Number(request.headers.get("Content-Length") ?? 0);
  if (length > maxBytes) throw tooLarge();
  if (!request.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Stop reading without destroying the request: cancelling would reset the connection, and
      // the client would never see the 413.
      reader.releaseLock();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The media type of the request body, lower-case and without parameters ("text/csv"). */
export function mediaTypeOf(request: Request): string {
  return (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
}

/** The largest JSON body an endpoint reads unless it says otherwise. */
export const jsonBodyMaxBytes = 1_000_000;

/**
 * A JSON body validated by `schema`. Shape problems answer `VALIDATION` with a message per field;
 * the status is 400 for the first endpoints and 422 for the later ones (`invalidStatus`).
 */
export async function readJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  options: { maxBytes?: number; invalidStatus?: 400 | 422 } = {},
): Promise<z.output<S>> {
  const bytes = await readBodyBytes(request, options.maxBytes ?? jsonBodyMaxBytes);
  let body: unknown;
  try {
    // JSON is UTF-8 (RFC 8259): bytes that are not are refused, not replaced with U+FFFD.
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new ApiRefusal(400, "INVALID_JSON");
  }
  // Every string of the body, the schema's or not: "\u0000" and a lone "\ud800" are valid JSON.
  const unstorable = unstorableTextIn(body);
  if (unstorable) throw new ApiRefusal(options.invalidStatus ?? 400, "VALIDATION", {}, { fields: { [unstorable]: { key: "validation.invalidCharacters" } } });
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiRefusal(options.invalidStatus ?? 400, "VALIDATION", {}, { fields: fieldErrorsOf(parsed.error) });
  return parsed.data;
}

/** A DomainError that names a field, as a `VALIDATION` refusal (the shape a form's problems take). */
export function fieldRefusalOf(error: unknown, status: 400 | 422): ApiRefusal | null {
  const fields = isDomainError(error) && error.field ? fieldErrorsOfDomainError(error) : null;
  return fields ? new ApiRefusal(status, "VALIDATION", {}, { fields }) : null;
}

/** How an endpoint names what a use case refuses: its own field names, and codes it answers as others. */
export interface ApiTerms {
  fields?: Record<string, string>;
  codes?: Partial<Record<DomainErrorCode, DomainErrorCode>>;
}

/** The work's refusal in the endpoint's own terms (a renamed field, a code answered as another); anything else unchanged. */
export async function inApiTerms<T>(work: Promise<T>, terms: ApiTerms): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const field = error.field === undefined ? undefined : (terms.fields?.[error.field] ?? error.field);
    throw new DomainError(terms.codes?.[error.code] ?? error.code, error.params, field);
  }
}

/** A recusal's reason (delegation, employer, relation) in words, for the message that names it. */
function conflictReasonTranslated(t: (key: string) => string, code: string, params: Record<string, string | number>): Record<string, string | number> {
  return code === "JUDGE_CONFLICT" && typeof params.reason === "string" ? { ...params, reason: t(`errors.conflictReason.${params.reason}`) } : params;
}

/** Runs an API handler; refusals become JSON answers, and a fault a logged JSON 500 that names no internals. */
export async function handleApi(request: Request, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    const t = translator(await localeOf(request)).t;
    if (error instanceof ApiRefusal) {
      const { fields, problems } = error.detail;
      return Response.json(
        {
          error: {
            code: error.code,
            message: t(`api.${error.code}`, error.params),
            ...(fields ? { fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, t(v.key, v.params ?? {})])) } : {}),
            ...(problems
              ? {
                  problems: problems.map(({ key, params, ...where }) => ({ ...where, message: t(key, conflictReasonTranslated(t, where.code, params ?? {})) })),
                }
              : {}),
          },
        },
        // A body refused as too large was left unread on the connection: close it, or the
        // client's next request on it would be read as the rest of this one.
        { status: error.status, headers: error.status === 413 ? { Connection: "close" } : {} },
      );
    }
    if (isDomainError(error)) {
      const params = conflictReasonTranslated(t, error.code, error.params);
      return Response.json(
        { error: { code: error.code, message: t(`errors.${error.code}`, params), field: error.field ?? null } },
        { status: statusOfDomainError(error.code) },
      );
    }
    if (error instanceof Response) return error;
    // A fault, not a refusal: logged with its details, answered as JSON without them.
    console.error(`[error] ${request.method} ${new URL(request.url).pathname}`, error);
    return Response.json({ error: { code: "INTERNAL", message: t("api.INTERNAL") } }, { status: 500 });
  }
}

export function uuidOrRefuse(value: string | undefined): string {
  if (!isUuid(value)) throw new ApiRefusal(404, "NOT_FOUND");
  return value.toLowerCase();
}
