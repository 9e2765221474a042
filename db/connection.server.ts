import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * What every query function takes: the open database or a transaction on it.
 * Queries are built from the tables in ./schema; drizzle is not handed the
 * schema, because its relational query API (unused here) builds a query
 * object for every table on every transaction: a quarter of the cost of
 * writing a triage edit.
 */
export type TandemDatabase = BaseSQLiteDatabase<"sync", Database.RunResult>;
/** The open database itself, with its SQLite handle. */
export type TandemConnection = BetterSQLite3Database & { $client: Database.Database };

const MIGRATIONS_FOLDER = join(dirname(fileURLToPath(import.meta.url)), "migrations");

/**
 * Opens (creating if needed) the SQLite file and brings its schema up to date.
 * WAL lets readers run beside the one writer; foreign keys are off in SQLite
 * unless asked for on each connection.
 */
export function openDatabase(path: string): TandemConnection {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  cacheStatements(sqlite);
  const db = drizzle(sqlite);
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return db;
}

/** Statements kept compiled: enough for every query the app runs, not for every page of ids it ever listed. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Drizzle prepares its SQL again on every call, and compiling a statement
 * costs more than running most of ours. The connection keeps the most recently
 * used statements by their text instead. Reuse is safe because better-sqlite3
 * runs each statement to completion before returning, except one still being
 * iterated (`busy`), which is never handed out twice.
 */
function cacheStatements(sqlite: Database.Database): void {
  const compile = sqlite.prepare.bind(sqlite);
  const statements = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const cached = statements.get(source);
    if (cached && !cached.busy) {
      statements.delete(source);
      statements.set(source, cached);
      // Drizzle switches a statement to array rows for mapped selects and never back.
      if (cached.reader) cached.raw(false);
      return cached;
    }
    const statement = compile(source);
    statements.set(source, statement);
    if (statements.size > STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
    return statement;
  }) as typeof sqlite.prepare;
}

/** Folds the WAL back into the main file and closes: a clean file for the next start or a copy. */
export function closeDatabase(db: TandemConnection): void {
  if (!db.$client.open) return;
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
}
