// What every service receives: the database, the clock and the realtime publisher. Services
// never read process.env or the wall clock themselves, so tests pass fixed ones.
import type { DB } from "../../db/connection";
import type { RealtimeEvent } from "~/realtime/events";

export interface Secrets {
  /** Signs the session cookie. */
  sessionSecret: string;
  /** 32 bytes; protects ID numbers at rest. */
  piiKey: Buffer;
}

export interface EventPublisher {
  /** Called only after the transaction that produced the events has committed. */
  publish(events: readonly RealtimeEvent[]): void;
  /** A session ended (signed out): its sockets, on every instance, are dropped from the rooms it was let into. */
  sessionEnded?(sessionId: string): void;
}

export interface ServiceDeps {
  db: DB;
  now: () => Date;
  events: EventPublisher;
  secrets: Secrets;
}
