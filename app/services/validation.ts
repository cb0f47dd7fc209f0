// Field-level validation shared by forms and the JSON API: zod checks the shape, and every
// problem becomes a message key plus parameters that the UI translates next to its field.
import { z } from "zod";
import { isIsoDate, shanghaiLocalToInstant } from "~/domain/time";
import { isDomainError } from "~/domain/errors";

export interface FieldProblem {
  /** Key under `validation.` or `errors.` in app/i18n/locales. */
  key: string;
  params?: Record<string, string | number>;
}
export type FieldErrors = Record<string, FieldProblem>;

// Control characters (NUL breaks PostgreSQL text) are refused, not silently stripped.
// eslint-disable-next-line no-control-regex
export const controlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Required single-line text, trimmed, at most `max` characters. */
export function text(max: number) {
  return z
    .string({ error: () => ({ message: "required" }) })
    .trim()
    .min(1, { message: "required" })
    .max(max, { message: `tooLong:${max}` })
    .refine((s) => !controlCharacters.test(s), { message: "controlCharacters" });
}

/** Optional text: an empty field becomes null. */
export function optionalText(max: number) {
  return z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : v), text(max).nullable().default(null));
}

export const isoDate = z.string({ error: () => ({ message: "required" }) }).refine(isIsoDate, { message: "invalidDate" });

/** A Shanghai wall-clock "YYYY-MM-DDTHH:mm" from a datetime-local input, as an instant. */
export const shanghaiDateTime = z.string({ error: () => ({ message: "required" }) }).transform((v, ctx) => {
  const instant = shanghaiLocalToInstant(v);
  if (!instant) {
    ctx.addIssue({ code: "custom", message: "invalidDateTime" });
    return z.NEVER;
  }
  return instant;
});

export function integer(min: number, max: number) {
  return z.coerce
    .number({ error: () => ({ message: "notANumber" }) })
    .int({ message: "notAnInteger" })
    .min(min, { message: `tooSmall:${min}` })
    .max(max, { message: `tooLarge:${max}` });
}

export function choice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: () => ({ message: "invalidChoice" }) });
}

/** A checkbox: present means true. */
export const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

function problemOf(message: string): FieldProblem {
  const [key, arg] = message.split(":");
  const known = [
    "required",
    "tooLong",
    "controlCharacters",
    "invalidDate",
    "invalidDateTime",
    "notANumber",
    "notAnInteger",
    "tooSmall",
    "tooLarge",
    "invalidChoice",
    "invalidFormat",
    "tooShort",
    "datesOutOfOrder",
    "tooMany",
    "notBoth",
    "notAList",
    "oneOf",
  ];
  if (!key || !known.includes(key)) return { key: "validation.invalid" };
  return { key: `validation.${key}`, params: arg === undefined ? undefined : { limit: arg } };
}

/** A field's path as a program would write it: `competitors[3].members[0].idNumber`. */
export function pathOf(path: ReadonlyArray<PropertyKey>): string {
  return path.map((part, i) => (typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`)).join("");
}

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = pathOf(issue.path) || "_form";
    if (errors[field]) continue;
    if (issue.code === "invalid_format") errors[field] = { key: "validation.invalidFormat" };
    else if (issue.code === "invalid_value") errors[field] = { key: "validation.invalidChoice" };
    else errors[field] = problemOf(issue.message);
  }
  return errors;
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors };

/** Parses a submitted form (repeated keys become the last value) against a schema. */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData): Parsed<z.output<S>> {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string") raw[key] = value;
  const result = schema.safeParse(raw);
  return result.success ? { ok: true, data: result.data } : { ok: false, fieldErrors: fieldErrorsOf(result.error) };
}

/** A DomainError shown beside the field that caused it (or above the form). */
export function fieldErrorsOfDomainError(error: unknown): FieldErrors | null {
  if (!isDomainError(error)) return null;
  return { [error.field ?? "_form"]: { key: `errors.${error.code}`, params: error.params } };
}
