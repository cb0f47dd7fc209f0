// The draw 抽签 (RULES.md "Anonymity, draw, check-in"): per skill, check-in numbers 检录号 are
// drawn for the registration numbers (一次加密), then workstation numbers 工位号 for the check-in
// numbers (二次加密). Terms:
//   seed      — lower-case hex text (16–128 digits): 32 random bytes from the server, or a public
//               seed the witness provides (dice, a lottery result); stored with the draw;
//   entrants  — the keys being numbered (registration or check-in numbers) in canonical order;
//   numbers   — what is handed out: 1…n formatted as the competition wants ("01", "J07");
//   result    — the number of each entrant, in entrant order.
// Algorithm "gj-draw-v1" (docs/decisions/012-draw-algorithm.md, precise enough to re-implement):
// a Fisher–Yates shuffle of the numbers driven by unbiased integers read from SHA-256 blocks of
// the seed and a counter (rejection sampling). Same seed and inputs give the same result anywhere.
// Boundary: pure — the seed comes in as an argument; nothing reads a clock or a random source.
// It uses node:crypto's SHA-256, so only services and loaders import it (a lint rule keeps it out
// of client code).
import { createHash } from "node:crypto";
import { DomainError } from "../errors";

export const drawAlgorithm = "gj-draw-v1";

export const drawKinds = ["check_in", "workstation"] as const;
export type DrawKind = (typeof drawKinds)[number];

/** A seed as stored and hashed: 16 to 128 lower-case hex digits (32 random bytes give 64). */
export const drawSeedPattern = /^[0-9a-f]{16,128}$/;

/** How a competition writes its numbers: a prefix and at least `digits` digits ("01", "J07"). */
export interface DrawNumbering {
  prefix: string;
  digits: number;
}

/** The numbers 1…count as handed out; the width grows when count needs more digits. */
export function formatDrawNumbers(count: number, numbering: DrawNumbering): string[] {
  const width = Math.max(numbering.digits, String(count).length);
  return Array.from({ length: count }, (_, i) => `${numbering.prefix}${String(i + 1).padStart(width, "0")}`);
}

/** Orders keys by Unicode code point — the same order as the bytes of their UTF-8 encoding. */
export function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

const encoder = new TextEncoder();
const twoTo32 = 2 ** 32;

/** Block `counter` of the stream: SHA-256("gj-draw-v1" ‖ 0x00 ‖ seed ‖ 0x00 ‖ counter as 4 bytes big-endian). */
function streamBlock(seed: string, counter: number): Uint8Array {
  const message = new Uint8Array(drawAlgorithm.length + 1 + seed.length + 1 + 4);
  message.set(encoder.encode(drawAlgorithm), 0);
  message.set(encoder.encode(seed), drawAlgorithm.length + 1);
  new DataView(message.buffer).setUint32(message.length - 4, counter, false);
  return createHash("sha256").update(message).digest();
}

/**
 * Unbiased integers from the seed: `uniform(m)` is uniform over 0…m−1 (1 ≤ m ≤ 2³²). It reads the
 * stream's next 32-bit big-endian word x and returns x mod m unless x falls in the incomplete last
 * band (x ≥ 2³² − (2³² mod m)), in which case the word is discarded and the next one read.
 */
export function seededIntegers(seed: string): (bound: number) => number {
  checkSeed(seed);
  let counter = 0;
  let block: Uint8Array = new Uint8Array(0);
  let offset = 0;
  const nextWord = (): number => {
    if (offset === block.length) {
      if (counter > 0xffffffff) throw new Error("Draw stream exhausted");
      block = streamBlock(seed, counter++);
      offset = 0;
    }
    const word = new DataView(block.buffer, block.byteOffset, block.byteLength).getUint32(offset, false);
    offset += 4;
    return word;
  };
  return (bound) => {
    if (!Number.isInteger(bound) || bound < 1 || bound > twoTo32) throw new RangeError(`A draw bound is an integer from 1 to 2^32, not ${bound}`);
    const limit = twoTo32 - (twoTo32 % bound);
    for (;;) {
      const word = nextWord();
      if (word < limit) return word % bound;
    }
  };
}

/** Durstenfeld's Fisher–Yates: for i = n−1 down to 1, swap item i with item uniform(i + 1). */
export function shuffleWithSeed<T>(items: readonly T[], seed: string): T[] {
  const shuffled = [...items];
  const uniform = seededIntegers(seed);
  for (let i = shuffled.length - 1; i >= 1; i--) {
    const j = uniform(i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return shuffled;
}

export interface DrawInput {
  seed: string;
  /** The keys being numbered, in canonical order (each once). */
  entrants: readonly string[];
  /** The numbers handed out, in order 1…n (each once; as many as entrants). */
  numbers: readonly string[];
}

function checkSeed(seed: string): void {
  if (!drawSeedPattern.test(seed)) throw new DomainError("DRAW_SEED_INVALID", {}, "seed");
}

function checkDrawInput(input: DrawInput): void {
  checkSeed(input.seed);
  if (input.entrants.length !== input.numbers.length)
    throw new Error(`A draw hands out one number per entrant: ${input.entrants.length} entrants, ${input.numbers.length} numbers`);
  if (new Set(input.entrants).size !== input.entrants.length) throw new Error("A draw's entrants are distinct");
  if (new Set(input.numbers).size !== input.numbers.length) throw new Error("A draw's numbers are distinct");
}

/** The draw: result[k] is the number of entrants[k] — the shuffled numbers, read in entrant order. */
export function conductDraw(input: DrawInput): string[] {
  checkDrawInput(input);
  return shuffleWithSeed(input.numbers, input.seed);
}

/** Re-runs a stored draw: the entrant positions whose stored number differs from the re-run (none: verified). */
export function findDrawMismatches(input: DrawInput, stored: readonly string[]): number[] {
  const expected = conductDraw(input);
  const mismatches: number[] = [];
  for (let k = 0; k < Math.max(expected.length, stored.length); k++) if (expected[k] !== stored[k]) mismatches.push(k);
  return mismatches;
}
