// Each module's maximum mark and number of aspects, written with the scheme (whose rows never
// change once saved: a new version replaces them). Standings read them after every mark, so
// they are stored rather than summed over the aspects each time.
import { sql, type Kysely } from "kysely";

const statements: string[] = [
  `alter table scheme_module add column max_mark numeric(10,2), add column aspect_count integer`,
  `update scheme_module m set max_mark = t.max_mark, aspect_count = t.aspect_count
from (select sc.module_id, sum(a.max_mark) as max_mark, count(*)::int as aspect_count
      from sub_criterion sc join aspect a on a.sub_criterion_id = sc.id group by sc.module_id) t
where t.module_id = m.id`,
  `update scheme_module set max_mark = 0, aspect_count = 0 where max_mark is null`,
  `alter table scheme_module alter column max_mark set not null, alter column aspect_count set not null,
  add constraint scheme_module_totals_check check (max_mark >= 0 and aspect_count >= 0)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Forward-only migration.");
}
