/**
 * Writes the WAL out to the disk right after commits, off the event loop.
 *
 * With `synchronous = NORMAL` a commit survives a crash of the process the
 * moment it returns, but reaches the disk itself only at the next checkpoint,
 * up to a second later (see the checkpointer): a power cut could take back a
 * change every rep had already seen, or a message a channel was told we have.
 * Syncing on every commit would make the event loop wait for the disk.
 * Instead, whoever commits something others are about to rely on asks for a
 * flush, and the flusher runs `fdatasync` on the WAL in libuv's thread pool,
 * one at a time; asks that come while one runs are served together by the
 * next. Whoever must not answer before the disk has it awaits the ask (a
 * flush takes about a tenth of a millisecond here); the others go on at once,
 * and a power cut loses at most what was committed since the last flush began.
 */
import { close, fdatasync, open } from "node:fs";
import type { TandemConnection } from "./connection.server";

export interface WalFlusher {
  /**
   * Asks for the WAL to be written out, and resolves once a flush that began
   * after the ask has ended. It never rejects: a flush that failed is
   * reported to `onFailure`, and the commit is still in the WAL.
   */
  request(): Promise<void>;
  /** Resolves once no flush is running or asked for. */
  idle(): Promise<void>;
  /** How many flushes have completed. */
  readonly flushes: number;
}

export function startWalFlusher(db: TandemConnection, options: { onFailure?: (reason: string) => void } = {}): WalFlusher {
  // An in-memory database has no file to flush.
  const walPath = db.$client.memory ? null : `${db.$client.name}-wal`;
  let flushes = 0;
  /** Those the running flush will answer, and those waiting for the next; null while none runs. */
  let running: (() => void)[] | null = null;
  let next: (() => void)[] = [];

  function done(error: NodeJS.ErrnoException | null): void {
    if (!error) flushes++;
    // No WAL yet means nothing was committed to it: nothing to flush.
    else if (error.code !== "ENOENT") options.onFailure?.(error.message);
    for (const answer of running!) answer();
    running = null;
    if (next.length) flush();
  }

  function flush(): void {
    running = next;
    next = [];
    // Opened for each flush: the file is SQLite's to create and remove.
    open(walPath!, "r", (error, fd) => {
      if (error) return done(error);
      fdatasync(fd, (syncError) => close(fd, () => done(syncError)));
    });
  }

  return {
    request() {
      if (walPath === null) return Promise.resolve();
      return new Promise((resolve) => {
        next.push(resolve);
        if (!running) flush();
      });
    },
    idle() {
      if (!running) return Promise.resolve();
      const last = next.length ? next : running;
      return new Promise((resolve) => last.push(resolve));
    },
    get flushes() {
      return flushes;
    },
  };
}
