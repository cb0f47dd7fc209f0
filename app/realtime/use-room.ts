// The client side of the realtime contract: join one room, validate every pushed event, and ask
// the page to reload over HTTP (the loader is the truth) on a gap in a stream's sequence, a
// payload that fails its schema, or a reconnect after the connection dropped.
import { useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { JoinRoomAckSchema, RealtimeEventSchema, joinEventName, pushEventName, type RealtimeEvent } from "./events";

export type ConnectionState = "connecting" | "live" | "offline";

export function useRoom(room: string, handlers: { onEvent: (event: RealtimeEvent) => void; onResync: () => void }): ConnectionState {
  const [state, setState] = useState<ConnectionState>("connecting");
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    const lastSeq = new Map<string, number>();
    const socket: Socket = io({ transports: ["websocket", "polling"] });
    let joinedBefore = false;
    socket.on("connect", () => {
      socket.emit(joinEventName, { room }, (reply: unknown) => {
        const ack = JoinRoomAckSchema.safeParse(reply);
        if (!ack.success || !ack.data.ok) return setState("offline");
        setState("live");
        // Anything may have happened while we were away: start from a fresh snapshot.
        if (joinedBefore) {
          lastSeq.clear();
          latest.current.onResync();
        }
        joinedBefore = true;
      });
    });
    socket.on("disconnect", () => setState("offline"));
    socket.on(pushEventName, (payload: unknown) => {
      const parsed = RealtimeEventSchema.safeParse(payload);
      if (!parsed.success) return latest.current.onResync();
      const event = parsed.data;
      const stream = event.skillId ? `${event.competitionId}:${event.skillId}` : event.competitionId;
      const previous = lastSeq.get(stream);
      lastSeq.set(stream, event.seq);
      if (previous !== undefined && event.seq !== previous + 1) return latest.current.onResync();
      latest.current.onEvent(event);
    });
    return () => {
      socket.close();
    };
  }, [room]);

  return state;
}
