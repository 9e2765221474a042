/**
 * Background WAL checkpoints for the server's database.
 *
 * SQLite normally checkpoints inside whichever commit pushes the WAL past its
 * limit, and a checkpoint writes pages back and syncs the main file: that one
 * customer message waits for the disk, and so does everything else on the
 * event loop. The server turns automatic checkpoints off on its connection and
 * lets a worker thread, with its own connection, copy the WAL back on a timer.
 * PASSIVE checkpoints never block the writer; durability is unchanged, since
 * commits are in the WAL before anyone is answered.
 */
import { startBackgroundWorker } from "./background-worker.server";
import type { TandemConnection } from "./connection.server";

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require("better-sqlite3");
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma("busy_timeout = 1000");
const checkpoint = () => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (error) {
    parentPort.postMessage({ failure: String(error && error.message ? error.message : error) });
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on("message", () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/** Moves the connection's checkpoints to a worker thread. An in-memory database has no WAL: nothing to do. */
export function startCheckpointer(
  db: TandemConnection,
  options: { intervalMs?: number; onFailure?: (reason: string) => void } = {},
): Checkpointer {
  const path = db.$client.name;
  if (db.$client.memory) return { stop: async () => {} };
  const worker = startBackgroundWorker(WORKER_SOURCE, { path, intervalMs: options.intervalMs ?? 1_000 });
  worker.on("message", (message: { failure?: string }) => {
    if (message.failure) options.onFailure?.(message.failure);
  });
  worker.on("error", (error) => {
    // Without the worker, SQLite's own checkpoints take over again: slower commits, nothing lost.
    options.onFailure?.(error.message);
    if (db.$client.open) db.$client.pragma("wal_autocheckpoint = 1000");
  });
  // It never keeps the process alive on its own.
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  db.$client.pragma("wal_autocheckpoint = 0");
  return {
    stop: () => {
      // Held until it has closed its connection, even when nothing else keeps the process alive.
      worker.ref();
      worker.postMessage("stop");
      return exited;
    },
  };
}
