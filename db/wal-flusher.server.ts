/**
 * Writes the WAL out to the disk right after commits, off the event loop.
 *
 * With `synchronous = NORMAL` a commit survives a crash of the process the
 * moment it returns, but reaches the disk itself only at the next checkpoint,
 * up to a second later (see the checkpointer): a power cut could take back a
 * change every rep had already seen, or a message a channel was told we have.
 * Syncing on every commit would make the event loop wait for the disk.
 * Instead, whoever commits something others are about to rely on asks for a
 * flush, and a worker thread of the flusher's own runs `fdatasync` on the WAL,
 * one at a time; asks that come while one runs are served together by the
 * next. Whoever must not answer before the disk has it awaits the ask (a
 * flush takes about a tenth of a millisecond here), and the flush begins at
 * once; the others go on at once, their flush begins within a few
 * milliseconds, and a power cut loses at most what was committed since the
 * last flush began.
 *
 * The worker waits on a counter of asks shared with the event loop, and only
 * an awaited ask hears back. Waking the worker costs the event loop a few
 * tens of µs here, so an ask nobody awaits is one atomic increment: while
 * flushes keep coming the worker looks for asks every few milliseconds, and
 * only after a quiet second does it sleep until woken. (Through libuv's
 * thread pool, a flush was three requests, open, fdatasync and close, each
 * handed to a thread and each answered on the event loop: about 150 µs of
 * the loop per flush here, a sixth of the sync server's time with 50 reps
 * editing.)
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
  /** Asks for the WAL to be written out, for whoever need not hear when it is. */
  schedule(): void;
  /** Serves the asks so far, then ends the worker. */
  stop(): Promise<void>;
  /** How many flushes have completed. */
  readonly flushes: number;
}

/** Slots of the shared counters. */
const ASKED = 0;
const FLUSHES = 1;
/** 1 while someone awaits an ask: the worker then reports each flush it ends. */
const AWAITED = 2;
const STOPPING = 3;
/** 1 while the worker sleeps until woken, instead of looking for asks on its own. */
const SLEEPING = 4;
/** How often the worker looks for asks while flushes keep coming, and for how long after the last. */
const LOOK_EVERY_MS = 5;
const LOOK_FOR_MS = 1_000;

// Plain JavaScript evaluated in the worker: it runs without the TypeScript loader.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { closeSync, fdatasyncSync, openSync } = require("node:fs");
const [ASKED, FLUSHES, AWAITED, STOPPING, SLEEPING] = [${ASKED}, ${FLUSHES}, ${AWAITED}, ${STOPPING}, ${SLEEPING}];
const counters = new Int32Array(workerData.counters);
// Opened once the WAL exists (after the first commit); it stays the same file while the database is open.
let wal = null;
let seen = 0;
let lastFlush = -Infinity;
for (;;) {
  if (Atomics.load(counters, ASKED) === seen) {
    if (Date.now() - lastFlush < ${LOOK_FOR_MS}) {
      Atomics.wait(counters, ASKED, seen, ${LOOK_EVERY_MS});
    } else {
      Atomics.store(counters, SLEEPING, 1);
      Atomics.wait(counters, ASKED, seen);
      Atomics.store(counters, SLEEPING, 0);
    }
    continue;
  }
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
  lastFlush = Date.now();
  if (failure !== null || Atomics.load(counters, AWAITED)) parentPort.postMessage({ served: seen, failure });
  if (Atomics.load(counters, STOPPING) && Atomics.load(counters, ASKED) === seen) break;
}
if (wal !== null) closeSync(wal);
`;

/**
 * Whether a flush that saw `served` asks served ask number `asked`. The
 * shared counter is 32 bits and wraps after about two billion asks (weeks of
 * a busy server), so the two are compared by their distance, which stays far
 * smaller than that.
 */
export function askServedBy(asked: number, served: number): boolean {
  return ((served - asked) | 0) >= 0;
}

export function startWalFlusher(db: TandemConnection, options: { onFailure?: (reason: string) => void } = {}): WalFlusher {
  // An in-memory database has no file to flush.
  if (db.$client.memory) {
    const done = () => Promise.resolve();
    return { request: done, schedule: () => {}, stop: done, flushes: 0 };
  }
  const counters = new Int32Array(new SharedArrayBuffer(5 * Int32Array.BYTES_PER_ELEMENT));
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { counters: counters.buffer, walPath: `${db.$client.name}-wal` } });
  /** Those awaiting an ask, by the count of asks theirs made, oldest first. */
  let waiting: { asked: number; resolve: () => void }[] = [];
  let running = true;
  let stopping = false;

  /** Answers those whose ask a flush has served; `"all"` once the worker has ended. */
  function answer(served: number | "all"): void {
    const isServed = (asked: number) => served === "all" || askServedBy(asked, served);
    const [due, later] = [waiting.filter((waiter) => isServed(waiter.asked)), waiting.filter((waiter) => !isServed(waiter.asked))];
    waiting = later;
    if (!waiting.length && running && !stopping) {
      Atomics.store(counters, AWAITED, 0);
      worker.unref();
    }
    for (const waiter of due) waiter.resolve();
  }

  /** Counts an ask, and wakes the worker when someone waits for it or the worker would not look on its own. */
  function ask(awaited: boolean): number {
    const asked = Atomics.add(counters, ASKED, 1) + 1;
    if (awaited || Atomics.load(counters, SLEEPING)) Atomics.notify(counters, ASKED);
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
      // Awaited before the ask counts, so that the flush serving it reports back.
      Atomics.store(counters, AWAITED, 1);
      const asked = ask(true);
      // An answer someone awaits keeps the process alive, like any other I/O.
      worker.ref();
      return new Promise((resolve) => waiting.push({ asked, resolve }));
    },
    schedule() {
      if (running) ask(false);
    },
    stop() {
      if (!running) return exited;
      stopping = true;
      Atomics.store(counters, STOPPING, 1);
      // Held until it has served the last asks, even when nothing else keeps the process alive.
      worker.ref();
      ask(true);
      return exited;
    },
    get flushes() {
      return Atomics.load(counters, FLUSHES);
    },
  };
}
