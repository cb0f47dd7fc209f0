// A judge flags a problem to the chief judge from the tablet (a damaged work piece, a doubt
// about an aspect, a competitor's question). Append-only like the marks: a flag is raised once,
// and the chief judge's resolution is a second row, never an update. The client's submission
// id makes raising idempotent (a tablet retrying after a lost answer).
import { sql, type Kysely } from "kysely";

const statements: string[] = [
  `create table judge_flag (
  id uuid primary key default gen_random_uuid(),
  submission_id uuid not null unique,
  competition_id uuid not null references competition(id),
  skill_id uuid not null references skill(id),
  competitor_id uuid not null,
  aspect_id uuid references aspect(id),
  judge_user_id uuid not null references app_user(id),
  text text not null check (length(text) between 1 and 2000),
  raised_at timestamptz not null,
  foreign key (competitor_id, skill_id) references competitor(id, skill_id)
)`,
  `-- serves: a skill's flags, newest first (the chief judge's list)
create index judge_flag_skill_idx on judge_flag (skill_id, raised_at desc)`,
  `create table judge_flag_resolution (
  flag_id uuid primary key references judge_flag(id),
  resolved_by uuid not null references app_user(id),
  note text not null check (length(note) between 1 and 2000),
  resolved_at timestamptz not null
)`,
  `create function judge_flag_append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name;
end $$`,
  `create trigger judge_flag_no_update before update or delete on judge_flag for each row execute function judge_flag_append_only()`,
  `create trigger judge_flag_resolution_no_update before update or delete on judge_flag_resolution for each row execute function judge_flag_append_only()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Forward-only migration.");
}
