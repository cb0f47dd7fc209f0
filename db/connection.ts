// One database layer, two engines: embedded PostgreSQL (PGlite) persisted in a data directory
// when no DATABASE_URL is given, a real PostgreSQL through postgres.js when it is. Both engines
// return the same JavaScript types: `date` as 'YYYY-MM-DD' strings (no time-zone drift),
// `bigint` as numbers, `numeric` as strings (exact decimals stay exact), `timestamptz` as Date.
import { PGlite } from "@electric-sql/pglite";
import { CamelCasePlugin, Kysely, Migrator, sql } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import { PostgresJSDialect } from "kysely-postgres-js";
import postgres from "postgres";
import type { Database } from "./schema";
import { migrations } from "./migrations/index";

export type DB = Kysely<Database>;

export interface DatabaseHandle {
  db: DB;
  engine: "pglite" | "postgres";
  /** Where the data lives, safe to print (no password). */
  location: string;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseTarget = { kind: "postgres"; url: string; maxConnections?: number; prepare?: boolean } | { kind: "pglite"; dataDir: string | null };

/** Statements with more parameters than this (bulk inserts, long IN lists) are not kept prepared. */
const maxPreparedParameters = 100;

/**
 * Kysely sends its SQL through postgres.js's `unsafe`, which by default parses and plans every
 * statement afresh — for the marking path's larger statements planning costs more than running
 * them. This keeps them as named prepared statements on each connection (postgres.js caches them
 * by text; Kysely produces the same text for the same query shape), so PostgreSQL can reuse the
 * plan. Bulk statements, whose text varies with the row count, are left unprepared. Turn it off
 * (DATABASE_PREPARE=false) behind a pooler in transaction mode, which cannot keep them. BEGIN is
 * pipelined with the statement after it (pipelinedBegin).
 */
/**
 * A transaction's BEGIN is sent but not waited for: postgres.js pipelines the transaction's first
 * statement right behind it on the same connection, which saves a round trip on every write.
 * BEGIN itself cannot fail on a healthy connection (inside a transaction it only warns); on a
 * broken one the first statement fails too and the transaction is rolled back as usual.
 */
function pipelinedBegin(begin: postgres.PendingQuery<postgres.Row[]>): postgres.PendingQuery<postgres.Row[]> {
  begin.catch(() => {}); // reported by the statement that follows it
  return Promise.resolve(Object.assign([], { command: "BEGIN", count: null })) as unknown as postgres.PendingQuery<postgres.Row[]>;
}

/** The prefix of a transaction's closing statement (app/services/transaction.server.ts: commitAfterMarker). */
const commitAfterPrefix = "/* gj:commit-after */ ";

/**
 * A statement marked as its transaction's last is sent with the COMMIT right behind it: one round
 * trip instead of two. The COMMIT that Kysely sends next is answered by the one already sent. If
 * the statement fails, PostgreSQL has aborted the transaction and that COMMIT only rolls it back
 * (nothing of it is kept); Kysely's ROLLBACK is then answered by it too. A failed COMMIT fails
 * Kysely's commit as usual.
 */
function pipelinedCommit(
  statement: PromiseLike<unknown> & { catch(f: () => void): unknown },
  commit: () => postgres.PendingQuery<postgres.Row[]>,
): postgres.PendingQuery<postgres.Row[]> {
  // postgres.js sends a query when it is first awaited: the statement first, then the COMMIT.
  statement.catch(() => {}); // reported to the statement's own caller
  const sent = commit();
  sent.catch(() => {}); // reported when Kysely commits
  return sent;
}

function preparing(client: postgres.Sql): postgres.Sql {
  const reserve = client.reserve.bind(client);
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property !== "reserve") return Reflect.get(target, property, receiver);
      return async () => {
        const connection = await reserve();
        const unsafe = connection.unsafe.bind(connection);
        let sentCommit: postgres.PendingQuery<postgres.Row[]> | null = null;
        connection.unsafe = ((query: string, parameters: postgres.ParameterOrJSON<never>[] = [], options: postgres.UnsafeQueryOptions = {}) => {
          if (query === "begin" && parameters.length === 0) return pipelinedBegin(unsafe(query));
          if (sentCommit && parameters.length === 0 && (query === "commit" || query === "rollback")) {
            const sent = sentCommit;
            sentCommit = null;
            // A rollback after a failed closing statement: the COMMIT sent has rolled back already.
            return query === "commit"
              ? sent
              : (sent.catch(() => {}).then(() => Object.assign([], { command: "ROLLBACK", count: null })) as unknown as postgres.PendingQuery<postgres.Row[]>);
          }
          const statement = unsafe(query, parameters, { prepare: parameters.length > 0 && parameters.length <= maxPreparedParameters, ...options });
          if (query.startsWith(commitAfterPrefix)) sentCommit = pipelinedCommit(statement, () => unsafe("commit"));
          return statement;
        }) as typeof connection.unsafe;
        return connection;
      };
    },
  });
}

/** Errors that mean PostgreSQL or the network ended the connection itself (not a failed statement). */
function isConnectionLost(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  return severity === "FATAL" || (typeof code === "string" && /^(CONNECTION_(CLOSED|DESTROYED|ENDED)|57P0[123]|ECONNRESET|EPIPE)$/.test(code));
}

/**
 * postgres.js sends a reserved connection's statements straight to its socket, and once
 * PostgreSQL has ended that connection (a restart, a fail-over, pg_terminate_backend) the socket
 * is gone: the next statement — Kysely's ROLLBACK after the one that failed — throws inside a
 * timer and ends the process. So a transaction's connection that was lost refuses every later
 * statement with the error that lost it, and the pool opens a new connection for the next one.
 */
function survivingLostConnections(client: postgres.Sql): postgres.Sql {
  const reserve = client.reserve.bind(client);
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property !== "reserve") return Reflect.get(target, property, receiver);
      return async () => {
        const connection = await reserve();
        const unsafe = connection.unsafe.bind(connection);
        let lost: unknown = null;
        connection.unsafe = ((...args: Parameters<typeof connection.unsafe>) => {
          if (lost) return Promise.reject(lost) as unknown as postgres.PendingQuery<postgres.Row[]>;
          const statement = unsafe(...args);
          // Kysely awaits every statement at once, so observing it here sends nothing earlier.
          statement.catch((error: unknown) => {
            if (isConnectionLost(error)) lost = error;
          });
          return statement;
        }) as typeof connection.unsafe;
        // A lost connection is not handed back: postgres.js has moved it to its closed ones
        // (reopened on demand), and releasing it would list it as open with no socket.
        const release = connection.release.bind(connection);
        connection.release = () => {
          if (!lost) release();
        };
        return connection;
      };
    },
  });
}

const OID = { int8: 20, json: 114, jsonb: 3802, date: 1082, numeric: 1700 } as const;

/** Host, port and database of a URL, for messages; never the password. */
export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  const plugins = [new CamelCasePlugin()];
  if (target.kind === "postgres") {
    const client = postgres(target.url, {
      max: target.maxConnections ?? 10,
      connect_timeout: 5,
      onnotice: () => {},
      types: {
        date: { to: OID.date, from: [OID.date], serialize: (v: string) => v, parse: (v: string) => v },
        int8: { to: OID.int8, from: [OID.int8], serialize: (v: number) => String(v), parse: (v: string) => Number(v) },
        // JSON columns are written as JSON text (as PGlite takes them); postgres.js would
        // otherwise stringify that text a second time and store a JSON string.
        json: {
          to: OID.json,
          from: [OID.json, OID.jsonb],
          serialize: (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v)),
          parse: (v: string) => JSON.parse(v),
        },
      },
    });
    const db = new Kysely<Database>({
      dialect: new PostgresJSDialect({ postgres: survivingLostConnections(target.prepare === false ? client : preparing(client)) }),
      plugins,
    });
    return {
      db,
      engine: "postgres",
      location: describePostgresUrl(target.url),
      ping: async () => void (await sql`select 1`.execute(db)),
      // A connection lost in a transaction may never report itself ended: after 5 s it is cut.
      close: async () => {
        await client.end({ timeout: 5 });
        await db.destroy();
      },
    };
  }
  const pg = new PGlite({
    ...(target.dataDir ? { dataDir: target.dataDir } : {}),
    parsers: {
      [OID.date]: (v: string) => v,
      [OID.int8]: (v: string) => Number(v),
      [OID.numeric]: (v: string) => v,
    },
  });
  await pg.waitReady;
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pg), plugins });
  return {
    db,
    engine: "pglite",
    location: target.dataDir ?? "(in memory)",
    ping: async () => void (await sql`select 1`.execute(db)),
    close: () => db.destroy(),
  };
}

export async function migrateToLatest(db: DB): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
