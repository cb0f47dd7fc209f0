// Scores kept as marks arrive, so a skill's standings after one new mark read one row per
// competitor instead of re-aggregating every mark (RULES.md "Results"; docs/decisions/008).
// Derived data: each row is rewritten, in the same transaction as the mark that changed it,
// from that aspect's current marks; a rebuild from the append-only marks reproduces them.
// Exact values are rationals written "n/d" (see app/domain/results/exact.ts).
import { sql, type Kysely } from "kysely";

const statements: string[] = [
  `create table aspect_score (
  competitor_id uuid not null,
  aspect_id uuid not null references aspect(id),
  skill_id uuid not null,
  module_code text not null,
  mark text check (mark ~ '^-?[0-9]+(/[0-9]+)?$'), -- null while the aspect is incomplete
  flagged boolean not null,
  updated_at timestamptz not null,
  primary key (competitor_id, aspect_id),
  foreign key (competitor_id, skill_id) references competitor(id, skill_id)
)`,
  `-- serves: rebuilding and checking a skill's scores
create index aspect_score_skill_idx on aspect_score (skill_id)`,
  `create table competitor_score (
  competitor_id uuid primary key,
  skill_id uuid not null,
  total text not null check (total ~ '^-?[0-9]+(/[0-9]+)?$'),
  module_marks jsonb not null, -- {"A": "n/d", …}
  marked_count integer not null check (marked_count >= 0),
  flagged_count integer not null check (flagged_count >= 0),
  updated_at timestamptz not null,
  foreign key (competitor_id, skill_id) references competitor(id, skill_id)
)`,
  `-- serves: a skill's standings (one row per competitor)
create index competitor_score_skill_idx on competitor_score (skill_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Forward-only migration.");
}
