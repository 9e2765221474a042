import type { TandemDatabase } from "./connection.server";

// Keyed by drizzle's session: the database and every transaction on it share one, and one connection.
const queriesBySession = new WeakMap<object, Map<symbol, unknown>>();

/**
 * A query built once per connection and then only executed. Drizzle builds a
 * query's SQL on every call, which costs more than SQLite takes to run most of
 * ours; the paths that run for every customer message use this, with
 * `sql.placeholder` for what changes between calls.
 */
export function preparedQuery<T>(build: (db: TandemDatabase) => T): (db: TandemDatabase) => T {
  const key = Symbol();
  return (db) => {
    const session = (db as unknown as { session: object }).session;
    let queries = queriesBySession.get(session);
    if (!queries) queriesBySession.set(session, (queries = new Map()));
    if (!queries.has(key)) queries.set(key, build(db));
    return queries.get(key) as T;
  };
}
