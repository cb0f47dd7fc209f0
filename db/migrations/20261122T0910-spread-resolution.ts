// Resolving a judgement spread (RULES.md "Marking scheme"): when a team's scores differ by more
// than the limit, the aspect stays flagged until the judges re-score (a correction, which the
// kept score follows by itself) or write a justification that the chief judge approves. The
// history is append-only; each event names the exact current marks it concerns, so a later
// correction is not covered by an approval given to the earlier scores.
import { sql, type Kysely } from "kysely";

const statements: string[] = [
  `create table spread_resolution (
  id bigserial primary key,
  skill_id uuid not null,
  competitor_id uuid not null,
  aspect_id uuid not null references aspect(id),
  marks text not null check (length(marks) between 36 and 2000), -- the current mark ids, sorted, comma-separated
  kind text not null check (kind in ('justified', 'approved', 'rejected')),
  text text not null check (length(text) between 1 and 2000),
  actor_user_id uuid not null references app_user(id),
  occurred_at timestamptz not null,
  foreign key (competitor_id, skill_id) references competitor(id, skill_id)
)`,
  `-- serves: the latest event of one aspect of one competitor, and a skill's open cases
create index spread_resolution_aspect_idx on spread_resolution (competitor_id, aspect_id, id desc)`,
  `create index spread_resolution_skill_idx on spread_resolution (skill_id)`,
  `create function spread_resolution_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'spread_resolution is append-only: record a new decision instead';
end $$`,
  `create trigger spread_resolution_no_update before update or delete on spread_resolution for each row execute function spread_resolution_append_only()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Forward-only migration.");
}
