// The live leaderboard's state per skill (docs/decisions/017): live, frozen 封榜 or hidden until
// publication, chosen by the organizer. Freezing stores the public projection as it stood at
// that moment, so while frozen the public is served those rows and never the live ones; the
// staff projection is always made live from the kept scores. A skill without a row is live.
import { sql, type Kysely } from "kysely";

const statements: string[] = [
  `create table leaderboard (
  skill_id uuid primary key,
  competition_id uuid not null,
  status text not null default 'live' check (status in ('live', 'frozen', 'hidden')),
  frozen_snapshot jsonb check (frozen_snapshot is null or jsonb_typeof(frozen_snapshot) = 'object'), -- the public projection at the freeze
  changed_by uuid references app_user(id),
  changed_at timestamptz,
  foreign key (skill_id, competition_id) references skill(id, competition_id),
  check ((status = 'frozen') = (frozen_snapshot is not null))
)`,
  `-- Used by @socket.io/postgres-adapter (several instances on PostgreSQL) for events larger than
-- a NOTIFY payload (8000 bytes), such as a whole leaderboard; rows are removed by the adapter.
create table if not exists socket_io_attachments (
  id bigserial unique,
  created_at timestamptz default now(),
  payload bytea
)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Forward-only migration.");
}
