/**
 * Writes the WAL out to the disk right after commits, off the event loop.
 *
 * With `synchronous = NORMAL` a commit survives a crash of the process the
 * moment it returns, but reaches the disk itself only at the next checkpoint,
 * up to a second later (see the checkpointer): a power cut could take back a
 * change every rep had already seen. Syncing on every commit would make the
 * event loop wait for the disk. Instead, whoever commits something others are
 * about to see asks for a flush, and the flusher runs `fdatasync` on the WAL
 * in libuv's thread pool, one at a time; asks that come while one runs are
 * served together by the next. A power cut then loses at most what was
 * committed since the last flush began (a flush takes about a tenth of a
 * millisecond here), the way a database's WAL writer works.
 */
import { close, fdatasync, open } from "node:fs";
import type { TandemConnection } from "./connection.server";

export interface WalFlusher {
  /** Asks for the WAL to be written out; returns at once. */
  request(): void;
  /** Resolves once no flush is running or asked for. */
  idle(): Promise<void>;
  /** How many flushes have completed. */
  readonly flushes: number;
}

export function startWalFlusher(db: TandemConnection, options: { onFailure?: (reason: string) => void } = {}): WalFlusher {
  // An in-memory database has no file to flush.
  const walPath = db.$client.memory ? null : `${db.$client.name}-wal`;
  let running = false;
  let asked = false;
  let flushes = 0;
  let waiters: (() => void)[] = [];

  function done(error: NodeJS.ErrnoException | null): void {
    running = false;
    // No WAL yet means nothing was committed to it: nothing to flush.
    if (!error) flushes++;
    else if (error.code !== "ENOENT") options.onFailure?.(error.message);
    if (asked) return flush();
    for (const resolve of waiters) resolve();
    waiters = [];
  }

  function flush(): void {
    asked = false;
    running = true;
    // Opened for each flush: the file is SQLite's to create and remove.
    open(walPath!, "r", (error, fd) => {
      if (error) return done(error);
      fdatasync(fd, (syncError) => close(fd, () => done(syncError)));
    });
  }

  return {
    request() {
      if (walPath === null) return;
      if (running) asked = true;
      else flush();
    },
    idle() {
      return running ? new Promise((resolve) => waiters.push(resolve)) : Promise.resolve();
    },
    get flushes() {
      return flushes;
    },
  };
}
