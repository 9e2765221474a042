/**
 * The workspace's knowledge snippets: what AI drafts may say beyond the
 * conversation and the account. Snippets are named `kb-ID` outside the
 * database, the id a draft cites.
 */
import { and, asc, eq } from "drizzle-orm";
import type { KnowledgeSnippet } from "../ai/tasks";
import type { TandemDatabase } from "./connection.server";
import { knowledgeSnippets } from "./schema";

export interface StoredSnippet extends KnowledgeSnippet {
  updatedAt: Date;
}

const snippetId = (id: number) => `kb-${id}`;
const rowId = (id: string) => Number(/^kb-(\d+)$/.exec(id)?.[1] ?? Number.NaN);

const columns = {
  id: knowledgeSnippets.id,
  title: knowledgeSnippets.title,
  text: knowledgeSnippets.body,
  updatedAt: knowledgeSnippets.updatedAt,
};

export function listKnowledge(db: TandemDatabase, workspaceId: number): StoredSnippet[] {
  return db
    .select(columns)
    .from(knowledgeSnippets)
    .where(eq(knowledgeSnippets.workspaceId, workspaceId))
    .orderBy(asc(knowledgeSnippets.title))
    .all()
    .map((row) => ({ ...row, id: snippetId(row.id) }));
}

/** Thrown when a workspace already has a snippet of that title: titles are how the team and the drafts name them. */
export class DuplicateSnippetTitle extends Error {}

function saving<T>(write: () => T): T {
  try {
    return write();
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE") throw new DuplicateSnippetTitle("A snippet with this title already exists.");
    throw error;
  }
}

export function addKnowledge(
  db: TandemDatabase,
  workspaceId: number,
  snippet: { title: string; text: string },
  by: number | null,
): StoredSnippet {
  const row = saving(() =>
    db
      .insert(knowledgeSnippets)
      .values({ workspaceId, title: snippet.title, body: snippet.text, updatedBy: by, updatedAt: new Date() })
      .returning(columns)
      .get(),
  );
  return { ...row, id: snippetId(row.id) };
}

/** Rewrites a snippet; false when the workspace has no such snippet. */
export function updateKnowledge(db: TandemDatabase, workspaceId: number, id: string, snippet: { title: string; text: string }, by: number | null): boolean {
  const changed = saving(() =>
    db
      .update(knowledgeSnippets)
      .set({ title: snippet.title, body: snippet.text, updatedBy: by, updatedAt: new Date() })
      .where(and(eq(knowledgeSnippets.workspaceId, workspaceId), eq(knowledgeSnippets.id, rowId(id))))
      .run(),
  );
  return changed.changes > 0;
}

export function removeKnowledge(db: TandemDatabase, workspaceId: number, id: string): boolean {
  return db.delete(knowledgeSnippets).where(and(eq(knowledgeSnippets.workspaceId, workspaceId), eq(knowledgeSnippets.id, rowId(id)))).run().changes > 0;
}
