// Paper score sheets, entered then verified (docs/decisions/010): the chief judge enters a
// judges' paper sheet as a CSV file; it counts only once a second person verifies it, when each
// row becomes a mark. A sheet moves once, entered → verified or entered → rejected, never back;
// its rows never change except to name the mark each became. Rows keep the aspect's code, not
// its id: a scheme may still be replaced while no marks exist (its aspects are then new rows),
// and verification re-checks every row against the scheme as it is by then.
import { sql, type Kysely } from "kysely";

const statements: string[] = [
  `create table score_sheet (
  id uuid primary key default gen_random_uuid(),
  competition_id uuid not null references competition(id),
  skill_id uuid not null,
  file_name text not null check (length(file_name) between 1 and 200),
  file_sha256 text not null check (file_sha256 ~ '^[0-9a-f]{64}$'),
  row_count integer not null check (row_count >= 1),
  state text not null default 'entered' check (state in ('entered', 'verified', 'rejected')),
  entered_by uuid not null references app_user(id),
  entered_at timestamptz not null,
  decided_by uuid references app_user(id),
  decided_at timestamptz,
  reject_reason text check (length(reject_reason) between 1 and 1000),
  foreign key (skill_id, competition_id) references skill(id, competition_id),
  unique (id, skill_id),
  check ((state = 'entered') = (decided_by is null) and (decided_by is null) = (decided_at is null)),
  check ((state = 'rejected') = (reject_reason is not null)),
  check (decided_by <> entered_by) -- four eyes: never the person who entered it
)`,
  `-- serves: a skill's sheets, newest first
create index score_sheet_skill_idx on score_sheet (skill_id, entered_at desc)`,
  `-- serves: the same file uploaded again while its sheet awaits verification finds that sheet
create unique index score_sheet_pending_file_key on score_sheet (skill_id, file_sha256) where state = 'entered'`,
  `create table score_sheet_row (
  sheet_id uuid not null,
  row_no integer not null check (row_no >= 2), -- the line in the file (the header is line 1)
  skill_id uuid not null,
  competitor_id uuid not null,
  aspect_code text not null check (length(aspect_code) between 1 and 30),
  judge_user_id uuid not null references app_user(id),
  input jsonb not null, -- the value, shaped as mark.input
  previous_mark_id uuid references mark(id), -- the judge's current mark when the sheet was entered (null: none)
  submission_id uuid not null unique, -- the mark's submission id, derived from sheet and row: a repeated verification finds its marks
  mark_id uuid unique references mark(id), -- the mark the row became, once verified
  primary key (sheet_id, row_no),
  foreign key (sheet_id, skill_id) references score_sheet(id, skill_id),
  foreign key (competitor_id, skill_id) references competitor(id, skill_id)
)`,
  `create function score_sheet_moves_once() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'score_sheet is kept: reject it instead';
  end if;
  if old.state <> 'entered' or new.state = 'entered'
     or (new.id, new.competition_id, new.skill_id, new.file_name, new.file_sha256, new.row_count, new.entered_by, new.entered_at)
        is distinct from (old.id, old.competition_id, old.skill_id, old.file_name, old.file_sha256, old.row_count, old.entered_by, old.entered_at) then
    raise exception 'score_sheet moves once, from entered to verified or rejected';
  end if;
  return new;
end $$`,
  `create trigger score_sheet_moves_once before update or delete on score_sheet for each row execute function score_sheet_moves_once()`,
  `create function score_sheet_row_kept() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'score_sheet_row is kept';
  end if;
  if old.mark_id is not null or new.mark_id is null
     or (new.sheet_id, new.row_no, new.skill_id, new.competitor_id, new.aspect_code, new.judge_user_id, new.input, new.previous_mark_id, new.submission_id)
        is distinct from (old.sheet_id, old.row_no, old.skill_id, old.competitor_id, old.aspect_code, old.judge_user_id, old.input, old.previous_mark_id, old.submission_id) then
    raise exception 'score_sheet_row changes only once, to name the mark it became';
  end if;
  return new;
end $$`,
  `create trigger score_sheet_row_kept before update or delete on score_sheet_row for each row execute function score_sheet_row_kept()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Forward-only migration.");
}
