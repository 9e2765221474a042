import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { startCheckpointer } from "../../db/checkpointer.server";
import { startWalFlusher } from "../../db/wal-flusher.server";
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

describe("the WAL flusher", () => {
  const commit = (db: TandemConnection, slug: string) => db.insert(workspaces).values({ slug, name: slug }).run();

  it("writes the WAL out after a commit, without holding up the caller", async () => {
    const { db } = freshDatabase();
    const flusher = startWalFlusher(db);
    commit(db, "first-co");
    const flushed = flusher.request();
    expect(flusher.flushes).toBe(0);
    await flushed;
    expect(flusher.flushes).toBe(1);
  });

  it("serves every ask that came during a flush with one more, and answers each after a flush that began after it", async () => {
    const { db } = freshDatabase();
    const flusher = startWalFlusher(db);
    const answeredAfter: number[] = [];
    const asks = Array.from({ length: 50 }, (_, i) => {
      commit(db, `co-${i}`);
      return flusher.request().then(() => answeredAfter.push(flusher.flushes));
    });
    await Promise.all(asks);
    expect(flusher.flushes).toBe(2);
    // The first ask started the first flush; the other 49 came during it and waited for the second.
    expect(answeredAfter).toEqual([1, ...Array<number>(49).fill(2)]);
    await flusher.idle();
    expect(flusher.flushes).toBe(2);
  });

  it("has nothing to do for an in-memory database", async () => {
    const db = openDatabase(":memory:");
    opened.push(db);
    const flusher = startWalFlusher(db);
    await flusher.request();
    await flusher.idle();
    expect(flusher.flushes).toBe(0);
  });
});
