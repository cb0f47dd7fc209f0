// From aspect marks to a competitor's score: sub-criterion, module and total marks (raw, out of
// the scheme's total, normally 100), with what is still missing. A module's weight is the sum of
// its aspects' max marks. Theory and practice parts combine by the competition's weights.
import { add, cmp, div, fromInt, mul, sub, zero, type Exact } from "./exact";

export interface SchemeShape {
  modules: ReadonlyArray<{
    id: string;
    subCriteria: ReadonlyArray<{ id: string; aspects: ReadonlyArray<{ id: string; max: Exact }> }>;
  }>;
}

export interface PartScore {
  id: string;
  mark: Exact;
  max: Exact;
  missing: string[];
}

export interface CompetitorScore {
  total: Exact;
  max: Exact;
  modules: Array<PartScore & { subCriteria: PartScore[] }>;
  /** Aspect ids without a mark yet (incomplete results are provisional). */
  missing: string[];
}

export function scoreCompetitor(scheme: SchemeShape, aspectMarks: ReadonlyMap<string, Exact>): CompetitorScore {
  let total = zero;
  let totalMax = zero;
  const missing: string[] = [];
  const modules = scheme.modules.map((module) => {
    let moduleMark = zero;
    let moduleMax = zero;
    const moduleMissing: string[] = [];
    const subCriteria = module.subCriteria.map((sc) => {
      let mark = zero;
      let scMax = zero;
      const scMissing: string[] = [];
      for (const aspect of sc.aspects) {
        scMax = add(scMax, aspect.max);
        const given = aspectMarks.get(aspect.id);
        if (given === undefined) scMissing.push(aspect.id);
        else mark = add(mark, given);
      }
      moduleMark = add(moduleMark, mark);
      moduleMax = add(moduleMax, scMax);
      moduleMissing.push(...scMissing);
      return { id: sc.id, mark, max: scMax, missing: scMissing };
    });
    total = add(total, moduleMark);
    totalMax = add(totalMax, moduleMax);
    missing.push(...moduleMissing);
    return { id: module.id, mark: moduleMark, max: moduleMax, missing: moduleMissing, subCriteria };
  });
  return { total, max: totalMax, modules, missing };
}

/** Module codes from the largest weight (sum of max marks) down; equal weights keep scheme order. */
export function modulesByWeight(modules: ReadonlyArray<{ code: string; max: Exact }>): string[] {
  return [...modules.entries()].sort(([i, a], [j, b]) => cmp(b.max, a.max) || i - j).map(([, m]) => m.code);
}

export interface PartMark {
  /** Raw marks of the part's modules and their maximum. */
  mark: Exact;
  max: Exact;
  /** mark / max × 100: the part on the 100 scale the weights apply to. */
  scaled: Exact;
}

/**
 * [CN] A competitor's total where a scheme has a theory part: theory w% × (theory / its max × 100)
 * + (100 − w)% × (practice / its max × 100), exactly. With no theory module (or no practice
 * module) the total is the raw total and there are no parts.
 */
export function weighParts(
  modules: ReadonlyArray<{ code: string; max: Exact; part: "practice" | "theory" }>,
  moduleMarks: ReadonlyMap<string, Exact>,
  rawTotal: Exact,
  theoryWeightPercent: number,
): { total: Exact; parts: { theory: PartMark; practice: PartMark } | null } {
  const part = (which: "practice" | "theory"): PartMark | null => {
    const of = modules.filter((m) => m.part === which);
    const max = of.reduce((acc, m) => add(acc, m.max), zero);
    if (cmp(max, zero) <= 0) return null;
    const mark = of.reduce((acc, m) => add(acc, moduleMarks.get(m.code) ?? zero), zero);
    return { mark, max, scaled: mul(div(mark, max), fromInt(100)) };
  };
  // Most schemes have no theory part: then nothing else is summed.
  const theory = part("theory");
  if (!theory) return { total: rawTotal, parts: null };
  const practice = part("practice");
  if (!practice) return { total: rawTotal, parts: null };
  return { total: combineTheoryAndPractice(theory.scaled, practice.scaled, theoryWeightPercent), parts: { theory, practice } };
}

/** theory × w% + practice × (100 − w)%, both parts out of 100. */
export function combineTheoryAndPractice(theory: Exact, practice: Exact, theoryWeightPercent: number): Exact {
  const w = div(fromInt(theoryWeightPercent), fromInt(100));
  return add(mul(theory, w), mul(practice, sub(fromInt(1), w)));
}
