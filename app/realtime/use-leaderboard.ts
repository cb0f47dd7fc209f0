// The client side of one leaderboard: starts from the loader's snapshot, joins the skill's room
// (public, or the results room for staff), takes the snapshot the room sends on every (re)join,
// then applies each event in turn. A gap or a payload that fails its schema asks the page to
// reload over HTTP; the loader's next snapshot then replaces the board.
import { useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { JoinRoomAckSchema, joinEventName, pushEventName } from "./events";
import { roomName } from "./rooms";
import { rankMoves, snapshotEventName, stepEvent, stepSnapshot, type Audience, type BoardOf, type Step } from "./leaderboard-stream";
import type { ConnectionState } from "./use-room";

export interface LeaderboardStart<A extends Audience> {
  competitionId: string;
  skillId: string;
  audience: A;
  seq: number;
  leaderboard: BoardOf<A>;
}

export interface LiveLeaderboard<A extends Audience> {
  board: BoardOf<A>;
  seq: number;
  connection: ConnectionState;
  /** Rank moves of the last change, by code (positive: up), and a counter that changes with each. */
  moves: Map<string, number>;
  version: number;
}

export function useLeaderboard<A extends Audience>(start: LeaderboardStart<A>, onResync: () => void): LiveLeaderboard<A> {
  const [state, setState] = useState({ board: start.leaderboard, seq: start.seq, moves: new Map<string, number>(), version: 0 });
  const [connection, setConnection] = useState<ConnectionState>("connecting");
  const position = useRef({ competitionId: start.competitionId, skillId: start.skillId, audience: start.audience, seq: start.seq });
  // The board at position.current.seq, which changed rows apply to (state may lag a render behind).
  const board = useRef(start.leaderboard);
  const resync = useRef(onResync);
  resync.current = onResync;

  // A new snapshot from the loader (after a resync, or a navigation) is the truth.
  useEffect(() => {
    position.current = { competitionId: start.competitionId, skillId: start.skillId, audience: start.audience, seq: start.seq };
    board.current = start.leaderboard;
    setState((s) => ({ board: start.leaderboard, seq: start.seq, moves: rankMoves(s.board, start.leaderboard), version: s.version + 1 }));
  }, [start.competitionId, start.skillId, start.audience, start.seq, start.leaderboard]);

  const { competitionId, skillId, audience } = start;
  useEffect(() => {
    const room = roomName(audience === "public" ? { audience: "public", competitionId, skillId } : { audience: "results", competitionId, skillId });
    const socket: Socket = io({ transports: ["websocket", "polling"] });
    const take = (step: Step<BoardOf<A>>) => {
      if (step.kind === "ignore") return;
      if (step.kind === "resync") return resync.current();
      position.current = { ...position.current, seq: step.seq };
      board.current = step.board;
      setState((s) => ({ board: step.board, seq: step.seq, moves: rankMoves(s.board, step.board), version: s.version + 1 }));
    };
    socket.on("connect", () => {
      socket.emit(joinEventName, { room }, (reply: unknown) => {
        const ack = JoinRoomAckSchema.safeParse(reply);
        setConnection(ack.success && ack.data.ok ? "live" : "offline");
      });
    });
    socket.on("disconnect", () => setConnection("offline"));
    // Sent by the room on every join, before its events: a reconnecting screen is never stale.
    socket.on(snapshotEventName, (payload: unknown) => take(stepSnapshot(position.current as typeof position.current & { audience: A }, payload)));
    socket.on(pushEventName, (payload: unknown) => take(stepEvent(position.current as typeof position.current & { audience: A }, payload, board.current)));
    return () => {
      socket.close();
    };
  }, [competitionId, skillId, audience]);

  return { ...state, connection };
}
