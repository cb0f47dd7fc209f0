// The shared shape of a form action: parse with zod, run one use case, and on refusal answer
// 4xx with translated-ready field errors and the submitted values, so nothing typed is lost.
import { data } from "@remix-run/node";
import type { z } from "zod";
import { isDomainError } from "~/domain/errors";
import { fieldErrorsOfDomainError, parseForm } from "./validation.server";
import { type FieldErrors } from "./field-errors";

export type FormReply = { fieldErrors: FieldErrors; values: Record<string, string> };

const statusOfCode: Record<string, number> = { NOT_FOUND: 404, FORBIDDEN: 403, API_TOKEN_NOT_OWN: 403, SIGN_IN_THROTTLED: 429 };

/** Route params are ids: anything else is a 404, never a database error. */
export function uuidParam(params: Record<string, string | undefined>, name: string): string {
  const value = params[name];
  if (!value || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) throw new Response("Not found", { status: 404 });
  return value.toLowerCase();
}

export function notFoundUnless<T>(value: T | undefined | null): T {
  if (value === undefined || value === null) throw new Response("Not found", { status: 404 });
  return value;
}

/** A loader's read refused by a rule (not found, not allowed) as the HTTP answer for it, never a 500. */
export async function readOrRefuse<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const status = statusOfCode[error.code] ?? 409;
    throw new Response(status === 404 ? "Not found" : status === 403 ? "Forbidden" : error.code, { status });
  }
}

function submittedValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    // Passwords are never echoed back into the page.
    if (typeof value === "string" && !/password/i.test(key)) values[key] = value.slice(0, 2000);
  }
  return values;
}

export async function runFormAction<S extends z.ZodType>(
  request: Request,
  schema: S,
  run: (input: z.output<S>, form: FormData) => Promise<Response | FormReply | Record<string, unknown>>,
) {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return data<FormReply>({ fieldErrors: { _form: { key: "validation.invalid" } }, values: {} }, { status: 400 });
  }
  const parsed = parseForm(schema, form);
  if (!parsed.ok) return data<FormReply>({ fieldErrors: parsed.fieldErrors, values: submittedValues(form) }, { status: 400 });
  try {
    return await run(parsed.data, form);
  } catch (error) {
    const fieldErrors = fieldErrorsOfDomainError(error);
    if (!fieldErrors || !isDomainError(error)) throw error;
    // A throttled attempt says when to come back (seconds, as Retry-After).
    const retryAfter = error.params.retryAfterSeconds;
    return data<FormReply>(
      { fieldErrors, values: submittedValues(form) },
      { status: statusOfCode[error.code] ?? 400, headers: typeof retryAfter === "number" ? { "Retry-After": String(retryAfter) } : {} },
    );
  }
}
