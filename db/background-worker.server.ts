/**
 * Worker threads for upkeep nobody waits on: WAL checkpoints, and folding
 * shared documents into snapshots. They run at the lowest CPU priority. On a
 * machine with few cores a fold rebuilds a document from thousands of rows,
 * and it took a core for a tenth of a second just when edits came fastest:
 * the event loop and the reps' own clients waited for it. At the lowest
 * priority it uses what they leave. (The WAL flusher keeps its priority:
 * messages wait for its answer.)
 */
import { Worker } from "node:worker_threads";

// On Linux a thread's priority is its own: setpriority on "process 0" lowers the calling thread alone.
// Elsewhere it would lower the whole process, event loop included, so it is left as it is.
const LOWEST_PRIORITY = process.platform === "linux" ? `require("node:os").setPriority(19);` : "";

/** Starts `source` (plain JavaScript, evaluated: it runs without the TypeScript loader) on a thread of the lowest priority. */
export function startBackgroundWorker(source: string, workerData: unknown): Worker {
  return new Worker(`${LOWEST_PRIORITY}\n${source}`, { eval: true, workerData });
}
