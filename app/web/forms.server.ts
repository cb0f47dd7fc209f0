// The shared shape of a form action: parse with zod, run one use case, and on refusal answer
// 4xx with translated-ready field errors and the submitted values, so nothing typed is lost.
import { data } from "@remix-run/node";
import type { z } from "zod";
import { DomainError, isDomainError } from "~/domain/errors";
import { isUuid } from "~/domain/fields";
import { statusOfDomainError } from "./status";
import { fieldErrorsOfDomainError, parseForm, unstorableTextIn } from "./validation.server";
import { type FieldErrors } from "./field-errors";

export type FormReply = { fieldErrors: FieldErrors; values: Record<string, string> };

/** Route params are ids: anything else is a 404, never a database error. */
export function uuidParam(params: Record<string, string | undefined>, name: string): string {
  const value = params[name];
  if (!isUuid(value)) throw new Response("Not found", { status: 404 });
  return value.toLowerCase();
}

export function notFoundUnless<T>(value: T | undefined | null): T {
  if (value === undefined || value === null) throw new Response("Not found", { status: 404 });
  return value;
}

/** A loader's read refused by a rule (not found, not allowed) as the HTTP answer for it, never a 500. */
export async function readOrRefuse<T>(read: Promise<T> | (() => Promise<T>)): Promise<T> {
  try {
    return await (typeof read === "function" ? read() : read);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const status = statusOfDomainError(error.code);
    throw new Response(status === 404 ? "Not found" : status === 403 ? "Forbidden" : error.code, { status });
  }
}

/** A refusal as an action's reply carries it: the code, its parameters and the field it names. */
export type Refusal = { code: string; params: Record<string, string | number>; field: string | null };

/**
 * An action's answer to what its work threw: a DomainError becomes the reply `replyOf` makes of
 * it, with its status from the one map (./status.ts); anything else is a fault and goes on up.
 */
export function replyToRefusal<R>(error: unknown, replyOf: (refusal: Refusal) => R) {
  if (!isDomainError(error)) throw error;
  return data(replyOf({ code: error.code, params: error.params, field: error.field ?? null }), refusalInit(error));
}

/** The status of a refusal from the one map; a throttled attempt also says when to come back (Retry-After, seconds). */
function refusalInit(error: DomainError): ResponseInit {
  const retryAfter = error.params.retryAfterSeconds;
  return { status: statusOfDomainError(error.code), headers: typeof retryAfter === "number" ? { "Retry-After": String(retryAfter) } : {} };
}

/** A refusal shown beside the field it names (or above the form). */
export function fieldErrorsOfRefusal(refusal: Refusal): FieldErrors {
  return { [refusal.field ?? "_form"]: { key: `errors.${refusal.code}`, params: refusal.params } };
}

/**
 * The form of an action that reads its fields by hand (inside the try its refusals answer from):
 * a body that is not a form, or any field holding a NUL or a lone surrogate, is refused naming the
 * field, so nothing that cannot be stored reaches a query.
 */
export async function readForm(request: Request): Promise<FormData> {
  const form = await request.formData().catch(() => null);
  if (!form) throw new DomainError("VALIDATION");
  const raw: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string") raw[key] = value;
  const unstorable = unstorableTextIn(raw);
  if (unstorable) throw new DomainError("TEXT_INVALID_CHARACTERS", {}, unstorable);
  return form;
}

/** A hand-read text field, trimmed; longer than `max` is refused (never cut short); empty is "". */
export function formText(form: FormData, name: string, max: number): string {
  const value = form.get(name);
  const trimmed = typeof value === "string" ? value.trim() : "";
  if (trimmed.length > max) throw new DomainError("TEXT_TOO_LONG", { limit: max }, name);
  return trimmed;
}

/** A hand-read id field, required: anything but a UUID is refused before it reaches a query. */
export function formId(form: FormData, name: string): string {
  const value = form.get(name);
  if (value === null || value === "") throw new DomainError("VALIDATION", {}, name);
  if (!isUuid(value)) throw new DomainError("ID_INVALID", {}, name);
  return value.toLowerCase();
}

/** A hand-read id field that may be left empty (null). */
export function optionalFormId(form: FormData, name: string): string | null {
  const value = form.get(name);
  return value === null || value === "" ? null : formId(form, name);
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
    return data<FormReply>({ fieldErrors, values: submittedValues(form) }, refusalInit(error));
  }
}
