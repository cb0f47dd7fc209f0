// The Socket.io PostgreSQL adapter: every instance LISTENs on one channel and NOTIFYs the
// others of what it emits to a room, so a mark recorded through instance A reaches a spectator
// connected to instance B. Events over a NOTIFY's 8000 bytes (a whole leaderboard) travel
// through the socket_io_attachments table (see the leaderboards migration).
import { createAdapter } from "@socket.io/postgres-adapter";
import pg from "pg";

export async function openRealtimeAdapter(databaseUrl: string): Promise<{ adapter: ReturnType<typeof createAdapter>; close(): Promise<void> }> {
  // Its own small pool: LISTEN holds one connection, NOTIFY borrows another.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  pool.on("error", (error) => console.error("Realtime adapter connection error:", error.message));
  return {
    adapter: createAdapter(pool, { heartbeatInterval: 5_000, heartbeatTimeout: 10_000 }),
    close: () => pool.end(),
  };
}
