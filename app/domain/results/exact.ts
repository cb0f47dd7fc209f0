// Exact numbers for marks: rationals of two bigints, always reduced, denominator positive.
// A judgement mark is max × mean(scores) / 3 — 1.00 × 4/9 has no finite decimal — so neither
// binary floating point nor a fixed number of decimal places can keep it exact. Rationals can:
// every sum, mean, median and comparison here is exact, and rounding happens only where a rule
// says so (display to 0.01, WorldSkills points to an integer). See docs/decisions/007.
export interface Exact {
  readonly n: bigint;
  readonly d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function exact(n: bigint, d: bigint = 1n): Exact {
  if (d === 0n) throw new RangeError("division by zero");
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}

export const zero = exact(0n);
export const one = exact(1n);

export function fromInt(value: number): Exact {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not an integer: ${value}`);
  return exact(BigInt(value));
}

/** Parses a plain decimal ("12", "-0.5", "3.1415"); null for anything else (no exponents, no commas). */
export function parseDecimal(text: string): Exact | null {
  const m = /^(-?)(\d{1,15})(?:\.(\d{1,12}))?$/.exec(text.trim());
  if (!m) return null;
  const [, sign, whole, fraction = ""] = m;
  const scale = 10n ** BigInt(fraction.length);
  const magnitude = BigInt(whole!) * scale + (fraction ? BigInt(fraction) : 0n);
  return exact(sign === "-" ? -magnitude : magnitude, scale);
}

export function decimal(text: string): Exact {
  const value = parseDecimal(text);
  if (!value) throw new RangeError(`not a decimal: ${text}`);
  return value;
}

export const add = (a: Exact, b: Exact): Exact => exact(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Exact, b: Exact): Exact => exact(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Exact, b: Exact): Exact => exact(a.n * b.n, a.d * b.d);
export const div = (a: Exact, b: Exact): Exact => exact(a.n * b.d, a.d * b.n);
export const neg = (a: Exact): Exact => exact(-a.n, a.d);
export const abs = (a: Exact): Exact => (a.n < 0n ? neg(a) : a);

/** −1, 0 or 1. */
export function cmp(a: Exact, b: Exact): -1 | 0 | 1 {
  const left = a.n * b.d;
  const right = b.n * a.d;
  return left < right ? -1 : left > right ? 1 : 0;
}

export const eq = (a: Exact, b: Exact): boolean => cmp(a, b) === 0;
export const max = (a: Exact, b: Exact): Exact => (cmp(a, b) >= 0 ? a : b);
export const min = (a: Exact, b: Exact): Exact => (cmp(a, b) <= 0 ? a : b);
export const clamp = (v: Exact, lo: Exact, hi: Exact): Exact => min(max(v, lo), hi);
export const isInteger = (a: Exact): boolean => a.d === 1n;

export function sum(values: readonly Exact[]): Exact {
  return values.reduce(add, zero);
}

export function mean(values: readonly Exact[]): Exact {
  if (values.length === 0) throw new RangeError("mean of nothing");
  return div(sum(values), fromInt(values.length));
}

export function median(values: readonly Exact[]): Exact {
  if (values.length === 0) throw new RangeError("median of nothing");
  const sorted = [...values].sort(cmp);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : div(add(sorted[mid - 1]!, sorted[mid]!), fromInt(2));
}

/** Rounds to an integer, halves away from zero (how the WorldSkills scale and mark sheets round). */
export function roundHalfAwayFromZero(a: Exact): bigint {
  const magnitude = a.n < 0n ? -a.n : a.n;
  const rounded = (2n * magnitude + a.d) / (2n * a.d);
  return a.n < 0n ? -rounded : rounded;
}

/** Fixed-point text with `places` decimals, rounded half away from zero (for display and export). */
export function toFixed(a: Exact, places = 2): string {
  const scale = 10n ** BigInt(places);
  const scaled = roundHalfAwayFromZero(mul(a, exact(scale)));
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, "0");
  const whole = digits.slice(0, digits.length - places);
  const fraction = places > 0 ? `.${digits.slice(digits.length - places)}` : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/** True when the value is a whole number of `step`s (e.g. max marks in 0.01 steps). */
export function isMultipleOf(a: Exact, step: Exact): boolean {
  return isInteger(div(a, step));
}

/** Lossless text for storage: "n" or "n/d". */
export function toRatio(a: Exact): string {
  return a.d === 1n ? a.n.toString() : `${a.n}/${a.d}`;
}

/** Reads what toRatio wrote; null for anything else. */
export function parseRatio(text: string): Exact | null {
  const m = /^(-?\d{1,40})(?:\/(\d{1,40}))?$/.exec(text);
  if (!m) return null;
  const d = m[2] === undefined ? 1n : BigInt(m[2]);
  return d === 0n ? null : exact(BigInt(m[1]!), d);
}

/** For tests and logs only: never decide anything with it. */
export function approximate(a: Exact): number {
  return Number(a.n) / Number(a.d);
}
