// Socket.io on the same HTTP server: clients only join rooms (validated, authorised and
// rate-limited here); the server pushes events that services emitted, after their transaction
// committed. Joining a leaderboard room answers with the whole current projection first
// (a screen that starts late or reconnects is never blank or stale), then the room's events.
// Changes to a skill's standings are coalesced into leaderboard publications (see
// leaderboard-publisher.ts). With several instances, an adapter (PostgreSQL) carries every
// room's pushes to the other instances' sockets.
import type { Server as HttpServer } from "node:http";
import type { AppLoadContext } from "@remix-run/node";
import { Server, type Socket } from "socket.io";
import { JoinRoomSchema, RealtimeEventSchema, joinEventName, pushEventName, type JoinRoomAck, type RealtimeEvent } from "../app/realtime/events";
import { parseRoomName, roomsForEvent } from "../app/realtime/rooms";
import { snapshotEventName } from "../app/realtime/leaderboard-stream";
import { canReadProvisionalResults, canFollowMarking } from "../app/domain/access/policy";
import { getSessionUser } from "../app/web/require.server";
import type { SessionUser } from "../app/services/auth/sessions.server";
import type { EventPublisher } from "../app/services/deps.server";
import { listRunningSkills, loadLeaderboardSnapshot } from "../app/services/leaderboards/leaderboard-state.server";
import { publishLeaderboard } from "../app/services/leaderboards/publish-leaderboard.server";
import { createCoalescer, type Coalescer } from "./leaderboard-publisher";

/**
 * Events after which a skill's leaderboard may have changed: its standings (marks, decided
 * spreads, results), a competitor's state on the day, a module's lock, or the skill itself (its
 * track). A run that finds nothing changed sends nothing, so a spare trigger costs one read.
 */
const standingsChanges: ReadonlySet<string> = new Set([
  "mark.recorded",
  "spread.decided",
  "results.changed",
  "competitor.state_changed",
  "module.locked",
  "competition.updated",
]);

export interface RealtimeOptions {
  /** At most one leaderboard publication per skill per this many milliseconds. */
  leaderboardWindowMs?: number;
  /** A Socket.io adapter for several instances (the PostgreSQL adapter); in-memory when absent. */
  adapter?: Parameters<Server["adapter"]>[0];
  /** Joins a socket may make in a burst, and refilled per second. */
  joinBurst?: number;
  joinsPerSecond?: number;
  /** Rooms one socket may be in at once. */
  maxRoomsPerSocket?: number;
}

/** The room of a session's sockets: internal (parseRoomName refuses it, so no client can join it). */
const sessionRoom = (sessionId: string) => `session:${sessionId}`;
/** setTimeout's longest delay; a session lives at most a week, well inside it. */
const longestTimer = 2 ** 31 - 1;

/**
 * A socket let into a staff room holds it only while the session that let it in lasts: it joins
 * its session's room, so a sign-out on any instance drops it (publisher.sessionEnded, carried by
 * the adapter), and it is dropped when the session expires. Disconnected, not just moved out:
 * a client reconnecting starts again with whatever cookie it has now.
 */
function holdWhileSessionLasts(socket: Socket, user: SessionUser, now: Date): void {
  if (socket.data.sessionId === user.sessionId) return;
  socket.data.sessionId = user.sessionId;
  void socket.join(sessionRoom(user.sessionId));
  const expiry = setTimeout(() => socket.disconnect(true), Math.min(longestTimer, Math.max(0, user.sessionExpiresAt.getTime() - now.getTime())));
  socket.once("disconnect", () => clearTimeout(expiry));
}

/** A token bucket per socket: a flood of joins is refused without touching the database. */
function joinLimiter(burst: number, perSecond: number) {
  let tokens = burst;
  let at = Date.now();
  return () => {
    const now = Date.now();
    tokens = Math.min(burst, tokens + ((now - at) / 1000) * perSecond);
    at = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

export function attachRealtime(
  httpServer: HttpServer,
  contextFor: (address: string) => AppLoadContext,
  options: RealtimeOptions = {},
): { io: Server; publisher: EventPublisher; coalescer: Coalescer; catchUp(): Promise<number> } {
  const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 10_000, pingInterval: 10_000, pingTimeout: 8_000 });
  if (options.adapter) io.adapter(options.adapter);
  const maxRooms = options.maxRoomsPerSocket ?? 20;

  io.on("connection", (socket) => {
    const mayJoin = joinLimiter(options.joinBurst ?? 10, options.joinsPerSecond ?? 2);
    socket.on(joinEventName, async (payload: unknown, ack?: (reply: JoinRoomAck) => void) => {
      const reply = (r: JoinRoomAck) => (typeof ack === "function" ? ack(r) : undefined);
      if (!mayJoin()) return reply({ ok: false, error: "RATE_LIMITED" });
      const parsed = JoinRoomSchema.safeParse(payload);
      const room = parsed.success ? parseRoomName(parsed.data.room) : null;
      if (!parsed.success || !room) return reply({ ok: false, error: "BAD_ROOM" });
      // socket.rooms holds the socket's own id too.
      if (socket.rooms.size > maxRooms && !socket.rooms.has(parsed.data.room)) return reply({ ok: false, error: "RATE_LIMITED" });
      const context = contextFor(socket.handshake.address);
      if (room.audience !== "public") {
        const request = new Request("http://socket.local/", { headers: { cookie: socket.handshake.headers.cookie ?? "" } });
        const user = await getSessionUser(request, context).catch(() => null);
        const scope = { competitionId: room.competitionId, skillId: room.skillId };
        const allowed = user && (room.audience === "results" ? canReadProvisionalResults(user, scope) : canFollowMarking(user, scope));
        if (!allowed) return reply({ ok: false, error: "FORBIDDEN" });
        holdWhileSessionLasts(socket, user, context.deps.now());
      }
      // Join first, then read: an event published meanwhile is newer than the snapshot or equal
      // to it, and the client keeps whichever is newer.
      await socket.join(parsed.data.room);
      const audience = room.audience === "results" ? "staff" : room.audience === "public" && "skillId" in room ? "public" : null;
      if (audience && "skillId" in room) {
        try {
          const snapshot = await loadLeaderboardSnapshot(
            context.deps.db,
            { competitionId: room.competitionId, skillId: room.skillId },
            audience,
            context.deps.now(),
          );
          socket.emit(snapshotEventName, snapshot);
        } catch {
          // An unknown skill (or a draft competition's): the room stays silent, like any room nobody publishes to.
          await socket.leave(parsed.data.room);
          return reply({ ok: false, error: "BAD_ROOM" });
        }
      }
      reply({ ok: true });
    });
  });

  const coalescer = createCoalescer(
    async (key) => {
      const [competitionId, skillId] = key.split(":") as [string, string];
      await publishLeaderboard(contextFor("server").deps, { competitionId, skillId });
    },
    {
      windowMs: options.leaderboardWindowMs ?? 300,
      onError: (key, error) => console.error(`Publishing the leaderboard of ${key} failed:`, error),
    },
  );

  const publisher: EventPublisher = {
    publish(events: readonly RealtimeEvent[]) {
      for (const event of events) {
        // The contract is checked on the way out too: a malformed event is a bug, not a push.
        const checked = RealtimeEventSchema.parse(event);
        io.to(roomsForEvent(checked)).emit(pushEventName, checked);
        if (checked.skillId && standingsChanges.has(checked.type)) coalescer.trigger(`${checked.competitionId}:${checked.skillId}`);
      }
    },
    sessionEnded(sessionId: string) {
      // Through the adapter: every instance drops its own sockets of the session.
      io.in(sessionRoom(sessionId)).disconnectSockets(true);
    },
  };
  return {
    io,
    publisher,
    coalescer,
    // On start: publish every running skill once, so a change whose publication was lost with a
    // stopped instance (its window had not passed) reaches the screens and the kept projections.
    async catchUp() {
      const skills = await listRunningSkills(contextFor("server").deps.db);
      for (const s of skills) coalescer.trigger(`${s.competitionId}:${s.skillId}`);
      return skills.length;
    },
  };
}
