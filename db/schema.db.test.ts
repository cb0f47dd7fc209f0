// The hand-written table types (db/schema.ts) against the migrated database: every base table of
// schema public and every column, with its type and nullability as the application reads it,
// must match the select type of the `Database` interface (read with the TypeScript compiler), in
// both directions. CHECK constraints (enum-like text columns) are not compared: the types may be
// narrower unions of string.
import { fileURLToPath } from "node:url";
import { CamelCasePlugin, sql } from "kysely";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./testing";

const schemaPath = fileURLToPath(new URL("./schema.ts", import.meta.url));
const tsconfigPath = fileURLToPath(new URL("../tsconfig.json", import.meta.url));

/** Kysely's own migration bookkeeping, not application tables. */
const migrationTables = new Set(["kysely_migration", "kysely_migration_lock"]);

/**
 * What the application reads from each PostgreSQL type on both engines (db/connection.ts):
 * bigint is parsed to a number and `date` and `numeric` stay strings; timestamps are Dates;
 * bytea is a Uint8Array (a Buffer on postgres.js); json/jsonb is parsed JSON of any shape.
 */
const readAs: Record<string, string> = {
  text: "string",
  varchar: "string",
  bpchar: "string",
  uuid: "string",
  citext: "string",
  numeric: "string",
  date: "string",
  int2: "number",
  int4: "number",
  int8: "number",
  float4: "number",
  float8: "number",
  bool: "boolean",
  timestamptz: "Date",
  timestamp: "Date",
  bytea: "bytes",
  json: "json",
  jsonb: "json",
};

interface DbColumn {
  table: string;
  column: string;
  udt: string;
  nullable: boolean;
}

interface TsColumn {
  /** The kinds of value the select type allows (null apart): "string", "number", "array of string" … */
  kinds: Set<string>;
  nullable: boolean;
  text: string;
}

/** Database table/column names as CamelCasePlugin writes them (the same mapping as at run time). */
class SqlNames extends CamelCasePlugin {
  toSql(name: string): string {
    return this.snakeCase(name);
  }
}

/** The select type of every column of every table of `Database`, keyed by SQL names. */
function readDatabaseTypes(): { tables: Map<string, Map<string, TsColumn & { name: string }>>; diagnostics: string[] } {
  const config = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, fileURLToPath(new URL("..", import.meta.url)));
  const program = ts.createProgram([schemaPath], options);
  const checker = program.getTypeChecker();
  const diagnostics = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && /[\\/]db[\\/]schema/.test(d.file.fileName))
    .map((d) => `${d.file!.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
  const source = program.getSourceFile(schemaPath)!;
  const database = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).find((s) => s.name === "Database");
  if (!database) throw new Error("db/schema.ts exports no Database interface");

  // Kysely's Generated<T>, ColumnType<S, I, U> and the project's Json<T> and Timestamp are all
  // ColumnType: an object with a __select__ property; what a select returns is its type.
  const members = (type: ts.Type): ts.Type[] => {
    const parts = type.isUnion() ? type.types : [type];
    return parts.flatMap((part) => {
      const selected = part.getProperty("__select__");
      return selected ? members(checker.getTypeOfSymbol(selected)) : [part];
    });
  };
  const kindOf = (type: ts.Type): string => {
    const f = type.flags;
    if (f & (ts.TypeFlags.StringLike | ts.TypeFlags.StringMapping)) return "string";
    if (f & ts.TypeFlags.NumberLike) return "number";
    if (f & ts.TypeFlags.BooleanLike) return "boolean";
    if (f & ts.TypeFlags.BigIntLike) return "bigint";
    if (f & ts.TypeFlags.Undefined) return "undefined";
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return "unknown";
    if (f & ts.TypeFlags.Never) return "never";
    const name = type.getSymbol()?.name;
    if (name === "Date") return "Date";
    if (name === "Uint8Array" || name === "Buffer") return "bytes";
    if (checker.isArrayType(type)) {
      const [element] = checker.getTypeArguments(type as ts.TypeReference);
      const kinds = [...new Set(members(element!).map(kindOf))].sort();
      return `array of ${kinds.join(" | ")}`;
    }
    return "object";
  };

  const names = new SqlNames();
  const tables = new Map<string, Map<string, TsColumn & { name: string }>>();
  for (const table of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(database))) {
    const columns = new Map<string, TsColumn & { name: string }>();
    for (const column of checker.getPropertiesOfType(checker.getTypeOfSymbol(table))) {
      const type = checker.getTypeOfSymbol(column);
      const parts = members(type);
      const nullable = parts.some((p) => p.flags & ts.TypeFlags.Null);
      const kinds = new Set(parts.filter((p) => !(p.flags & ts.TypeFlags.Null)).map(kindOf));
      const text = parts.map((p) => checker.typeToString(p)).join(" | ");
      columns.set(names.toSql(column.name), { name: `${table.name}.${column.name}`, kinds, nullable, text });
    }
    tables.set(names.toSql(table.name), columns);
  }
  return { tables, diagnostics };
}

/** Why a column's type disagrees with the database, or null when it agrees. */
function disagreement(db: DbColumn, typed: TsColumn): string | null {
  const element = db.udt.startsWith("_") ? db.udt.slice(1) : null;
  const scalar = readAs[element ?? db.udt];
  if (!scalar) return `PostgreSQL type ${db.udt} has no mapping in db/schema.db.test.ts`;
  const expected = element ? `array of ${scalar}` : scalar;
  const wanted = `${expected}${db.nullable ? " | null" : ""}`;
  const kinds = [...typed.kinds];
  const typeAgrees =
    expected === "json" ? kinds.every((k) => !["undefined", "never", "Date", "bytes", "bigint"].includes(k)) : kinds.length === 1 && kinds[0] === expected;
  if (!typeAgrees) return `the database has ${db.udt}${db.nullable ? " null" : " not null"} (read as ${wanted}); the type selects ${typed.text}`;
  if (typed.nullable !== db.nullable)
    return db.nullable
      ? `the column is nullable; the type selects ${typed.text} (add | null)`
      : `the column is not null; the type selects ${typed.text} (drop | null)`;
  return null;
}

/** table.column as in SQL, with the TypeScript name when it differs. */
const label = (table: string, column: string, typeName: string) => (typeName === `${table}.${column}` ? typeName : `${table}.${column} (${typeName})`);

let t: TestDatabase;
let dbColumns: DbColumn[];

beforeAll(async () => {
  t = await createTestDatabase();
  const { rows } = await sql<{ tableName: string; columnName: string; udtName: string; isNullable: string }>`
    select c.table_name, c.column_name, c.udt_name, c.is_nullable
    from information_schema.columns c
    join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name
    where c.table_schema = 'public' and tb.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position
  `.execute(t.db);
  dbColumns = rows
    .filter((r) => !migrationTables.has(r.tableName))
    .map((r) => ({ table: r.tableName, column: r.columnName, udt: r.udtName, nullable: r.isNullable === "YES" }));
});
afterAll(async () => t.drop());

describe(`db/schema.ts against the migrated database (${process.env.TEST_DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("declares every table and column the migrations create, with the type and nullability the application reads", { timeout: 60_000 }, () => {
    const { tables, diagnostics } = readDatabaseTypes();
    expect(diagnostics).toEqual([]);
    const problems: string[] = [];
    const dbTables = new Map<string, DbColumn[]>();
    for (const c of dbColumns) dbTables.set(c.table, [...(dbTables.get(c.table) ?? []), c]);

    for (const [table, columns] of dbTables) {
      const declared = tables.get(table);
      if (!declared) {
        problems.push(`table ${table}: in the database, missing from Database in db/schema.ts`);
        continue;
      }
      for (const c of columns) {
        const typed = declared.get(c.column);
        if (!typed) problems.push(`${table}.${c.column}: in the database, missing from the table's type`);
        else {
          const why = disagreement(c, typed);
          if (why) problems.push(`${label(table, c.column, typed.name)}: ${why}`);
        }
      }
      for (const [column, typed] of declared) {
        if (!columns.some((c) => c.column === column)) problems.push(`${label(table, column, typed.name)}: in the types, not in the database`);
      }
    }
    for (const [table] of tables) {
      if (!dbTables.has(table)) problems.push(`table ${table}: in Database in db/schema.ts, not in the database`);
    }
    expect(problems).toEqual([]);
  });
});
