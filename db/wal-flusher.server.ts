/**
 * Writes the WAL out to the disk after the commits that must be there before
 * anyone is answered (customer messages), off the event loop.
 *
 * With `synchronous = NORMAL` a commit survives a crash of the process the
 * moment it returns, but reaches the disk itself only at the next checkpoint,
 * up to a second later (see the checkpointer): a power cut could lose a
 * message its channel was told we have. Syncing on every commit would make
 * the event loop wait for the disk. Instead, whoever must not answer before
 * the disk has a commit asks for a flush and awaits it, and a worker thread of
 * the flusher's own runs `fdatasync` on the WAL, one at a time; asks that come
 * while one runs are served together by the next. A flush takes about a
 * tenth of a millisecond here. The worker sleeps on a counter of asks shared
 * with the event loop, so an ask costs the loop an atomic increment and a
 * wake-up, and the answer one message. (Through libuv's thread pool a flush
 * was three requests, open, fdatasync and close, each handed to a thread and
 * each answered on the event loop.)
 */
import { Worker } from "node:worker_threads";
import type { TandemConnection } from "./connection.server";

export interface WalFlusher {
  /**
   * Asks for the WAL to be written out, and resolves once a flush that began
   * after the ask has ended. It never rejects: a flush that failed is
   * reported to `onFailure`, and the commit is still in the WAL.
   */
  request(): Promise<void>;
  /** Serves the asks so far, then ends the worker. */
  stop(): Promise<void>;
  /** How many flushes have completed. */
  readonly flushes: number;
}

/** Slots of the shared counters. */
const ASKED = 0;
const FLUSHES = 1;
const STOPPING = 2;

// Plain JavaScript evaluated in the worker: it runs without the TypeScript loader.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { closeSync, fdatasyncSync, openSync } = require("node:fs");
const [ASKED, FLUSHES, STOPPING] = [${ASKED}, ${FLUSHES}, ${STOPPING}];
const counters = new Int32Array(workerData.counters);
// Opened once the WAL exists (after the first commit); it stays the same file while the database is open.
let wal = null;
let seen = 0;
for (;;) {
  // Sleeps until the count of asks is no longer the one last served.
  Atomics.wait(counters, ASKED, seen);
  // Every ask counted so far came before this flush began: it serves them all.
  seen = Atomics.load(counters, ASKED);
  let failure = null;
  try {
    wal ??= openSync(workerData.walPath, "r");
    fdatasyncSync(wal);
    Atomics.add(counters, FLUSHES, 1);
  } catch (error) {
    // No WAL yet means nothing was committed to it: nothing to flush.
    if (error.code !== "ENOENT") failure = String(error.message);
  }
  parentPort.postMessage({ served: seen, failure });
  if (Atomics.load(counters, STOPPING) && Atomics.load(counters, ASKED) === seen) break;
}
if (wal !== null) closeSync(wal);
`;

/**
 * Whether a flush that saw `served` asks served ask number `asked`. The
 * shared counter is 32 bits and wraps after about two billion asks, so the
 * two are compared by their distance, which stays far smaller than that.
 */
export function askServedBy(asked: number, served: number): boolean {
  return ((served - asked) | 0) >= 0;
}

export function startWalFlusher(db: TandemConnection, options: { onFailure?: (reason: string) => void } = {}): WalFlusher {
  // An in-memory database has no file to flush.
  if (db.$client.memory) {
    const done = () => Promise.resolve();
    return { request: done, stop: done, flushes: 0 };
  }
  const counters = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { counters: counters.buffer, walPath: `${db.$client.name}-wal` } });
  /** Those awaiting an ask, by the count of asks theirs made, oldest first. */
  let waiting: { asked: number; resolve: () => void }[] = [];
  let running = true;
  let stopping = false;

  /** Answers those whose ask a flush has served; `"all"` once the worker has ended. */
  function answer(served: number | "all"): void {
    const due = waiting.filter((waiter) => served === "all" || askServedBy(waiter.asked, served));
    waiting = waiting.filter((waiter) => !due.includes(waiter));
    if (!waiting.length && running && !stopping) worker.unref();
    for (const waiter of due) waiter.resolve();
  }

  /** Counts an ask and wakes the worker; returns the ask's number. */
  function ask(): number {
    const asked = Atomics.add(counters, ASKED, 1) + 1;
    Atomics.notify(counters, ASKED);
    return asked;
  }

  worker.on("message", (report: { served: number; failure: string | null }) => {
    if (report.failure !== null) options.onFailure?.(report.failure);
    answer(report.served);
  });
  const exited = new Promise<void>((resolve) =>
    worker.once("exit", () => {
      // Without the worker the WAL reaches the disk at the next checkpoint; nobody waits for that.
      if (!stopping) options.onFailure?.("the WAL flusher's thread ended");
      running = false;
      answer("all");
      resolve();
    }),
  );
  worker.on("error", (error) => options.onFailure?.(error.message));
  // It never keeps the process alive on its own (a listener added later would hold it again).
  worker.unref();

  return {
    request() {
      if (!running) return Promise.resolve();
      const asked = ask();
      // An answer someone awaits keeps the process alive, like any other I/O.
      worker.ref();
      return new Promise((resolve) => waiting.push({ asked, resolve }));
    },
    stop() {
      if (!running) return exited;
      stopping = true;
      Atomics.store(counters, STOPPING, 1);
      // Held until it has served the last asks, even when nothing else keeps the process alive.
      worker.ref();
      ask();
      return exited;
    },
    get flushes() {
      return Atomics.load(counters, FLUSHES);
    },
  };
}
