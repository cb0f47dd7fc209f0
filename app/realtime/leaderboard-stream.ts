// The client's rule for one leaderboard stream, kept pure so it can be tested: every pushed
// payload is validated; a whole snapshot (sent on joining a room) replaces what the screen shows
// unless it is older; an event applies when it is the next in the stream — a whole board
// replaces, changed rows are applied to the board of the number before — is ignored when it is
// one the screen already has, and anything else — a gap, a bad payload — asks for a reload over
// HTTP (the loader stays the source of truth).
import { z } from "zod";
import { applyRowsChanged, type RowsChanged } from "~/domain/leaderboard/delta";
import {
  PublicLeaderboardEventSchema,
  PublicLeaderboardSchema,
  StaffLeaderboardEventSchema,
  StaffLeaderboardSchema,
  type PublicLeaderboard,
  type PublicLeaderboardRow,
  type StaffLeaderboard,
} from "./events";

export type Audience = "public" | "staff";
export type BoardOf<A extends Audience> = A extends "public" ? PublicLeaderboard : StaffLeaderboard;

/** A whole projection and its position in the stream (seq 0: nothing published yet). */
export const LeaderboardSnapshotSchema = z.discriminatedUnion("audience", [
  z.strictObject({
    audience: z.literal("public"),
    competitionId: z.uuid(),
    skillId: z.uuid(),
    seq: z.number().int().min(0),
    leaderboard: PublicLeaderboardSchema,
  }),
  z.strictObject({
    audience: z.literal("staff"),
    competitionId: z.uuid(),
    skillId: z.uuid(),
    seq: z.number().int().min(0),
    leaderboard: StaffLeaderboardSchema,
  }),
]);
export type LeaderboardSnapshotPayload = z.infer<typeof LeaderboardSnapshotSchema>;

/** Socket.io event name of the snapshot a room sends right after a join. */
export const snapshotEventName = "snapshot";

export interface StreamPosition {
  competitionId: string;
  skillId: string;
  audience: Audience;
  seq: number;
}

export type Step<B> = { kind: "apply"; seq: number; board: B } | { kind: "ignore" } | { kind: "resync" };

function mine(at: StreamPosition, payload: { competitionId: string; skillId: string | null; audience: string }): boolean {
  return payload.competitionId === at.competitionId && payload.skillId === at.skillId && payload.audience === at.audience;
}

/** A snapshot on (re)joining: it replaces the board unless the screen already has a newer one. */
export function stepSnapshot<A extends Audience>(at: StreamPosition & { audience: A }, payload: unknown): Step<BoardOf<A>> {
  const parsed = LeaderboardSnapshotSchema.safeParse(payload);
  if (!parsed.success) return { kind: "resync" };
  if (!mine(at, parsed.data)) return { kind: "ignore" };
  if (parsed.data.seq < at.seq) return { kind: "ignore" };
  return { kind: "apply", seq: parsed.data.seq, board: parsed.data.leaderboard as BoardOf<A> };
}

/**
 * A pushed event: the next one applies (to `board`, the screen's board at `at.seq`, when it
 * carries only changed rows), an old one is ignored, a gap or a bad payload resyncs.
 */
export function stepEvent<A extends Audience>(at: StreamPosition & { audience: A }, payload: unknown, board: BoardOf<A>): Step<BoardOf<A>> {
  if (typeof payload !== "object" || payload === null) return { kind: "resync" };
  const type = (payload as { type?: unknown }).type;
  // Other news in the same room (competition.updated) is not this stream's business.
  if (typeof type !== "string" || !type.startsWith("leaderboard.")) return { kind: "ignore" };
  const parsed = at.audience === "public" ? PublicLeaderboardEventSchema.safeParse(payload) : StaffLeaderboardEventSchema.safeParse(payload);
  if (!parsed.success) return { kind: "resync" };
  const event = parsed.data;
  if (!mine(at, event)) return { kind: "ignore" };
  if (event.seq <= at.seq) return { kind: "ignore" };
  if (event.seq !== at.seq + 1) return { kind: "resync" };
  // Staff rows are public rows with two counts more; applying treats both alike.
  if (event.type === "leaderboard.rows_changed")
    return {
      kind: "apply",
      seq: event.seq,
      board: applyRowsChanged<PublicLeaderboardRow, PublicLeaderboard>(
        board as PublicLeaderboard,
        event.changes as RowsChanged<PublicLeaderboardRow>,
      ) as BoardOf<A>,
    };
  return { kind: "apply", seq: event.seq, board: event.leaderboard as BoardOf<A> };
}

/**
 * Rank moves between two boards, by code: positive = moved up. New codes and unchanged ranks
 * are left out. What the screen animates.
 */
export function rankMoves(
  before: { rows: ReadonlyArray<{ code: string; rank: number }> } | null,
  after: { rows: ReadonlyArray<{ code: string; rank: number }> },
): Map<string, number> {
  const moves = new Map<string, number>();
  if (!before) return moves;
  const old = new Map(before.rows.map((r) => [r.code, r.rank]));
  for (const r of after.rows) {
    const was = old.get(r.code);
    if (was !== undefined && was !== r.rank) moves.set(r.code, was - r.rank);
  }
  return moves;
}
