// Judge assignment 裁判分组 (RULES.md "Judges and conflicts"; app/domain/judging/assignment.ts):
// a skill's marking teams as a whole plan, versioned and append-only — each save is a new version
// with who made it and whether it came from the automatic proposal; the latest is in force.
import { sql, type Kysely } from "kysely";

const statements: string[] = [
  `create table judge_assignment (
  id uuid primary key default gen_random_uuid(),
  competition_id uuid not null,
  skill_id uuid not null,
  version integer not null check (version >= 1),
  teams jsonb not null check (jsonb_typeof(teams) = 'array'), -- [{"name","moduleCode","memberIds","aspectCodes","competitorIds"}]
  source text not null check (source in ('manual', 'proposal')),
  reason text check (length(reason) between 1 and 1000),
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  foreign key (skill_id, competition_id) references skill(id, competition_id),
  unique (skill_id, version) -- serves: the plan in force (the latest version of a skill)
)`,
  `create function judge_assignment_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'judge_assignment is append-only: a change is a new version';
end $$`,
  `create trigger judge_assignment_no_update before update or delete on judge_assignment for each row execute function judge_assignment_append_only()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Forward-only migration.");
}
