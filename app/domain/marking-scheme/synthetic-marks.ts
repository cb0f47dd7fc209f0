// Invented but valid values for an aspect, for the demo's marked skill and for rehearsals: a
// competitor's "ability" (0–1) shapes them, so a ranking has shape and a few judgement spreads
// get flagged, as on a real day. `next` is any uniform source in [0, 1).
import type { MarkValue } from "./mark-value";
import type { Exact } from "../results/exact";
import type { Aspect } from "./scheme";

const num = (e: Exact) => Number(e.n) / Number(e.d);

export function syntheticMarkValue(aspect: Aspect, ability: number, next: () => number): MarkValue {
  const good = next() < ability;
  switch (aspect.kind) {
    case "judgement":
      return { score: Math.max(0, Math.min(3, Math.round(ability * 3 + (next() - 0.5) * 1.6))) };
    case "trimmed_mean":
      return { mark: ((Number(aspect.max.n) / Number(aspect.max.d)) * Math.min(1, ability + (next() - 0.5) * 0.2)).toFixed(2) };
    case "measurement":
      switch (aspect.calculation.kind) {
        case "all_or_nothing":
          return { achieved: good };
        case "choice": {
          // The choice without deduction when good, another one otherwise.
          const byDeduction = [...aspect.calculation.choices].sort((a, b) => num(a.deduction) - num(b.deduction));
          return { choiceId: good || byDeduction.length === 1 ? byDeduction[0]!.id : byDeduction[1 + Math.floor(next() * (byDeduction.length - 1))]!.id };
        }
        case "per_unit": {
          const { target, tolerance, unit } = aspect.calculation;
          const off = good ? num(tolerance) * next() : num(tolerance) + num(unit) * (1 + Math.floor(next() * 3));
          return { measured: (num(target) + off * (next() < 0.5 ? -1 : 1)).toFixed(3) };
        }
        case "bands": {
          const widths = aspect.calculation.bands.map((b) => num(b.within));
          const off = good ? Math.min(...widths) * next() : Math.max(...widths) * (1 + next());
          return { measured: (num(aspect.calculation.target) + off * (next() < 0.5 ? -1 : 1)).toFixed(3) };
        }
      }
  }
}

/** Judges an aspect takes before its mark counts. */
export function judgesNeeded(aspect: Aspect): number {
  return aspect.kind === "judgement" ? 3 : aspect.kind === "trimmed_mean" ? aspect.panelSize : 1;
}
