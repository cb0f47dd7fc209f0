// Field-level validation shared by forms and the JSON API: zod checks the shape (with the field
// schemas of ~/domain/fields), and every problem becomes a message key plus parameters that the
// UI translates next to its field.
import type { z } from "zod";
import { isDomainError } from "~/domain/errors";
import { hasUnstorableCharacter } from "~/domain/fields";
import type { FieldErrors, FieldProblem } from "./field-errors";

function problemOf(message: string): FieldProblem {
  const [key, arg] = message.split(":");
  const known = [
    "required",
    "tooLong",
    "controlCharacters",
    "invalidCharacters",
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

/**
 * The path of the first text in a value (a string, or a key or string anywhere in an object or
 * array) that cannot be stored as sent: a NUL or a lone surrogate. Null when there is none.
 */
export function unstorableTextIn(value: unknown, path: PropertyKey[] = []): string | null {
  if (typeof value === "string") return hasUnstorableCharacter(value) ? pathOf(path) || "_form" : null;
  if (typeof value !== "object" || value === null) return null;
  for (const [key, item] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
    const where = [...path, key];
    if (typeof key === "string" && hasUnstorableCharacter(key)) return pathOf(path) || "_form";
    const found = unstorableTextIn(item, where);
    if (found) return found;
  }
  return null;
}

/** Parses a submitted form (repeated keys become the last value) against a schema. */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData): Parsed<z.output<S>> {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string") raw[key] = value;
  const result = schema.safeParse(raw);
  // Every field, the schema's or not: a value that cannot be stored never reaches a query. The
  // schema's own message for a field comes first (text() says "control characters" for a NUL).
  const unstorable = unstorableTextIn(raw);
  if (result.success && !unstorable) return { ok: true, data: result.data };
  const fieldErrors = result.success ? {} : fieldErrorsOf(result.error);
  if (unstorable && !fieldErrors[unstorable]) fieldErrors[unstorable] = { key: "validation.invalidCharacters" };
  return { ok: false, fieldErrors };
}

/** A DomainError shown beside the field that caused it (or above the form). */
export function fieldErrorsOfDomainError(error: unknown): FieldErrors | null {
  if (!isDomainError(error)) return null;
  return { [error.field ?? "_form"]: { key: `errors.${error.code}`, params: error.params } };
}
