// The audit chain is linked by the database (docs/decisions/019). The writer digests each
// event's content (body_digest, no lock needed); a trigger takes the chain's head as the row is
// inserted, gives the event the next seq and links it: hash = sha256(prev_hash "\n" seq "\n"
// body_digest). The head is then locked only from the transaction's closing statement to its
// COMMIT, which is sent right behind that statement: no application round trip, and no
// application pause (a busy event loop), lies inside the lock any more. Events stored before
// this migration keep the first format (body_digest null) and verify as they did.
import { sql, type Kysely } from "kysely";

const statements: string[] = [
  `alter table audit_event add column body_digest text check (body_digest is null or body_digest ~ '^[0-9a-f]{64}$')`,
  `create function audit_event_link() returns trigger language plpgsql as $$
declare
  head record;
begin
  if new.body_digest is null then
    raise exception 'audit events are linked by the database: give body_digest, not seq and hash';
  end if;
  select seq, hash into head from audit_chain_head where id = 1 for update;
  new.seq := head.seq + 1;
  new.prev_hash := coalesce(head.hash, repeat('0', 64));
  new.hash := encode(sha256(convert_to(new.prev_hash || E'\\n' || new.seq::text || E'\\n' || new.body_digest, 'UTF8')), 'hex');
  update audit_chain_head set seq = new.seq, hash = new.hash where id = 1;
  return new;
end $$`,
  `create trigger audit_event_link before insert on audit_event for each row execute function audit_event_link()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Forward-only migration.");
}
