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
  /** For the cross-channel rule: where and when it began, and the customer's sentences about what went wrong. */
  channel?: string;
  startedAt?: number;
  problemText?: string;
}

export interface MergeMatch {
  id: string;
  /** Cosine similarity, 0 to 1. */
  similarity: number;
  /** The words that weighed most in the match, as the customer wrote them. */
  sharedWords: string[];
  sameContact: boolean;
  /** Matched by the cross-channel rule: one account, another channel, within days, the same problem statement. */
  crossChannel: boolean;
}

interface IndexedDocument {
  document: MergeDocument;
  weights: Map<string, number>;
  surfaces: Map<string, string>;
  problem: Map<string, number>;
}

/**
 * One account reporting a failure on a second channel within three days is
 * usually chasing the same incident, in other words: such a pair needs only
 * some shared wording overall and an overlap in what each says went wrong.
 */
const CROSS_CHANNEL = { withinMs: 3 * 86_400_000, minSimilarity: 0.08, minProblemSimilarity: 0.06, credit: 0.3 } as const;

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

  /** Inverse document frequency over the index, counting one more document when the one compared is not in it. */
  private idf(outsider: boolean): Idf {
    const extra = outsider ? 1 : 0;
    const total = this.documents.size + extra;
    return (key) => {
      // At least 1: a problem-statement word can be missing from the postings (the sentence splitter writes some words apart).
      const df = Math.max(1, (this.postings.get(key)?.size ?? 0) + extra);
      return Math.log(1 + total / df) * (isIdentifier(key) ? IDENTIFIER_BOOST : 1);
    };
  }

  /** The similarity of two indexed conversations (0 when either is not indexed). */
  similarity(a: string, b: string): number {
    const first = this.documents.get(a);
    const second = this.documents.get(b);
    if (!first || !second) return 0;
    const idf = this.idf(false);
    const whole = cosine(first.weights, second.weights, idf);
    return Math.min(1, crossChannelCredit(first, second, whole, idf) + whole);
  }

  /** The indexed conversations most like `document` (which need not be indexed), best first. */
  matches(document: MergeDocument, options: { limit?: number; minSimilarity?: number } = {}): MergeMatch[] {
    const { limit = 5, minSimilarity = 0.05 } = options;
    const query = vectorOf(document);
    const outsider = !this.documents.has(document.id);
    const total = this.documents.size + (outsider ? 1 : 0);
    const idf = this.idf(outsider);
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

    const queryNorm = norm(query.weights, idf);
    const scored: MergeMatch[] = [];
    for (const [id, product] of dot) {
      const other = this.documents.get(id)!;
      const whole = product / (queryNorm * norm(other.weights, idf) || 1);
      const credit = whole < minSimilarity ? crossChannelCredit(query, other, whole, idf) : 0;
      const crossChannel = credit > 0;
      const similarity = whole + credit;
      if (similarity < minSimilarity) continue;
      scored.push({
        id,
        similarity: Math.min(1, similarity),
        sharedWords: sharedWords(query, other, idf),
        sameContact: other.document.contactKeys.some((key) => contacts.has(key)),
        crossChannel,
      });
    }
    return scored.sort((a, b) => b.similarity - a.similarity).slice(0, limit);
  }
}

function weightsOf(counts: Map<string, number>): Map<string, number> {
  const weights = new Map<string, number>();
  for (const [key, count] of counts) weights.set(key, 1 + Math.log(count));
  return weights;
}

function vectorOf(document: MergeDocument): IndexedDocument {
  // The subject is the customer's own one-line statement of the problem: it counts twice.
  const { counts, surfaces } = termCounts(`${document.subject ?? ""}\n${document.subject ?? ""}\n${document.customerText}`);
  const problem = document.problemText ? weightsOf(termCounts(`${document.subject ?? ""}\n${document.problemText}`).counts) : new Map<string, number>();
  return { document, weights: weightsOf(counts), surfaces, problem };
}

/** The extra similarity the cross-channel rule grants a pair (0 when it does not apply). */
function crossChannelCredit(a: IndexedDocument, b: IndexedDocument, whole: number, idf: Idf): number {
  if (whole < CROSS_CHANNEL.minSimilarity || !isCrossChannelPair(a.document, b.document)) return 0;
  return cosine(a.problem, b.problem, idf) >= CROSS_CHANNEL.minProblemSimilarity ? CROSS_CHANNEL.credit : 0;
}

type Idf = (key: string) => number;

function norm(weights: Map<string, number>, idf: Idf): number {
  return Math.sqrt([...weights].reduce((sum, [key, weight]) => sum + (weight * idf(key)) ** 2, 0));
}

/** Cosine of two TF-IDF vectors. */
function cosine(a: Map<string, number>, b: Map<string, number>, idf: Idf): number {
  let product = 0;
  for (const [key, weight] of a) {
    const other = b.get(key);
    if (other !== undefined) product += weight * other * idf(key) ** 2;
  }
  return product / (norm(a, idf) * norm(b, idf) || 1);
}

function isCrossChannelPair(a: MergeDocument, b: MergeDocument): boolean {
  return (
    a.accountId !== null &&
    a.accountId === b.accountId &&
    a.channel !== undefined &&
    b.channel !== undefined &&
    a.channel !== b.channel &&
    a.startedAt !== undefined &&
    b.startedAt !== undefined &&
    Math.abs(a.startedAt - b.startedAt) <= CROSS_CHANNEL.withinMs
  );
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
