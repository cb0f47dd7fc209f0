// Check-in 检录 and competitor states (RULES.md "Anonymity, draw, check-in"; docs/decisions/013):
// an append-only history of every state change of a competitor — check-in with identity
// confirmed, absent, start, pause, resume, extra time, finish, reopen, disqualification — with
// who did it, when, why, the minutes of extra time and the check-in's witness. The current state
// is a column on competitor that only this history moves: a trigger applies each new row to its
// competitor, and refuses a row whose from_state is not the competitor's state (a lost race), so
// the column can never disagree with the latest row. Each row carries the client's submission id
// (unique), so a repeat finds the stored row instead of adding one.
import { sql, type Kysely } from "kysely";

const states = `'registered', 'ready', 'competing', 'paused', 'finished', 'absent', 'disqualified'`;
const actions = `'check_in', 'mark_absent', 'start', 'pause', 'resume', 'grant_extra_time', 'finish', 'reopen', 'disqualify'`;

const statements: string[] = [
  `alter table competitor add column state text not null default 'registered' check (state in (${states}))`,
  `create table competitor_state_event (
  id bigserial primary key,
  submission_id uuid not null unique, -- serves: idempotent replays
  competition_id uuid not null references competition(id),
  skill_id uuid not null,
  competitor_id uuid not null,
  action text not null check (action in (${actions})),
  from_state text not null check (from_state in (${states})),
  to_state text not null check (to_state in (${states})),
  reason text check (length(reason) between 1 and 1000),
  extra_minutes integer check (extra_minutes between 1 and 600),
  witnessed_by uuid references app_user(id),
  actor_user_id uuid not null references app_user(id),
  occurred_at timestamptz not null,
  foreign key (skill_id, competition_id) references skill(id, competition_id),
  foreign key (competitor_id, skill_id) references competitor(id, skill_id),
  -- extra time leaves the state as it is; every other action changes it
  check ((action = 'grant_extra_time') = (extra_minutes is not null)),
  check ((action = 'grant_extra_time') = (from_state = to_state)),
  check (action not in ('pause', 'grant_extra_time', 'reopen', 'disqualify') or reason is not null),
  check (witnessed_by is null or (action = 'check_in' and witnessed_by <> actor_user_id))
)`,
  `-- serves: a competitor's history, newest first (the check-in page), and the skill's extra time
create index competitor_state_event_competitor_idx on competitor_state_event (competitor_id, id desc)`,
  `create function competitor_state_event_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'competitor_state_event is append-only: record a new state change instead';
end $$`,
  `create trigger competitor_state_event_no_update before update or delete on competitor_state_event for each row execute function competitor_state_event_append_only()`,
  `create function competitor_state_follow() returns trigger language plpgsql as $$
begin
  update competitor set state = new.to_state where id = new.competitor_id and state = new.from_state;
  if not found then
    raise exception 'competitor % is not in state % (a state change raced another)', new.competitor_id, new.from_state;
  end if;
  return null;
end $$`,
  `create trigger competitor_state_event_applies after insert on competitor_state_event for each row execute function competitor_state_follow()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Forward-only migration.");
}
