/**
 * Full-text search over message text through the `messages_fts` FTS5 index
 * (see migrations/0002_message_search.sql).
 *
 * What a rep types is never handed to FTS5 as query syntax: every word becomes
 * a quoted string, so `"`, `NEAR(`, `*`, `AND`, `col:` and friends are searched
 * for as text (or dropped when they hold nothing searchable) instead of being
 * parsed as operators.
 */
import { sql, type SQL } from "drizzle-orm";
import type { TandemDatabase } from "./connection.server";

/** Marks the start and end of a highlighted match in a snippet: private-use characters no message contains. */
const HIGHLIGHT_START = "\uE000";
const HIGHLIGHT_END = "\uE001";

/** Longest query we search for: longer input is cut, not refused. */
const MAX_QUERY_LENGTH = 200;
const MAX_TERMS = 12;

/**
 * The FTS5 MATCH expression for what a rep typed, or null when nothing in it
 * is searchable. Each whitespace-separated word becomes one FTS5 string
 * ("s3:PutObject" stays one phrase), all of them required; the last word also
 * matches as a prefix while it is being typed ("expo" finds "exports").
 */
export function toFtsQuery(input: string): string | null {
  const words = input
    .slice(0, MAX_QUERY_LENGTH)
    .split(/\s+/u)
    // A word with no letter or digit tokenises to nothing: `"` or `*` alone would be an empty phrase.
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .slice(0, MAX_TERMS);
  if (words.length === 0) return null;
  return words
    .map((word, i) => {
      const quoted = `"${word.replace(/"/g, '""')}"`;
      // Prefix search only on the last word, and only when it ends in a letter or digit ("foo*" is fine, "foo)*" is not useful).
      return i === words.length - 1 && /[\p{L}\p{N}]$/u.test(word) ? `${quoted} *` : quoted;
    })
    .join(" ");
}

/**
 * The ids of a workspace's conversations with a message matching `ftsQuery`,
 * as a subquery for `conversations.id IN (…)`. FTS5 finds the messages; the
 * join back to `messages` keeps the workspace boundary.
 */
export function conversationsMatching(workspaceId: number, ftsQuery: string): SQL {
  return sql`select m.conversation_id from messages_fts
    join messages m on m.id = messages_fts.rowid
    where messages_fts match ${ftsQuery} and m.workspace_id = ${workspaceId}`;
}

export type SnippetPart = { text: string; match: boolean };

/**
 * For each listed conversation, the best-matching message's snippet (FTS5
 * snippet()), split into plain and matched parts so the page highlights
 * matches without rendering HTML. One FTS query for the whole page rather
 * than one per row.
 */
export function matchSnippets(
  db: TandemDatabase,
  workspaceId: number,
  ftsQuery: string,
  conversationIds: number[],
): Map<number, SnippetPart[]> {
  const snippets = new Map<number, SnippetPart[]>();
  if (conversationIds.length === 0) return snippets;
  const rows = db.all<{ conversationId: number; snippet: string }>(sql`
    select m.conversation_id as conversationId,
      snippet(messages_fts, 0, ${HIGHLIGHT_START}, ${HIGHLIGHT_END}, '…', 16) as snippet
    from messages_fts
    join messages m on m.id = messages_fts.rowid
    where messages_fts match ${ftsQuery}
      and m.workspace_id = ${workspaceId}
      and m.conversation_id in (${sql.join(
        conversationIds.map((id) => sql`${id}`),
        sql`, `,
      )})
    order by rank`);
  for (const row of rows) if (!snippets.has(row.conversationId)) snippets.set(row.conversationId, splitHighlights(row.snippet));
  return snippets;
}

/** Splits a highlighted snippet into plain and matched parts, for rendering without HTML. */
export function splitHighlights(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const pattern = new RegExp(`${HIGHLIGHT_START}([^${HIGHLIGHT_END}]*)${HIGHLIGHT_END}`, "gu");
  let last = 0;
  for (const found of snippet.matchAll(pattern)) {
    if (found.index > last) parts.push({ text: snippet.slice(last, found.index), match: false });
    parts.push({ text: found[1]!, match: true });
    last = found.index + found[0].length;
  }
  if (last < snippet.length) parts.push({ text: snippet.slice(last), match: false });
  return parts.map((part) => ({ ...part, text: part.text.replaceAll(HIGHLIGHT_START, "").replaceAll(HIGHLIGHT_END, "") }));
}
