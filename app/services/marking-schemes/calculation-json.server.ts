// Calculations are stored as JSON with decimal strings (the draft form), never as numbers, so a
// stored 0.1 stays exactly 0.1.
import { toFixed, type Exact } from "~/domain/results/exact";
import type { MeasurementCalculation } from "~/domain/results/aspect-marks";
import type { CalculationDraft } from "~/domain/marking-scheme/scheme";

/** Shortest exact decimal text (up to 6 places) of a value that came in as a decimal. */
export const decimalText = (v: Exact): string => toFixed(v, 6).replace(/\.?0+$/, "") || "0";
const text = decimalText;

export function formatCalculationDraft(calculation: MeasurementCalculation): CalculationDraft {
  switch (calculation.kind) {
    case "all_or_nothing":
      return { kind: "all_or_nothing" };
    case "choice":
      return { kind: "choice", choices: calculation.choices.map((c) => ({ id: c.id, deduction: text(c.deduction) })) };
    case "per_unit":
      return {
        kind: "per_unit",
        target: text(calculation.target),
        tolerance: text(calculation.tolerance),
        unit: text(calculation.unit),
        deductionPerUnit: text(calculation.deductionPerUnit),
      };
    case "bands":
      return { kind: "bands", target: text(calculation.target), bands: calculation.bands.map((b) => ({ within: text(b.within), mark: text(b.mark) })) };
  }
}
