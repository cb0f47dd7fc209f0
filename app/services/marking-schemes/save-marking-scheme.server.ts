// Saves a skill's whole marking scheme (from the form, a CSV file or the API). The draft is
// validated first and refused whole with every problem listed; a valid scheme replaces the
// previous one in one transaction, versioned and audited. Once marks exist the scheme is
// frozen: replacing it is refused.
import { DomainError } from "~/domain/errors";
import type { Principal } from "~/domain/access/roles";
import { canEditMarkingScheme } from "~/domain/access/policy";
import { validateScheme, type SchemeDraft, type SchemeProblem } from "~/domain/marking-scheme/scheme";
import { sum, toFixed } from "~/domain/results/exact";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";
import { formatCalculationDraft } from "./calculation-json.server";

export type SaveSchemeResult = { ok: true; schemeId: string; version: number } | { ok: false; problems: SchemeProblem[] };

export async function saveMarkingScheme(
  deps: ServiceDeps,
  principal: Principal,
  input: { competitionId: string; skillId: string; draft: SchemeDraft },
): Promise<SaveSchemeResult> {
  const scope = { competitionId: input.competitionId, skillId: input.skillId };
  if (!canEditMarkingScheme(principal, scope)) throw new DomainError("FORBIDDEN");
  const validated = validateScheme(input.draft);
  if (!validated.ok) return validated;
  const scheme = validated.scheme;
  return inWriteTransaction(deps, async (tx) => {
    const skill = await tx.trx
      .selectFrom("skill")
      .select("id")
      .where("id", "=", input.skillId)
      .where("competitionId", "=", input.competitionId)
      .forUpdate()
      .executeTakeFirst();
    if (!skill) throw new DomainError("NOT_FOUND");
    const previous = await tx.trx.selectFrom("markingScheme").select(["id", "version"]).where("skillId", "=", input.skillId).executeTakeFirst();
    let schemeId: string;
    let version = 1;
    if (previous) {
      const [marked, locked] = await Promise.all([
        tx.trx.selectFrom("mark").select("id").where("schemeId", "=", previous.id).limit(1).executeTakeFirst(),
        // A module's lock history is append-only and names the module: replacing the modules would
        // orphan it (the database refuses), so a scheme whose modules were ever locked is kept.
        tx.trx.selectFrom("moduleLockEvent").select("id").where("schemeId", "=", previous.id).limit(1).executeTakeFirst(),
      ]);
      if (marked) throw new DomainError("SCHEME_HAS_MARKS");
      if (locked) throw new DomainError("SCHEME_HAS_LOCKS");
      // Children go first; the scheme row keeps its id so references to it stay valid.
      for (const table of ["aspect", "subCriterion", "schemeModule", "standardsSection"] as const)
        await tx.trx.deleteFrom(table).where("schemeId", "=", previous.id).execute();
      version = previous.version + 1;
      await tx.trx
        .updateTable("markingScheme")
        .set({ declaredTotal: toFixed(scheme.total), version, savedBy: principal.userId, savedAt: tx.now })
        .where("id", "=", previous.id)
        .execute();
      schemeId = previous.id;
    } else {
      schemeId = (
        await tx.trx
          .insertInto("markingScheme")
          .values({ skillId: input.skillId, declaredTotal: toFixed(scheme.total), savedBy: principal.userId, savedAt: tx.now })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    }
    const sectionIds = new Map<string, string>();
    for (const [position, s] of scheme.sections.entries()) {
      const row = await tx.trx
        .insertInto("standardsSection")
        .values({ schemeId, code: s.id, name: s.name, weightingPercent: toFixed(s.weightingPercent), position })
        .returning("id")
        .executeTakeFirstOrThrow();
      sectionIds.set(s.id, row.id);
    }
    let aspectPosition = 0;
    for (const [position, m] of scheme.modules.entries()) {
      const aspects = m.subCriteria.flatMap((sc) => sc.aspects);
      const moduleRow = await tx.trx
        .insertInto("schemeModule")
        .values({ schemeId, code: m.id, name: m.name, part: m.part, position, maxMark: toFixed(sum(aspects.map((a) => a.max))), aspectCount: aspects.length })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (const [scPosition, sc] of m.subCriteria.entries()) {
        const scRow = await tx.trx
          .insertInto("subCriterion")
          .values({ schemeId, moduleId: moduleRow.id, code: sc.id, name: sc.name, markingDay: sc.markingDay, position: scPosition })
          .returning("id")
          .executeTakeFirstOrThrow();
        if (sc.aspects.length === 0) continue;
        await tx.trx
          .insertInto("aspect")
          .values(
            sc.aspects.map((a) => ({
              schemeId,
              subCriterionId: scRow.id,
              sectionId: sectionIds.get(a.section)!,
              code: a.id,
              kind: a.kind,
              description: a.description,
              maxMark: toFixed(a.max),
              descriptors: a.kind === "judgement" ? JSON.stringify(a.descriptors) : null,
              calculation: a.kind === "measurement" ? JSON.stringify(formatCalculationDraft(a.calculation)) : null,
              panelSize: a.kind === "trimmed_mean" ? a.panelSize : null,
              position: aspectPosition++,
            })),
          )
          .execute();
      }
    }
    tx.audit({
      actorUserId: principal.userId,
      action: "marking_scheme.saved",
      entityType: "skill",
      entityId: input.skillId,
      competitionId: input.competitionId,
      after: { version, total: toFixed(scheme.total), modules: scheme.modules.length, aspects: aspectPosition },
      before: previous ? { version: previous.version } : null,
    });
    return { ok: true as const, schemeId, version };
  });
}
