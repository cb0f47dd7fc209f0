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

export const RealtimeEventSchema = z.discriminatedUnion("type", [CompetitionUpdatedSchema, MarkRecordedSchema, ModuleLockChangedSchema, SpreadDecidedSchema, ResultsChangedSchema, CompetitorStateChangedSchema, FlagRaisedSchema, FlagResolvedSchema]);
export type RealtimeEvent = z.infer<typeof RealtimeEventSchema>;
export type RealtimeEventType = RealtimeEvent["type"];

/** The one message a client sends: ask to join a room. Validated and authorised server-side. */
export const JoinRoomSchema = z.object({ room: z.string().min(1).max(200) });
export type JoinRoom = z.infer<typeof JoinRoomSchema>;

export const JoinRoomAckSchema = z.union([z.object({ ok: z.literal(true) }), z.object({ ok: z.literal(false), error: z.enum(["BAD_ROOM", "FORBIDDEN"]) })]);
export type JoinRoomAck = z.infer<typeof JoinRoomAckSchema>;

/** Socket.io event name for every pushed event; the payload's `type` tells them apart. */
export const pushEventName = "event";
export const joinEventName = "room.join";
