// The vocabulary of input fields shared by every contract (forms, JSON bodies, uploads): zod
// schemas whose refusals are message keys (`tooLong:200` → validation.tooLong {limit: 200}) that
// app/web turns into translated field errors. Browser code uses it too (the scheme builder).
import { z } from "zod";
import { isIsoDate, shanghaiLocalToInstant } from "./time";

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
