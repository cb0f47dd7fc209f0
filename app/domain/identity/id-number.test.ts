import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { composeIdNumber, computeCheckCharacter, maskIdNumber, parseIdNumber } from "./id-number";
import { DomainError } from "../errors";

const today = "2026-11-22";

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return undefined;
}

describe("GB 11643 identity numbers", () => {
  it.each([
    // The standard's own worked example.
    ["11010519491231002X", { regionCode: "110105", birthDate: "1949-12-31", gender: "female" }],
    ["510104199003078519", { regionCode: "510104", birthDate: "1990-03-07", gender: "male" }],
  ])("accepts %s", (raw, facts) => {
    expect(parseIdNumber(raw, today)).toMatchObject(facts);
  });

  it("accepts a lower-case x and surrounding spaces", () => {
    expect(parseIdNumber(" 11010519491231002x ", today).normalized).toBe("11010519491231002X");
  });

  it("normalises full-width digits and X and spaces inside (a Chinese input method, a pasted cell)", () => {
    expect(parseIdNumber("１１０１０５ １９４９１２３１ ００２Ｘ", today).normalized).toBe("11010519491231002X");
    expect(parseIdNumber("110105\u00A019491231\u3000002ｘ\t", today).normalized).toBe("11010519491231002X");
  });

  it("refuses a 15-digit first-generation number with its own message", () => {
    expect(codeOf(() => parseIdNumber("110105491231002", today))).toBe("ID_NUMBER_LEGACY_15");
  });

  it.each([
    ["wrong check digit", "110105194912310021", "ID_NUMBER_CHECK_DIGIT"],
    ["17 characters", "11010519491231002", "ID_NUMBER_INVALID"],
    ["letters inside", "1101051949123100AX", "ID_NUMBER_INVALID"],
    ["30 February", composeIdNumber("510104", "1990-02-28", 11, "male").replace("19900228", "19900230"), "ID_NUMBER_INVALID"],
    ["born tomorrow", composeIdNumber("510104", "2026-11-23", 11, "male"), "ID_NUMBER_INVALID"],
    ["SQL in it", "1' OR '1'='1", "ID_NUMBER_INVALID"],
  ])("refuses %s", (_name, raw, code) => {
    expect(codeOf(() => parseIdNumber(raw, today))).toBe(code);
  });

  it("knows leap days: 29 Feb 2000 exists, 29 Feb 1900 and 2001 do not", () => {
    expect(parseIdNumber(composeIdNumber("510104", "2000-02-29", 7, "male"), today).birthDate).toBe("2000-02-29");
    const fake1900 = "510104" + "19000229" + "007";
    expect(codeOf(() => parseIdNumber(fake1900 + computeCheckCharacter(fake1900), today))).toBe("ID_NUMBER_INVALID");
    const fake2001 = "510104" + "20010229" + "007";
    expect(codeOf(() => parseIdNumber(fake2001 + computeCheckCharacter(fake2001), today))).toBe("ID_NUMBER_INVALID");
  });

  it("masks all but the first three and the last four characters", () => {
    expect(maskIdNumber("11010519491231002X")).toBe("110***********002X");
  });

  it("keeps the gender at the edges of the sequence range", () => {
    expect(parseIdNumber(composeIdNumber("510104", "1970-01-01", 999, "female"), today).gender).toBe("female");
    expect(parseIdNumber(composeIdNumber("510104", "1970-01-01", 1, "female"), today).gender).toBe("female");
    expect(parseIdNumber(composeIdNumber("510104", "1970-01-01", 1000, "male"), today).gender).toBe("male");
  });

  it("composes numbers that parse back to the same facts (property)", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1950-01-01T00:00:00Z"), max: new Date("2010-12-31T00:00:00Z"), noInvalidDate: true }),
        fc.integer({ min: 1, max: 999 }),
        fc.constantFrom("male" as const, "female" as const),
        (date, seq, gender) => {
          const birthDate = date.toISOString().slice(0, 10);
          const facts = parseIdNumber(composeIdNumber("510300", birthDate, seq, gender), today);
          expect(facts).toMatchObject({ birthDate, gender, regionCode: "510300" });
        },
      ),
    );
  });

  it("detects every single-digit typo (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const good = "510104199003078519";
        const digit = (Number(good[pos]) + delta) % 10;
        const typo = good.slice(0, pos) + String(digit) + good.slice(pos + 1);
        expect(codeOf(() => parseIdNumber(typo, today))).toMatch(/ID_NUMBER_/);
      }),
    );
  });
});
