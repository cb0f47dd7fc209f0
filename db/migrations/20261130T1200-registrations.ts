// Registration 报名 (GLOSSARY `registration`, RULES.md "Eligibility"): the organizer's window,
// quotas, required documents and per-skill eligibility rules; team leaders' registrations of
// their delegation's competitors (draft → submitted → approved / rejected), each naming the
// persons it enters and what was declared about them; and staged Excel imports, kept so a
// leader can import only the clean rows of a file that was checked. An approved registration
// becomes a `competitor` (its `competitor_id`).
import { sql, type Kysely } from "kysely";

const skillLevels = "'level5','level4','level3','level2','level1','special_technician','chief_technician'";

const statements: string[] = [
  `create table registration_settings (
  competition_id uuid primary key references competition(id),
  opens_at timestamptz,
  closes_at timestamptz,
  default_quota integer not null default 2 check (default_quota between 1 and 100),
  cut_off_date date, -- ages are taken on this day; null: the competition's first day
  required_documents jsonb not null default '[]'::jsonb check (jsonb_typeof(required_documents) = 'array'), -- [{"code","nameZh","nameEn"}]
  updated_at timestamptz not null default now(),
  check ((opens_at is null) = (closes_at is null)),
  check (closes_at > opens_at)
)`,
  `create table skill_registration_rule (
  skill_id uuid primary key,
  competition_id uuid not null,
  quota integer check (quota between 1 and 100), -- per delegation; null: the competition's default
  required_skill_level text check (required_skill_level in (${skillLevels})),
  require_locality boolean not null default true, -- 属地: the employer lies in the delegation's region
  require_occupation boolean not null default false, -- only people working in the skill's occupation
  -- 晋级资格: a result at a lower level in the same occupation (e.g. top 5 of a city contest)
  required_result_level text check (required_result_level in ('enterprise','city','industry','provincial','national','ws_selection','ws_squad')),
  required_result_rank integer check (required_result_rank between 1 and 100),
  check ((required_result_level is null) = (required_result_rank is null)),
  updated_at timestamptz not null default now(),
  foreign key (skill_id, competition_id) references skill(id, competition_id)
)`,
  `create table registration (
  id uuid primary key default gen_random_uuid(),
  entry_no bigint generated always as identity unique, -- the order registrations were entered in
  competition_id uuid not null,
  skill_id uuid not null,
  delegation_id uuid not null,
  status text not null default 'draft' check (status in ('draft','submitted','approved','rejected')),
  documents jsonb not null default '[]'::jsonb check (jsonb_typeof(documents) = 'array'), -- codes of the required documents supplied
  rejection_reason text check (length(rejection_reason) between 1 and 1000),
  competitor_id uuid unique references competitor(id),
  version integer not null default 1,
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  submitted_at timestamptz,
  reviewed_by uuid references app_user(id),
  reviewed_at timestamptz,
  foreign key (skill_id, competition_id) references skill(id, competition_id),
  foreign key (delegation_id, competition_id) references delegation(id, competition_id),
  unique (id, skill_id),
  check ((status = 'rejected') = (rejection_reason is not null)),
  check ((status = 'approved') = (competitor_id is not null))
)`,
  `-- serves: the review table (per competition, filtered by skill, delegation and status)
create index registration_competition_idx on registration (competition_id, skill_id, delegation_id)`,
  `-- serves: a team leader's list and the quota count per delegation and skill
create index registration_delegation_idx on registration (delegation_id, skill_id, status)`,
  `create table registration_member (
  registration_id uuid not null,
  skill_id uuid not null,
  person_id uuid not null references person(id),
  position integer not null check (position between 1 and 10),
  skill_level text check (skill_level in (${skillLevels})),
  occupation text check (length(occupation) between 1 and 100),
  retirement_category text check (retirement_category in ('male','female_cadre','female_worker')), -- null: not asked (no retirement-age rule)
  employer_id uuid references organization(id),
  phone text check (phone ~ '^[0-9+ -]{5,20}$'),
  primary key (registration_id, person_id),
  unique (registration_id, position),
  foreign key (registration_id, skill_id) references registration(id, skill_id) on delete cascade
)`,
  `-- one person is entered in a skill once; also finds a person's registrations
create unique index registration_member_person_skill_idx on registration_member (person_id, skill_id)`,
  `create table registration_import (
  id uuid primary key default gen_random_uuid(),
  competition_id uuid not null references competition(id),
  delegation_id uuid not null,
  file_name text not null check (length(file_name) between 1 and 255),
  file_sha256 text not null check (file_sha256 ~ '^[0-9a-f]{64}$'),
  row_count integer not null check (row_count >= 0),
  rows jsonb not null check (jsonb_typeof(rows) = 'array'), -- the parsed rows, as read
  problems jsonb not null check (jsonb_typeof(problems) = 'array'), -- [{"row","field","code","params"}]
  status text not null default 'checked' check (status in ('checked','imported')),
  imported_count integer,
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  imported_at timestamptz,
  foreign key (delegation_id, competition_id) references delegation(id, competition_id),
  check ((status = 'imported') = (imported_at is not null))
)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("20261130T1200-registrations is not reversible: registrations are records to keep");
}
