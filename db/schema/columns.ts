// Column shapes shared by the table types (db/schema/*.ts): how each PostgreSQL type reads, and
// which columns the database fills in.
import type { ColumnType } from "kysely";

export type CreatedAt = ColumnType<Date, Date | undefined, never>;
export type Timestamp = ColumnType<Date, Date, Date>;
/** `date` columns travel as ISO strings (YYYY-MM-DD) on both engines; see db/connection.ts. */
export type IsoDate = string;
/** Written as JSON text (both engines take it so), read back parsed. */
export type Json<T> = ColumnType<T, string, string>;
