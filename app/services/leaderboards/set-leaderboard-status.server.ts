// The organizer freezes 封榜 a skill's leaderboard (the public keeps the rows as they stand,
// stored now), reveals 揭晓 it (the public sees the live rows again) or hides it until
// publication. Audited; the public room hears the change once, then (frozen or hidden) nothing
// until the next reveal. The staff keep seeing the live rows throughout.
import { z } from "zod";
import { type Principal } from "~/domain/access/roles";
import { canManageCompetition } from "~/domain/access/policy";
import { DomainError } from "~/domain/errors";
import { hiddenLeaderboard, publicLeaderboard, staffLeaderboard } from "~/domain/leaderboard/projection";
import { LeaderboardStatusSchema, type LeaderboardStatus } from "~/realtime/events";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";
import { lockLeaderboard, standingsOrEmpty, type LeaderboardScope } from "./leaderboard-state.server";

export const SetLeaderboardStatusSchema = z.object({ status: LeaderboardStatusSchema });
export type SetLeaderboardStatus = z.infer<typeof SetLeaderboardStatusSchema>;

export async function setLeaderboardStatus(
  deps: ServiceDeps,
  principal: Principal,
  scope: LeaderboardScope,
  input: SetLeaderboardStatus,
): Promise<{ status: LeaderboardStatus; changed: boolean }> {
  if (!canManageCompetition(principal, scope.competitionId)) throw new DomainError("FORBIDDEN");
  return inWriteTransaction(deps, async (tx) => {
    const state = await lockLeaderboard(tx.trx, scope);
    if (state.status === input.status) return { status: state.status, changed: false };
    const standings = await standingsOrEmpty(tx.trx, scope);
    const live = publicLeaderboard(standings, state.track, tx.now);
    const served =
      input.status === "frozen" ? { ...live, status: "frozen" as const } : input.status === "hidden" ? hiddenLeaderboard(state.track, tx.now) : live;
    const staff = staffLeaderboard(standings, state.track, input.status, tx.now);
    const publicHears = state.competitionStatus !== "draft";
    await tx.trx
      .updateTable("leaderboard")
      .set((eb) => ({
        status: input.status,
        frozenSnapshot: input.status === "frozen" ? JSON.stringify(served) : null,
        // What each stream carries now (decision 020): the next publication diffs against these.
        staffProjection: JSON.stringify(staff),
        ...(publicHears ? { publicProjection: JSON.stringify(served) } : {}),
        changedBy: principal.userId,
        changedAt: tx.now,
        projectionVersion: eb("projectionVersion", "+", 1),
      }))
      .where("skillId", "=", scope.skillId)
      .execute();
    tx.audit({
      actorUserId: principal.userId,
      action: input.status === "frozen" ? "leaderboard.frozen" : input.status === "hidden" ? "leaderboard.hidden" : "leaderboard.revealed",
      entityType: "leaderboard",
      entityId: scope.skillId,
      competitionId: scope.competitionId,
      before: { status: state.status },
      after: { skillId: scope.skillId, status: input.status, frozenRows: input.status === "frozen" ? served.rows.length : null },
    });
    const type = input.status === "frozen" ? "leaderboard.frozen" : input.status === "live" ? "leaderboard.revealed" : "leaderboard.updated";
    if (publicHears) tx.emit({ type, audience: "public", ...scope, leaderboard: served });
    tx.emit({ type: "leaderboard.updated", audience: "staff", ...scope, leaderboard: staff });
    return { status: input.status, changed: true };
  });
}
