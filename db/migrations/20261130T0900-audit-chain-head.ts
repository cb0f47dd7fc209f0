// The audit chain's head: one row holding the last event's sequence number and hash. An appender
// locks it by updating it (`update … returning` waits for the previous appender and then sees
// its committed head), which replaces an advisory lock plus a read of the last event: one round
// trip instead of two on every write, the marking path included. The head also lets the verifier
// notice events cut from the end of the chain.
import { sql, type Kysely } from "kysely";

const statements: string[] = [
  `create table audit_chain_head (
  id smallint primary key default 1 check (id = 1),
  seq bigint not null check (seq >= 0),
  hash text check (hash is null or length(hash) = 64) -- null: no event yet (the genesis hash follows)
)`,
  `insert into audit_chain_head (id, seq, hash)
select 1, coalesce(max(seq), 0), (select hash from audit_event order by seq desc limit 1) from audit_event`,
  `create function audit_chain_head_forward_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then raise exception 'audit_chain_head cannot be deleted'; end if;
  if new.seq < old.seq then raise exception 'audit_chain_head only moves forward'; end if;
  return new;
end $$`,
  `create trigger audit_chain_head_forward before update or delete on audit_chain_head for each row execute function audit_chain_head_forward_only()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Forward-only migration.");
}
