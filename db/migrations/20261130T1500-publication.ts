// Publication 成绩公示, appeals 申诉, titles and promotions, certificates 证书, advancement 晋级 and
// the national training squad's elimination rounds (RULES.md "Publication and appeals",
// "Results", "Advancement"; decision 018).
// - The chief judge re-checks results (复核) and signs a skill's results off; the organizer
//   publishes them: a `publication` with its rows (`published_result`) and the titles and
//   promotions they earn (`honour`), and the notice period's end. An upheld appeal republishes:
//   a new version, the old one stays as it was.
// - Appeals move received → under_review → upheld / rejected; every step is an `appeal_event`.
//   An upheld appeal's correction is prepared (previewed) and applied as a whole.
// - Certificates are issued per award, title and promotion of the current publication; a changed
//   result revokes the old certificate (kept, marked revoked) and issues a new one.
// - Advancement rules say how a competition feeds the next level; `advancement` rows are the
//   persons they qualified, with the result that did.
// Everything is append-only except the columns that record a later step of the same thing
// (an appeal's state, a certificate's revocation, a correction's application, a notification's
// reading, an advancement's revocation, a rule's withdrawal), each guarded by a trigger.
import { sql, type Kysely } from "kysely";

const appendOnly = ["result_recheck", "skill_sign_off", "published_result", "honour", "appeal_event", "appeal_attachment", "squad_round"];

const statements: string[] = [
  `-- the skill level a person held when entering (promotions go one level up from it; the dashboard's share of high-skilled)
alter table competitor_member add column skill_level text check (skill_level is null or skill_level in ('level5', 'level4', 'level3', 'level2', 'level1', 'special_technician', 'chief_technician'))`,
  `create function publication_append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name;
end $$`,

  `create table result_recheck (
  id uuid primary key default gen_random_uuid(),
  competition_id uuid not null,
  skill_id uuid not null,
  competitor_id uuid not null,
  checked_by uuid not null references app_user(id),
  found_error boolean not null,
  note text check (note is null or length(note) between 1 and 2000),
  checked_at timestamptz not null,
  foreign key (skill_id, competition_id) references skill(id, competition_id),
  foreign key (competitor_id, skill_id) references competitor(id, skill_id)
)`,
  `-- serves: a skill's re-checks
create index result_recheck_skill_idx on result_recheck (skill_id, checked_at)`,

  `create table skill_sign_off (
  id uuid primary key default gen_random_uuid(),
  competition_id uuid not null,
  skill_id uuid not null,
  signed_by uuid not null references app_user(id),
  signed_at timestamptz not null,
  -- the standings signed (rank, code, total per competitor), to tell a later change apart
  standings jsonb not null,
  foreign key (skill_id, competition_id) references skill(id, competition_id)
)`,
  `create index skill_sign_off_skill_idx on skill_sign_off (skill_id, signed_at desc)`,

  `create table publication (
  id uuid primary key default gen_random_uuid(),
  competition_id uuid not null,
  skill_id uuid not null,
  version integer not null check (version >= 1),
  sign_off_id uuid references skill_sign_off(id),
  published_by uuid not null references app_user(id),
  published_at timestamptz not null,
  -- the notice period 公示 ends at the end of this day (Beijing time)
  notice_ends_on date not null,
  notice_ends_at timestamptz not null,
  selection_only boolean not null,
  -- a republication: why (the appeal ruling it applies)
  reason text check (reason is null or length(reason) between 1 and 2000),
  appeal_id uuid,
  -- false once a later version replaces it
  is_current boolean not null default true,
  foreign key (skill_id, competition_id) references skill(id, competition_id),
  unique (skill_id, version)
)`,
  `-- serves: the current publication of a skill, and of a competition
create unique index publication_current_idx on publication (skill_id) where is_current`,
  `create index publication_competition_idx on publication (competition_id) where is_current`,
  `create function publication_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then raise exception 'publication is append-only'; end if;
  if (new.id, new.competition_id, new.skill_id, new.version, new.sign_off_id, new.published_by, new.published_at, new.notice_ends_on, new.notice_ends_at, new.selection_only, new.reason, new.appeal_id)
     is distinct from (old.id, old.competition_id, old.skill_id, old.version, old.sign_off_id, old.published_by, old.published_at, old.notice_ends_on, old.notice_ends_at, old.selection_only, old.reason, old.appeal_id)
     or (old.is_current = false) then
    raise exception 'a publication only stops being current';
  end if;
  return new;
end $$`,
  `create trigger publication_guard before update or delete on publication for each row execute function publication_guard()`,

  `create table published_result (
  publication_id uuid not null references publication(id),
  competitor_id uuid not null references competitor(id),
  competition_id uuid not null,
  skill_id uuid not null,
  delegation_id uuid not null references delegation(id),
  code text not null,
  rank integer not null check (rank >= 1),
  -- exact decimals as text ("87.4167"), as the results domain writes them
  total text not null,
  module_marks jsonb not null,
  points integer,
  award text check (award is null or award in ('gold', 'silver', 'bronze', 'medallion', 'first', 'second', 'third', 'merit')),
  best_of_nation boolean not null default false,
  primary key (publication_id, competitor_id)
)`,
  `-- serves: a competitor's published results (pathway), a competition's (medal table, dashboard)
create index published_result_competitor_idx on published_result (competitor_id)`,
  `create index published_result_competition_idx on published_result (competition_id)`,

  `create table honour (
  id uuid primary key default gen_random_uuid(),
  publication_id uuid not null references publication(id),
  competitor_id uuid not null references competitor(id),
  person_id uuid not null references person(id),
  competition_id uuid not null,
  skill_id uuid not null,
  kind text not null check (kind in ('title', 'promotion')),
  -- a title's code (sichuan_craftsman …) or the skill level a promotion gives (level2 …)
  code text not null check (length(code) between 1 and 60),
  label_zh text not null,
  label_en text not null,
  unique (publication_id, person_id, kind, code)
)`,
  `create index honour_person_idx on honour (person_id)`,

  `create table appeal (
  id uuid primary key default gen_random_uuid(),
  -- 申诉编号, in filing order
  appeal_no bigint generated always as identity unique,
  submission_id uuid not null unique,
  competition_id uuid not null,
  skill_id uuid not null,
  delegation_id uuid not null references delegation(id),
  competitor_id uuid references competitor(id),
  filed_by uuid not null references app_user(id),
  filed_at timestamptz not null,
  reason text not null check (length(reason) between 10 and 4000),
  state text not null default 'received' check (state in ('received', 'under_review', 'upheld', 'rejected')),
  ruling text check (ruling is null or length(ruling) between 1 and 4000),
  ruled_by uuid references app_user(id),
  ruled_at timestamptz,
  -- an upheld appeal's correction, applied as a whole, and the publication it made
  corrected_at timestamptz,
  corrected_by uuid references app_user(id),
  corrected_publication_id uuid references publication(id),
  foreign key (skill_id, competition_id) references skill(id, competition_id)
)`,
  `create index appeal_competition_idx on appeal (competition_id, filed_at desc)`,
  `create function appeal_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then raise exception 'appeal is append-only'; end if;
  if (new.id, new.appeal_no, new.submission_id, new.competition_id, new.skill_id, new.delegation_id, new.competitor_id, new.filed_by, new.filed_at, new.reason)
     is distinct from (old.id, old.appeal_no, old.submission_id, old.competition_id, old.skill_id, old.delegation_id, old.competitor_id, old.filed_by, old.filed_at, old.reason) then
    raise exception 'an appeal as filed cannot change';
  end if;
  if old.state in ('upheld', 'rejected') and new.state is distinct from old.state then
    raise exception 'a ruling is final';
  end if;
  if old.ruled_at is not null and (new.ruling, new.ruled_by, new.ruled_at) is distinct from (old.ruling, old.ruled_by, old.ruled_at) then
    raise exception 'a ruling is final';
  end if;
  if old.corrected_at is not null and (new.corrected_at, new.corrected_by, new.corrected_publication_id) is distinct from (old.corrected_at, old.corrected_by, old.corrected_publication_id) then
    raise exception 'a correction is applied once';
  end if;
  return new;
end $$`,
  `create trigger appeal_guard before update or delete on appeal for each row execute function appeal_guard()`,

  `create table appeal_event (
  id bigint generated always as identity primary key,
  appeal_id uuid not null references appeal(id),
  kind text not null check (kind in ('filed', 'review_started', 'hearing_note', 'upheld', 'rejected', 'correction_prepared', 'correction_applied')),
  text text check (text is null or length(text) between 1 and 4000),
  actor_user_id uuid not null references app_user(id),
  occurred_at timestamptz not null
)`,
  `create index appeal_event_appeal_idx on appeal_event (appeal_id, id)`,

  `create table appeal_attachment (
  id uuid primary key default gen_random_uuid(),
  appeal_id uuid not null references appeal(id),
  file_name text not null check (length(file_name) between 1 and 200),
  content_type text not null,
  byte_size integer not null check (byte_size between 1 and 5242880),
  sha256 text not null,
  content bytea not null
)`,
  `create index appeal_attachment_appeal_idx on appeal_attachment (appeal_id)`,

  `create table appeal_correction (
  id uuid primary key default gen_random_uuid(),
  appeal_id uuid not null references appeal(id),
  -- the new marks: [{ competitorId, aspectId, judgeUserId, value }]
  rows jsonb not null,
  prepared_by uuid not null references app_user(id),
  prepared_at timestamptz not null,
  applied_by uuid references app_user(id),
  applied_at timestamptz
)`,
  `create index appeal_correction_appeal_idx on appeal_correction (appeal_id, prepared_at desc)`,
  `create function appeal_correction_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then raise exception 'appeal_correction is append-only'; end if;
  if (new.id, new.appeal_id, new.rows, new.prepared_by, new.prepared_at) is distinct from (old.id, old.appeal_id, old.rows, old.prepared_by, old.prepared_at)
     or old.applied_at is not null then
    raise exception 'a prepared correction is only applied, once';
  end if;
  return new;
end $$`,
  `create trigger appeal_correction_guard before update or delete on appeal_correction for each row execute function appeal_correction_guard()`,

  `create table notification (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user(id),
  competition_id uuid references competition(id),
  kind text not null check (length(kind) between 1 and 60),
  payload jsonb not null,
  created_at timestamptz not null,
  read_at timestamptz
)`,
  `create index notification_user_idx on notification (user_id, created_at desc)`,

  `create table certificate (
  id uuid primary key default gen_random_uuid(),
  -- 证书编号, printed and in the QR code: hard to guess, easy to read out
  number text not null unique check (number ~ '^[A-Z0-9-]{8,40}$'),
  competition_id uuid not null references competition(id),
  skill_id uuid not null references skill(id),
  publication_id uuid not null references publication(id),
  competitor_id uuid not null references competitor(id),
  person_id uuid not null references person(id),
  kind text not null check (kind in ('award', 'title', 'promotion')),
  -- award value, title code or skill level
  code text not null,
  label_zh text not null,
  label_en text not null,
  issued_at timestamptz not null,
  revoked_at timestamptz,
  revoked_by uuid references app_user(id),
  revoked_reason text check (revoked_reason is null or length(revoked_reason) between 1 and 2000),
  replaced_by_id uuid references certificate(id)
)`,
  `-- serves: a skill's valid certificates (batch download), a person's (pathway)
create index certificate_skill_idx on certificate (skill_id) where revoked_at is null`,
  `create index certificate_person_idx on certificate (person_id)`,
  `create function certificate_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then raise exception 'certificate is append-only'; end if;
  if (new.id, new.number, new.competition_id, new.skill_id, new.publication_id, new.competitor_id, new.person_id, new.kind, new.code, new.label_zh, new.label_en, new.issued_at)
     is distinct from (old.id, old.number, old.competition_id, old.skill_id, old.publication_id, old.competitor_id, old.person_id, old.kind, old.code, old.label_zh, old.label_en, old.issued_at)
     or old.revoked_at is not null then
    raise exception 'a certificate is only revoked, once';
  end if;
  return new;
end $$`,
  `create trigger certificate_guard before update or delete on certificate for each row execute function certificate_guard()`,

  `create table advancement_rule (
  id uuid primary key default gen_random_uuid(),
  competition_id uuid not null references competition(id),
  -- reserve: reserve entrants of the next level; eligible: may register there (晋级资格);
  -- delegation: enters the delegation for the next level; squad: national training squad
  kind text not null check (kind in ('reserve', 'eligible', 'delegation', 'squad')),
  target_level text not null check (target_level in ('enterprise', 'city', 'industry', 'provincial', 'national', 'ws_selection', 'ws_squad', 'worldskills')),
  target_competition_id uuid references competition(id),
  -- ranks 1…top_n of an individual skill, 1…team_top_n of a team skill
  top_n integer not null check (top_n between 1 and 1000),
  team_top_n integer check (team_top_n is null or team_top_n between 1 and 1000),
  -- only skills of this track (e.g. ws for the squad); null: every skill
  track text check (track is null or track in ('ws', 'national', 'local')),
  created_by uuid not null references app_user(id),
  created_at timestamptz not null,
  withdrawn_by uuid references app_user(id),
  withdrawn_at timestamptz,
  withdrawn_reason text
)`,
  `create index advancement_rule_competition_idx on advancement_rule (competition_id)`,
  `create function advancement_rule_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then raise exception 'advancement_rule is append-only'; end if;
  if (new.id, new.competition_id, new.kind, new.target_level, new.target_competition_id, new.top_n, new.team_top_n, new.track, new.created_by, new.created_at)
     is distinct from (old.id, old.competition_id, old.kind, old.target_level, old.target_competition_id, old.top_n, old.team_top_n, old.track, old.created_by, old.created_at)
     or old.withdrawn_at is not null then
    raise exception 'an advancement rule is only withdrawn, once';
  end if;
  return new;
end $$`,
  `create trigger advancement_rule_guard before update or delete on advancement_rule for each row execute function advancement_rule_guard()`,

  `create table advancement (
  id uuid primary key default gen_random_uuid(),
  rule_id uuid not null references advancement_rule(id),
  person_id uuid not null references person(id),
  competitor_id uuid not null references competitor(id),
  publication_id uuid not null references publication(id),
  source_competition_id uuid not null references competition(id),
  source_skill_id uuid not null references skill(id),
  occupation_code text not null,
  rank integer not null,
  kind text not null check (kind in ('reserve', 'eligible', 'delegation', 'squad')),
  target_level text not null,
  target_competition_id uuid references competition(id),
  created_at timestamptz not null,
  revoked_at timestamptz,
  revoked_reason text
)`,
  `-- serves: a person's qualifications (registration, pathway), a target competition's
create index advancement_person_idx on advancement (person_id) where revoked_at is null`,
  `create index advancement_target_idx on advancement (target_level, occupation_code) where revoked_at is null`,
  `create function advancement_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then raise exception 'advancement is append-only'; end if;
  if (new.id, new.rule_id, new.person_id, new.competitor_id, new.publication_id, new.rank, new.kind, new.target_level, new.target_competition_id, new.created_at)
     is distinct from (old.id, old.rule_id, old.person_id, old.competitor_id, old.publication_id, old.rank, old.kind, old.target_level, old.target_competition_id, old.created_at)
     or old.revoked_at is not null then
    raise exception 'an advancement is only revoked, once';
  end if;
  return new;
end $$`,
  `create trigger advancement_guard before update or delete on advancement for each row execute function advancement_guard()`,

  `create table squad_round (
  id uuid primary key default gen_random_uuid(),
  -- the national training squad 国家集训队 (a ws_squad competition) of one occupation
  competition_id uuid not null references competition(id),
  occupation_code text not null,
  round_no integer not null check (round_no between 1 and 20),
  -- the round's assessment: a skill of the squad competition, with its own scheme and marks
  skill_id uuid not null unique,
  -- the best keep_count go on (the last round keeps 1: the representative), the next reserve_count are reserves
  keep_count integer not null check (keep_count >= 1),
  reserve_count integer not null default 0 check (reserve_count >= 0),
  created_by uuid not null references app_user(id),
  created_at timestamptz not null,
  foreign key (skill_id, competition_id) references skill(id, competition_id),
  unique (competition_id, occupation_code, round_no)
)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
  for (const table of appendOnly) {
    await sql.raw(`create trigger ${table}_no_update before update or delete on ${table} for each row execute function publication_append_only()`).execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error("Forward-only migration.");
}
