// The draw 抽签 (RULES.md "Anonymity, draw, check-in"; docs/decisions/012): each draw of a skill's
// check-in numbers (一次加密) or workstation numbers (二次加密) is kept whole — algorithm, seed,
// the ordered entrants, the numbers handed out and the result — so anyone can re-run it.
// Append-only: a redo is a new draw that names the one it supersedes and why; a skill's draws of
// one kind form a single chain (one first draw, each draw superseded at most once). The numbers
// of the latest draws are copied onto the competitor, unique within the skill.
import { sql, type Kysely } from "kysely";

const statements: string[] = [
  `create table draw (
  id uuid primary key default gen_random_uuid(),
  competition_id uuid not null references competition(id),
  skill_id uuid not null,
  kind text not null check (kind in ('check_in', 'workstation')),
  algorithm text not null check (length(algorithm) between 1 and 40),
  seed text not null check (seed ~ '^[0-9a-f]{16,128}$'),
  seed_source text not null check (seed_source in ('generated', 'witness')),
  entrants jsonb not null check (jsonb_typeof(entrants) = 'array'), -- [{"competitorId", "key"}] in canonical order
  numbers jsonb not null check (jsonb_typeof(numbers) = 'array'), -- the numbers handed out, 1…n in order
  result jsonb not null check (jsonb_typeof(result) = 'array'), -- [{"competitorId", "number"}] in entrant order
  based_on_id uuid, -- a workstation draw: the check-in draw whose numbers it drew for
  conducted_by uuid not null references app_user(id),
  witnessed_by uuid not null references app_user(id),
  conducted_at timestamptz not null,
  supersedes_id uuid unique,
  reason text check (length(reason) between 1 and 1000),
  unique (id, skill_id, kind),
  unique (id, skill_id),
  foreign key (skill_id, competition_id) references skill(id, competition_id),
  -- a redo replaces a draw of the same skill and kind; a workstation draw builds on the same skill's
  foreign key (supersedes_id, skill_id, kind) references draw(id, skill_id, kind),
  foreign key (based_on_id, skill_id) references draw(id, skill_id),
  check (witnessed_by <> conducted_by),
  check ((supersedes_id is null) = (reason is null)),
  check ((kind = 'workstation') = (based_on_id is not null))
)`,
  `-- serves: the draws of a skill, latest first (the draw page, runDraw's previous draw)
create index draw_skill_idx on draw (skill_id, kind, conducted_at desc)`,
  `-- a skill's draws of one kind form one chain: a single first draw; every redo supersedes
create unique index draw_first_of_kind_idx on draw (skill_id, kind) where supersedes_id is null`,
  `create function draw_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'draw is append-only: a redo is a new draw that supersedes this one';
end $$`,
  `create trigger draw_no_update before update or delete on draw for each row execute function draw_append_only()`,
  `alter table competitor
  add column check_in_no text check (length(check_in_no) between 1 and 20),
  add column workstation_no text check (length(workstation_no) between 1 and 20),
  add constraint competitor_workstation_after_check_in check (workstation_no is null or check_in_no is not null)`,
  // Deferrable: a redo moves numbers between competitors in one statement.
  `-- serves: a competitor found by check-in number within a skill (the sealed mapping)
alter table competitor add constraint competitor_check_in_no_key unique (skill_id, check_in_no) deferrable initially immediate`,
  `-- serves: a competitor found by workstation number within a skill (the marks and spreads API)
alter table competitor add constraint competitor_workstation_no_key unique (skill_id, workstation_no) deferrable initially immediate`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Forward-only migration.");
}
