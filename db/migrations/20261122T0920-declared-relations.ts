// Declared relations for recusal 回避 (RULES.md "Judges and conflicts"): a judge may not mark a
// relative or a student, or anyone else they declare a tie to. The organizer records the
// declaration per competition; every mark write checks it in the same statement as the other
// recusal ties. Withdrawing a declaration is recorded (who, when, why), never deleted.
import { sql, type Kysely } from "kysely";

const statements: string[] = [
  `create table declared_relation (
  id uuid primary key default gen_random_uuid(),
  competition_id uuid not null references competition(id),
  judge_user_id uuid not null references app_user(id),
  person_id uuid not null references person(id),
  kind text not null check (kind in ('relative', 'student', 'teacher', 'other')),
  note text check (length(note) <= 500),
  declared_by uuid not null references app_user(id),
  declared_at timestamptz not null,
  withdrawn_by uuid references app_user(id),
  withdrawn_at timestamptz,
  withdrawn_reason text check (length(withdrawn_reason) between 1 and 500),
  check ((withdrawn_at is null) = (withdrawn_by is null) and (withdrawn_at is null) = (withdrawn_reason is null))
)`,
  `-- serves: the marking check (a judge's current relations in a competition) and one open declaration per pair
create unique index declared_relation_open_key on declared_relation (competition_id, judge_user_id, person_id) where withdrawn_at is null`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Forward-only migration.");
}
