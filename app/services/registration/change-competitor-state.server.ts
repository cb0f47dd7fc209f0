// A competitor's state on the day (docs/decisions/013): the check-in desk checks them in (identity
// confirmed, a supervisor may witness) or marks them absent; the skill's chief judge starts,
// pauses (with a reason), resumes, grants extra time (whole minutes, with a reason), finishes and
// reopens; the chief judge or an organizer disqualifies (with a reason). Each change is one row of
// competitor_state_event — whose insert moves competitor.state — audited, and pushed to the
// skill's staff room. A repeat (the same submission id, or asking for the state the competitor is
// already in) answers with what is stored and writes nothing.
import { z } from "zod";
import type { Principal } from "~/domain/access/roles";
import { canRunJudging, canCheckIn, canChangeCompetitorState } from "~/domain/access/policy";
import { DomainError } from "~/domain/errors";
import { planStateChange, stateActions, type Capacities, type CompetitorState, type StateAction } from "~/domain/registration/check-in";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";
import { choice, optionalText } from "~/domain/fields";

type Scope = { competitionId: string; skillId: string };

/** Empty form fields as null; the domain checks the minutes' range, zod only that it is a number. */
const emptyAsNull = (v: unknown) => (v === "" || v === undefined ? null : v);

const stateChangeFields = {
  submissionId: z.uuid({ message: "invalidFormat" }),
  action: choice(stateActions),
  reason: optionalText(1000),
  extraMinutes: z.preprocess(emptyAsNull, z.coerce.number({ error: () => ({ message: "notANumber" }) }).nullable()),
  witnessUserId: z.preprocess(emptyAsNull, z.uuid({ message: "invalidChoice" }).nullable()),
};

export const ChangeCompetitorStateSchema = z.object({ competitorId: z.uuid({ message: "invalidChoice" }), ...stateChangeFields });
export type ChangeCompetitorState = z.output<typeof ChangeCompetitorStateSchema>;

/** The JSON API's body: the competitor named in the URL; extraMinutes as a JSON number. */
export const ChangeCompetitorStateJsonSchema = z.strictObject({
  ...stateChangeFields,
  extraMinutes: z
    .number({ message: "notANumber" })
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  witnessUserId: z
    .uuid({ message: "invalidChoice" })
    .nullable()
    .optional()
    .transform((v) => v ?? null),
});

export interface StateChangeResult {
  competitorId: string;
  /** The stored change this answer stands for (null: a repeat of a state nobody recorded a change into). */
  eventId: number | null;
  action: StateAction;
  state: CompetitorState;
  extraMinutes: number | null;
  /** True when nothing was written: the same submission again, or the state was already reached. */
  repeated: boolean;
}

/** What the principal is for this skill on the day. */
export function capacitiesOf(principal: Principal, scope: Scope): Capacities {
  return { isCheckInStaff: canCheckIn(principal, scope.competitionId), isChiefJudge: canRunJudging(principal, scope) };
}

export async function changeCompetitorState(deps: ServiceDeps, principal: Principal, scope: Scope, input: ChangeCompetitorState): Promise<StateChangeResult> {
  if (!canChangeCompetitorState(principal, scope)) throw new DomainError("FORBIDDEN");
  const capacities = capacitiesOf(principal, scope);
  return inWriteTransaction(deps, async (tx) => {
    // State changes of one competitor take turns on its row; a repeat is looked up after the wait,
    // so a submission sent twice at once finds the first one's row.
    const competitor = await tx.trx
      .selectFrom("competitor")
      .select(["id", "state"])
      .where("id", "=", input.competitorId)
      .where("skillId", "=", scope.skillId)
      .where("competitionId", "=", scope.competitionId)
      .forUpdate()
      .executeTakeFirst();
    if (!competitor) throw new DomainError("UNKNOWN_COMPETITOR", {}, "competitorId");
    const stored = await tx.trx
      .selectFrom("competitorStateEvent")
      .select(["id", "competitorId", "skillId", "action", "toState", "extraMinutes"])
      .where("submissionId", "=", input.submissionId)
      .executeTakeFirst();
    if (stored) {
      if (stored.competitorId !== competitor.id || stored.skillId !== scope.skillId || stored.action !== input.action)
        throw new DomainError("SUBMISSION_REUSED", {}, "submissionId");
      return {
        competitorId: competitor.id,
        eventId: stored.id,
        action: stored.action,
        state: stored.toState,
        extraMinutes: stored.extraMinutes,
        repeated: true,
      };
    }

    const plan = planStateChange(
      competitor.state,
      { action: input.action, reason: input.reason, extraMinutes: input.extraMinutes, witnessUserId: input.witnessUserId, actorUserId: principal.userId },
      capacities,
    );
    if (plan.kind === "repeat") {
      const latest = await tx.trx
        .selectFrom("competitorStateEvent")
        .select("id")
        .where("competitorId", "=", competitor.id)
        .orderBy("id", "desc")
        .limit(1)
        .executeTakeFirst();
      return { competitorId: competitor.id, eventId: latest?.id ?? null, action: input.action, state: plan.state, extraMinutes: null, repeated: true };
    }
    if (plan.witnessUserId !== null) {
      const witness = await tx.trx
        .selectFrom("roleAssignment")
        .innerJoin("appUser", "appUser.id", "roleAssignment.userId")
        .select("roleAssignment.id")
        .where("roleAssignment.userId", "=", plan.witnessUserId)
        .where("roleAssignment.role", "=", "supervisor")
        .where("roleAssignment.competitionId", "=", scope.competitionId)
        .where((w) => w.or([w("roleAssignment.skillId", "is", null), w("roleAssignment.skillId", "=", scope.skillId)]))
        .where("roleAssignment.revokedAt", "is", null)
        .where("appUser.disabledAt", "is", null)
        .executeTakeFirst();
      if (!witness) throw new DomainError("CHECK_IN_WITNESS_NOT_SUPERVISOR", {}, "witnessUserId");
    }

    const row = await tx.trx
      .insertInto("competitorStateEvent")
      .values({
        submissionId: input.submissionId,
        competitionId: scope.competitionId,
        skillId: scope.skillId,
        competitorId: competitor.id,
        action: plan.action,
        fromState: plan.from,
        toState: plan.to,
        reason: plan.reason,
        extraMinutes: plan.extraMinutes,
        witnessedBy: plan.witnessUserId,
        actorUserId: principal.userId,
        occurredAt: tx.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    tx.audit({
      actorUserId: principal.userId,
      action: `competitor.${plan.action}`,
      entityType: "competitor",
      entityId: competitor.id,
      competitionId: scope.competitionId,
      before: { state: plan.from },
      after: {
        skillId: scope.skillId,
        state: plan.to,
        eventId: row.id,
        submissionId: input.submissionId,
        extraMinutes: plan.extraMinutes,
        witnessUserId: plan.witnessUserId,
      },
      reason: plan.reason,
    });
    tx.emit({
      type: "competitor.state_changed",
      competitionId: scope.competitionId,
      skillId: scope.skillId,
      competitorId: competitor.id,
      action: plan.action,
      state: plan.to,
      extraMinutes: plan.extraMinutes,
    });
    return { competitorId: competitor.id, eventId: row.id, action: plan.action, state: plan.to, extraMinutes: plan.extraMinutes, repeated: false };
  });
}
