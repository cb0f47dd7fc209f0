// The vocabulary of input fields shared by every contract (forms, JSON bodies, uploads): zod
// schemas whose refusals are message keys (`tooLong:200` → validation.tooLong {limit: 200}) that
// app/web turns into translated field errors. Browser code uses it too (the scheme builder).
import { z } from "zod";
import { isIsoDate, shanghaiLocalToInstant } from "./time";

// Control characters (NUL breaks PostgreSQL text) are refused, not silently stripped.
// eslint-disable-next-line no-control-regex
export const controlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

// Text that cannot be stored as it was sent, in any field, single-line or not: a NUL (PostgreSQL
// refuses it in text) or a lone UTF-16 surrogate (it would be stored as U+FFFD, so the stored row
// would differ from what the audit chain hashed).
// eslint-disable-next-line no-control-regex
const unstorable = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasUnstorableCharacter(value: string): boolean {
  return unstorable.test(value);
}

const loneSurrogates = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The string as UTF-8 storage keeps it: each lone surrogate becomes U+FFFD. */
export function asStored(value: string): string {
  return value.replace(loneSurrogates, "\uFFFD");
}

/** An uploaded text file's content: UTF-8 and no NUL (a file with one is not text), else null. */
export function decodeTextFile(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id as the database stores it (any UUID, not only RFC 9562 versions: derived ids are v8). */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && uuidPattern.test(value);
}

/** A required id field: anything but a UUID is refused before it reaches a query. */
export const id = z
  .string({ error: () => ({ message: "required" }) })
  .refine(isUuid, { message: "invalidFormat" })
  .transform((v) => v.toLowerCase());

/** Required single-line text, trimmed, at most `max` characters. */
export function text(max: number) {
  return z
    .string({ error: () => ({ message: "required" }) })
    .trim()
    .min(1, { message: "required" })
    .max(max, { message: `tooLong:${max}` })
    .refine((s) => !controlCharacters.test(s), { message: "controlCharacters" })
    .refine((s) => !hasUnstorableCharacter(s), { message: "invalidCharacters" });
}

/** Required text of several lines (a reason, a note), trimmed, at most `max` characters. */
export function multilineText(max: number) {
  return z
    .string({ error: () => ({ message: "required" }) })
    .trim()
    .min(1, { message: "required" })
    .max(max, { message: `tooLong:${max}` })
    .refine((s) => !hasUnstorableCharacter(s), { message: "invalidCharacters" });
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
