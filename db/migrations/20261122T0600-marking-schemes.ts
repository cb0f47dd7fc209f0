// Marking schemes (one per skill): standards sections with weightings, modules → sub-criteria →
// aspects. Max marks are numeric in 0.01 steps; calculations and descriptors are JSON validated
// by app/domain/marking-scheme on the way in and on every read.
import { sql, type Kysely } from "kysely";

const statements: string[] = [
  `create table marking_scheme (
  id uuid primary key default gen_random_uuid(),
  skill_id uuid not null unique references skill(id), -- serves: the scheme of a skill
  declared_total numeric(8,2) not null check (declared_total > 0),
  version integer not null default 1 check (version > 0),
  saved_by uuid references app_user(id),
  saved_at timestamptz not null
)`,
  `create table standards_section (
  id uuid primary key default gen_random_uuid(),
  scheme_id uuid not null references marking_scheme(id),
  code text not null check (length(code) between 1 and 20),
  name text not null check (length(name) between 1 and 200),
  weighting_percent numeric(6,2) not null check (weighting_percent between 0 and 100),
  position integer not null,
  unique (scheme_id, code),
  unique (id, scheme_id)
)`,
  `create table scheme_module (
  id uuid primary key default gen_random_uuid(),
  scheme_id uuid not null references marking_scheme(id),
  code text not null check (length(code) between 1 and 20),
  name text not null check (length(name) between 1 and 200),
  position integer not null,
  unique (scheme_id, code),
  unique (id, scheme_id)
)`,
  `create table sub_criterion (
  id uuid primary key default gen_random_uuid(),
  scheme_id uuid not null references marking_scheme(id),
  module_id uuid not null,
  code text not null check (length(code) between 1 and 20),
  name text not null check (length(name) between 1 and 200),
  marking_day integer check (marking_day between -5 and 10),
  position integer not null,
  foreign key (module_id, scheme_id) references scheme_module(id, scheme_id),
  unique (scheme_id, code),
  unique (id, scheme_id)
)`,
  `create table aspect (
  id uuid primary key default gen_random_uuid(),
  scheme_id uuid not null references marking_scheme(id),
  sub_criterion_id uuid not null,
  section_id uuid not null,
  code text not null check (length(code) between 1 and 30),
  kind text not null check (kind in ('measurement','judgement','trimmed_mean')),
  description text not null check (length(description) between 1 and 2000),
  max_mark numeric(8,2) not null check (max_mark > 0),
  descriptors jsonb,
  calculation jsonb,
  panel_size integer check (panel_size >= 3),
  position integer not null,
  foreign key (sub_criterion_id, scheme_id) references sub_criterion(id, scheme_id),
  foreign key (section_id, scheme_id) references standards_section(id, scheme_id),
  unique (scheme_id, code),
  check ((kind = 'judgement') = (descriptors is not null)),
  check ((kind = 'measurement') = (calculation is not null)),
  check ((kind = 'trimmed_mean') = (panel_size is not null))
)`,
  `-- serves: loading a scheme's aspects in order
create index aspect_scheme_idx on aspect (scheme_id, position)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Forward-only migration.");
}
