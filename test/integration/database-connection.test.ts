import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { getPriority, tmpdir } from "node:os";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { startCheckpointer } from "../../db/checkpointer.server";
import { startDocumentCompactor } from "../../db/document-compactor.server";
import { askServedBy, startWalFlusher, type WalFlusher } from "../../db/wal-flusher.server";
import { closeDatabase, openDatabase, type TandemConnection } from "../../db/connection.server";
import { preparedQuery } from "../../db/prepared.server";
import { workspaces } from "../../db/schema";

const opened: TandemConnection[] = [];
const dirs: string[] = [];
function freshDatabase(): { db: TandemConnection; path: string } {
  const dir = mkdtempSync(join(tmpdir(), "tandem-connection-"));
  dirs.push(dir);
  const path = join(dir, "tandem.db");
  const db = openDatabase(path);
  opened.push(db);
  return { db, path };
}
afterEach(() => {
  for (const db of opened.splice(0)) closeDatabase(db);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const workspaceSlug = preparedQuery((db) =>
  db.select({ slug: workspaces.slug }).from(workspaces).where(eq(workspaces.id, sql.placeholder("id"))).prepare(),
);

describe("prepared queries", () => {
  it("serve their own connection, inside a transaction and outside it", () => {
    const first = freshDatabase().db;
    const second = freshDatabase().db;
    const add = (db: TandemConnection, slug: string) =>
      db.insert(workspaces).values({ slug, name: slug }).returning({ id: workspaces.id }).get().id;
    const a = add(first, "first-co");
    const b = add(second, "second-co");
    expect(a).toBe(b);
    expect(workspaceSlug(first).get({ id: a })?.slug).toBe("first-co");
    expect(workspaceSlug(second).get({ id: b })?.slug).toBe("second-co");
    first.transaction((tx) => {
      tx.update(workspaces).set({ slug: "renamed-co" }).where(eq(workspaces.id, a)).run();
      // The transaction's own write is visible to the query prepared on its connection.
      expect(workspaceSlug(tx).get({ id: a })?.slug).toBe("renamed-co");
    });
    expect(workspaceSlug(first).get({ id: a })?.slug).toBe("renamed-co");
  });
});

describe("background checkpoints", () => {
  it("copy committed pages into the database file without the connection checkpointing", async () => {
    const { db, path } = freshDatabase();
    const checkpointer = startCheckpointer(db, { intervalMs: 50 });
    try {
      expect(db.$client.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
      const before = statSync(path).size;
      db.transaction((tx) => {
        for (let i = 0; i < 2_000; i++) tx.insert(workspaces).values({ slug: `co-${i}`, name: "x".repeat(500) }).run();
      });
      // About 1 MB committed to the WAL; only a checkpoint moves it into the main file.
      await expect.poll(() => statSync(path).size, { timeout: 5_000 }).toBeGreaterThan(before + 900_000);
    } finally {
      await checkpointer.stop();
    }
  });
});

describe("background threads", () => {
  /** This process's threads at the lowest CPU priority (nice 19), by thread id. */
  const lowestPriorityThreads = () =>
    readdirSync("/proc/self/task").filter((thread) => {
      const stat = readFileSync(`/proc/self/task/${thread}/stat`, "utf8");
      // Fields after the thread's name, which may hold spaces: the 19th field, nice, is the 17th of them.
      return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16] === "19";
    });

  it.runIf(process.platform === "linux")("run checkpoints and folds at the lowest CPU priority, and leave the event loop's as it was", async () => {
    const before = new Set(lowestPriorityThreads());
    const started = () => lowestPriorityThreads().filter((thread) => !before.has(thread)).length;
    const { db } = freshDatabase();
    const checkpointer = startCheckpointer(db);
    const compactor = startDocumentCompactor(db)!;
    await expect.poll(started).toBe(2);
    expect(getPriority()).toBe(0);
    await Promise.all([checkpointer.stop(), compactor.stop()]);
    await expect.poll(started).toBe(0);
  });
});

describe("the WAL flusher", () => {
  const commit = (db: TandemConnection, slug: string) => db.insert(workspaces).values({ slug, name: slug }).run();
  const flushers: WalFlusher[] = [];
  const start = (db: TandemConnection) => {
    const flusher = startWalFlusher(db);
    flushers.push(flusher);
    return flusher;
  };
  afterEach(() => Promise.all(flushers.splice(0).map((flusher) => flusher.stop())));

  it("writes the WAL out after a commit, without holding up the caller", async () => {
    const { db } = freshDatabase();
    const flusher = start(db);
    commit(db, "first-co");
    const flushed = flusher.request();
    expect(flusher.flushes).toBe(0);
    await flushed;
    expect(flusher.flushes).toBe(1);
  });

  it("answers each ask after a flush that began after it, and serves the asks that come while one runs together", async () => {
    const { db } = freshDatabase();
    const flusher = start(db);
    commit(db, "warm-co");
    await flusher.request();
    for (let i = 0; i < 50; i++) commit(db, `co-${i}`);
    const answers: { flushesWhenAsked: number; flushesWhenAnswered: number }[] = [];
    const asks = Array.from({ length: 50 }, () => {
      const flushesWhenAsked = flusher.flushes;
      return flusher.request().then(() => answers.push({ flushesWhenAsked, flushesWhenAnswered: flusher.flushes }));
    });
    await Promise.all(asks);
    for (const { flushesWhenAsked, flushesWhenAnswered } of answers) expect(flushesWhenAnswered).toBeGreaterThan(flushesWhenAsked);
    // Fifty asks, a handful of flushes: one may begin after the first ask, the rest wait and share the next.
    expect(flusher.flushes - 1).toBeLessThanOrEqual(10);
  });

  it("serves every ask before it stops, and answers asks after that at once", async () => {
    const { db } = freshDatabase();
    const flusher = start(db);
    commit(db, "first-co");
    await flusher.request();
    expect(flusher.flushes).toBe(1);
    commit(db, "last-co");
    let flushesWhenAnswered = 0;
    const last = flusher.request().then(() => (flushesWhenAnswered = flusher.flushes));
    await flusher.stop();
    // The last ask is served before the worker ends; stopping is an ask of its own, which the same flush may serve.
    expect(flushesWhenAnswered).toBeGreaterThanOrEqual(2);
    await last;
    const flushesWhenStopped = flusher.flushes;
    expect(flushesWhenStopped).toBeLessThanOrEqual(3);
    // Stopped: asks are answered at once, with nothing flushed.
    await flusher.request();
    expect(flusher.flushes).toBe(flushesWhenStopped);
  });

  it("tells which asks a flush served across the wrap of its 32-bit counter", () => {
    const counter = new Int32Array(1);
    counter[0] = 2 ** 31 - 1;
    // As an ask counts itself: the value before, plus one; the worker reports what it loaded.
    const asked = Atomics.add(counter, 0, 1) + 1;
    const served = Atomics.load(counter, 0);
    expect(served).toBeLessThan(0);
    expect(askServedBy(asked, served)).toBe(true);
    expect(askServedBy(asked, served - 1)).toBe(false);
    expect(askServedBy(asked + 1, served)).toBe(false);
    expect(askServedBy(asked - 5, served)).toBe(true);
  });

  it("has nothing to do for an in-memory database", async () => {
    const db = openDatabase(":memory:");
    opened.push(db);
    const flusher = start(db);
    await flusher.request();
    expect(flusher.flushes).toBe(0);
  });
});
