// The one aspect a mark is for, with its module's current lock state and the competition's rules
// (they decide how the aspect's mark is made), in one query — the hot path of marking. The
// stored aspect goes through the same validation as a whole scheme.
import { sql, type Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { DomainError } from "~/domain/errors";
import { readRuleSettings, type RuleSettings } from "~/domain/competition/rule-settings";
import { validateScheme, type Aspect, type CalculationDraft } from "~/domain/marking-scheme/scheme";

export interface AspectForMarking {
  schemeId: string;
  aspectId: string;
  moduleCode: string;
  locked: boolean;
  aspect: Aspect;
  /** The competition's rule set (how the aspect's mark is made from its judges' entries). */
  rules: RuleSettings;
}

export async function loadAspectForMarking(db: Kysely<Database>, skillId: string, aspectCode: string): Promise<AspectForMarking> {
  const row = await db
    .selectFrom("aspect")
    .innerJoin("markingScheme", "markingScheme.id", "aspect.schemeId")
    .innerJoin("subCriterion", "subCriterion.id", "aspect.subCriterionId")
    .innerJoin("schemeModule", "schemeModule.id", "subCriterion.moduleId")
    .innerJoin("standardsSection", "standardsSection.id", "aspect.sectionId")
    .innerJoin("skill", "skill.id", "markingScheme.skillId")
    .innerJoin("competition", "competition.id", "skill.competitionId")
    .select([
      "aspect.id",
      "aspect.schemeId",
      "aspect.kind",
      "aspect.description",
      "aspect.maxMark",
      "aspect.descriptors",
      "aspect.calculation",
      "aspect.panelSize",
      "schemeModule.code as moduleCode",
      "standardsSection.code as sectionCode",
      "competition.ruleSettings",
      sql<boolean | null>`(select locked from module_lock_event where module_id = scheme_module.id order by id desc limit 1)`.as("locked"),
    ])
    .where("markingScheme.skillId", "=", skillId)
    .where("aspect.code", "=", aspectCode)
    .executeTakeFirst();
  if (!row) {
    const scheme = await db.selectFrom("markingScheme").select("id").where("skillId", "=", skillId).executeTakeFirst();
    throw scheme ? new DomainError("UNKNOWN_ASPECT", { aspect: aspectCode }, "aspectCode") : new DomainError("NO_SCHEME");
  }
  const validated = validateScheme({
    declaredTotal: row.maxMark,
    sections: [{ id: row.sectionCode, name: row.sectionCode, weightingPercent: "100" }],
    modules: [
      {
        id: row.moduleCode,
        name: row.moduleCode,
        subCriteria: [
          {
            id: `${row.moduleCode}.`,
            name: "",
            markingDay: null,
            aspects: [
              {
                id: aspectCode,
                kind: row.kind,
                description: row.description,
                max: row.maxMark,
                section: row.sectionCode,
                descriptors: Array.isArray(row.descriptors) ? row.descriptors.map(String) : undefined,
                calculation: (row.calculation ?? undefined) as CalculationDraft | undefined,
                panelSize: row.panelSize ?? undefined,
              },
            ],
          },
        ],
      },
    ],
  });
  if (!validated.ok) throw new Error(`Stored aspect ${aspectCode} of skill ${skillId} no longer validates`);
  return { schemeId: row.schemeId, aspectId: row.id, moduleCode: row.moduleCode, locked: row.locked === true, aspect: validated.scheme.modules[0]!.subCriteria[0]!.aspects[0]!, rules: readRuleSettings(row.ruleSettings) };
}
