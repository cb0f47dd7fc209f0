// The realtime contract shared by server and client: one zod schema per event, every payload
// carrying competitionId, skillId (null for competition-wide news), the stream's sequence number
// and the time. Payloads are small and semantic — ids and numbers, never names before
// decryption. A client that sees a gap in `seq`, a payload that fails its schema, or a reconnect
// reloads over HTTP: the loader stays the source of truth.
import { z } from "zod";
import { competitorStates, stateActions } from "~/domain/registration/check-in";

const envelope = {
  competitionId: z.uuid(),
  skillId: z.uuid().nullable(),
  seq: z.number().int().positive(),
  occurredAt: z.iso.datetime(),
};

export const CompetitionUpdatedSchema = z.object({
  type: z.literal("competition.updated"),
  ...envelope,
  /** What changed, so a page can decide whether to reload: the competition, a skill or a delegation. */
  entity: z.enum(["competition", "skill", "delegation"]),
});

/** A mark was recorded or corrected: for the judges' and chief judge's rooms only (never public). */
export const MarkRecordedSchema = z.object({
  type: z.literal("mark.recorded"),
  ...envelope,
  competitorId: z.uuid(),
  aspectCode: z.string().min(1).max(30),
  revision: z.number().int().positive(),
});

/** A module was locked or unlocked by the chief judge. */
export const ModuleLockChangedSchema = z.object({
  type: z.literal("module.locked"),
  ...envelope,
  moduleCode: z.string().min(1).max(20),
  locked: z.boolean(),
});

/** The chief judge decided on a justified judgement spread (approved: the aspect's flag clears). Staff rooms only. */
export const SpreadDecidedSchema = z.object({
  type: z.literal("spread.decided"),
  ...envelope,
  competitorId: z.uuid(),
  aspectCode: z.string().min(1).max(30),
  approved: z.boolean(),
});

/**
 * Something besides the marks changed the standings: a time used, official points, or a draw
 * (the workstation numbers results show as codes). Staff only.
 */
export const ResultsChangedSchema = z.object({
  type: z.literal("results.changed"),
  ...envelope,
  cause: z.enum(["time_used", "official_points", "draw"]),
});

/**
 * A competitor's state changed on the day (checked in, absent, started, paused, extra time …).
 * Staff rooms only: ids and states, never a name.
 */
export const CompetitorStateChangedSchema = z.object({
  type: z.literal("competitor.state_changed"),
  ...envelope,
  competitorId: z.uuid(),
  action: z.enum(stateActions),
  state: z.enum(competitorStates),
  /** Minutes granted by this change (extra time), else null. */
  extraMinutes: z.number().int().positive().nullable(),
});

/** A judge flagged a problem to the chief judge from the tablet. Staff rooms only: ids and codes, never the text's author's name. */
export const FlagRaisedSchema = z.object({
  type: z.literal("flag.raised"),
  ...envelope,
  flagId: z.uuid(),
  competitorId: z.uuid(),
  aspectCode: z.string().min(1).max(30).nullable(),
});

/** The chief judge closed a flag. Staff rooms only. */
export const FlagResolvedSchema = z.object({
  type: z.literal("flag.resolved"),
  ...envelope,
  flagId: z.uuid(),
});

/** A skill's results were published (version 1) or republished after an appeal: pages reload them. */
export const ResultsPublishedSchema = z.object({
  type: z.literal("results.published"),
  ...envelope,
  skillId: z.uuid(),
  version: z.number().int().positive(),
});

const decimal2 = z.string().regex(/^-?\d{1,4}\.\d{2}$/);
const medal = z.enum(["gold", "silver", "bronze", "medallion"]);

/**
 * One row of the public leaderboard: what anyone may see before publication — rank, the
 * competitor's code (workstation number once drawn), module marks, total, WorldSkills points and
 * medal (ws track). Strict: a name, a delegation or an id cannot ride along unnoticed.
 */
export const PublicLeaderboardRowSchema = z.strictObject({
  rank: z.number().int().positive(),
  code: z.string().min(1).max(40),
  /** Module marks to two places, in the order of `modules`. */
  modules: z.array(decimal2).max(40),
  total: decimal2,
  points: z.number().int().min(0).max(1000).nullable(),
  medal: medal.nullable(),
});

/** The leaderboard's state: live, frozen 封榜 (the public keeps the frozen rows) or hidden until publication. */
export const LeaderboardStatusSchema = z.enum(["live", "frozen", "hidden"]);
export type LeaderboardStatus = z.infer<typeof LeaderboardStatusSchema>;

/** The public projection of a skill's leaderboard (hidden: no rows at all). */
export const PublicLeaderboardSchema = z.strictObject({
  status: LeaderboardStatusSchema,
  /** When these standings were computed (for a frozen board: the moment of the freeze). */
  asOf: z.iso.datetime(),
  track: z.enum(["ws", "national", "local"]),
  modules: z.array(z.strictObject({ code: z.string().min(1).max(20), max: decimal2 })).max(40),
  rows: z.array(PublicLeaderboardRowSchema).max(2000),
});
export type PublicLeaderboard = z.infer<typeof PublicLeaderboardSchema>;
export type PublicLeaderboardRow = z.infer<typeof PublicLeaderboardRowSchema>;

/** The restricted projection (organizers, chief judges, supervisors): always live, with what is missing or flagged. */
export const StaffLeaderboardRowSchema = PublicLeaderboardRowSchema.extend({ missing: z.number().int().min(0), flagged: z.number().int().min(0) });
export const StaffLeaderboardSchema = PublicLeaderboardSchema.extend({
  rows: z.array(StaffLeaderboardRowSchema).max(2000),
});
export type StaffLeaderboard = z.infer<typeof StaffLeaderboardSchema>;

const leaderboardEvent = {
  ...envelope,
  skillId: z.uuid(),
};

/**
 * The whole public projection after the standings changed (coalesced: at most one per skill per
 * publishing window). Sequenced in the skill's public leaderboard stream, separate from the
 * staff events', so a spectator sees no gaps made by events it may not receive.
 */
export const LeaderboardUpdatedSchema = z.object({
  type: z.literal("leaderboard.updated"),
  ...leaderboardEvent,
  audience: z.literal("public"),
  leaderboard: PublicLeaderboardSchema,
});
/**
 * Rows that changed since the stream's previous event (see app/domain/leaderboard/delta.ts). A
 * competitor who leaves the board last in rank (absent, disqualified) changes no other row, so
 * either list may be empty — but not both (an event that says nothing is never sent).
 */
const rowsChanged = <R extends z.ZodType>(row: R) =>
  z
    .strictObject({ asOf: z.iso.datetime(), rows: z.array(row).max(2000), removed: z.array(z.string().min(1).max(40)).max(2000) })
    .refine((c) => c.rows.length + c.removed.length > 0, { message: "changes carry at least one row or one removed code" });
/**
 * Only the rows that changed since the stream's previous event, the codes that left and the new
 * asOf: a screen holding the previous number's board applies it (and re-sorts by rank, then
 * code); one that does not reloads. Status, track and modules are unchanged (else the board is
 * sent whole, as leaderboard.updated).
 */
export const LeaderboardRowsChangedSchema = z.object({
  type: z.literal("leaderboard.rows_changed"),
  ...leaderboardEvent,
  audience: z.literal("public"),
  changes: rowsChanged(PublicLeaderboardRowSchema),
});
/** The organizer froze the board: the public keeps these rows, and hears nothing more until the reveal. */
export const LeaderboardFrozenSchema = z.object({
  type: z.literal("leaderboard.frozen"),
  ...leaderboardEvent,
  audience: z.literal("public"),
  leaderboard: PublicLeaderboardSchema,
});
/** The organizer revealed the board (or hid it until publication): the rows the public sees from now on. */
export const LeaderboardRevealedSchema = z.object({
  type: z.literal("leaderboard.revealed"),
  ...leaderboardEvent,
  audience: z.literal("public"),
  leaderboard: PublicLeaderboardSchema,
});
/** The restricted projection, live whatever the public sees: to the skill's results room only. */
export const StaffLeaderboardUpdatedSchema = z.object({
  type: z.literal("leaderboard.updated"),
  ...leaderboardEvent,
  audience: z.literal("staff"),
  leaderboard: StaffLeaderboardSchema,
});
/** The restricted projection's changed rows (as leaderboard.rows_changed, with missing and flagged). */
export const StaffLeaderboardRowsChangedSchema = z.object({
  type: z.literal("leaderboard.rows_changed"),
  ...leaderboardEvent,
  audience: z.literal("staff"),
  changes: rowsChanged(StaffLeaderboardRowSchema),
});

export const PublicLeaderboardEventSchema = z.discriminatedUnion("type", [
  LeaderboardUpdatedSchema,
  LeaderboardRowsChangedSchema,
  LeaderboardFrozenSchema,
  LeaderboardRevealedSchema,
]);
export type PublicLeaderboardEvent = z.infer<typeof PublicLeaderboardEventSchema>;
export const StaffLeaderboardEventSchema = z.discriminatedUnion("type", [StaffLeaderboardUpdatedSchema, StaffLeaderboardRowsChangedSchema]);
export type StaffLeaderboardEvent = z.infer<typeof StaffLeaderboardEventSchema>;
export type LeaderboardEvent = PublicLeaderboardEvent | StaffLeaderboardEvent;

const LeaderboardEventSchema = z.union([PublicLeaderboardEventSchema, StaffLeaderboardEventSchema]);

const OtherEventSchema = z.discriminatedUnion("type", [
  CompetitionUpdatedSchema,
  MarkRecordedSchema,
  ModuleLockChangedSchema,
  SpreadDecidedSchema,
  ResultsChangedSchema,
  CompetitorStateChangedSchema,
  FlagRaisedSchema,
  FlagResolvedSchema,
  ResultsPublishedSchema,
]);

export const RealtimeEventSchema = z.union([OtherEventSchema, LeaderboardEventSchema]);
export type RealtimeEvent = z.infer<typeof RealtimeEventSchema>;
export type RealtimeEventType = RealtimeEvent["type"];

/** The one message a client sends: ask to join a room. Validated and authorised server-side. */
export const JoinRoomSchema = z.object({ room: z.string().min(1).max(200) });
export type JoinRoom = z.infer<typeof JoinRoomSchema>;

export const JoinRoomAckSchema = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: z.enum(["BAD_ROOM", "FORBIDDEN", "RATE_LIMITED"]) }),
]);
export type JoinRoomAck = z.infer<typeof JoinRoomAckSchema>;

/** Socket.io event name for every pushed event; the payload's `type` tells them apart. */
export const pushEventName = "event";
export const joinEventName = "room.join";

function isLeaderboardEvent(event: { type: string }): event is LeaderboardEvent {
  return event.type.startsWith("leaderboard.");
}

/**
 * The stream an event is numbered in: a skill's leaderboard has one stream per audience (the
 * public's and the staff's), everything else the skill's (or the competition's) stream. The
 * transaction that numbers events and the client that checks for gaps both use this.
 */
export function streamKeyOf(event: { type: string; competitionId: string; skillId: string | null; audience?: string }): string {
  if (isLeaderboardEvent(event as { type: string })) return `leaderboard:${event.audience}:${event.skillId}`;
  return event.skillId ? `${event.competitionId}:${event.skillId}` : event.competitionId;
}
