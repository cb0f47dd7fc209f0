import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { certificateNumberPattern, crockfordAlphabet, formatCertificateNumber, normalizeCertificateNumber, verificationUrl } from "./certificate-number";

const bytes = (...values: number[]) => Uint8Array.from(values);

describe("formatCertificateNumber", () => {
  it.each([
    [2026, bytes(0, 0, 0, 0, 0, 0, 0, 0), "GJ2026-0000-0000-0000"],
    [2026, bytes(255, 255, 255, 255, 255, 255, 255, 255), "GJ2026-ZZZZ-ZZZZ-ZZZZ"],
    [2027, bytes(0, 0, 0, 0, 0, 0, 0, 1), "GJ2027-1000-0000-0000"],
    [2027, bytes(0, 0, 0, 0, 0, 0, 0, 31), "GJ2027-Z000-0000-0000"],
  ])("year %i with %o → %s", (year, random, expected) => {
    expect(formatCertificateNumber(year, random)).toBe(expected);
  });

  it("always fits the database check and its own pattern, and never uses I, L, O or U", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2099 }), fc.uint8Array({ minLength: 8, maxLength: 8 }), (year, random) => {
        const number = formatCertificateNumber(year, random);
        expect(number).toMatch(/^[A-Z0-9-]{8,40}$/);
        expect(number).toMatch(certificateNumberPattern);
        expect(number.slice(7)).not.toMatch(/[ILOU]/);
        expect(normalizeCertificateNumber(number)).toBe(number);
      }),
    );
  });

  it("uses all 60 random bits: different bytes give different numbers", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), fc.uint8Array({ minLength: 8, maxLength: 8 }), (a, b) => {
        fc.pre(a.some((v, i) => (i === 0 ? (v & 0x0f) !== (b[0]! & 0x0f) : v !== b[i])));
        expect(formatCertificateNumber(2026, a)).not.toBe(formatCertificateNumber(2026, b));
      }),
    );
  });

  it("refuses too little randomness and impossible years", () => {
    expect(() => formatCertificateNumber(2026, bytes(1, 2, 3))).toThrow(RangeError);
    expect(() => formatCertificateNumber(26, bytes(0, 0, 0, 0, 0, 0, 0, 0))).toThrow(RangeError);
  });

  it("has Crockford's 32 symbols", () => {
    expect(new Set(crockfordAlphabet).size).toBe(32);
    expect(crockfordAlphabet).not.toMatch(/[ILOU]/);
  });
});

describe("normalizeCertificateNumber", () => {
  it.each([
    ["GJ2026-7KQ4-M9XZ-3HTD", "GJ2026-7KQ4-M9XZ-3HTD"],
    ["gj2026-7kq4-m9xz-3htd", "GJ2026-7KQ4-M9XZ-3HTD"],
    ["GJ2026 7KQ4 M9XZ 3HTD", "GJ2026-7KQ4-M9XZ-3HTD"],
    ["  gj20267kq4m9xz3htd ", "GJ2026-7KQ4-M9XZ-3HTD"],
    ["GJ-2026-7KQ4M9XZ-3HTD", "GJ2026-7KQ4-M9XZ-3HTD"],
    ["GJ2O26-7KQ4-M9XZ-3HTO", "GJ2026-7KQ4-M9XZ-3HT0"],
    ["GJ2026-IKQ4-M9XZ-3HTL", "GJ2026-1KQ4-M9XZ-3HT1"],
    ["GJ2026—7KQ4—M9XZ—3HTD", "GJ2026-7KQ4-M9XZ-3HTD"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeCertificateNumber(input)).toBe(expected);
  });

  it.each([
    [""],
    ["GJ2026"],
    ["GJ2026-7KQ4-M9XZ-3HT"],
    ["GJ2026-7KQ4-M9XZ-3HTDX"],
    ["XX2026-7KQ4-M9XZ-3HTD"],
    ["GJ2026-7KQ4-M9XZ-3HTU"],
    ["GJ2026-7KQ4-M9XZ-3HT#"],
    ["../../etc/passwd"],
  ])("%j is no number", (input) => {
    expect(normalizeCertificateNumber(input)).toBeNull();
  });
});

describe("verificationUrl", () => {
  it.each([
    ["https://gj.example.cn", "https://gj.example.cn/verify/GJ2026-7KQ4-M9XZ-3HTD"],
    ["https://gj.example.cn/", "https://gj.example.cn/verify/GJ2026-7KQ4-M9XZ-3HTD"],
    ["http://127.0.0.1:3000", "http://127.0.0.1:3000/verify/GJ2026-7KQ4-M9XZ-3HTD"],
  ])("%s", (origin, expected) => {
    expect(verificationUrl(origin, "GJ2026-7KQ4-M9XZ-3HTD")).toBe(expected);
  });
});
