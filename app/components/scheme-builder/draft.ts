// The marking-scheme builder's draft: what the editor holds while someone types (every value a
// string, as typed, each row with a stable key), the zod contract it is posted under, and its
// conversion to the domain's SchemeDraft. Validation is the domain's (validateScheme); here its
// problems are only placed on the editor row — and the field — they concern. Pure: the page
// runs it live as the user types, and the action runs the same code before saving.
import { z } from "zod";
import { add, parseDecimal, sub, zero, type Exact } from "~/domain/results/exact";
import {
  aspectKinds,
  sectionAllocation,
  validateScheme,
  type AspectDraft,
  type CalculationDraft,
  type SchemeDraft,
  type SchemeProblem,
  type SectionAllocation,
} from "~/domain/marking-scheme/scheme";
import { controlCharacters, hasUnstorableCharacter } from "~/domain/fields";

export const calculationKinds = ["all_or_nothing", "choice", "per_unit", "bands"] as const;
export type CalculationKind = (typeof calculationKinds)[number];

/** Largest draft the page accepts (characters of JSON); a real scheme is a few tens of kilobytes. */
export const maxDraftChars = 1_000_000;

const plain = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !controlCharacters.test(s) && !hasUnstorableCharacter(s));
const key = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/);
const short = plain(40);
const name = plain(200);
const long = plain(1000);

const CalculationEditorSchema = z.object({
  kind: z.enum(calculationKinds),
  choices: z.array(z.object({ key, id: short, deduction: short })).max(50),
  target: short,
  tolerance: short,
  unit: short,
  deductionPerUnit: short,
  bands: z.array(z.object({ key, within: short, mark: short })).max(50),
});

const AspectEditorSchema = z.object({
  key,
  id: short,
  kind: z.enum(aspectKinds),
  description: long,
  max: short,
  section: short,
  descriptors: z.tuple([long, long, long, long]),
  panelSize: short,
  calculation: CalculationEditorSchema,
});

export const SchemeEditorDraftSchema = z
  .object({
    declaredTotal: short,
    sections: z.array(z.object({ key, id: short, name, weightingPercent: short })).max(50),
    modules: z
      .array(
        z.object({
          key,
          id: short,
          name,
          subCriteria: z.array(z.object({ key, id: short, name, markingDay: short, aspects: z.array(AspectEditorSchema).max(200) })).max(100),
        }),
      )
      .max(50),
  })
  .refine((d) => {
    const keys = rowKeys(d);
    return new Set(keys).size === keys.length;
  });

export type SchemeEditorDraft = z.infer<typeof SchemeEditorDraftSchema>;
export type EditorSection = SchemeEditorDraft["sections"][number];
export type EditorModule = SchemeEditorDraft["modules"][number];
export type EditorSubCriterion = EditorModule["subCriteria"][number];
export type EditorAspect = z.infer<typeof AspectEditorSchema>;
export type EditorCalculation = z.infer<typeof CalculationEditorSchema>;

function rowKeys(d: SchemeEditorDraft): string[] {
  const keys = d.sections.map((s) => s.key);
  for (const m of d.modules) {
    keys.push(m.key);
    for (const sc of m.subCriteria) {
      keys.push(sc.key);
      for (const a of sc.aspects) keys.push(a.key, ...a.calculation.choices.map((c) => c.key), ...a.calculation.bands.map((b) => b.key));
    }
  }
  return keys;
}

/** Hands out row keys "k1", "k2" … — the same sequence on the server render and in the browser. */
export type KeyMaker = () => string;
export function keyMaker(): KeyMaker {
  let next = 0;
  return () => `k${++next}`;
}

export function blankCalculation(): EditorCalculation {
  return { kind: "all_or_nothing", choices: [], target: "", tolerance: "", unit: "", deductionPerUnit: "", bands: [] };
}

export function blankAspect(nextKey: KeyMaker, section = ""): EditorAspect {
  return {
    key: nextKey(),
    id: "",
    kind: "measurement",
    description: "",
    max: "",
    section,
    descriptors: ["", "", "", ""],
    panelSize: "5",
    calculation: blankCalculation(),
  };
}

export function blankSubCriterion(nextKey: KeyMaker, markingDay = ""): EditorSubCriterion {
  return { key: nextKey(), id: "", name: "", markingDay, aspects: [] };
}

export function blankModule(nextKey: KeyMaker): EditorModule {
  return { key: nextKey(), id: "", name: "", subCriteria: [] };
}

export function blankSection(nextKey: KeyMaker): EditorSection {
  return { key: nextKey(), id: "", name: "", weightingPercent: "" };
}

/** Where a skill without a scheme starts: a total of 100 and one empty row at each level. */
export function starterDraft(nextKey: KeyMaker): SchemeEditorDraft {
  const module = blankModule(nextKey);
  const subCriterion = blankSubCriterion(nextKey, "1");
  subCriterion.aspects.push(blankAspect(nextKey));
  module.subCriteria.push(subCriterion);
  return { declaredTotal: "100.00", sections: [blankSection(nextKey)], modules: [module] };
}

/** Changing the calculation keeps what was typed for the other kinds, and opens one row where a list is empty. */
export function withCalculationKind(calculation: EditorCalculation, kind: CalculationKind, nextKey: KeyMaker): EditorCalculation {
  const next = { ...calculation, kind };
  if (kind === "choice" && next.choices.length === 0) next.choices = [{ key: nextKey(), id: "", deduction: "" }];
  if (kind === "bands" && next.bands.length === 0) next.bands = [{ key: nextKey(), within: "", mark: "" }];
  return next;
}

function editorCalculation(draft: CalculationDraft | undefined, nextKey: KeyMaker): EditorCalculation {
  const blank = blankCalculation();
  if (!draft) return blank;
  switch (draft.kind) {
    case "all_or_nothing":
      return blank;
    case "choice":
      return { ...blank, kind: "choice", choices: draft.choices.map((c) => ({ key: nextKey(), id: c.id, deduction: c.deduction })) };
    case "per_unit":
      return { ...blank, kind: "per_unit", target: draft.target, tolerance: draft.tolerance, unit: draft.unit, deductionPerUnit: draft.deductionPerUnit };
    case "bands":
      return { ...blank, kind: "bands", target: draft.target, bands: draft.bands.map((b) => ({ key: nextKey(), within: b.within, mark: b.mark })) };
  }
}

/** The stored scheme (as the database reads it back) as editor rows. */
export function editorDraftOf(draft: SchemeDraft, nextKey: KeyMaker): SchemeEditorDraft {
  return {
    declaredTotal: draft.declaredTotal,
    sections: draft.sections.map((s) => ({ key: nextKey(), id: s.id, name: s.name, weightingPercent: s.weightingPercent })),
    modules: draft.modules.map((m) => ({
      key: nextKey(),
      id: m.id,
      name: m.name,
      subCriteria: m.subCriteria.map((sc) => ({
        key: nextKey(),
        id: sc.id,
        name: sc.name,
        markingDay: sc.markingDay === null ? "" : String(sc.markingDay),
        aspects: sc.aspects.map((a) => ({
          key: nextKey(),
          id: a.id,
          kind: (aspectKinds as readonly string[]).includes(a.kind) ? (a.kind as EditorAspect["kind"]) : "measurement",
          description: a.description,
          max: a.max,
          section: a.section,
          descriptors: [0, 1, 2, 3].map((i) => a.descriptors?.[i] ?? "") as EditorAspect["descriptors"],
          panelSize: a.panelSize === undefined ? "5" : String(a.panelSize),
          calculation: editorCalculation(a.calculation, nextKey),
        })),
      })),
    })),
  };
}

/** A problem placed in the editor: on a row (by its key) and, where it names one, a field of that row. */
export interface EditorProblem {
  code: string;
  params: Record<string, string | number>;
  /** The row's key, or the part of the page for problems of the whole scheme. */
  at: string;
  field?: string;
}

export const schemeBlocks = { total: "total", sections: "sections", modules: "modules" } as const;

function fieldOf(p: SchemeProblem): string | undefined {
  switch (p.code) {
    case "DUPLICATE_ID":
    case "MISSING_ID":
      return "id";
    case "MAX_NOT_IN_STEPS":
    case "MAX_NOT_POSITIVE":
      return "max";
    case "NOT_A_NUMBER":
      return String(p.params.field);
    case "MISSING_DESCRIPTORS":
      return "descriptors";
    case "UNKNOWN_SECTION":
      return "section";
    case "MISSING_CALCULATION":
    case "BAD_CALCULATION":
      return "calculation";
    case "PANEL_TOO_SMALL":
      return "panelSize";
    case "UNKNOWN_KIND":
      return "kind";
    case "TEXT_TOO_LONG":
    case "TEXT_INVALID_CHARACTERS":
      return String(p.params.field);
    default:
      return undefined;
  }
}

function blockOf(p: SchemeProblem): string {
  if (p.code === "WEIGHTINGS_NOT_100") return schemeBlocks.sections;
  if (p.code === "EMPTY_SCHEME") return schemeBlocks.modules;
  return schemeBlocks.total;
}

/** Places the domain's problems on the editor rows named in their origin. */
export function editorProblemsOf(problems: readonly SchemeProblem[]): EditorProblem[] {
  return problems.map((p) => {
    const params = p.code === "DUPLICATE_ID" ? { ...p.params, id: String(p.params.id).replace(/^section:/, "") } : p.params;
    return { code: p.code, params, at: p.origin?.field ?? blockOf(p), field: fieldOf(p) };
  });
}

const trim = (s: string) => s.trim();

function calculationDraft(c: EditorCalculation): CalculationDraft {
  switch (c.kind) {
    case "all_or_nothing":
      return { kind: "all_or_nothing" };
    case "choice":
      return { kind: "choice", choices: c.choices.map((x) => ({ id: trim(x.id), deduction: trim(x.deduction) })) };
    case "per_unit":
      return { kind: "per_unit", target: trim(c.target), tolerance: trim(c.tolerance), unit: trim(c.unit), deductionPerUnit: trim(c.deductionPerUnit) };
    case "bands":
      return { kind: "bands", target: trim(c.target), bands: c.bands.map((b) => ({ within: trim(b.within), mark: trim(b.mark) })) };
  }
}

/**
 * The editor's rows as the domain's draft, each origin naming its row's key. Marking days and
 * panel sizes are whole numbers in the draft, so text that is not one is reported here.
 */
export function schemeDraftOf(editor: SchemeEditorDraft): { draft: SchemeDraft; problems: EditorProblem[] } {
  const problems: EditorProblem[] = [];
  const draft: SchemeDraft = {
    declaredTotal: trim(editor.declaredTotal),
    sections: editor.sections.map((s) => ({ id: trim(s.id), name: trim(s.name), weightingPercent: trim(s.weightingPercent), origin: { field: s.key } })),
    modules: editor.modules.map((m) => ({
      id: trim(m.id),
      name: trim(m.name),
      origin: { field: m.key },
      subCriteria: m.subCriteria.map((sc) => {
        const day = trim(sc.markingDay);
        if (day !== "" && !/^\d{1,2}$/.test(day)) problems.push({ code: "BAD_MARKING_DAY", params: { value: sc.markingDay }, at: sc.key, field: "markingDay" });
        return {
          id: trim(sc.id),
          name: trim(sc.name),
          markingDay: /^\d{1,2}$/.test(day) ? Number(day) : null,
          origin: { field: sc.key },
          aspects: sc.aspects.map((a) => aspectDraft(a, problems)),
        };
      }),
    })),
  };
  return { draft, problems };
}

function aspectDraft(a: EditorAspect, problems: EditorProblem[]): AspectDraft {
  const base = { id: trim(a.id), kind: a.kind, description: trim(a.description), max: trim(a.max), section: trim(a.section), origin: { field: a.key } };
  switch (a.kind) {
    case "judgement":
      return { ...base, descriptors: [...a.descriptors] };
    case "trimmed_mean": {
      const size = trim(a.panelSize);
      if (!/^\d{1,3}$/.test(size)) {
        problems.push({ code: "NOT_A_NUMBER", params: { field: "panelSize", value: a.panelSize }, at: a.key, field: "panelSize" });
        return base;
      }
      return { ...base, panelSize: Number(size) };
    }
    case "measurement":
      return { ...base, calculation: calculationDraft(a.calculation) };
  }
}

/** Every problem of the draft at once: its own, then the domain's. Empty means it can be saved. */
export function checkEditorDraft(editor: SchemeEditorDraft): { draft: SchemeDraft; problems: EditorProblem[] } {
  const { draft, problems } = schemeDraftOf(editor);
  // A panel size that is not a number is already reported; the domain would only repeat it.
  const flagged = new Set(problems.filter((p) => p.field === "panelSize").map((p) => p.at));
  const validated = validateScheme(draft);
  const domain = validated.ok ? [] : editorProblemsOf(validated.problems).filter((p) => !(p.code === "PANEL_TOO_SMALL" && flagged.has(p.at)));
  return { draft, problems: [...problems, ...domain] };
}

export type ParsedEditorDraft = { ok: true; editor: SchemeEditorDraft } | { ok: false; reason: "tooLarge" | "notJson" | "badShape" };

/** The posted field, read without trusting it: size first, then JSON, then the shape. */
export function parseEditorDraftJson(text: string): ParsedEditorDraft {
  if (text.length > maxDraftChars) return { ok: false, reason: "tooLarge" };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: "notJson" };
  }
  const parsed = SchemeEditorDraftSchema.safeParse(value);
  return parsed.success ? { ok: true, editor: parsed.data } : { ok: false, reason: "badShape" };
}

export interface EditorSummary {
  /** null while the declared total is not a number */
  declared: Exact | null;
  /** the max marks that read as numbers, added up */
  running: Exact;
  /** running − declared */
  difference: Exact | null;
  /** aspects whose max mark is not (yet) a number, left out of the running total */
  unreadable: number;
  /** the section weightings that read as numbers, added up */
  weightingSum: Exact;
  allocation: SectionAllocation[];
}

/** The live summary: running total against the declared one, and the section allocation of what reads so far. */
export function summarize(editor: SchemeEditorDraft): EditorSummary {
  const declared = parseDecimal(editor.declaredTotal);
  let running = zero;
  let unreadable = 0;
  const modules = editor.modules.map((m) => ({
    subCriteria: m.subCriteria.map((sc) => ({
      aspects: sc.aspects.flatMap((a) => {
        const max = parseDecimal(a.max);
        if (!max) {
          unreadable++;
          return [];
        }
        running = add(running, max);
        return [{ max, section: trim(a.section) }];
      }),
    })),
  }));
  const sections = editor.sections.map((s) => ({ id: trim(s.id), name: trim(s.name), weightingPercent: parseDecimal(s.weightingPercent) ?? zero }));
  return {
    declared,
    running,
    difference: declared ? sub(running, declared) : null,
    unreadable,
    weightingSum: sections.reduce((acc, s) => add(acc, s.weightingPercent), zero),
    allocation: sectionAllocation({ total: declared ?? zero, sections, modules }),
  };
}

/** A code for a new row: the parent's code and the next free number ("A1" → "A1.3"), or the next letter for a module. */
export function suggestedId(taken: readonly string[], parentId: string | null, separator = ""): string {
  const used = new Set(taken.map(trim));
  if (parentId === null) {
    for (let i = 0; i < 26; i++) if (!used.has(String.fromCharCode(65 + i))) return String.fromCharCode(65 + i);
    return "";
  }
  if (parentId.trim() === "") return "";
  for (let n = 1; ; n++) if (!used.has(`${parentId.trim()}${separator}${n}`)) return `${parentId.trim()}${separator}${n}`;
}

/** The list with item `index` moved by `delta` places (unchanged at either end). */
export function move<T>(list: readonly T[], index: number, delta: -1 | 1): T[] {
  const to = index + delta;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list];
  const next = [...list];
  [next[index], next[to]] = [next[to]!, next[index]!];
  return next;
}

export function replaceAt<T>(list: readonly T[], index: number, item: T): T[] {
  return list.map((x, i) => (i === index ? item : x));
}

export function removeAt<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}
