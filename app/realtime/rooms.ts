// Room names come from this helper only, so the publisher and the subscriber cannot disagree.
// Public rooms carry only what anyone may see; restricted rooms are authorised on join.
import { z } from "zod";

export type Room =
  | { audience: "public"; competitionId: string }
  | { audience: "public"; competitionId: string; skillId: string }
  | { audience: "staff"; competitionId: string; skillId: string }
  /** Provisional results (the live, never-frozen leaderboard): organizers, chief judges, supervisors, arbitrators — not judges. */
  | { audience: "results"; competitionId: string; skillId: string };

export function roomName(room: Room): string {
  const skill = "skillId" in room ? `:skill:${room.skillId}` : "";
  return `${room.audience}:competition:${room.competitionId}${skill}`;
}

const uuid = z.uuid();

/** Parses a room name back into its parts; null for anything not made by roomName. */
export function parseRoomName(name: string): Room | null {
  const m = /^(public|staff|results):competition:([^:]+)(?::skill:([^:]+))?$/.exec(name);
  if (!m) return null;
  const [, audience, competitionId, skillId] = m;
  if (!uuid.safeParse(competitionId).success) return null;
  if (skillId !== undefined && !uuid.safeParse(skillId).success) return null;
  if (audience === "staff" || audience === "results") return skillId ? { audience, competitionId: competitionId!, skillId } : null;
  return skillId ? { audience: "public", competitionId: competitionId!, skillId } : { audience: "public", competitionId: competitionId! };
}

/** Events for the skill's staff only: marking, provisional results, the competitors' states on the day and judges' flags. */
const staffOnlyEvents: ReadonlySet<string> = new Set([
  "mark.recorded",
  "module.locked",
  "spread.decided",
  "results.changed",
  "competitor.state_changed",
  "flag.raised",
  "flag.resolved",
]);

/**
 * Rooms an event is delivered to: marking and provisional-results events to the skill's staff
 * room only; the public leaderboard to the skill's public room only (a spectator of one skill is
 * not woken by another's marks), the restricted one to the skill's results room; other news to
 * the public rooms.
 */
export function roomsForEvent(event: { type: string; competitionId: string; skillId: string | null; audience?: string }): string[] {
  if (event.type.startsWith("leaderboard.")) {
    if (!event.skillId) return [];
    return [roomName({ audience: event.audience === "public" ? "public" : "results", competitionId: event.competitionId, skillId: event.skillId })];
  }
  if (staffOnlyEvents.has(event.type)) {
    return event.skillId ? [roomName({ audience: "staff", competitionId: event.competitionId, skillId: event.skillId })] : [];
  }
  const rooms = [roomName({ audience: "public", competitionId: event.competitionId })];
  if (event.skillId) rooms.push(roomName({ audience: "public", competitionId: event.competitionId, skillId: event.skillId }));
  return rooms;
}
