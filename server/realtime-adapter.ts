// The Socket.io PostgreSQL adapter: every instance LISTENs on one channel and NOTIFYs the
// others of what it emits to a room, so a mark recorded through instance A reaches a spectator
// connected to instance B. Events over a NOTIFY's 8000 bytes (a whole leaderboard) travel
// through the socket_io_attachments table (see the leaderboards migration).
//
// The LISTEN connection is lost whenever PostgreSQL restarts, fails over or ends the backend
// (pg_terminate_backend, idle timeouts). The adapter takes that connection from the pool with
// `connect()`, keeps it checked out and, when it ends, asks for another one about 2 s later and
// LISTENs again; it neither handles the connection's 'error' event (an unhandled 'error' ends the
// process) nor gives the dead connection back (the pool would run out after three losses). So it
// gets the pool through `listeningPool`, which does both and waits for the database with back-off.
import { createAdapter } from "@socket.io/postgres-adapter";
import pg from "pg";

/** Retry delays while the database cannot be reached: doubling from 250 ms to 15 s, with jitter. */
function reconnectDelayMs(failures: number, random: number): number {
  const base = Math.min(15_000, 250 * 2 ** Math.min(failures, 10));
  return Math.round(base * (0.5 + random / 2));
}

interface AdapterLog {
  warn(message: string): void;
  info(message: string): void;
}

/** What the adapter uses of a pg Pool: `connect` for its LISTEN connection, `query` for NOTIFY and attachments. */
function listeningPool(pool: pg.Pool, log: AdapterLog, isClosed: () => boolean): Pick<pg.Pool, "connect" | "query"> {
  let lost = false;
  const connect = async (): Promise<pg.PoolClient> => {
    for (let failures = 0; ; failures++) {
      try {
        const client = await pool.connect();
        let released = false;
        client.on("error", (error: Error) => {
          if (isClosed()) return;
          lost = true;
          log.warn(`Realtime adapter: the LISTEN connection failed (${error.message}); reconnecting`);
        });
        client.once("end", () => {
          if (released) return;
          released = true;
          // Destroys it and frees its place in the pool (the adapter holds it until now).
          client.release(true);
        });
        if (lost) {
          lost = false;
          log.info("Realtime adapter: reconnected; LISTEN resumes");
        }
        return client;
      } catch (error) {
        if (isClosed()) throw error;
        lost = true;
        const delay = reconnectDelayMs(failures, Math.random());
        log.warn(`Realtime adapter: cannot reach PostgreSQL (${error instanceof Error ? error.message : String(error)}); retrying in ${delay} ms`);
        // Unreferenced: a closed server does not stay up for a retry that no longer matters.
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
      }
    }
  };
  return { connect: connect as pg.Pool["connect"], query: pool.query.bind(pool) as pg.Pool["query"] };
}

export async function openRealtimeAdapter(
  databaseUrl: string,
  log: AdapterLog = console,
): Promise<{ adapter: ReturnType<typeof createAdapter>; close(): Promise<void> }> {
  // Its own small pool: LISTEN holds one connection, NOTIFY borrows another.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 3, connectionTimeoutMillis: 5_000 });
  let closed = false;
  // Idle connections the server ends are dropped by the pool, which reports them here.
  pool.on("error", (error) => {
    if (!closed) log.warn(`Realtime adapter: an idle connection failed (${error.message})`);
  });
  const adapter = createAdapter(listeningPool(pool, log, () => closed) as pg.Pool, { heartbeatInterval: 5_000, heartbeatTimeout: 10_000 });
  return {
    adapter,
    close: () => {
      closed = true;
      return pool.end();
    },
  };
}
