import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { add, cmp, decimal, div, exact, fromInt, isMultipleOf, mean, median, mul, parseDecimal, roundHalfAwayFromZero, sub, sum, toFixed } from "./exact";

const arbExact = fc.tuple(fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }), fc.bigInt({ min: 1n, max: 10n ** 6n })).map(([n, d]) => exact(n, d));

describe("exact arithmetic", () => {
  it("does not lose what floating point loses", () => {
    expect(toFixed(add(decimal("0.1"), decimal("0.2")), 20)).toBe("0.30000000000000000000");
    expect(cmp(add(decimal("0.1"), decimal("0.2")), decimal("0.3"))).toBe(0);
  });

  it("keeps a judgement mark of 1.00 × 4/9 exact and rounds only for display", () => {
    const mark = div(mul(decimal("1.00"), fromInt(4)), fromInt(9));
    expect(mark).toEqual({ n: 4n, d: 9n });
    expect(toFixed(mark)).toBe("0.44");
    // Nine such marks add up to exactly 4, not 3.96.
    expect(sum(Array(9).fill(mark))).toEqual(exact(4n));
  });

  it.each([
    ["12", "12.00"],
    ["-0.5", "-0.50"],
    ["0.005", "0.01"],
    ["0.004999", "0.00"],
    ["-0.005", "-0.01"],
    ["99.995", "100.00"],
  ])("parses %s and shows %s", (text, shown) => {
    expect(toFixed(decimal(text))).toBe(shown);
  });

  it.each(["", "1e3", "1,5", "0x10", "NaN", "1.2.3", " ", "١٢"])("refuses %j as a decimal", (text) => {
    expect(parseDecimal(text)).toBeNull();
  });

  it("rounds halves away from zero", () => {
    expect(roundHalfAwayFromZero(exact(5n, 2n))).toBe(3n);
    expect(roundHalfAwayFromZero(exact(-5n, 2n))).toBe(-3n);
    expect(roundHalfAwayFromZero(exact(7n, 3n))).toBe(2n);
  });

  it("means and medians are exact", () => {
    expect(mean([fromInt(1), fromInt(2)])).toEqual(exact(3n, 2n));
    expect(median([fromInt(5), fromInt(1), fromInt(3)])).toEqual(fromInt(3));
    expect(median([fromInt(4), fromInt(1), fromInt(3), fromInt(2)])).toEqual(exact(5n, 2n));
  });

  it("knows 0.01 steps", () => {
    expect(isMultipleOf(decimal("2.35"), decimal("0.01"))).toBe(true);
    expect(isMultipleOf(decimal("2.355"), decimal("0.01"))).toBe(false);
  });

  it("is a field: (a + b) − b = a, (a × b) / b = a, addition commutes (property)", () => {
    fc.assert(
      fc.property(arbExact, arbExact, (a, b) => {
        expect(sub(add(a, b), b)).toEqual(a);
        expect(add(a, b)).toEqual(add(b, a));
        if (b.n !== 0n) expect(div(mul(a, b), b)).toEqual(a);
      }),
    );
  });

  it("orders consistently with subtraction (property)", () => {
    fc.assert(
      fc.property(arbExact, arbExact, (a, b) => {
        expect(cmp(a, b)).toBe(cmp(sub(a, b), exact(0n)));
      }),
    );
  });
});
