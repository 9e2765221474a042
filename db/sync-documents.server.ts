/**
 * Storage for the shared Yjs documents: each accepted update is appended as a
 * row before anyone else is told of it, and compaction replaces a document's
 * rows with one snapshot (the pattern y-leveldb and y-indexeddb use). The
 * interface is the narrow one a document owner needs, so that moving documents
 * to another store is a driver swap.
 */
import { and, asc, count, eq, lte, sql } from "drizzle-orm";
import type { TandemDatabase } from "./connection.server";
import { preparedQuery } from "./prepared.server";
import { syncUpdates } from "./schema";

const appendUpdate = preparedQuery((db) =>
  db
    .insert(syncUpdates)
    .values({ workspaceId: sql.placeholder("workspaceId"), documentName: sql.placeholder("documentName"), update: sql.placeholder("update") })
    .prepare(),
);

/**
 * Appends updates, one row each, and returns the last one's row id; durable
 * once this returns. Several are committed together: one commit instead of
 * one each.
 */
export function appendDocumentUpdates(db: TandemDatabase, workspaceId: number, documentName: string, updates: Uint8Array[]): number {
  const append = (update: Uint8Array) =>
    Number(appendUpdate(db).run({ workspaceId, documentName, update: Buffer.from(update.buffer, update.byteOffset, update.byteLength) }).lastInsertRowid);
  if (updates.length === 1) return append(updates[0]!);
  return db.transaction(() => updates.map(append).at(-1)!);
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
