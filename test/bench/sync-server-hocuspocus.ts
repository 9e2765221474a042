/**
 * The sync benchmark's Hocuspocus: @hocuspocus/server with its database
 * extension persisting each document to a SQLite file in BENCH_SYNC_DIR
 * (better-sqlite3; one row per document, its whole state, written on
 * Hocuspocus's default debounce: 2 s after the last change, at least every 10 s).
 * Prints one JSON line {port} once listening.
 */
import { Database as Persistence } from "@hocuspocus/extension-database";
import { Server } from "@hocuspocus/server";
import Database from "better-sqlite3";
import { join } from "node:path";
import { exitWithParent, printLine } from "./sync-shared";

const dir = process.env.BENCH_SYNC_DIR;
if (!dir) throw new Error("BENCH_SYNC_DIR is required");
const sqlite = new Database(join(dir, "hocuspocus.db"));
sqlite.pragma("journal_mode = WAL");
sqlite.exec("create table if not exists documents (name text primary key, state blob not null)");
const load = sqlite.prepare<[string], { state: Buffer }>("select state from documents where name = ?");
const save = sqlite.prepare<[string, Buffer]>(
  "insert into documents (name, state) values (?, ?) on conflict (name) do update set state = excluded.state",
);

const server = new Server({
  port: 0,
  address: "127.0.0.1",
  quiet: true,
  extensions: [
    new Persistence({
      fetch: async ({ documentName }) => load.get(documentName)?.state ?? null,
      store: async ({ documentName, state }) => void save.run(documentName, state),
    }),
  ],
});
await server.listen();
exitWithParent(() => server.destroy());
printLine({ port: server.address.port });
