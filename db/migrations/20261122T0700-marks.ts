// Marks: append-only. A correction is a new row with the next revision, superseding the previous
// one, with a reason. Each write carries the client's submission id (unique), so a repeat finds
// the stored row instead of adding one. Composite keys keep a mark's aspect, competitor and
// scheme inside its skill. Module locks are an append-only history of lock/unlock events.
import { sql, type Kysely } from "kysely";

const statements: string[] = [
  `alter table competitor add constraint competitor_id_skill_key unique (id, skill_id)`,
  `alter table marking_scheme add constraint marking_scheme_id_skill_key unique (id, skill_id)`,
  `alter table aspect add constraint aspect_id_scheme_key unique (id, scheme_id)`,
  `alter table scheme_module add constraint scheme_module_id_scheme_key unique (id, scheme_id)`,
  `create table mark (
  id uuid primary key default gen_random_uuid(),
  submission_id uuid not null unique, -- serves: idempotent replays
  competition_id uuid not null references competition(id),
  skill_id uuid not null,
  scheme_id uuid not null,
  aspect_id uuid not null,
  competitor_id uuid not null,
  judge_user_id uuid not null references app_user(id),
  revision integer not null check (revision > 0),
  input jsonb not null,
  supersedes_id uuid unique references mark(id),
  reason text check (length(reason) between 1 and 1000),
  recorded_by uuid not null references app_user(id),
  recorded_at timestamptz not null,
  foreign key (skill_id, competition_id) references skill(id, competition_id),
  foreign key (scheme_id, skill_id) references marking_scheme(id, skill_id),
  foreign key (aspect_id, scheme_id) references aspect(id, scheme_id),
  foreign key (competitor_id, skill_id) references competitor(id, skill_id),
  unique (aspect_id, competitor_id, judge_user_id, revision),
  check ((revision = 1) = (supersedes_id is null)),
  check (revision = 1 or reason is not null)
)`,
  `-- serves: a skill's current marks for results and the chief judge's matrix
create index mark_skill_idx on mark (skill_id, competitor_id)`,
  `create function mark_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'mark is append-only: record a correction instead';
end $$`,
  `create trigger mark_no_update before update or delete on mark for each row execute function mark_append_only()`,
  `create table module_lock_event (
  id bigserial primary key,
  scheme_id uuid not null,
  module_id uuid not null,
  locked boolean not null,
  reason text check (length(reason) between 1 and 1000),
  actor_user_id uuid not null references app_user(id),
  occurred_at timestamptz not null,
  foreign key (module_id, scheme_id) references scheme_module(id, scheme_id),
  check (locked or reason is not null)
)`,
  `-- serves: the current lock state of a module (latest event)
create index module_lock_event_module_idx on module_lock_event (module_id, id desc)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Forward-only migration.");
}
