// A skill's marking scheme, read back into the domain's draft form (strings as stored), so the
// same validation that guarded the write also checks what comes out of the database.
import type { DB } from "../connection";
import type { CalculationDraft, SchemeDraft } from "../../app/domain/marking-scheme/scheme";

export async function loadSchemeDraft(db: DB, skillId: string): Promise<{ schemeId: string; version: number; savedAt: Date; draft: SchemeDraft } | null> {
  const scheme = await db.selectFrom("markingScheme").select(["id", "declaredTotal", "version", "savedAt"]).where("skillId", "=", skillId).executeTakeFirst();
  if (!scheme) return null;
  const [sections, modules, subCriteria, aspects] = await Promise.all([
    db.selectFrom("standardsSection").select(["id", "code", "name", "weightingPercent"]).where("schemeId", "=", scheme.id).orderBy("position").execute(),
    db.selectFrom("schemeModule").select(["id", "code", "name", "part"]).where("schemeId", "=", scheme.id).orderBy("position").execute(),
    db.selectFrom("subCriterion").select(["id", "moduleId", "code", "name", "markingDay"]).where("schemeId", "=", scheme.id).orderBy("position").execute(),
    db
      .selectFrom("aspect")
      .select(["subCriterionId", "sectionId", "code", "kind", "description", "maxMark", "descriptors", "calculation", "panelSize"])
      .where("schemeId", "=", scheme.id)
      .orderBy("position")
      .execute(),
  ]);
  const sectionCode = new Map(sections.map((s) => [s.id, s.code]));
  const draft: SchemeDraft = {
    declaredTotal: scheme.declaredTotal,
    sections: sections.map((s) => ({ id: s.code, name: s.name, weightingPercent: s.weightingPercent })),
    modules: modules.map((m) => ({
      id: m.code,
      name: m.name,
      part: m.part,
      subCriteria: subCriteria
        .filter((sc) => sc.moduleId === m.id)
        .map((sc) => ({
          id: sc.code,
          name: sc.name,
          markingDay: sc.markingDay,
          aspects: aspects
            .filter((a) => a.subCriterionId === sc.id)
            .map((a) => ({
              id: a.code,
              kind: a.kind,
              description: a.description,
              max: a.maxMark,
              section: sectionCode.get(a.sectionId) ?? "",
              descriptors: Array.isArray(a.descriptors) ? a.descriptors.map(String) : undefined,
              calculation: (a.calculation ?? undefined) as CalculationDraft | undefined,
              panelSize: a.panelSize ?? undefined,
            })),
        })),
    })),
  };
  return { schemeId: scheme.id, version: scheme.version, savedAt: scheme.savedAt, draft };
}
