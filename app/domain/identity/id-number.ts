// Resident identity numbers (居民身份证号码) per GB 11643-1999: six digits of administrative
// division, eight of birth date (YYYYMMDD), three of sequence (odd = male, even = female) and a
// check character computed with ISO 7064 MOD 11-2. The system validates every number it stores,
// stores it protected and shows it masked; these helpers are the pure part of that.
import { DomainError } from "../errors";

export type Gender = "male" | "female";

export interface IdNumberFacts {
  /** Upper-case, 18 characters. */
  normalized: string;
  regionCode: string;
  /** ISO date YYYY-MM-DD. */
  birthDate: string;
  gender: Gender;
}

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkCharacters = "10X98765432";

export function computeCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new DomainError("ID_NUMBER_INVALID");
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (weights[i] ?? 0);
  return checkCharacters[sum % 11] as string;
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

/**
 * The form an ID number is compared and indexed in. Normalises only what cannot change the
 * number: full-width digits and X (typed with a Chinese input method), spaces, tabs and
 * non-breaking spaces anywhere (pasted from spreadsheets), a lower-case x.
 */
export function normalizeIdNumber(raw: string): string {
  return raw
    .replace(/[\uFF10-\uFF19\uFF38\uFF58]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u00A0\u3000]/g, "")
    .toUpperCase();
}

/**
 * Parses and checks an ID number. `today` (YYYY-MM-DD) bounds the birth date: nobody registered
 * was born in the future or before 1900.
 */
export function parseIdNumber(raw: string, today: string): IdNumberFacts {
  const normalized = normalizeIdNumber(raw);
  // The first-generation 15-digit number (no century, no check digit) was withdrawn in 2013.
  if (/^\d{15}$/.test(normalized)) throw new DomainError("ID_NUMBER_LEGACY_15", {}, "idNumber");
  if (!/^\d{17}[\dX]$/.test(normalized)) throw new DomainError("ID_NUMBER_INVALID", {}, "idNumber");
  const year = Number(normalized.slice(6, 10));
  const month = Number(normalized.slice(10, 12));
  const day = Number(normalized.slice(12, 14));
  const birthDate = `${normalized.slice(6, 10)}-${normalized.slice(10, 12)}-${normalized.slice(12, 14)}`;
  if (!isRealDate(year, month, day) || year < 1900 || birthDate > today) {
    throw new DomainError("ID_NUMBER_INVALID", {}, "idNumber");
  }
  if (computeCheckCharacter(normalized.slice(0, 17)) !== normalized[17]) {
    throw new DomainError("ID_NUMBER_CHECK_DIGIT", {}, "idNumber");
  }
  return {
    normalized,
    regionCode: normalized.slice(0, 6),
    birthDate,
    gender: Number(normalized[16]) % 2 === 1 ? "male" : "female",
  };
}

/** 前3后4: enough for a person to recognise their own number, not enough to reuse it. */
export function maskIdNumber(normalized: string): string {
  if (normalized.length < 8) return "*".repeat(normalized.length);
  return `${normalized.slice(0, 3)}${"*".repeat(normalized.length - 7)}${normalized.slice(-4)}`;
}

/** Builds a valid number (used by scenario data and tests; sequence 1–999). */
export function composeIdNumber(regionCode: string, birthDate: string, sequence: number, gender: Gender): string {
  const seq = sequence % 1000 || 1;
  // The sequence's parity carries the gender: step to the neighbour with the right parity.
  const adjusted = (seq % 2 === 1) === (gender === "male") ? seq : seq < 999 ? seq + 1 : seq - 1;
  const first17 = `${regionCode}${birthDate.replaceAll("-", "")}${String(adjusted).padStart(3, "0")}`;
  return first17 + computeCheckCharacter(first17);
}
