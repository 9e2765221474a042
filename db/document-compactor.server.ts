/**
 * Builds a shared document's snapshot in a worker thread, with its own
 * read-only use of the database, so the event loop that relays reps' edits
 * never stops for it: encoding a busy document's state took several
 * milliseconds every few seconds on the main thread, and every edit arriving
 * meanwhile waited.
 *
 * The worker rebuilds the document from its rows (up to the id it was given)
 * and hands back the encoded state; the caller swaps the rows for it on its
 * own connection (compactDocument, about 2 ms for 2,000 rows). The rows are
 * applied one by one in a single transaction: for 1,500 rows of triage edits,
 * 16 ms against 50 for merging them with Y.mergeUpdates first. Off the event
 * loop is not free on two shared cores: a long fold took its core from the
 * clients, so the worker runs at the lowest priority. The worker never
 * writes: a write from a second connection makes the server's connection
 * start its next transaction afresh, and in the sync benchmark that next
 * transaction, the first edit after a fold, stalled about 10 ms.
 */
import { startBackgroundWorker } from "./background-worker.server";
import type { TandemConnection } from "./connection.server";

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require("better-sqlite3");
const Y = require("yjs");
const db = new Database(workerData.path, { fileMustExist: true, readonly: true });
db.pragma("busy_timeout = 5000");
const rowsOf = db.prepare('select "update" from sync_updates where workspace_id = ? and document_name = ? and id <= ? order by id');
parentPort.on("message", (job) => {
  if (job.stop) {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const rows = rowsOf.all(job.workspaceId, job.name, job.upToId);
    if (rows.length <= 1) return parentPort.postMessage({ job: job.job, rows: rows.length });
    const doc = new Y.Doc();
    doc.transact(() => {
      for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.update));
    });
    const snapshot = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    parentPort.postMessage({ job: job.job, rows: rows.length, snapshot }, [snapshot.buffer]);
  } catch (error) {
    parentPort.postMessage({ job: job.job, failure: String(error && error.message ? error.message : error) });
  }
});
`;

/** A document's rows up to some id, encoded as one update: it can take their place. */
export interface DocumentSnapshot {
  snapshot: Uint8Array;
  /** How many stored rows it stands for. */
  rows: number;
}

export interface DocumentCompactor {
  /** The snapshot of the document's rows up to `upToId`; null when there are not two rows to fold. */
  snapshot(workspaceId: number, name: string, upToId: number): Promise<DocumentSnapshot | null>;
  stop(): Promise<void>;
}

type WorkerReply = { job: number; rows?: number; snapshot?: Uint8Array; failure?: string };

/** The compactor for a database file; null for an in-memory database, which a worker cannot open (fold inline there). */
export function startDocumentCompactor(db: TandemConnection): DocumentCompactor | null {
  if (db.$client.memory) return null;
  const worker = startBackgroundWorker(WORKER_SOURCE, { path: db.$client.name });
  worker.unref();
  const waiting = new Map<number, { resolve(snapshot: DocumentSnapshot | null): void; reject(error: Error): void }>();
  let jobs = 0;
  worker.on("message", (message: WorkerReply) => {
    const job = waiting.get(message.job);
    waiting.delete(message.job);
    if (message.failure !== undefined) job?.reject(new Error(message.failure));
    else job?.resolve(message.snapshot ? { snapshot: message.snapshot, rows: message.rows ?? 0 } : null);
  });
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  worker.once("exit", () => {
    for (const job of waiting.values()) job.reject(new Error("The compaction worker stopped"));
    waiting.clear();
  });
  return {
    snapshot(workspaceId, name, upToId) {
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
