// A query whose shape never changes, compiled once. Kysely builds, freezes, transforms (the
// camel-case plugin) and compiles a query's whole tree on every call; for the marking path's
// large statements that cost more CPU than PostgreSQL spends running them (docs/decisions/010).
// A reusable query is built once with a marker in place of each parameter; later calls only put
// the values where the markers were. The SQL text is then the same every time, which also lets
// the connection's prepared statement be reused.
//
// Only for builders that do not branch on their parameters' values (a different shape needs a
// second reusable query): the first compile checks that every parameter reached the SQL as a
// bound value, untouched.
import type { Compilable, CompiledQuery, Kysely } from "kysely";

const markerOf = (i: number) => `\u0001gj-param-${i}\u0001`;

export function reusableQuery<DB, P extends Record<string, unknown>, R>(
  build: (db: Kysely<DB>, params: P) => Compilable<R>,
  options: { sqlPrefix?: string } = {},
): (db: Kysely<DB>, params: P) => Promise<R[]> {
  let compiled: { query: CompiledQuery<R>; slots: Array<(params: P) => unknown> } | null = null;
  return async (db, params) => {
    if (!compiled) {
      const keys = Object.keys(params) as Array<keyof P & string>;
      const markers = Object.fromEntries(keys.map((key, i) => [key, markerOf(i)])) as P;
      const query = build(db, markers).compile();
      const reached = new Set<string>();
      const slots = query.parameters.map((value) => {
        const i = keys.findIndex((_, j) => value === markerOf(j));
        if (i === -1) return () => value; // a constant of the builder (a limit, a literal)
        const key = keys[i]!;
        reached.add(key);
        return (given: P) => given[key];
      });
      const lost = keys.filter((key) => !reached.has(key));
      if (lost.length > 0) throw new Error(`reusableQuery: ${lost.join(", ")} did not reach the SQL as bound values`);
      compiled = { query: options.sqlPrefix ? { ...query, sql: options.sqlPrefix + query.sql } : query, slots };
    }
    const { query, slots } = compiled;
    const result = await db.executeQuery<R>({ ...query, parameters: slots.map((slot) => slot(params)) });
    return result.rows;
  };
}
