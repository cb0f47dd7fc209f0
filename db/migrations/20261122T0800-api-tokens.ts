// API tokens for programs (venue screens, batch imports, scoring devices): each acts as one
// account, limited to one competition and one role. Only the SHA-256 of the token is stored.
import { sql, type Kysely } from "kysely";

const statements: string[] = [
  `create table api_token (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'), -- serves: Bearer lookup
  label text not null check (length(label) between 1 and 100),
  user_id uuid not null references app_user(id),
  competition_id uuid not null references competition(id),
  role text not null check (role in ('organizer','team_leader','chief_judge','deputy_chief_judge','judge','supervisor','arbitrator')),
  created_by uuid not null references app_user(id),
  created_at timestamptz not null,
  last_used_at timestamptz,
  revoked_at timestamptz
)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Forward-only migration.");
}
