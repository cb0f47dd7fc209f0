// The foundation: people, organizations, accounts and roles, competitions with their skills and
// delegations, sessions, sign-in throttling and the audit chain. Written against Kysely<any>
// and plain SQL so it never depends on app code that may change later.
import { sql, type Kysely } from "kysely";

// One statement per entry: PGlite's extended protocol runs a single command per query.
const statements: string[] = [
  `create table organization (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  kind text not null check (kind in ('enterprise','school','training_base','government')),
  region_code text check (region_code ~ '^[0-9]{6}$'),
  created_at timestamptz not null default now(),
  unique (name)
)`,
  `create table person (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 100),
  gender text not null check (gender in ('male','female')),
  birth_date date not null,
  id_number_cipher text not null,
  id_number_index text not null unique, -- serves: find a person by ID number (registration, dedupe)
  id_number_masked text not null check (id_number_masked ~ '^[0-9]{3}[*]+[0-9]{3}[0-9X]$'),
  employer_id uuid references organization(id),
  region_code text check (region_code ~ '^[0-9]{6}$'),
  phone text check (phone ~ '^[0-9+ -]{5,20}$'),
  created_at timestamptz not null default now()
)`,
  `create table app_user (
  id uuid primary key default gen_random_uuid(),
  username text not null unique check (username ~ '^[a-z0-9][a-z0-9._-]{2,39}$'),
  display_name text not null check (length(display_name) between 1 and 100),
  password_hash text,
  person_id uuid references person(id),
  is_platform_admin boolean not null default false,
  created_at timestamptz not null default now(),
  disabled_at timestamptz
)`,
  `create table competition (
  id uuid primary key default gen_random_uuid(),
  name_zh text not null check (length(name_zh) between 1 and 200),
  name_en text check (length(name_en) between 1 and 200),
  level text not null check (level in ('enterprise','city','industry','provincial','national','ws_selection','ws_squad','worldskills')),
  year integer not null check (year between 2000 and 2100),
  starts_on date not null,
  ends_on date not null,
  venue text not null check (length(venue) between 1 and 200),
  organizer_name text not null check (length(organizer_name) between 1 and 200),
  status text not null default 'draft' check (status in ('draft','announced','running','finished','archived')),
  rule_settings jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_on >= starts_on),
  check (extract(year from starts_on) = year)
)`,
  `-- serves: the public list filtered by level and year, newest first
create index competition_level_year_idx on competition (level, year desc)`,
  `create table skill (
  id uuid primary key default gen_random_uuid(),
  competition_id uuid not null references competition(id),
  name_zh text not null check (length(name_zh) between 1 and 100),
  name_en text check (length(name_en) between 1 and 100),
  track text not null check (track in ('ws','national','local')),
  occupation_code text not null check (occupation_code ~ '^[0-9]-[0-9]{2}(-[0-9]{2}(-[0-9]{2})?)?$'),
  ws_number text check (ws_number ~ '^[0-9]{1,3}[A-Z]?$'),
  team_size integer not null default 1 check (team_size between 1 and 10),
  entrant_group text not null check (entrant_group in ('worker','student')),
  age_rule text not null check (age_rule in ('ws_under_22','ws_under_25','cn_working_age','none')),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  venue_area text check (length(venue_area) between 1 and 100),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_at > starts_at),
  unique (competition_id, name_zh, entrant_group),
  unique (id, competition_id) -- target of composite keys that keep children inside one competition
)`,
  `create table delegation (
  id uuid primary key default gen_random_uuid(),
  competition_id uuid not null references competition(id),
  name_zh text not null check (length(name_zh) between 1 and 100),
  name_en text check (length(name_en) between 1 and 100),
  kind text not null check (kind in ('region','industry','enterprise','school')),
  region_code text check (region_code ~ '^[0-9]{6}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (competition_id, name_zh),
  unique (id, competition_id)
)`,
  `create table competitor (
  id uuid primary key default gen_random_uuid(),
  competition_id uuid not null references competition(id),
  skill_id uuid not null,
  delegation_id uuid not null,
  registration_no text not null,
  created_at timestamptz not null default now(),
  foreign key (skill_id, competition_id) references skill(id, competition_id),
  foreign key (delegation_id, competition_id) references delegation(id, competition_id),
  unique (competition_id, registration_no)
)`,
  `-- serves: competitors per skill and per delegation on the competition pages
create index competitor_skill_idx on competitor (skill_id)`,
  `create index competitor_delegation_idx on competitor (delegation_id)`,
  `create table competitor_member (
  competitor_id uuid not null references competitor(id),
  person_id uuid not null references person(id),
  primary key (competitor_id, person_id)
)`,
  `-- serves: a person's pathway (every competitor entry of one person)
create index competitor_member_person_idx on competitor_member (person_id)`,
  `create table role_assignment (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user(id),
  role text not null check (role in ('organizer','team_leader','chief_judge','deputy_chief_judge','judge','supervisor','arbitrator')),
  competition_id uuid not null references competition(id),
  skill_id uuid,
  delegation_id uuid,
  granted_by uuid references app_user(id),
  granted_at timestamptz not null default now(),
  revoked_at timestamptz,
  revoked_by uuid references app_user(id),
  foreign key (skill_id, competition_id) references skill(id, competition_id),
  foreign key (delegation_id, competition_id) references delegation(id, competition_id),
  check ((role = 'team_leader') = (delegation_id is not null)),
  check (skill_id is null or role in ('chief_judge','deputy_chief_judge','judge','supervisor','arbitrator'))
)`,
  `-- serves: the signed-in user's grants on every request; one active grant per scope
create unique index role_assignment_active_idx on role_assignment
  (user_id, role, competition_id, coalesce(skill_id, '00000000-0000-0000-0000-000000000000'), coalesce(delegation_id, '00000000-0000-0000-0000-000000000000'))
  where revoked_at is null`,
  `-- serves: the competition's people page
create index role_assignment_competition_idx on role_assignment (competition_id) where revoked_at is null`,
  `create table session (
  id text primary key check (id ~ '^[0-9a-f]{64}$'),
  user_id uuid not null references app_user(id),
  kind text not null check (kind in ('password','tablet_code')),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_seen_at timestamptz not null,
  user_agent text,
  revoked_at timestamptz
)`,
  `create table tablet_sign_in_code (
  id uuid primary key default gen_random_uuid(),
  code_hash text not null unique, -- serves: redeeming a code
  user_id uuid not null references app_user(id),
  competition_id uuid not null references competition(id),
  skill_id uuid,
  issued_by uuid not null references app_user(id),
  issued_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  foreign key (skill_id, competition_id) references skill(id, competition_id)
)`,
  `create table sign_in_attempt (
  id bigserial primary key,
  throttle_key text not null,
  succeeded boolean not null,
  attempted_at timestamptz not null
)`,
  `-- serves: counting recent failures for one account, address or tablet
create index sign_in_attempt_failures_idx on sign_in_attempt (throttle_key, attempted_at desc) where not succeeded`,
  `create table audit_event (
  seq bigint primary key check (seq > 0),
  occurred_at timestamptz not null,
  actor_user_id uuid references app_user(id),
  action text not null,
  entity_type text not null,
  entity_id text,
  competition_id uuid,
  before jsonb,
  after jsonb,
  reason text,
  prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
  hash text not null unique check (hash ~ '^[0-9a-f]{64}$')
)`,
  `-- serves: a competition's audit trail, newest first
create index audit_event_competition_idx on audit_event (competition_id, seq desc)`,
  `-- Per-stream sequence numbers of realtime events (one stream per competition, or per skill),
-- advanced in the writing transaction so every instance agrees on the order.
create table realtime_stream (
  stream_key text primary key,
  seq bigint not null check (seq > 0)
)`,
  `-- Append-only: the database itself refuses to change or remove an audit event.
create function audit_event_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_event is append-only';
end $$`,
  `create trigger audit_event_no_update before update or delete on audit_event
  for each row execute function audit_event_append_only()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
export async function down(): Promise<void> {
  throw new Error("Forward-only: the foundation migration is not reversible in production.");
}
