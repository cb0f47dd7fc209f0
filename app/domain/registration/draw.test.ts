import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import { compareCodePoints, conductDraw, drawSeedPattern, findDrawMismatches, formatDrawNumbers, seededIntegers } from "./draw";

const seedA = "00112233445566778899aabbccddeeff";

/** ln Γ(x) (Lanczos, g = 7, n = 9): accurate to ~15 digits for x > 0. */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = c[0]!;
  for (let i = 1; i < 9; i++) sum += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Regularized upper incomplete gamma Q(a, x): series below a + 1, Lentz's continued fraction above. */
function upperGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  const front = Math.exp(-x + a * Math.log(x) - logGamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000 && Math.abs(term) > Math.abs(sum) * 1e-15; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return 1 - front * sum;
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return front * h;
}

/** The chi-square statistic's critical value: P(X ≥ x) = p for df degrees of freedom (bisection). */
function chiSquareCritical(df: number, p: number): number {
  let low = 0;
  let high = df + 100 * Math.sqrt(2 * df) + 100;
  for (let i = 0; i < 200; i++) {
    const mid = (low + high) / 2;
    if (upperGamma(df / 2, mid / 2) > p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

function chiSquare(counts: readonly number[], expected: number): number {
  return counts.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
}

/** Distinct, reproducible seeds for the statistical tests. */
const seedOf = (i: number) => i.toString(16).padStart(16, "0");

const arbSeed = fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 16, maxLength: 128 });

describe("gj-draw-v1: known answers (computed by an independent implementation of docs/decisions/012)", () => {
  it("reads the stream's 32-bit words in order and rejects those in the incomplete last band", () => {
    const words = seededIntegers(seedA);
    expect([words(2 ** 32), words(2 ** 32), words(2 ** 32)]).toEqual([527195964, 1471695630, 4083046017]);
    // For m = 2³¹ + 1 every word ≥ 2³¹ + 1 is discarded: 4083046017 and 2672611388 here.
    const uniform = seededIntegers(seedA);
    expect(Array.from({ length: 6 }, () => uniform(2 ** 31 + 1))).toEqual([527195964, 1471695630, 1068208310, 1227372055, 1230944233, 1894094443]);
  });

  it.each([
    [seedA, formatDrawNumbers(6, { prefix: "", digits: 2 }), ["05", "04", "03", "02", "06", "01"]],
    [
      "3516224365124563",
      formatDrawNumbers(12, { prefix: "J", digits: 2 }),
      ["J05", "J02", "J03", "J01", "J11", "J10", "J06", "J07", "J09", "J04", "J12", "J08"],
    ],
    [
      "a3f1c2e4b5d6978812345678abcdef0123456789abcdef0123456789abcdef01",
      formatDrawNumbers(30, { prefix: "", digits: 2 }),
      [
        "09",
        "16",
        "04",
        "10",
        "18",
        "24",
        "28",
        "05",
        "20",
        "14",
        "26",
        "12",
        "13",
        "21",
        "19",
        "25",
        "01",
        "29",
        "27",
        "22",
        "02",
        "23",
        "07",
        "15",
        "17",
        "03",
        "08",
        "30",
        "06",
        "11",
      ],
    ],
    [seedA, ["01"], ["01"]],
    [seedA, [], []],
  ])("seed %s hands out the numbers in a fixed order", (seed, numbers, expected) => {
    const entrants = numbers.map((_, i) => `SC2026-${String(i + 1).padStart(4, "0")}`);
    expect(conductDraw({ seed, entrants, numbers })).toEqual(expected);
  });
});

describe("draw inputs", () => {
  it("formats 1…n with the competition's prefix and width, wider when n needs it", () => {
    expect(formatDrawNumbers(3, { prefix: "", digits: 2 })).toEqual(["01", "02", "03"]);
    expect(formatDrawNumbers(2, { prefix: "GW-", digits: 3 })).toEqual(["GW-001", "GW-002"]);
    const many = formatDrawNumbers(120, { prefix: "", digits: 2 });
    expect([many[0], many[98], many[119]]).toEqual(["001", "099", "120"]);
    expect(formatDrawNumbers(0, { prefix: "J", digits: 2 })).toEqual([]);
  });

  it("orders keys by code point (UTF-8 byte order), not by UTF-16 unit or locale", () => {
    expect(["b", "SC-10", "A", "SC-2", "a"].sort(compareCodePoints)).toEqual(["A", "SC-10", "SC-2", "a", "b"]);
    // U+FFFF comes before U+1F600, though its UTF-16 unit is larger than the surrogate's.
    expect(["\u{1F600}", "\uFFFF"].sort(compareCodePoints)).toEqual(["\uFFFF", "\u{1F600}"]);
    expect(compareCodePoints("SC", "SC-1")).toBeLessThan(0);
    expect(compareCodePoints("x", "x")).toBe(0);
  });

  it.each(["00112233445566aabb".toUpperCase(), "00112233445566", "0011223344556677g", "", "a".repeat(129)])("refuses the seed %j", (seed) => {
    expect(drawSeedPattern.test(seed)).toBe(false);
    expect(() => conductDraw({ seed, entrants: ["a"], numbers: ["01"] })).toThrow(DomainError);
    expect(() => seededIntegers(seed)).toThrow(expect.objectContaining({ code: "DRAW_SEED_INVALID", field: "seed" }));
  });

  it("needs one distinct number per distinct entrant", () => {
    expect(() => conductDraw({ seed: seedA, entrants: ["a", "b"], numbers: ["01"] })).toThrow(/one number per entrant/);
    expect(() => conductDraw({ seed: seedA, entrants: ["a", "a"], numbers: ["01", "02"] })).toThrow(/entrants are distinct/);
    expect(() => conductDraw({ seed: seedA, entrants: ["a", "b"], numbers: ["01", "01"] })).toThrow(/numbers are distinct/);
  });

  it("asks integers only in 1…2³²", () => {
    const uniform = seededIntegers(seedA);
    for (const bad of [0, -1, 1.5, 2 ** 32 + 1]) expect(() => uniform(bad)).toThrow(RangeError);
    expect(uniform(1)).toBe(0);
  });
});

describe("draw properties", () => {
  const arbDraw = fc
    .tuple(arbSeed, fc.integer({ min: 0, max: 80 }), fc.constantFrom("", "J", "GW-"), fc.integer({ min: 1, max: 3 }))
    .map(([seed, n, prefix, digits]) => {
      const numbers = formatDrawNumbers(n, { prefix, digits });
      return { seed, entrants: numbers.map((_, i) => `R${i}`), numbers };
    });

  it("hands out every number exactly once (a permutation)", () => {
    fc.assert(
      fc.property(arbDraw, (input) => {
        const result = conductDraw(input);
        expect(result).toHaveLength(input.numbers.length);
        expect([...result].sort()).toEqual([...input.numbers].sort());
      }),
    );
  });

  it("is reproduced from its seed, and the re-run verifies it", () => {
    fc.assert(
      fc.property(arbDraw, (input) => {
        const result = conductDraw(input);
        expect(conductDraw({ seed: input.seed, entrants: [...input.entrants], numbers: [...input.numbers] })).toEqual(result);
        expect(findDrawMismatches(input, result)).toEqual([]);
      }),
    );
  });

  it("notices a stored result with any two numbers swapped", () => {
    fc.assert(
      fc.property(
        arbDraw.filter((d) => d.numbers.length >= 2),
        fc.nat(),
        fc.nat(),
        (input, x, y) => {
          const result = conductDraw(input);
          const [i, j] = [x % result.length, y % result.length];
          fc.pre(i !== j);
          [result[i], result[j]] = [result[j]!, result[i]!];
          expect(findDrawMismatches(input, result)).toEqual([Math.min(i, j), Math.max(i, j)]);
        },
      ),
    );
  });

  it("gives different results for different seeds (20+ entrants: 20! orders)", () => {
    fc.assert(
      fc.property(arbSeed, arbSeed, fc.integer({ min: 20, max: 60 }), (a, b, n) => {
        fc.pre(a !== b);
        const numbers = formatDrawNumbers(n, { prefix: "", digits: 2 });
        const entrants = numbers.map((_, i) => `R${i}`);
        expect(conductDraw({ seed: a, entrants, numbers })).not.toEqual(conductDraw({ seed: b, entrants, numbers }));
      }),
    );
  });
});

describe("draw uniformity (chi-square, p = 0.001)", () => {
  it("computes critical values that match the published tables", () => {
    expect(chiSquareCritical(1, 0.001)).toBeCloseTo(10.828, 2);
    expect(chiSquareCritical(5, 0.001)).toBeCloseTo(20.515, 2);
    expect(chiSquareCritical(30, 0.001)).toBeCloseTo(59.703, 2);
    expect(chiSquareCritical(100, 0.001)).toBeCloseTo(149.449, 2);
  });

  it("puts one entrant on each of 6 numbers equally often over 6,000 seeds", () => {
    const numbers = formatDrawNumbers(6, { prefix: "", digits: 2 });
    const entrants = ["A", "B", "C", "D", "E", "F"];
    const counts = Array<number>(6).fill(0);
    for (let i = 0; i < 6000; i++) counts[numbers.indexOf(conductDraw({ seed: seedOf(i), entrants, numbers })[0]!)]! += 1;
    expect(chiSquare(counts, 1000)).toBeLessThan(chiSquareCritical(5, 0.001));
  });

  it("makes all 720 orders of 6 entrants equally likely over 36,000 seeds", () => {
    const numbers = formatDrawNumbers(6, { prefix: "", digits: 1 });
    const entrants = ["A", "B", "C", "D", "E", "F"];
    const counts = new Map<string, number>();
    for (let i = 0; i < 36_000; i++) {
      const order = conductDraw({ seed: seedOf(1_000_000 + i), entrants, numbers }).join("");
      counts.set(order, (counts.get(order) ?? 0) + 1);
    }
    expect(counts.size).toBe(720);
    expect(chiSquare([...counts.values()], 50)).toBeLessThan(chiSquareCritical(719, 0.001));
  });
});
