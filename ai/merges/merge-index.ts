/**
 * Which open conversations are the same issue, found incrementally: every
 * conversation is added to an inverted index once, and a new or changed one
 * is compared only with the conversations that share words with it and
 * belong to the same account or contact. Nothing compares everything with
 * everything.
 *
 * Similarity is the cosine of TF-IDF vectors over the customer's words (the
 * subject counts twice; identifiers such as error codes weigh more), read at
 * query time so it follows the inbox as it grows.
 */
import { termCounts } from "../text";

export interface MergeDocument {
  id: string;
  /** Conversations of different accounts and contacts are never the same issue here. */
  accountId: string | null;
  /** Who wrote it, as channel identities ("email:dana@acme.example", "slack:U123"). */
  contactKeys: string[];
  subject: string | null;
  /** What the customer wrote, all messages. */
  customerText: string;
}

export interface MergeMatch {
  id: string;
  /** Cosine similarity, 0 to 1. */
  similarity: number;
  /** The words that weighed most in the match, as the customer wrote them. */
  sharedWords: string[];
  sameContact: boolean;
}

interface IndexedDocument {
  document: MergeDocument;
  weights: Map<string, number>;
  surfaces: Map<string, string>;
}

/** A word in more than this share of a large index says nothing about which problem it is. */
const COMMON_SHARE = 0.2;
const IDENTIFIER_BOOST = 1.6;

export class MergeIndex {
  private readonly documents = new Map<string, IndexedDocument>();
  private readonly postings = new Map<string, Set<string>>();

  get size(): number {
    return this.documents.size;
  }

  has(id: string): boolean {
    return this.documents.has(id);
  }

  /** Adds a conversation, or replaces what the index held for it (a new message arrived). */
  add(document: MergeDocument): void {
    this.remove(document.id);
    const indexed = vectorOf(document);
    this.documents.set(document.id, indexed);
    for (const key of indexed.weights.keys()) {
      let ids = this.postings.get(key);
      if (!ids) this.postings.set(key, (ids = new Set()));
      ids.add(document.id);
    }
  }

  remove(id: string): void {
    const indexed = this.documents.get(id);
    if (!indexed) return;
    this.documents.delete(id);
    for (const key of indexed.weights.keys()) {
      const ids = this.postings.get(key);
      ids?.delete(id);
      if (ids?.size === 0) this.postings.delete(key);
    }
  }

  /** The similarity of two indexed conversations (0 when either is not indexed). */
  similarity(a: string, b: string): number {
    const first = this.documents.get(a);
    const second = this.documents.get(b);
    if (!first || !second) return 0;
    const idf = (key: string) => Math.log(1 + this.documents.size / (this.postings.get(key)?.size ?? 1)) * (isIdentifier(key) ? IDENTIFIER_BOOST : 1);
    let dot = 0;
    for (const [key, weight] of first.weights) {
      const other = second.weights.get(key);
      if (other !== undefined) dot += weight * other * idf(key) ** 2;
    }
    const norm = (weights: Map<string, number>) => Math.sqrt([...weights].reduce((sum, [key, w]) => sum + (w * idf(key)) ** 2, 0));
    return dot / (norm(first.weights) * norm(second.weights) || 1);
  }

  /** The indexed conversations most like `document` (which need not be indexed), best first. */
  matches(document: MergeDocument, options: { limit?: number; minSimilarity?: number } = {}): MergeMatch[] {
    const { limit = 5, minSimilarity = 0.05 } = options;
    const query = vectorOf(document);
    const total = this.documents.size + (this.documents.has(document.id) ? 0 : 1);
    const idf = (key: string) => {
      const df = (this.postings.get(key)?.size ?? 0) + (this.documents.has(document.id) ? 0 : 1);
      return Math.log(1 + total / df) * (isIdentifier(key) ? IDENTIFIER_BOOST : 1);
    };
    const contacts = new Set(document.contactKeys);
    const inScope = (other: MergeDocument) =>
      other.id !== document.id &&
      ((document.accountId !== null && other.accountId === document.accountId) || other.contactKeys.some((key) => contacts.has(key)));

    const dot = new Map<string, number>();
    const outOfScope = new Set<string>();
    const common = total >= 50 ? total * COMMON_SHARE : Number.POSITIVE_INFINITY;
    for (const [key, weight] of query.weights) {
      const ids = this.postings.get(key);
      if (!ids || ids.size > common) continue;
      const weightIdf = weight * idf(key) ** 2;
      for (const id of ids) {
        if (outOfScope.has(id)) continue;
        const other = this.documents.get(id)!;
        if (!dot.has(id) && !inScope(other.document)) {
          outOfScope.add(id);
          continue;
        }
        dot.set(id, (dot.get(id) ?? 0) + weightIdf * other.weights.get(key)!);
      }
    }
    if (dot.size === 0) return [];

    const norm = (weights: Map<string, number>) => Math.sqrt([...weights].reduce((sum, [key, w]) => sum + (w * idf(key)) ** 2, 0));
    const queryNorm = norm(query.weights);
    const scored: MergeMatch[] = [];
    for (const [id, product] of dot) {
      const other = this.documents.get(id)!;
      const similarity = product / (queryNorm * norm(other.weights) || 1);
      if (similarity < minSimilarity) continue;
      scored.push({
        id,
        similarity,
        sharedWords: sharedWords(query, other, idf),
        sameContact: other.document.contactKeys.some((key) => contacts.has(key)),
      });
    }
    return scored.sort((a, b) => b.similarity - a.similarity).slice(0, limit);
  }
}

function vectorOf(document: MergeDocument): IndexedDocument {
  // The subject is the customer's own one-line statement of the problem: it counts twice.
  const { counts, surfaces } = termCounts(`${document.subject ?? ""}\n${document.subject ?? ""}\n${document.customerText}`);
  const weights = new Map<string, number>();
  for (const [key, count] of counts) weights.set(key, 1 + Math.log(count));
  return { document, weights, surfaces };
}

/** Identifiers are stored whole, with their punctuation; stems never carry any. */
function isIdentifier(key: string): boolean {
  return /[\d._\-/]/.test(key) && /\p{L}/u.test(key);
}

function sharedWords(query: IndexedDocument, other: IndexedDocument, idf: (key: string) => number): string[] {
  return [...query.weights]
    .filter(([key]) => other.weights.has(key))
    .map(([key, weight]) => ({ word: query.surfaces.get(key) ?? key, weight: weight * other.weights.get(key)! * idf(key) ** 2 }))
    .sort((a, b) => b.weight - a.weight)
    .slice(0, 4)
    .map((entry) => entry.word);
}
