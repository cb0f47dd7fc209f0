// Rules that decide results besides the marks (RULES.md "Results", [CN] theory and practice):
// a module's part (theory or practice), the time each competitor used, and officially published
// WorldSkills points. Times and official points are append-only histories: the latest record
// counts, so a correction never erases what was there before.
import { sql, type Kysely } from "kysely";

const statements: string[] = [
  `alter table scheme_module add column part text not null default 'practice' check (part in ('practice', 'theory'))`,
  `create table time_used_record (
  id bigserial primary key,
  competition_id uuid not null references competition(id),
  skill_id uuid not null,
  competitor_id uuid not null,
  seconds integer not null check (seconds between 0 and 604800),
  reason text check (length(reason) between 1 and 1000), -- required for a correction (by the service)
  recorded_by uuid not null references app_user(id),
  recorded_at timestamptz not null,
  foreign key (competitor_id, skill_id) references competitor(id, skill_id)
)`,
  `-- serves: a competitor's current time used (latest record), and a skill's standings
create index time_used_record_competitor_idx on time_used_record (competitor_id, id desc)`,
  `create table official_points_import (
  id bigserial primary key,
  competition_id uuid not null references competition(id),
  skill_id uuid not null references skill(id),
  row_count integer not null check (row_count >= 0), -- 0: back to computed points
  imported_by uuid not null references app_user(id),
  imported_at timestamptz not null
)`,
  `-- serves: a skill's current official points (its latest import)
create index official_points_import_skill_idx on official_points_import (skill_id, id desc)`,
  `create table official_points (
  import_id bigint not null references official_points_import(id),
  competitor_id uuid not null references competitor(id),
  points integer not null check (points between 0 and 1000),
  primary key (import_id, competitor_id)
)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Forward-only migration.");
}
