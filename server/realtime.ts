// Socket.io on the same HTTP server: clients only join rooms (validated and authorised here);
// the server pushes events that services emitted, after their transaction committed.
import type { Server as HttpServer } from "node:http";
import type { AppLoadContext } from "@remix-run/node";
import { Server } from "socket.io";
import { JoinRoomSchema, RealtimeEventSchema, joinEventName, pushEventName, type JoinRoomAck, type RealtimeEvent } from "../app/realtime/events";
import { parseRoomName, roomsForEvent } from "../app/realtime/rooms";
import { canRunJudging, holdsRole } from "../app/domain/access/roles";
import { getSessionUser } from "../app/services/auth/require.server";
import type { EventPublisher } from "../app/services/deps.server";

export function attachRealtime(httpServer: HttpServer, contextFor: (address: string) => AppLoadContext): { io: Server; publisher: EventPublisher } {
  const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 10_000, pingInterval: 10_000, pingTimeout: 8_000 });

  io.on("connection", (socket) => {
    socket.on(joinEventName, async (payload: unknown, ack?: (reply: JoinRoomAck) => void) => {
      const reply = (r: JoinRoomAck) => (typeof ack === "function" ? ack(r) : undefined);
      const parsed = JoinRoomSchema.safeParse(payload);
      const room = parsed.success ? parseRoomName(parsed.data.room) : null;
      if (!parsed.success || !room) return reply({ ok: false, error: "BAD_ROOM" });
      if (room.audience === "staff") {
        const context = contextFor(socket.handshake.address);
        const request = new Request("http://socket.local/", { headers: { cookie: socket.handshake.headers.cookie ?? "" } });
        const user = await getSessionUser(request, context).catch(() => null);
        const scope = { competitionId: room.competitionId, skillId: room.skillId };
        const allowed = user && (canRunJudging(user, scope) || holdsRole(user, "judge", scope) || holdsRole(user, "organizer", scope) || holdsRole(user, "supervisor", scope));
        if (!allowed) return reply({ ok: false, error: "FORBIDDEN" });
      }
      await socket.join(parsed.data.room);
      reply({ ok: true });
    });
  });

  const publisher: EventPublisher = {
    publish(events: readonly RealtimeEvent[]) {
      for (const event of events) {
        // The contract is checked on the way out too: a malformed event is a bug, not a push.
        const checked = RealtimeEventSchema.parse(event);
        io.to(roomsForEvent(checked)).emit(pushEventName, checked);
      }
    },
  };
  return { io, publisher };
}
