import { sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { TandemDatabase } from "./connection.server";

// Keyed by drizzle's session: the database and every transaction on it share one, and one connection.
const queriesBySession = new WeakMap<object, Map<symbol, unknown>>();

/** Something built once per connection, which the database and every transaction on it share. */
export function perConnection<T, Db extends TandemDatabase = TandemDatabase>(build: (db: Db) => T): (db: Db) => T {
  const key = Symbol();
  return (db) => {
    const session = (db as unknown as { session: object }).session;
    let queries = queriesBySession.get(session);
    if (!queries) queriesBySession.set(session, (queries = new Map()));
    if (!queries.has(key)) queries.set(key, build(db));
    return queries.get(key) as T;
  };
}

/**
 * A query built once per connection and then only executed. Drizzle builds a
 * query's SQL on every call, which costs more than SQLite takes to run most of
 * ours; the paths that run for every customer message use this, with
 * `sql.placeholder` for what changes between calls.
 */
export const preparedQuery = perConnection;

/**
 * The `set()` of a prepared update, and the encoder of its values. Drizzle's
 * types admit placeholders only in `values()` and `where()`, and a bare
 * placeholder in `set()` is encoded even when null; these placeholders are
 * plain SQL parameters, encoded here with each column's own mapping.
 */
export function updatePlaceholders<Columns extends Record<string, SQLiteColumn>>(columns: Columns) {
  type Values = { [Name in keyof Columns]: Columns[Name]["_"]["data"] | null };
  const set = Object.fromEntries(Object.keys(columns).map((name) => [name, sql`${sql.placeholder(name)}`])) as { [Name in keyof Columns]: SQL };
  const encode = (values: Values) =>
    Object.fromEntries(
      Object.entries(columns).map(([name, column]) => {
        const value = values[name];
        return [name, value === null || value === undefined ? null : column.mapToDriverValue(value)];
      }),
    );
  return { set, encode };
}
