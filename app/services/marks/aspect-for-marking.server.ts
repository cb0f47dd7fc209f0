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
  moduleId: string;
  moduleCode: string;
  locked: boolean;
  aspect: Aspect;
  /** The competition's rule set (how the aspect's mark is made from its judges' entries). */
  rules: RuleSettings;
}

/** The query behind loadAspectForMarking, to nest in a larger one (the marking hot path). */
export function aspectForMarkingQuery(db: Kysely<Database>, skillId: string, aspectCode: string) {
  return db
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
      sql<string>`aspect.max_mark::text`.as("maxMark"),
      "aspect.descriptors",
      "aspect.calculation",
      "aspect.panelSize",
      "schemeModule.id as moduleId",
      "schemeModule.code as moduleCode",
      "standardsSection.code as sectionCode",
      "competition.ruleSettings",
      sql<boolean | null>`(select locked from module_lock_event where module_id = scheme_module.id order by id desc limit 1)`.as("locked"),
    ])
    .where("markingScheme.skillId", "=", skillId)
    .where("aspect.code", "=", aspectCode);
}

type AspectRow = Awaited<ReturnType<ReturnType<typeof aspectForMarkingQuery>["executeTakeFirstOrThrow"]>>;

export async function loadAspectForMarking(db: Kysely<Database>, skillId: string, aspectCode: string): Promise<AspectForMarking> {
  return toAspectForMarking(db, skillId, aspectCode, (await aspectForMarkingQuery(db, skillId, aspectCode).executeTakeFirst()) ?? null);
}

/** Checks and converts the query's row; without one, says whether the aspect or the whole scheme is missing. */
export async function toAspectForMarking(db: Kysely<Database>, skillId: string, aspectCode: string, row: AspectRow | null): Promise<AspectForMarking> {
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
  return {
    schemeId: row.schemeId,
    aspectId: row.id,
    moduleId: row.moduleId,
    moduleCode: row.moduleCode,
    locked: row.locked === true,
    aspect: validated.scheme.modules[0]!.subCriteria[0]!.aspects[0]!,
    rules: readRuleSettings(row.ruleSettings),
  };
}
