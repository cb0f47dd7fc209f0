// After marks change a skill's standings, the leaderboard is published (coalesced by the server:
// at most one run per skill per window, see server/leaderboard-publisher.ts): the restricted
// projection to the skill's results room always, the public one to the public room only while
// the board is live. Frozen or hidden, nothing goes to the public room.
import { publicLeaderboard, staffLeaderboard } from "~/domain/leaderboard/projection";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";
import { readLeaderboardState, standingsOrEmpty, type LeaderboardScope } from "./leaderboard-state.server";

export async function publishLeaderboard(deps: ServiceDeps, scope: LeaderboardScope): Promise<{ publicSent: boolean }> {
  return inWriteTransaction(deps, async (tx) => {
    // The row lock orders this run against a freeze: once a freeze commits, no live rows follow it.
    const state = await readLeaderboardState(tx.trx, scope, { forUpdate: true });
    const standings = await standingsOrEmpty(tx.trx, scope);
    tx.emit({ type: "leaderboard.updated", audience: "staff", ...scope, leaderboard: staffLeaderboard(standings, state.track, state.status, tx.now) });
    const publicSent = state.status === "live" && state.competitionStatus !== "draft";
    if (publicSent) tx.emit({ type: "leaderboard.updated", audience: "public", ...scope, leaderboard: publicLeaderboard(standings, state.track, tx.now) });
    return { publicSent };
  });
}
