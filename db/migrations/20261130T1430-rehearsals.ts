// Rehearsal 演练 (issue 5): an organizer copies a skill — its marking scheme and its competitors'
// codes, no persons — and synthetic judges mark the copy at a chosen pace, through the real
// marking path, so staff train and the venue screens are checked before the day. The copy is a
// skill of its own (`skill.rehearsal_of`); `rehearsal` holds the run: pace, state, and how many
// marks are recorded (instances take turns through `last_tick_at`).
import { sql, type Kysely } from "kysely";

const statements: string[] = [
  `alter table skill add column rehearsal_of uuid references skill(id)`,
  `create table rehearsal (
  skill_id uuid primary key references skill(id),
  competition_id uuid not null references competition(id),
  source_skill_id uuid not null references skill(id),
  pace_per_minute integer not null default 60 check (pace_per_minute between 1 and 600),
  state text not null default 'stopped' check (state in ('running', 'stopped', 'finished')),
  recorded integer not null default 0 check (recorded >= 0),
  total integer not null check (total >= 0),
  judge_user_ids jsonb not null check (jsonb_typeof(judge_user_ids) = 'array'),
  started_at timestamptz,
  recorded_at_start integer not null default 0,
  last_tick_at timestamptz,
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now()
)`,
  `-- serves: the runner's poll for running rehearsals
create index rehearsal_running_idx on rehearsal (state) where state = 'running'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Forward-only migration.");
}
