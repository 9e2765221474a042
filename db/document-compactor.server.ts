/**
 * Folds a shared document's stored updates into one snapshot in a worker
 * thread, with its own connection, so the event loop that relays reps' edits
 * never stops for it. Encoding a busy document's state and rewriting its
 * rows took several milliseconds every few seconds on the main thread, and
 * every edit arriving meanwhile waited.
 *
 * The worker rebuilds the document from its rows (up to the id it was given),
 * encodes the state and swaps the rows for the snapshot in one short
 * transaction; updates appended meanwhile have higher ids and stay. Yjs
 * updates are idempotent, so a snapshot that overlaps another compaction's is
 * harmless.
 */
import { Worker } from "node:worker_threads";
import type { TandemConnection } from "./connection.server";

// Plain JavaScript evaluated in the worker: it runs without the TypeScript loader.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require("better-sqlite3");
const Y = require("yjs");
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma("busy_timeout = 5000");
const rowsOf = db.prepare('select id, "update" from sync_updates where workspace_id = ? and document_name = ? and id <= ? order by id');
const remove = db.prepare("delete from sync_updates where workspace_id = ? and document_name = ? and id <= ?");
const insert = db.prepare('insert or replace into sync_updates (id, workspace_id, document_name, "update") values (?, ?, ?, ?)');
const swap = db.transaction((job, snapshot) => {
  remove.run(job.workspaceId, job.name, job.upToId);
  insert.run(job.upToId, job.workspaceId, job.name, snapshot);
});
parentPort.on("message", (job) => {
  if (job.stop) {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const rows = rowsOf.all(job.workspaceId, job.name, job.upToId);
    if (rows.length > 1) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.mergeUpdates(rows.map((row) => new Uint8Array(row.update))));
      swap.immediate(job, Buffer.from(Y.encodeStateAsUpdate(doc)));
      doc.destroy();
    }
    parentPort.postMessage({ job: job.job, folded: rows.length });
  } catch (error) {
    parentPort.postMessage({ job: job.job, failure: String(error && error.message ? error.message : error) });
  }
});
`;

export interface DocumentCompactor {
  /** Folds the document's rows up to `upToId`; resolves with how many rows became one. */
  compact(workspaceId: number, name: string, upToId: number): Promise<number>;
  stop(): Promise<void>;
}

/** The compactor for a database file; null for an in-memory database, which a worker cannot open (fold inline there). */
export function startDocumentCompactor(db: TandemConnection): DocumentCompactor | null {
  if (db.$client.memory) return null;
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path: db.$client.name } });
  worker.unref();
  const waiting = new Map<number, { resolve(folded: number): void; reject(error: Error): void }>();
  let jobs = 0;
  worker.on("message", (message: { job: number; folded?: number; failure?: string }) => {
    const job = waiting.get(message.job);
    waiting.delete(message.job);
    if (message.failure !== undefined) job?.reject(new Error(message.failure));
    else job?.resolve(message.folded ?? 0);
  });
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  worker.once("exit", () => {
    for (const job of waiting.values()) job.reject(new Error("The compaction worker stopped"));
    waiting.clear();
  });
  return {
    compact(workspaceId, name, upToId) {
      const job = ++jobs;
      return new Promise((resolve, reject) => {
        waiting.set(job, { resolve, reject });
        worker.postMessage({ job, workspaceId, name, upToId });
      });
    },
    async stop() {
      worker.postMessage({ stop: true });
      await exited;
    },
  };
}
