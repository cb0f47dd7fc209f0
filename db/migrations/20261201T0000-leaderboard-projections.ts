// The leaderboard keeps, per skill, the projections its two streams last carried (decision 020):
// the public one (whatever the public was served: live, frozen or hidden rows) and the staff
// one. A publication compares the new projection with the kept one and sends only the rows that
// changed — or nothing, when nothing did — and a screen joining late is sent exactly the kept
// projection with its stream's number, so the changes that follow apply to it. Null until the
// skill's first publication: the snapshot is then made from the standings.
import { sql, type Kysely } from "kysely";

const statements: string[] = [
  `alter table leaderboard
  add column public_projection jsonb check (public_projection is null or jsonb_typeof(public_projection) = 'object'),
  add column staff_projection jsonb check (staff_projection is null or jsonb_typeof(staff_projection) = 'object')`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Forward-only migration.");
}
