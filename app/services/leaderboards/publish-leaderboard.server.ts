// After marks change a skill's standings, the leaderboard is published (coalesced by the server:
// at most one run per skill per window, see server/leaderboard-publisher.ts): the restricted
// projection to the skill's results room always, the public one to the public room only while
// the board is live. Frozen or hidden, nothing goes to the public room.
// Each stream gets only what changed since the projection it last carried (kept on the
// leaderboard row, decision 020): the rows that changed, the board whole when its frame
// changed, or nothing at all — so a run that finds nothing new (a burst that moved nothing, or a
// second instance publishing what the first already did) wakes no screen.
import { boardDelta } from "~/domain/leaderboard/delta";
import { publicLeaderboard, staffLeaderboard } from "~/domain/leaderboard/projection";
import type { PublicLeaderboard, StaffLeaderboard } from "~/realtime/events";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction, type WriteContext } from "../transaction.server";
import { readLeaderboardState, standingsOrEmpty, type LeaderboardScope } from "./leaderboard-state.server";

export interface Published {
  /** The public stream carried something (changed rows or the whole board). */
  publicSent: boolean;
  staffSent: boolean;
}

export async function publishLeaderboard(deps: ServiceDeps, scope: LeaderboardScope): Promise<Published> {
  return inWriteTransaction(deps, async (tx) => {
    // The row lock orders this run against a freeze, and against another instance's run of the
    // same skill: once a freeze commits, no live rows follow it; each run diffs against the last.
    const state = await readLeaderboardState(tx.trx, scope, { forUpdate: true });
    const standings = await standingsOrEmpty(tx.trx, scope);
    const staff = staffLeaderboard(standings, state.track, state.status, tx.now);
    const staffSent = sendChanges(tx, scope, "staff", state.staffProjection, staff);
    const live = state.status === "live" && state.competitionStatus !== "draft";
    const pub = live ? publicLeaderboard(standings, state.track, tx.now) : null;
    const publicSent = pub !== null && sendChanges(tx, scope, "public", state.publicProjection, pub);
    if (staffSent || publicSent)
      await tx.trx
        .updateTable("leaderboard")
        .set({ ...(staffSent ? { staffProjection: JSON.stringify(staff) } : {}), ...(publicSent ? { publicProjection: JSON.stringify(pub) } : {}) })
        .where("skillId", "=", scope.skillId)
        .execute();
    return { publicSent, staffSent };
  });
}

/** Emits what takes the stream from the projection it last carried to `after`; false when nothing changed. */
function sendChanges<A extends "public" | "staff">(tx: WriteContext, scope: LeaderboardScope, audience: A, before: BoardOf<A> | null, after: BoardOf<A>): boolean {
  const delta = boardDelta<BoardOf<A>["rows"][number]>(before, after);
  if (delta.kind === "same") return false;
  if (delta.kind === "whole") tx.emit({ type: "leaderboard.updated", audience, ...scope, leaderboard: after } as Emitted);
  else tx.emit({ type: "leaderboard.rows_changed", audience, ...scope, changes: delta.changes } as Emitted);
  return true;
}

type BoardOf<A> = A extends "public" ? PublicLeaderboard : StaffLeaderboard;
type Emitted = Parameters<WriteContext["emit"]>[0];
