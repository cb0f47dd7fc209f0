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
import type { ExpressionBuilder, QueryCreator } from "kysely";
import type { Database } from "../../../db/schema";
import { lockLeaderboard, rememberKeptProjections, standingsOrEmpty, type KeptProjections, type LeaderboardScope } from "./leaderboard-state.server";

export interface Published {
  /** The public stream carried something (changed rows or the whole board). */
  publicSent: boolean;
  staffSent: boolean;
}

export async function publishLeaderboard(deps: ServiceDeps, scope: LeaderboardScope): Promise<Published> {
  let written: KeptProjections | null = null;
  const published = await inWriteTransaction(deps, async (tx) => {
    // The row lock orders this run against a freeze, and against another instance's run of the
    // same skill: once a freeze commits, no live rows follow it; each run diffs against the last.
    const state = await lockLeaderboard(tx.trx, scope);
    const standings = await standingsOrEmpty(tx.trx, scope);
    const staff = staffLeaderboard(standings, state.track, state.status, tx.now);
    const staffSent = sendChanges(tx, scope, "staff", state.staffProjection, staff);
    const live = state.status === "live" && state.competitionStatus !== "draft";
    const pub = live ? publicLeaderboard(standings, state.track, tx.now) : null;
    const publicSent = pub !== null && sendChanges(tx, scope, "public", state.publicProjection, pub);
    if (staffSent || publicSent) {
      // In the closing statement: the row is locked, and nothing in this run reads it again.
      // Each shape binds exactly the values it writes.
      const skillId = scope.skillId;
      if (staffSent && publicSent)
        tx.writeAtEnd({
          shape: "leaderboard.projections.both",
          params: { skillId, staffProjection: JSON.stringify(staff), publicProjection: JSON.stringify(pub) },
          build: writeBoth,
        });
      else if (staffSent)
        tx.writeAtEnd({ shape: "leaderboard.projections.staff", params: { skillId, staffProjection: JSON.stringify(staff) }, build: writeStaff });
      else tx.writeAtEnd({ shape: "leaderboard.projections.public", params: { skillId, publicProjection: JSON.stringify(pub) }, build: writePublic });
      written = {
        version: state.version + 1,
        staffProjection: staffSent ? staff : state.staffProjection,
        publicProjection: publicSent ? pub : state.publicProjection,
      };
    }
    return { publicSent, staffSent };
  });
  // Committed: the next run of this skill here need not read the projections back.
  if (written) rememberKeptProjections(scope.skillId, written);
  return published;
}

/** Every write of the kept projections raises their version (decision 021). */
const raised = (eb: ExpressionBuilder<Database, "leaderboard">) => eb("projectionVersion", "+", 1);
const writeBoth = (db: QueryCreator<Database>, p: { skillId: string; staffProjection: string; publicProjection: string }) =>
  db
    .updateTable("leaderboard")
    .set((eb) => ({ staffProjection: p.staffProjection, publicProjection: p.publicProjection, projectionVersion: raised(eb) }))
    .where("skillId", "=", p.skillId);
const writeStaff = (db: QueryCreator<Database>, p: { skillId: string; staffProjection: string }) =>
  db
    .updateTable("leaderboard")
    .set((eb) => ({ staffProjection: p.staffProjection, projectionVersion: raised(eb) }))
    .where("skillId", "=", p.skillId);
const writePublic = (db: QueryCreator<Database>, p: { skillId: string; publicProjection: string }) =>
  db
    .updateTable("leaderboard")
    .set((eb) => ({ publicProjection: p.publicProjection, projectionVersion: raised(eb) }))
    .where("skillId", "=", p.skillId);

/** Emits what takes the stream from the projection it last carried to `after`; false when nothing changed. */
function sendChanges<A extends "public" | "staff">(
  tx: WriteContext,
  scope: LeaderboardScope,
  audience: A,
  before: BoardOf<A> | null,
  after: BoardOf<A>,
): boolean {
  const delta = boardDelta<BoardOf<A>["rows"][number]>(before, after);
  if (delta.kind === "same") return false;
  if (delta.kind === "whole") tx.emit({ type: "leaderboard.updated", audience, ...scope, leaderboard: after } as Emitted);
  else tx.emit({ type: "leaderboard.rows_changed", audience, ...scope, changes: delta.changes } as Emitted);
  return true;
}

type BoardOf<A> = A extends "public" ? PublicLeaderboard : StaffLeaderboard;
type Emitted = Parameters<WriteContext["emit"]>[0];
