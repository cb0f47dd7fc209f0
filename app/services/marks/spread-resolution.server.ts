// Resolving a judgement spread (RULES.md "Marking scheme"). When a complete team's scores differ
// by more than the limit, the aspect is flagged and cannot be final until the judges re-score
// (a correction through recordMark — the flag follows by itself) or one of them writes a
// justification that the chief judge approves. Each event names the exact current marks it
// concerns; a later re-score is judged afresh. The chief judge may record a justification the
// team wrote on paper. Nothing here changes a mark.
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../../db/schema";
import { DomainError } from "~/domain/errors";
import type { Principal } from "~/domain/access/roles";
import { canMarkSkill, canRunJudging } from "~/domain/access/policy";
import type { MarkValue } from "~/domain/marking-scheme/mark-value";
import { aspectResult, spreadMarksKey, type CompetitorResult, type SkillResults } from "~/domain/results/skill-results";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";
import { currentEntries, lockCompetitorScore, refreshAspectScore } from "../results/apply-aspect-score.server";
import { loadAspectForMarking, type AspectForMarking } from "./aspect-for-marking.server";

export const JustifySpreadSchema = z.object({
  competitorId: z.uuid(),
  aspectCode: z.string().trim().min(1).max(30),
  text: z.string().trim().min(1).max(2000),
});

export const DecideSpreadSchema = z.object({
  competitorId: z.uuid(),
  aspectCode: z.string().trim().min(1).max(30),
  approve: z.boolean(),
  note: z.string().trim().min(1).max(2000),
});

export type SpreadState = "awaiting_justification" | "justified" | "approved" | "rejected";

interface Scope {
  competitionId: string;
  skillId: string;
}

/** The aspect's current marks and, when they exceed the spread limit, the latest event about exactly them. */
async function currentCase(trx: Kysely<Database>, target: AspectForMarking, competitorId: string) {
  const entries = await currentEntries(trx, competitorId, target.aspectId).execute();
  const result = aspectResult(
    target.aspect,
    entries.map((e) => ({ markId: e.id, judgeUserId: e.judgeUserId, value: e.input as MarkValue, recordedAt: e.recordedAt })),
    target.rules,
  );
  const marks = spreadMarksKey(entries.map((e) => e.id));
  // Without approvals, `flagged` says whether the scores exceed the limit at all.
  if (target.aspect.kind !== "judgement" || !result.flagged) return { overLimit: false as const, marks, judges: entries.map((e) => e.judgeUserId) };
  const latest = await trx
    .selectFrom("spreadResolution")
    .select(["kind", "text"])
    .where("competitorId", "=", competitorId)
    .where("aspectId", "=", target.aspectId)
    .where("marks", "=", marks)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return { overLimit: true as const, marks, judges: entries.map((e) => e.judgeUserId), latest };
}

async function competitorOf(trx: Kysely<Database>, scope: Scope, competitorId: string): Promise<void> {
  const found = await trx
    .selectFrom("competitor")
    .select("id")
    .where("id", "=", competitorId)
    .where("skillId", "=", scope.skillId)
    .where("competitionId", "=", scope.competitionId)
    .executeTakeFirst();
  if (!found) throw new DomainError("NOT_FOUND", {}, "competitorId");
}

/** A judge of the team (or the chief judge, from the team's paper) justifies a spread over the limit. */
export async function justifySpread(
  deps: ServiceDeps,
  principal: Principal,
  scope: Scope,
  input: { competitorId: string; aspectCode: string; text: string },
): Promise<{ state: SpreadState }> {
  const text = input.text.trim();
  if (!text) throw new DomainError("REASON_REQUIRED", {}, "text");
  if (!canMarkSkill(principal, scope)) throw new DomainError("FORBIDDEN");
  // A judge justifies only a spread they are part of; the chief judge any.
  const isChief = canRunJudging(principal, scope);
  return inWriteTransaction(deps, async (tx) => {
    await competitorOf(tx.trx, scope, input.competitorId);
    const target = await loadAspectForMarking(tx.trx, scope.skillId, input.aspectCode);
    if (target.locked) throw new DomainError("MODULE_LOCKED", { module: target.moduleCode });
    const found = await currentCase(tx.trx, target, input.competitorId);
    if (!found.overLimit) throw new DomainError("SPREAD_NOT_OVER_LIMIT", { aspect: input.aspectCode }, "aspectCode");
    if (!isChief && !found.judges.includes(principal.userId)) throw new DomainError("FORBIDDEN");
    if (found.latest?.kind === "approved") throw new DomainError("SPREAD_ALREADY_APPROVED", { aspect: input.aspectCode });
    await tx.trx
      .insertInto("spreadResolution")
      .values({
        skillId: scope.skillId,
        competitorId: input.competitorId,
        aspectId: target.aspectId,
        marks: found.marks,
        kind: "justified",
        text,
        actorUserId: principal.userId,
        occurredAt: tx.now,
      })
      .execute();
    tx.audit({
      actorUserId: principal.userId,
      action: "spread.justified",
      entityType: "aspect",
      entityId: target.aspectId,
      competitionId: scope.competitionId,
      after: { skillId: scope.skillId, competitorId: input.competitorId, aspect: input.aspectCode, marks: found.marks, text },
    });
    return { state: "justified" };
  });
}

/** The chief judge approves a justification (the flag clears) or rejects it (the team must re-score or justify again). */
export async function decideSpread(
  deps: ServiceDeps,
  principal: Principal,
  scope: Scope,
  input: { competitorId: string; aspectCode: string; approve: boolean; note: string },
): Promise<{ state: SpreadState }> {
  if (!canRunJudging(principal, scope)) throw new DomainError("FORBIDDEN");
  const note = input.note.trim();
  if (!note) throw new DomainError("REASON_REQUIRED", {}, "note");
  return inWriteTransaction(deps, async (tx) => {
    await competitorOf(tx.trx, scope, input.competitorId);
    const target = await loadAspectForMarking(tx.trx, scope.skillId, input.aspectCode);
    if (target.locked) throw new DomainError("MODULE_LOCKED", { module: target.moduleCode });
    // The competitor's kept score row is the lock marks take: decide one at a time with them.
    await lockCompetitorScore(tx.trx, tx.now, input.competitorId, scope.skillId).execute();
    const found = await currentCase(tx.trx, target, input.competitorId);
    if (!found.overLimit) throw new DomainError("SPREAD_NOT_OVER_LIMIT", { aspect: input.aspectCode }, "aspectCode");
    if (found.latest?.kind !== "justified") throw new DomainError("SPREAD_NOT_JUSTIFIED", { aspect: input.aspectCode });
    const kind = input.approve ? "approved" : "rejected";
    await tx.trx
      .insertInto("spreadResolution")
      .values({
        skillId: scope.skillId,
        competitorId: input.competitorId,
        aspectId: target.aspectId,
        marks: found.marks,
        kind,
        text: note,
        actorUserId: principal.userId,
        occurredAt: tx.now,
      })
      .execute();
    if (input.approve)
      await refreshAspectScore(tx.trx, tx.now, {
        skillId: scope.skillId,
        competitorId: input.competitorId,
        aspectId: target.aspectId,
        moduleCode: target.moduleCode,
        aspect: target.aspect,
        rules: target.rules,
      });
    tx.emit({
      type: "spread.decided",
      competitionId: scope.competitionId,
      skillId: scope.skillId,
      competitorId: input.competitorId,
      aspectCode: input.aspectCode,
      approved: input.approve,
    });
    tx.audit({
      actorUserId: principal.userId,
      action: `spread.${kind}`,
      entityType: "aspect",
      entityId: target.aspectId,
      competitionId: scope.competitionId,
      after: { skillId: scope.skillId, competitorId: input.competitorId, aspect: input.aspectCode, marks: found.marks },
      reason: note,
    });
    return { state: kind };
  });
}

export interface SpreadCase {
  competitorId: string;
  aspectCode: string;
  state: SpreadState;
  /** The latest justification for the current marks, and the decision on it. */
  justification: string | null;
  decisionNote: string | null;
}

/** The judgement aspects of a skill's results whose current scores exceed the limit (approved or not). */
export function spreadsOverLimit(
  results: SkillResults,
): Array<{ competitorId: string; code: string; aspectCode: string; marks: string; entries: CompetitorResult["aspects"][number]["entries"] }> {
  return results.competitors.flatMap((c) =>
    c.aspects
      .filter((a) => a.kind === "judgement" && (a.flagged || a.spreadApproved))
      .map((a) => ({
        competitorId: c.competitorId,
        code: c.code,
        aspectCode: a.code,
        marks: spreadMarksKey(a.entries.map((e) => e.markId)),
        entries: a.entries,
      })),
  );
}

/** Where each spread over the limit stands, for the current marks given (from the skill's results). */
export async function loadSpreadCases(
  db: Kysely<Database>,
  skillId: string,
  overLimit: ReadonlyArray<{ competitorId: string; aspectCode: string; marks: string }>,
): Promise<SpreadCase[]> {
  if (overLimit.length === 0) return [];
  const events = await db
    .selectFrom("spreadResolution")
    .innerJoin("aspect", "aspect.id", "spreadResolution.aspectId")
    .select(["spreadResolution.competitorId", "aspect.code as aspectCode", "spreadResolution.marks", "spreadResolution.kind", "spreadResolution.text"])
    .where("spreadResolution.skillId", "=", skillId)
    .orderBy("spreadResolution.id")
    .execute();
  return overLimit.map((f) => {
    const mine = events.filter((e) => e.competitorId === f.competitorId && e.aspectCode === f.aspectCode && e.marks === f.marks);
    const latest = mine.at(-1);
    const justification = mine.findLast((e) => e.kind === "justified")?.text ?? null;
    return {
      competitorId: f.competitorId,
      aspectCode: f.aspectCode,
      state: latest?.kind ?? "awaiting_justification",
      justification,
      decisionNote: latest && latest.kind !== "justified" ? latest.text : null,
    };
  });
}
