// Decryption 解密 (RULES.md "Anonymity, draw, check-in"): after the chief judge has locked every
// module of a skill, the codes are opened layer by layer — layer 1 maps workstation numbers back
// to check-in numbers (二次加密), layer 2 check-in numbers to registrations and names (一次加密) —
// each once, by the chief judge, witnessed by a supervisor, append-only.
import { sql, type Kysely } from "kysely";

const statements: string[] = [
  `create table decryption (
  id uuid primary key default gen_random_uuid(),
  competition_id uuid not null,
  skill_id uuid not null,
  layer integer not null check (layer in (1, 2)),
  conducted_by uuid not null references app_user(id),
  witnessed_by uuid not null references app_user(id),
  conducted_at timestamptz not null,
  foreign key (skill_id, competition_id) references skill(id, competition_id),
  check (witnessed_by <> conducted_by),
  unique (skill_id, layer) -- serves: the layers opened for a skill
)`,
  `create function decryption_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'decryption is append-only';
end $$`,
  `create trigger decryption_no_update before update or delete on decryption for each row execute function decryption_append_only()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Forward-only migration.");
}
