// Writing one mark inside the caller's transaction, after every check: the one way a mark is
// stored, whether the judge records it at a tablet (recordMark) or someone else enters it for
// the judge from paper (a verified score sheet). The judge whose mark it is (`judgeUserId`) and
// who put it into the system (`recordedBy`) may differ; every check is about the judge. Refused,
// with nothing written: a locked module, a value that does not fit the aspect, a competitor of
// another skill, a conflicted judge (recusal: delegation, employer, declared relation), a
// correction without a reason, and — for marks written on a judge's behalf — someone who is not
// a judge of the skill. The checks and the previous revision come in one statement, the write
// in another: recordMark is the marking hot path and counts round trips (docs/performance.md).
import { reusableQuery } from "../../../db/reusable-query";
import { sql, type Expression, type Kysely, type QueryCreator, type RawBuilder, type Selectable, type SqlBool } from "kysely";
import { jsonArrayFrom, jsonObjectFrom } from "kysely/helpers/postgres";
import type { Database, MarkTable } from "../../../db/schema";
import { DomainError } from "~/domain/errors";
import { findConflict } from "~/domain/judging/conflicts";
import { checkMarkValue, type MarkValue } from "~/domain/marking-scheme/mark-value";
import type { Aspect } from "~/domain/marking-scheme/scheme";
import { MarkInputError } from "~/domain/results/aspect-marks";
import type { WriteContext } from "../transaction.server";
import { applyAspectScore, aspectReadColumns, lockCompetitorScoreIn, type LockedTotals } from "../results/apply-aspect-score.server";
import { aspectForMarkingQuery, toAspectForMarking } from "./aspect-for-marking.server";

export interface MarkScope {
  competitionId: string;
  skillId: string;
}

/** Whose mark it is, who recorded it, and how it came in. */
export interface MarkAuthor {
  /** The judge whose mark it is: every check is about this judge. */
  judgeUserId: string;
  /** Who put it into the system: the judge themself, or the verifier of a paper score sheet. */
  recordedBy: string;
  /**
   * `judge`: the judge records their own mark; the caller has checked from the judge's grants
   * that they judge this skill. `score_sheet`: entered from paper; whether the judge judges this
   * skill is checked here, in the database.
   */
  source: { kind: "judge" } | { kind: "score_sheet"; sheetId: string; row: number } | { kind: "appeal"; appealId: string };
}

export interface MarkToWrite {
  submissionId: string;
  competitorId: string;
  aspectCode: string;
  value: MarkValue;
  reason?: string;
  /**
   * The judge's current mark for this aspect and competitor as the writer last saw it (null:
   * none). When given, any other current mark refuses the write (MARK_CONFLICT) rather than
   * superseding a mark the writer never saw. Undefined: no expectation (a judge correcting).
   */
  expectedPreviousId?: string | null;
}

export interface RecordedMark {
  markId: string;
  revision: number;
  /** True when this submission id had already been stored: nothing new was written. */
  replayed: boolean;
}

/** The user (an id, or a reference to one) holds a judging role — judge, chief or deputy chief judge — in this skill, now. */
export function holdsJudgingRole(db: QueryCreator<Database>, userId: string | Expression<string>, scope: MarkScope): RawBuilder<SqlBool> {
  const grant = db
    .selectFrom("roleAssignment")
    .select("roleAssignment.id")
    .where("roleAssignment.userId", "=", userId)
    .where("roleAssignment.competitionId", "=", scope.competitionId)
    .where((w) => w.or([w("roleAssignment.skillId", "is", null), w("roleAssignment.skillId", "=", scope.skillId)]))
    .where("roleAssignment.role", "in", ["judge", "chief_judge", "deputy_chief_judge"])
    .where("roleAssignment.revokedAt", "is", null);
  return sql<SqlBool>`exists (${grant})`;
}

/** The domain's verdict on a value for an aspect, as the DomainError code a user sees (null: it fits). */
export function markValueProblem(aspect: Aspect, value: MarkValue): Exclude<MarkInputError["code"], "TOO_FEW_JUDGES"> | null {
  try {
    checkMarkValue(aspect, value);
    return null;
  } catch (error) {
    // Too few judges is about aggregating a team's marks, never about one value: a bug here.
    if (error instanceof MarkInputError && error.code !== "TOO_FEW_JUDGES") return error.code;
    throw error;
  }
}

/** The mark's own columns as the schema types them; its input as JSON text, the time once. */
type MarkWriteParams = Pick<
  Selectable<MarkTable>,
  | "submissionId"
  | "competitionId"
  | "skillId"
  | "schemeId"
  | "aspectId"
  | "competitorId"
  | "judgeUserId"
  | "revision"
  | "supersedesId"
  | "reason"
  | "recordedBy"
> & {
  input: string;
  now: Date;
  /** The module whose lock state is read afresh (null: no guard, an appeal's correction). */
  guardModuleId: string | null;
};

/**
 * The mark, and the aspect's state read after the competitor's lock (the judges' current
 * entries as of before this mark, the kept score, approvals, the module's lock state): one
 * statement, compiled once. The lock on the competitor's kept totals was taken by the checks
 * statement before it, so this statement's snapshot holds every mark committed for the competitor.
 */
const markWrite = reusableQuery((db: Kysely<Database>, p: MarkWriteParams) =>
  db
    .with("written", (qc) =>
      qc
        .insertInto("mark")
        .values({
          submissionId: p.submissionId,
          competitionId: p.competitionId,
          skillId: p.skillId,
          schemeId: p.schemeId,
          aspectId: p.aspectId,
          competitorId: p.competitorId,
          judgeUserId: p.judgeUserId,
          revision: p.revision,
          input: p.input,
          supersedesId: p.supersedesId,
          reason: p.reason,
          recordedBy: p.recordedBy,
          recordedAt: p.now,
        })
        .returning("id"),
    )
    .selectNoFrom([
      sql<string>`(select id from written)`.as("markId"),
      ...aspectReadColumns(db, { moduleId: p.guardModuleId, competitorId: p.competitorId, aspectId: p.aspectId }),
    ]),
);

/** Two mark values alike whatever the order of their keys (a stored jsonb comes back re-ordered). */
function sameValue(a: unknown, b: unknown): boolean {
  const canonical = (v: unknown): string =>
    v !== null && typeof v === "object"
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
          .join(",")}}`
      : JSON.stringify(v);
  return canonical(a) === canonical(b);
}

/** The parameters of the checks query: the only values it depends on. */
interface CheckParams extends Record<string, unknown> {
  now: Date;
  submissionId: string;
  competitionId: string;
  skillId: string;
  aspectCode: string;
  competitorId: string;
  judgeUserId: string;
}

/**
 * Everything writeMark's checks need, in one statement (the marking hot path counts round
 * trips), compiled once per shape: a judge's own mark (authorised from their grants) or a mark
 * written for a judge (whose role is checked here). The same statement takes the locks the
 * write needs: a share lock on the aspect's module (held to the commit: a lock of the module
 * waits for this mark, or this mark sees the lock when it reads the module's state afresh) and
 * the lock on the competitor's kept totals (creating them at zero), so concurrent marks for one
 * competitor apply one after the other. Nothing is locked for a competitor of another skill.
 */
function checksQuery(ownMark: boolean) {
  return reusableQuery((db: Kysely<Database>, p: CheckParams) =>
    db
      .with("moduleShare", (qc) =>
        qc
          .selectFrom("schemeModule")
          .innerJoin("subCriterion", "subCriterion.moduleId", "schemeModule.id")
          .innerJoin("aspect", "aspect.subCriterionId", "subCriterion.id")
          .innerJoin("markingScheme", "markingScheme.id", "aspect.schemeId")
          .select("schemeModule.id")
          .where("markingScheme.skillId", "=", p.skillId)
          .where("aspect.code", "=", p.aspectCode)
          .forShare("schemeModule"),
      )
      .with("lockedScore", (qc) => lockCompetitorScoreIn(qc as unknown as QueryCreator<Database>, p.now, p.competitorId, p.skillId))
      .selectNoFrom((eb) => [
        sql<string | null>`(select id from module_share)`.as("moduleShared"),
        jsonObjectFrom(eb.selectFrom("lockedScore").selectAll()).as("totals"),
        jsonObjectFrom(
          eb
            .selectFrom("mark")
            .innerJoin("aspect", "aspect.id", "mark.aspectId")
            .select(["mark.id", "mark.revision", "mark.judgeUserId", "mark.skillId", "mark.competitorId", "aspect.code as aspectCode", "mark.input"])
            .where("mark.submissionId", "=", p.submissionId),
        ).as("stored"),
        // The plan in force (docs/decisions/016): null when the skill has none; else whether one of
        // the judge's teams owns this aspect for this competitor.
        sql<
          boolean | null
        >`(select bool_or(t -> 'memberIds' @> to_jsonb(${p.judgeUserId}::text) and t -> 'aspectCodes' @> to_jsonb(${p.aspectCode}::text) and t -> 'competitorIds' @> to_jsonb(${p.competitorId}::text))
        from judge_assignment a cross join lateral jsonb_array_elements(a.teams) t
        where a.skill_id = ${p.skillId} and a.version = (select max(version) from judge_assignment where skill_id = ${p.skillId}))`.as("assigned"),
        jsonObjectFrom(aspectForMarkingQuery(db, p.skillId, p.aspectCode)).as("target"),
        jsonObjectFrom(
          eb
            .selectFrom("competitor")
            .innerJoin("delegation", "delegation.id", "competitor.delegationId")
            .select(["competitor.id", "competitor.state", "delegation.regionCode"])
            .where("competitor.id", "=", p.competitorId)
            .where("competitor.skillId", "=", p.skillId),
        ).as("competitor"),
        jsonArrayFrom(
          eb
            .selectFrom("competitorMember")
            .innerJoin("person", "person.id", "competitorMember.personId")
            .select(["person.id as personId", "person.employerId"])
            .where("competitorMember.competitorId", "=", p.competitorId),
        ).as("members"),
        jsonObjectFrom(
          eb
            .selectFrom("appUser")
            .leftJoin("person", "person.id", "appUser.personId")
            .select(["person.regionCode", "person.employerId"])
            .where("appUser.id", "=", p.judgeUserId),
        ).as("judgePerson"),
        jsonArrayFrom(
          eb
            .selectFrom("declaredRelation")
            .select("personId")
            .where("judgeUserId", "=", p.judgeUserId)
            .where("competitionId", "=", p.competitionId)
            .where("withdrawnAt", "is", null),
        ).as("relations"),
        (ownMark ? sql<SqlBool>`true` : holdsJudgingRole(db, p.judgeUserId, { competitionId: p.competitionId, skillId: p.skillId })).as("judgesSkill"),
        jsonObjectFrom(
          eb
            .selectFrom("mark")
            .innerJoin("aspect", "aspect.id", "mark.aspectId")
            .innerJoin("markingScheme", "markingScheme.id", "aspect.schemeId")
            .select(["mark.id", "mark.revision"])
            .where("markingScheme.skillId", "=", p.skillId)
            .where("aspect.code", "=", p.aspectCode)
            .where("mark.competitorId", "=", p.competitorId)
            .where("mark.judgeUserId", "=", p.judgeUserId)
            .orderBy("mark.revision", "desc")
            .limit(1),
        ).as("previous"),
      ]),
  );
}
const ownMarkChecks = checksQuery(true);
const markForJudgeChecks = checksQuery(false);

/**
 * Writes one mark with every check, in two statements: the checks with the locks, then the mark
 * with the aspect's state. `onlyMark`: this is the transaction's one mark (a judge's tablet) —
 * its score rows go into the transaction's closing statement (a round trip fewer). Not for a
 * transaction of many marks: a later mark of the same competitor must read the totals this one moved.
 */
export async function writeMark(
  tx: WriteContext,
  scope: MarkScope,
  author: MarkAuthor,
  input: MarkToWrite,
  options: { onlyMark?: boolean } = {},
): Promise<RecordedMark> {
  const judgeUserId = author.judgeUserId;
  const params = {
    now: tx.now,
    submissionId: input.submissionId,
    competitionId: scope.competitionId,
    skillId: scope.skillId,
    aspectCode: input.aspectCode,
    competitorId: input.competitorId,
    judgeUserId,
  };
  // A judge's own mark was authorised from their grants; a mark for a judge checks their role.
  const [checks] = await (author.source.kind === "judge" ? ownMarkChecks : markForJudgeChecks)(tx.trx, params);
  if (!checks) throw new Error("The checks query returns one row");
  const { stored, competitor, members, judgePerson, relations, previous } = checks;
  if (stored) {
    // The same submission again (a tablet retrying after a lost answer): the stored result.
    // A reused submission id with anything else (another competitor, aspect or value) is a
    // conflict, never silently answered with the stored mark.
    const same =
      stored.judgeUserId === judgeUserId &&
      stored.skillId === scope.skillId &&
      stored.competitorId === input.competitorId &&
      stored.aspectCode === input.aspectCode &&
      sameValue(stored.input, input.value);
    if (!same) throw new DomainError("MARK_CONFLICT");
    return { markId: stored.id, revision: stored.revision, replayed: true };
  }
  if (!checks.judgesSkill) throw new DomainError("NOT_A_JUDGE_OF_SKILL", {}, "judge");
  // An upheld appeal's correction (RULES.md: locked marks change only by unlock or an appeal
  // decision) replaces the judges' marks as the arbitration ruled: past the lock and the plan.
  const byAppeal = author.source.kind === "appeal";
  if (checks.assigned === false && !byAppeal) throw new DomainError("NOT_ASSIGNED", { aspect: input.aspectCode }, "aspectCode");
  const target = await toAspectForMarking(tx.trx, scope.skillId, input.aspectCode, checks.target);
  if (target.locked && !byAppeal) throw new DomainError("MODULE_LOCKED", { module: target.moduleCode });
  const valueProblem = markValueProblem(target.aspect, input.value);
  if (valueProblem) throw new DomainError(valueProblem, {}, "value");
  if (!competitor) throw new DomainError("NOT_FOUND", {}, "competitorId");
  // An absent or disqualified competitor is no entrant: nothing of theirs is marked (an appeal
  // ruling may still correct what was marked before a disqualification).
  if ((competitor.state === "absent" || competitor.state === "disqualified") && !byAppeal)
    throw new DomainError("COMPETITOR_NOT_COMPETING", { state: competitor.state }, "competitorId");
  const conflict = findConflict(
    { regionCode: judgePerson?.regionCode ?? null, employerId: judgePerson?.employerId ?? null, relatedPersonIds: relations.map((r) => r.personId) },
    { delegationRegionCode: competitor.regionCode, members },
  );
  if (conflict) throw new DomainError("JUDGE_CONFLICT", { reason: conflict.reason }, "competitorId");
  if (input.expectedPreviousId !== undefined && (previous?.id ?? null) !== input.expectedPreviousId) throw new DomainError("MARK_CONFLICT");

  if (previous && !input.reason) throw new DomainError("REASON_REQUIRED", {}, "reason");
  const totals: LockedTotals | null = checks.totals;
  // The competitor is of this skill (checked above), so the checks statement locked their totals.
  if (!totals) throw new Error("The checks statement locks the competitor's kept totals");
  const revision = (previous?.revision ?? 0) + 1;
  const [written] = await markWrite(tx.trx, {
    guardModuleId: byAppeal ? null : target.moduleId,
    submissionId: input.submissionId,
    competitionId: scope.competitionId,
    skillId: scope.skillId,
    schemeId: target.schemeId,
    aspectId: target.aspectId,
    competitorId: competitor.id,
    judgeUserId,
    revision,
    input: JSON.stringify(input.value),
    supersedesId: previous?.id ?? null,
    reason: previous ? input.reason! : null,
    recordedBy: author.recordedBy,
    now: tx.now,
  });
  if (!written) throw new Error("The mark write returns one row");
  // The statement's snapshot predates its own insert: this judge's entry is the new mark.
  const entries = [
    ...written.entries.filter((e) => e.judgeUserId !== judgeUserId),
    { id: written.markId, judgeUserId, input: input.value, recordedAt: tx.now },
  ];
  // The aspect's score and the competitor's totals move with the mark, in this transaction.
  await applyAspectScore(
    tx.trx,
    tx.now,
    {
      skillId: scope.skillId,
      competitorId: competitor.id,
      aspectId: target.aspectId,
      moduleCode: target.moduleCode,
      aspect: target.aspect,
      rules: target.rules,
    },
    totals,
    {
      guard: byAppeal ? undefined : { unlockedModuleId: target.moduleId },
      writeAtEnd: options.onlyMark ? tx.writeAtEnd : undefined,
      read: { locked: written.locked, entries, previous: written.previous, approvals: written.approvals },
    },
  );
  tx.emit({
    type: "mark.recorded",
    competitionId: scope.competitionId,
    skillId: scope.skillId,
    competitorId: competitor.id,
    aspectCode: input.aspectCode,
    revision,
  });
  const fromSheet =
    author.source.kind === "score_sheet"
      ? { judgeUserId, scoreSheetId: author.source.sheetId, row: author.source.row }
      : author.source.kind === "appeal"
        ? { judgeUserId, appealId: author.source.appealId }
        : {};
  tx.audit({
    actorUserId: author.recordedBy,
    action: previous ? "mark.corrected" : "mark.recorded",
    entityType: "mark",
    entityId: written.markId,
    competitionId: scope.competitionId,
    before: previous ? { markId: previous.id, revision: previous.revision } : null,
    after: { skillId: scope.skillId, competitorId: competitor.id, aspect: input.aspectCode, revision, value: input.value, ...fromSheet },
    reason: previous ? input.reason : null,
  });
  return { markId: written.markId, revision, replayed: false };
}
