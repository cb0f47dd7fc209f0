// A skill's marking scheme (RULES.md "Marking scheme"): modules (A, B …) → sub-criteria (A1 …,
// each with a marking day) → aspects. Each aspect: kind measurement / judgement / trimmed mean,
// a description, a max mark in 0.01 steps, exactly one standards section; judgement aspects have
// four level descriptors (0–3); measurement aspects have a calculation. The aspects must add up
// to the declared total (100), and sections carry weightings to compare the allocation against.
//
// `validateScheme` takes a draft as it arrives from a form, an import or the API (strings, as
// typed) and returns either the exact scheme or every problem at once, each with the place it
// was found, so an import can name sheet, row and column.
import { abs, add, cmp, decimal, div, fromInt, isMultipleOf, mul, parseDecimal, sub, toFixed, zero, type Exact } from "../results/exact";
import type { MeasurementCalculation } from "../results/aspect-marks";
import { controlCharacters, hasUnstorableCharacter } from "../fields";

export const aspectKinds = ["measurement", "judgement", "trimmed_mean"] as const;
export type AspectKind = (typeof aspectKinds)[number];

/** [CN] A module is part of the practical test (实操, the default) or of the theory test (理论). */
export const moduleParts = ["practice", "theory"] as const;
export type ModulePart = (typeof moduleParts)[number];

/** Where a value came from: an import names sheet, row and column; a form names the field. */
export interface Origin {
  sheet?: string;
  row?: number;
  column?: string;
  field?: string;
}

export type CalculationDraft =
  | { kind: "all_or_nothing" }
  | { kind: "choice"; choices: Array<{ id: string; deduction: string }> }
  | { kind: "per_unit"; target: string; tolerance: string; unit: string; deductionPerUnit: string }
  | { kind: "bands"; target: string; bands: Array<{ within: string; mark: string }> };

export interface AspectDraft {
  id: string;
  kind: string;
  description: string;
  max: string;
  section: string;
  descriptors?: string[];
  calculation?: CalculationDraft;
  /** Trimmed mean: judges on the panel (≥ 3; 5 by default). */
  panelSize?: number;
  origin?: Origin;
}

export interface SchemeDraft {
  declaredTotal: string;
  sections: Array<{ id: string; name: string; weightingPercent: string; origin?: Origin }>;
  modules: Array<{
    id: string;
    name: string;
    /** "practice" (or absent) or "theory". */
    part?: string;
    origin?: Origin;
    subCriteria: Array<{ id: string; name: string; markingDay: number | null; origin?: Origin; aspects: AspectDraft[] }>;
  }>;
}

export type Aspect = {
  id: string;
  description: string;
  max: Exact;
  section: string;
} & (
  | { kind: "measurement"; calculation: MeasurementCalculation }
  | { kind: "judgement"; descriptors: [string, string, string, string] }
  | { kind: "trimmed_mean"; panelSize: number }
);

export interface MarkingScheme {
  total: Exact;
  sections: Array<{ id: string; name: string; weightingPercent: Exact }>;
  modules: Array<{
    id: string;
    name: string;
    part: ModulePart;
    subCriteria: Array<{ id: string; name: string; markingDay: number | null; aspects: Aspect[] }>;
  }>;
}

export type SchemeProblemCode =
  | "TEXT_TOO_LONG"
  | "TEXT_INVALID_CHARACTERS"
  | "TOTAL_MISMATCH"
  | "DUPLICATE_ID"
  | "MISSING_ID"
  | "UNKNOWN_KIND"
  | "MAX_NOT_IN_STEPS"
  | "MAX_NOT_POSITIVE"
  | "NOT_A_NUMBER"
  | "MISSING_DESCRIPTORS"
  | "UNKNOWN_SECTION"
  | "MISSING_CALCULATION"
  | "BAD_CALCULATION"
  | "PANEL_TOO_SMALL"
  | "EMPTY_SCHEME"
  | "WEIGHTINGS_NOT_100"
  | "UNKNOWN_PART";

export interface SchemeProblem {
  code: SchemeProblemCode;
  params: Record<string, string | number>;
  origin?: Origin;
  /** The id of the thing at fault, when it has one. */
  subject?: string;
}

const step = decimal("0.01");
// The scheme builder's limits (app/components/scheme-builder/draft.ts), kept for every source.
const maxIdChars = 40 + "section:".length;
const maxNameChars = 200;
const maxDescriptionChars = 1000;

export function validateScheme(draft: SchemeDraft): { ok: true; scheme: MarkingScheme } | { ok: false; problems: SchemeProblem[] } {
  const problems: SchemeProblem[] = [];
  const seen = new Set<string>();
  const problem = (code: SchemeProblemCode, params: Record<string, string | number>, origin?: Origin, subject?: string) =>
    problems.push({ code, params, origin, subject });
  const number = (text: string, field: string, origin?: Origin, subject?: string): Exact | null => {
    const value = parseDecimal(text);
    if (!value) problem("NOT_A_NUMBER", { field, value: text }, origin, subject);
    return value;
  };
  // Whatever file or form a scheme came from, its texts fit their columns and can be stored.
  const words = (text: string, field: string, max: number, origin?: Origin, subject?: string) => {
    if (text.length > max) problem("TEXT_TOO_LONG", { field, limit: max }, origin, subject);
    else if (controlCharacters.test(text) || hasUnstorableCharacter(text)) problem("TEXT_INVALID_CHARACTERS", { field }, origin, subject);
  };
  const claim = (id: string, origin?: Origin) => {
    if (id.length > maxIdChars) return problem("TEXT_TOO_LONG", { field: "id", limit: maxIdChars }, origin);
    if (!id.trim()) return problem("MISSING_ID", {}, origin);
    if (seen.has(id)) problem("DUPLICATE_ID", { id }, origin, id);
    seen.add(id);
  };

  const total = number(draft.declaredTotal, "declaredTotal") ?? zero;
  const sections = draft.sections.map((s) => {
    claim(`section:${s.id}`, s.origin);
    words(s.name, "name", maxNameChars, s.origin, s.id);
    return { id: s.id, name: s.name, weightingPercent: number(s.weightingPercent, "weightingPercent", s.origin, s.id) ?? zero };
  });
  const sectionIds = new Set(sections.map((s) => s.id));
  if (sections.length > 0) {
    const weightings = sections.reduce((acc, s) => add(acc, s.weightingPercent), zero);
    if (cmp(weightings, decimal("100")) !== 0) problem("WEIGHTINGS_NOT_100", { sum: toFixed(weightings) });
  }

  let sum = zero;
  let aspectCount = 0;
  const modules = draft.modules.map((m) => {
    claim(m.id, m.origin);
    words(m.name, "name", maxNameChars, m.origin, m.id);
    const part = (m.part ?? "").trim() || "practice";
    if (!(moduleParts as readonly string[]).includes(part)) problem("UNKNOWN_PART", { part }, m.origin, m.id);
    return {
      id: m.id,
      name: m.name,
      part: part === "theory" ? ("theory" as const) : ("practice" as const),
      subCriteria: m.subCriteria.map((sc) => {
        claim(sc.id, sc.origin);
        words(sc.name, "name", maxNameChars, sc.origin, sc.id);
        return {
          id: sc.id,
          name: sc.name,
          markingDay: sc.markingDay,
          aspects: sc.aspects.map((a) => validateAspect(a)).filter((a): a is Aspect => a !== null),
        };
      }),
    };
  });

  function validateAspect(a: AspectDraft): Aspect | null {
    aspectCount++;
    claim(a.id, a.origin);
    words(a.description, "description", maxDescriptionChars, a.origin, a.id);
    const max = number(a.max, "max", a.origin, a.id);
    if (max && cmp(max, zero) <= 0) problem("MAX_NOT_POSITIVE", { max: a.max }, a.origin, a.id);
    else if (max && !isMultipleOf(max, step)) problem("MAX_NOT_IN_STEPS", { max: a.max }, a.origin, a.id);
    if (max) sum = add(sum, max);
    if (!sectionIds.has(a.section)) problem("UNKNOWN_SECTION", { section: a.section }, a.origin, a.id);
    const base = { id: a.id, description: a.description, max: max ?? zero, section: a.section };
    switch (a.kind) {
      case "judgement": {
        const descriptors = (a.descriptors ?? []).map((s) => s.trim());
        if (descriptors.length !== 4 || descriptors.some((s) => !s)) {
          problem("MISSING_DESCRIPTORS", { missing: [0, 1, 2, 3].filter((i) => !descriptors[i]).join(",") }, a.origin, a.id);
          return null;
        }
        return { ...base, kind: "judgement", descriptors: descriptors as [string, string, string, string] };
      }
      case "trimmed_mean": {
        const panelSize = a.panelSize ?? 5;
        if (!Number.isInteger(panelSize) || panelSize < 3) {
          problem("PANEL_TOO_SMALL", { panelSize }, a.origin, a.id);
          return null;
        }
        return { ...base, kind: "trimmed_mean", panelSize };
      }
      case "measurement": {
        if (!a.calculation) {
          problem("MISSING_CALCULATION", {}, a.origin, a.id);
          return null;
        }
        const calculation = exactCalculation(a.calculation, (field, value) => problem("BAD_CALCULATION", { field, value }, a.origin, a.id));
        return calculation ? { ...base, kind: "measurement", calculation } : null;
      }
      default:
        problem("UNKNOWN_KIND", { kind: a.kind }, a.origin, a.id);
        return null;
    }
  }

  if (aspectCount === 0) problem("EMPTY_SCHEME", {});
  else if (cmp(sum, total) !== 0) problem("TOTAL_MISMATCH", { declared: toFixed(total), actual: toFixed(sum), difference: toFixed(sub(sum, total)) });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, scheme: { total, sections, modules } };
}

function exactCalculation(draft: CalculationDraft, complain: (field: string, value: string) => void): MeasurementCalculation | null {
  const num = (field: string, text: string): Exact | null => {
    const value = parseDecimal(text);
    if (!value) complain(field, text);
    return value;
  };
  switch (draft.kind) {
    case "all_or_nothing":
      return { kind: "all_or_nothing" };
    case "choice": {
      const ids = new Set<string>();
      const choices = draft.choices.map((c) => {
        if (!c.id.trim() || ids.has(c.id)) complain("choice", c.id);
        ids.add(c.id);
        return { id: c.id, deduction: num("deduction", c.deduction) };
      });
      if (choices.length === 0) complain("choices", "");
      return choices.every((c) => c.deduction) && choices.length > 0 && ids.size === choices.length
        ? { kind: "choice", choices: choices.map((c) => ({ id: c.id, deduction: c.deduction! })) }
        : null;
    }
    case "per_unit": {
      const target = num("target", draft.target);
      const tolerance = num("tolerance", draft.tolerance);
      const unit = num("unit", draft.unit);
      const deductionPerUnit = num("deductionPerUnit", draft.deductionPerUnit);
      if (unit && cmp(unit, zero) <= 0) complain("unit", draft.unit);
      return target && tolerance && unit && deductionPerUnit && cmp(unit, zero) > 0 ? { kind: "per_unit", target, tolerance, unit, deductionPerUnit } : null;
    }
    case "bands": {
      const target = num("target", draft.target);
      const bands = draft.bands.map((b) => ({ within: num("within", b.within), mark: num("mark", b.mark) }));
      if (bands.length === 0) complain("bands", "");
      return target && bands.length > 0 && bands.every((b) => b.within && b.mark)
        ? { kind: "bands", target, bands: bands.map((b) => ({ within: b.within!, mark: b.mark! })) }
        : null;
    }
  }
}

export interface SectionAllocation {
  sectionId: string;
  name: string;
  weightingPercent: Exact;
  marks: Exact;
  /** marks as a percentage of the scheme's total */
  allocatedPercent: Exact;
  /** allocatedPercent − weightingPercent */
  variation: Exact;
  warning: boolean;
}

/** What the allocation reads of a scheme: a whole scheme, or a draft's readable part while it is being edited. */
export interface AllocationInput {
  total: Exact;
  sections: MarkingScheme["sections"];
  modules: ReadonlyArray<{ subCriteria: ReadonlyArray<{ aspects: ReadonlyArray<Pick<Aspect, "max" | "section">> }> }>;
}

/** Marks per standards section against its weighting; a warning where they differ by more than `tolerancePercent`. */
export function sectionAllocation(scheme: AllocationInput, tolerancePercent: Exact = decimal("5")): SectionAllocation[] {
  const marks = new Map<string, Exact>(scheme.sections.map((s) => [s.id, zero]));
  for (const m of scheme.modules) for (const sc of m.subCriteria) for (const a of sc.aspects) marks.set(a.section, add(marks.get(a.section) ?? zero, a.max));
  return scheme.sections.map((s) => {
    const given = marks.get(s.id) ?? zero;
    const allocatedPercent = cmp(scheme.total, zero) === 0 ? zero : mul(div(given, scheme.total), fromInt(100));
    const variation = sub(allocatedPercent, s.weightingPercent);
    return {
      sectionId: s.id,
      name: s.name,
      weightingPercent: s.weightingPercent,
      marks: given,
      allocatedPercent,
      variation,
      warning: cmp(abs(variation), tolerancePercent) > 0,
    };
  });
}
