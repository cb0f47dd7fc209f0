// Loads what marking needs of a skill's scheme inside a transaction: the validated scheme, the
// aspect and module ids behind the codes, and each module's current lock state.
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { loadSchemeDraft } from "../../../db/queries/marking-schemes";
import { DomainError } from "~/domain/errors";
import { validateScheme, type Aspect, type MarkingScheme } from "~/domain/marking-scheme/scheme";

export interface SchemeContext {
  schemeId: string;
  scheme: MarkingScheme;
  aspects: Map<string, { id: string; moduleId: string; moduleCode: string; aspect: Aspect }>;
  modules: Map<string, { id: string; locked: boolean }>;
}

/** Works inside a transaction (writes) or on the database (reads). */
export async function loadSchemeContext(trx: Kysely<Database>, skillId: string): Promise<SchemeContext> {
  const stored = await loadSchemeDraft(trx, skillId);
  if (!stored) throw new DomainError("NO_SCHEME");
  const validated = validateScheme(stored.draft);
  if (!validated.ok) throw new Error(`Stored marking scheme of skill ${skillId} no longer validates`);
  const rows = await trx
    .selectFrom("aspect")
    .innerJoin("subCriterion", "subCriterion.id", "aspect.subCriterionId")
    .innerJoin("schemeModule", "schemeModule.id", "subCriterion.moduleId")
    .select(["aspect.id", "aspect.code", "schemeModule.id as moduleId", "schemeModule.code as moduleCode"])
    .where("aspect.schemeId", "=", stored.schemeId)
    .execute();
  const modules = await trx
    .selectFrom("schemeModule")
    .select((eb) => [
      "schemeModule.id",
      "schemeModule.code",
      eb
        .selectFrom("moduleLockEvent")
        .select("locked")
        .whereRef("moduleLockEvent.moduleId", "=", "schemeModule.id")
        .orderBy("moduleLockEvent.id", "desc")
        .limit(1)
        .as("locked"),
    ])
    .where("schemeId", "=", stored.schemeId)
    .execute();
  const byCode = new Map(validated.scheme.modules.flatMap((m) => m.subCriteria.flatMap((sc) => sc.aspects.map((a) => [a.id, a] as const))));
  return {
    schemeId: stored.schemeId,
    scheme: validated.scheme,
    aspects: new Map(rows.map((r) => [r.code, { id: r.id, moduleId: r.moduleId, moduleCode: r.moduleCode, aspect: byCode.get(r.code)! }])),
    modules: new Map(modules.map((m) => [m.code, { id: m.id, locked: m.locked === true }])),
  };
}
