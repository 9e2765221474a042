/**
 * Words as the AI tasks compare them: lower-cased, stop words dropped,
 * Porter-stemmed, each stem remembering the word it was seen as most often
 * (what a reason shows a person). Identifiers (error codes, ticket keys,
 * exception names, versions) are kept whole, because two reports sharing
 * "HADOOP-17244" or "ERR_EXPORT_TIMEOUT" share far more than two words.
 */
import { stemmer } from "stemmer";

/** Common English and support-chat words that say nothing about which problem a message is about. */
const STOP_WORDS = new Set(
  (
    "a about above after again against all also am an and any are aren't as at be because been before being below between both but by " +
    "can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for from further had hadn't has hasn't " +
    "have haven't having he her here hers herself him himself his how i i'm i've if in into is isn't it it's its itself just let's me " +
    "more most mustn't my myself no nor not now of off on once only or other ought our ours ourselves out over own same shan't she should " +
    "shouldn't so some such than that that's the their theirs them themselves then there there's these they this those through to too " +
    "under until up very was wasn't we we're we've were weren't what when where which while who whom why will with won't would wouldn't " +
    "you you're you've your yours yourself yourselves hi hello hey thanks thank please regards cheers team dear best kind get got one " +
    "us still like know need want see make use using used would also via etc e g ie eg yes ok okay sure"
  ).split(" "),
);

/** A word in the sense of "something to compare": letters and digits, with inner dots, dashes and underscores kept. */
const WORD = /[\p{L}\p{N}]+(?:[._\-/][\p{L}\p{N}]+)*/gu;

/** An identifier: mixes letters with digits or joins parts with _ . - (ERR_TIMEOUT, v3.3.4, HADOOP-17244), or is CamelCased. */
const IDENTIFIER = /^(?=.*\p{L})(?=.*(?:\p{N}|[._\-/]))[\p{L}\p{N}._\-/]{3,}$|^\p{Lu}?\p{Ll}+(?:\p{Lu}\p{Ll}*){1,}$/u;

export interface Term {
  /** What is compared: a stem, or an identifier kept whole (lower-cased). */
  key: string;
  /** The word as written. */
  surface: string;
  identifier: boolean;
}

export function terms(text: string): Term[] {
  const found: Term[] = [];
  for (const match of text.matchAll(WORD)) {
    const surface = match[0];
    const lower = surface.toLowerCase();
    if (IDENTIFIER.test(surface) && !/^\d+(?:[.,]\d+)*$/.test(surface)) {
      found.push({ key: lower, surface, identifier: true });
      // "s3a-client" also says "client": its parts count as words too.
      if (/[._\-/]/.test(lower)) for (const part of lower.split(/[._\-/]/)) addWord(found, part, part);
      continue;
    }
    addWord(found, lower, surface);
  }
  return found;
}

function addWord(found: Term[], lower: string, surface: string): void {
  if (lower.length < 3 || STOP_WORDS.has(lower) || /^\d+$/.test(lower)) return;
  found.push({ key: stemmer(lower), surface, identifier: false });
}

/** Term counts, and the most frequent surface form of each. */
export function termCounts(text: string): { counts: Map<string, number>; surfaces: Map<string, string> } {
  const counts = new Map<string, number>();
  const seen = new Map<string, Map<string, number>>();
  for (const term of terms(text)) {
    counts.set(term.key, (counts.get(term.key) ?? 0) + 1);
    const forms = seen.get(term.key) ?? new Map<string, number>();
    forms.set(term.surface, (forms.get(term.surface) ?? 0) + 1);
    seen.set(term.key, forms);
  }
  const surfaces = new Map<string, string>();
  for (const [key, forms] of seen) surfaces.set(key, [...forms].sort((a, b) => b[1] - a[1])[0]![0]);
  return { counts, surfaces };
}
