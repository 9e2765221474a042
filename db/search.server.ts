/**
 * Full-text search over conversations, through the `conversation_search` FTS5
 * index: one document per conversation holding all its messages' text (see
 * migrations/0004_conversation_search.sql), so a match is a conversation with
 * no join through the message rows.
 *
 * What a rep types is never handed to FTS5 as query syntax: every word becomes
 * a quoted string, so `"`, `NEAR(`, `*`, `AND`, `col:` and friends are searched
 * for as text (or dropped when they hold nothing searchable) instead of being
 * parsed as operators.
 */
import { sql, type SQL } from "drizzle-orm";
import { stemmer } from "stemmer";
import type { TandemDatabase } from "./connection.server";

/** Longest query we search for: longer input is cut, not refused. */
const MAX_QUERY_LENGTH = 200;
const MAX_TERMS = 12;

/** The words of a search that can match anything: each holds a letter or digit. */
export function searchWords(input: string): string[] {
  return (
    input
      .slice(0, MAX_QUERY_LENGTH)
      .split(/\s+/u)
      // A word with no letter or digit tokenises to nothing: `"` or `*` alone would be an empty phrase.
      .filter((word) => /[\p{L}\p{N}]/u.test(word))
      .slice(0, MAX_TERMS)
  );
}

/**
 * The FTS5 MATCH expression for what a rep typed, or null when nothing in it
 * is searchable. Each whitespace-separated word becomes one FTS5 string
 * ("s3:PutObject" stays one phrase), all of them required; the last word also
 * matches as a prefix while it is being typed ("expo" finds "exports").
 */
export function toFtsQuery(input: string): string | null {
  const words = searchWords(input);
  if (words.length === 0) return null;
  return words
    .map((word, i) => {
      const quoted = `"${word.replace(/"/g, '""')}"`;
      // Prefix search only on the last word, and only when it ends in a letter or digit ("foo*" is fine, "foo)*" is not useful).
      return i === words.length - 1 && endsSearchable(word) ? `${quoted} *` : quoted;
    })
    .join(" ");
}

const endsSearchable = (word: string) => /[\p{L}\p{N}]$/u.test(word);

/** Documents rebuilt per transaction: FTS5 writes one segment per transaction, and a batch stays short. */
const REINDEX_BATCH = 500;

/**
 * Rebuilds the search documents of the conversations whose messages changed
 * since (the triggers queue them). Runs on a timer in the server and before
 * every search, so a search never misses a stored message. Returns how many
 * documents were rebuilt.
 */
export function refreshConversationSearch(db: TandemDatabase, limit = Number.POSITIVE_INFINITY): number {
  let rebuilt = 0;
  while (rebuilt < limit) {
    const batch = db.transaction((tx) => {
      const ids = tx
        .all<{ id: number }>(sql`select conversation_id as id from conversation_search_queue limit ${REINDEX_BATCH}`)
        .map((row) => row.id);
      if (ids.length === 0) return 0;
      const listed = sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      );
      tx.run(sql`delete from conversation_search where rowid in (${listed})`);
      tx.run(sql`insert into conversation_search(rowid, text)
        select conversation_id, group_concat(text, char(10)) from messages where conversation_id in (${listed}) group by conversation_id`);
      tx.run(sql`delete from conversation_search_queue where conversation_id in (${listed})`);
      return ids.length;
    });
    if (batch === 0) break;
    rebuilt += batch;
  }
  return rebuilt;
}

/** The ids of the conversations matching `ftsQuery`, as a subquery for `conversations.id IN (…)`; the caller keeps the workspace boundary. */
export function conversationsMatching(ftsQuery: string): SQL {
  return sql`select rowid from conversation_search where conversation_search match ${ftsQuery}`;
}

export type SnippetPart = { text: string; match: boolean };

/** Words around the first match that a snippet shows, like FTS5's snippet(…, 16). */
const SNIPPET_TOKENS = 16;
const TOKENS_BEFORE_MATCH = 4;

interface Token {
  start: number;
  end: number;
  /** Lower case, without diacritics: what the index's unicode61 tokenizer keeps. */
  folded: string;
}

const fold = (text: string) =>
  /^[\x00-\x7f]*$/.test(text) ? text.toLowerCase() : text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();

function tokenize(text: string): Token[] {
  return Array.from(text.matchAll(/[\p{L}\p{N}]+/gu), (found) => ({
    start: found.index,
    end: found.index + found[0].length,
    folded: fold(found[0]),
  }));
}

/**
 * The best message of a matching conversation as a snippet with the matches
 * marked, or null when no message holds a search word. The index matched the
 * conversation as a whole; this finds where, the way the index reads words:
 * folded, stemmed (porter), the last word also as a prefix, and a word of
 * several tokens ("s3:PutObject") as a phrase. The message with the most
 * search words wins, the latest among equals.
 */
export function bestSnippet(messages: readonly { text: string }[], query: string): SnippetPart[] | null {
  const words = searchWords(query).map((word, i, all) => ({
    tokens: tokenize(word).map((token) => stemmer(token.folded)),
    prefix: i === all.length - 1 && endsSearchable(word),
  }));
  const stems = new Map<string, string>();
  const stemOf = (folded: string) => {
    let stem = stems.get(folded);
    if (stem === undefined) stems.set(folded, (stem = stemmer(folded)));
    return stem;
  };
  // A stem keeps the start of its word: tokens that start otherwise are never stemmed.
  const tokenMatches = (token: Token, wanted: string, prefix: boolean) =>
    token.folded.startsWith(wanted.slice(0, 2)) && (stemOf(token.folded) === wanted || (prefix && token.folded.startsWith(wanted)));

  let best: { text: string; tokens: Token[]; hits: [number, number][]; words: number } | null = null;
  // Latest first: the first message holding every word is the answer.
  for (let m = messages.length - 1; m >= 0 && best?.words !== words.length; m--) {
    const text = messages[m]!.text;
    const tokens = tokenize(text);
    const hits: [number, number][] = [];
    let matchedWords = 0;
    for (const word of words) {
      let found = false;
      for (let at = 0; at + word.tokens.length <= tokens.length; at++) {
        const last = word.tokens.length - 1;
        if (word.tokens.every((wanted, k) => tokenMatches(tokens[at + k]!, wanted, word.prefix && k === last))) {
          hits.push([at, at + word.tokens.length]);
          found = true;
        }
      }
      if (found) matchedWords++;
    }
    if (matchedWords > (best?.words ?? 0)) best = { text, tokens, hits, words: matchedWords };
  }
  if (!best) return null;
  return cutSnippet(best.text, best.tokens, best.hits);
}

/** About SNIPPET_TOKENS words of `text` from just before the first hit, with the hits marked and "…" where it was cut. */
function cutSnippet(text: string, tokens: Token[], hits: [number, number][]): SnippetPart[] {
  const first = Math.min(...hits.map(([from]) => from));
  const fromToken = Math.max(0, Math.min(first - TOKENS_BEFORE_MATCH, tokens.length - SNIPPET_TOKENS));
  const toToken = Math.min(tokens.length, fromToken + SNIPPET_TOKENS);
  const start = fromToken === 0 ? 0 : tokens[fromToken]!.start;
  const end = toToken === tokens.length ? text.length : tokens[toToken - 1]!.end;
  const marked = new Array<boolean>(tokens.length).fill(false);
  for (const [from, to] of hits) for (let k = from; k < to; k++) marked[k] = true;

  const parts: SnippetPart[] = [];
  const push = (part: SnippetPart) => {
    if (!part.text) return;
    const last = parts.at(-1);
    if (last && last.match === part.match) last.text += part.text;
    else parts.push(part);
  };
  if (start > 0) push({ text: "…", match: false });
  let cursor = start;
  for (let k = fromToken; k < toToken; k++) {
    const token = tokens[k]!;
    if (!marked[k]) continue;
    // A phrase's tokens and what joins them ("s3:PutObject") are one mark.
    const joined = k > fromToken && marked[k - 1] && parts.at(-1)?.match;
    push({ text: text.slice(cursor, token.start), match: Boolean(joined) });
    push({ text: text.slice(token.start, token.end), match: true });
    cursor = token.end;
  }
  push({ text: text.slice(cursor, end).replace(/\s+/g, " "), match: false });
  if (end < text.length) push({ text: "…", match: false });
  return parts.map((part) => (part.match ? part : { ...part, text: part.text.replace(/\s+/g, " ") }));
}
