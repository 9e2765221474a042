/**
 * Storage for the shared Yjs documents: each accepted update is appended as a
 * row before anyone else is told of it, and compaction replaces a document's
 * rows with one snapshot (the pattern y-leveldb and y-indexeddb use). The
 * interface is the narrow one a document owner needs, so that moving documents
 * to another store is a driver swap.
 */
import { and, asc, count, eq, lte } from "drizzle-orm";
import type { TandemConnection, TandemDatabase } from "./connection.server";
import { perConnection } from "./prepared.server";
import { syncUpdates } from "./schema";

/**
 * The append runs for every edit of every rep, on the SQLite handle itself
 * with positional parameters: between two edits the caches are cold, and
 * then drizzle's own work per call adds about 20 µs here to SQLite's 160,
 * and binding parameters by name about as much. Several updates go in one
 * commit instead of one each.
 */
const appendUpdates = perConnection((db: TandemConnection) => {
  const insert = db.$client.prepare<[number, string, Buffer]>('INSERT INTO sync_updates (workspace_id, document_name, "update") VALUES (?, ?, ?)');
  const append = (workspaceId: number, documentName: string, update: Uint8Array) =>
    Number(insert.run(workspaceId, documentName, Buffer.from(update.buffer, update.byteOffset, update.byteLength)).lastInsertRowid);
  const appendInOneCommit = db.$client.transaction((workspaceId: number, documentName: string, updates: Uint8Array[]) =>
    updates.map((update) => append(workspaceId, documentName, update)).at(-1)!,
  );
  return (workspaceId: number, documentName: string, updates: Uint8Array[]) =>
    updates.length === 1 ? append(workspaceId, documentName, updates[0]!) : appendInOneCommit(workspaceId, documentName, updates);
});

/** Appends updates, one row each, and returns the last one's row id; durable once this returns. */
export function appendDocumentUpdates(db: TandemConnection, workspaceId: number, documentName: string, updates: Uint8Array[]): number {
  return appendUpdates(db)(workspaceId, documentName, updates);
}

/** A document's name is unique within its workspace only (`draft/c-1001` exists in each). */
const ofDocument = (workspaceId: number, documentName: string) =>
  and(eq(syncUpdates.workspaceId, workspaceId), eq(syncUpdates.documentName, documentName));

/** Every stored update of a document, oldest first, and the id of the last (what a compaction may fold). */
export function loadDocumentUpdates(db: TandemDatabase, workspaceId: number, documentName: string): { updates: Uint8Array[]; lastId: number } {
  const rows = db
    .select({ id: syncUpdates.id, update: syncUpdates.update })
    .from(syncUpdates)
    .where(ofDocument(workspaceId, documentName))
    .orderBy(asc(syncUpdates.id))
    .all();
  return { updates: rows.map((row) => new Uint8Array(row.update)), lastId: rows.at(-1)?.id ?? 0 };
}

export function countDocumentUpdates(db: TandemDatabase, workspaceId: number, documentName: string): number {
  return db.select({ n: count() }).from(syncUpdates).where(ofDocument(workspaceId, documentName)).get()!.n;
}

/**
 * Replaces the updates up to `upToId` with one snapshot that contains them, in
 * one transaction: a crash leaves either the old rows or the snapshot. Updates
 * appended after `upToId` stay as they are.
 */
export function compactDocument(
  db: TandemDatabase,
  workspaceId: number,
  documentName: string,
  snapshot: Uint8Array,
  upToId: number,
): void {
  db.transaction((tx) => {
    tx.delete(syncUpdates)
      .where(and(ofDocument(workspaceId, documentName), lte(syncUpdates.id, upToId)))
      .run();
    // The snapshot takes the place of the rows it folds: ahead of anything appended after them.
    tx.insert(syncUpdates)
      .values({ id: upToId, workspaceId, documentName, update: Buffer.from(snapshot) })
      .run();
  });
}
