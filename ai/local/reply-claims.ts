/**
 * What a reply claims and promises, read sentence by sentence, against what
 * supports it (the customer's messages, the thread, the team's knowledge):
 * the promises a reply must never make (money granted by the rep, a date for
 * a fix or a feature, a cause nobody stated, a guarantee), and the specifics
 * (numbers, identifiers, addresses, menu paths) that appear nowhere in the
 * sources. The local rubric scorer and the eval graders read replies with it.
 */
import { RELEVANT_KNOWLEDGE, rankKnowledge } from "../knowledge";
import type { KnowledgeSnippet } from "../tasks";
import { terms } from "../text";

export const FORBIDDEN_PROMISES = ["money_granted", "fix_date", "invented_cause", "guarantee"] as const;
export type ForbiddenPromise = (typeof FORBIDDEN_PROMISES)[number];

/** A sentence of a message, exactly as written (a verbatim slice, so it can be quoted as evidence). */
export interface Sentence {
  text: string;
  /** Where it starts in the message. */
  start: number;
}

export interface Claim {
  kind: ForbiddenPromise;
  sentence: string;
}

/** The sentences of a text: split at line breaks and at . ! ? before a capital or a digit. */
export function sentenceSpans(text: string): Sentence[] {
  const spans: Sentence[] = [];
  for (const line of text.matchAll(/[^\n]+/g)) {
    let from = 0;
    const body = line[0];
    for (const end of [...body.matchAll(/[.!?…]+["”')]*\s+(?=["“(]?[\p{Lu}\p{N}])/gu), { index: body.length, 0: "" }]) {
      const piece = body.slice(from, end.index! + end[0].length);
      const trimmed = piece.trim();
      if (trimmed) spans.push({ text: trimmed, start: line.index! + from + piece.indexOf(trimmed) });
      from = end.index! + end[0].length;
    }
  }
  return spans;
}

/** "Hi Dana," and "Best,\nSam": the frame of a reply, not what it says. */
const GREETING = /^(hi|hello|hey|dear|good (morning|afternoon|evening))\b[^.!?]{0,40}[,!.]?$/i;
const SIGN_OFF = /^(best|thanks|thank you|many thanks|regards|kind regards|best regards|warm regards|warmly|cheers|sincerely|all the best)\b[^.!?]{0,30}$/i;

/** The sentences that carry content: greetings, sign-offs and the signature go. */
export function contentSentences(text: string): Sentence[] {
  const spans = sentenceSpans(text);
  const signOff = spans.findIndex((span, index) => index > 0 && SIGN_OFF.test(span.text));
  return spans.filter((span, index) => !GREETING.test(span.text) && (signOff === -1 || index < signOff));
}

/** First person, future: what the writer commits to. */
export const COMMITMENT = /\b(I'?ll|I will|I am going to|I'?m going to|we'?ll|we will|I can do|I'?ll be|I'?m happy to|I'?d be glad to|let me)\b/i;
/** A time a step can be held to: a clock time, a day, a span. */
export const TIME_GIVEN =
  /\b(\d{1,2}:\d{2}|\d{1,2} ?(am|pm)|today|tonight|tomorrow|this (morning|afternoon|evening)|end of (the )?day|eod|(on |by |this |next )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)|within (the hour|\d+ (minutes?|hours?|days?)|(one|two|three|four|an?) (hours?|days?))|in (\d+|one|two|three|an?) (minutes?|hours?))\b/i;
/** Days and months, for dates promised for a fix. */
const WHEN =
  /\b(today|tonight|tomorrow|this (week|weekend|afternoon|evening|month)|next (week|month|release|sprint|update)|by (the )?(end of|monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d)|(for|on|by|before) (monday|tuesday|wednesday|thursday|friday|saturday|sunday)|january|february|march|april|may|june|july|august|september|october|november|december|within (the hour|\d+ \w+)|in (\d+|a few|a couple of) (hours|days|weeks)|before (your|the) (trial|renewal|weekend|deadline) ?\w*)\b/i;
const FIX_WORDS = /\b(fix(ed)?|patch(ed)?|resolved?|sorted|releas\w*|ship(s|ped|ping)?|deploy\w*|go(es)? live|available|coming|back (up|online)|working again|roll(ed|ing)? out)\b/i;
const FUTURE = /\b(will|'ll|is going to|are going to|should be|expect|is coming|are coming|you'll have|(is|are) (deploying|releasing|shipping|rolling out))\b/i;
/** A time in a sentence about our update to the customer is a next step, not a date for the fix. */
const UPDATE_STEP = /\b(update you|get back to you|check in|let you know|confirm|hear from|whether or not)\b/i;
const DISOWNED = /\b(no (release )?date|don'?t have a date|can'?t (promise|say|give)|cannot (promise|say|give)|won'?t guess|not (yet )?known|isn'?t known|unknown|don'?t know|not sure)\b/i;

/** The rep giving money: a refund, a credit, a free period or a discount, granted rather than passed on. */
const MONEY_GIVEN =
  /\b(I'?ve|I have|we'?ve|we have|I'?ll|I will|we'?ll|we will|gone ahead and|I'?m going to)\b[^.!?]*\b(refund(ed)?|credit(ed)?|reimburs\w*|waiv\w*|discount\w*|compensat\w*|free (months?|weeks?|service|period)|months? (of )?free|\d+% off)\b/i;
const MONEY_ROUTED = /\b(isn'?t mine|not mine|not up to me|can'?t (grant|offer|decide|approve)|passed|passing|forward\w*|decided by|decides?|the person who|request)\b/i;
const GUARANTEE = /\b((will )?never happen again|won'?t happen again|should(n'?t| not) happen again|guarantee\w*|rest assured|100% (sure|certain))\b/i;
const GUARANTEE_DISOWNED = /\b(can'?t|cannot|won'?t|not) (promise|guarantee|say)\b/i;
const CAUSE =
  /\b(caused by|because( of)?|due to|the (root )?cause (was|is)|this happened because|(comes|came|stems) from|the reason (is|was)|is the result of|was triggered by)\b/i;
const CAUSE_DISOWNED = /\b(don'?t|do not|not yet|isn'?t|unknown|no idea|won'?t guess|not sure|still (investigating|looking))\b/i;
/** Other companies, or the customer's own side: a cause put there deflects. */
export const ELSEWHERE = /\b(okta|adp|azure|aws|amazon|google|apple|microsoft|slack|salesforce|your (certificate|setup|configuration|settings|network|device|browser|admin|team|it|isp|provider|bank|identity provider))\b/i;

/** Content stems of a text (ai/text.ts), as a set. */
export const stemsOf = (text: string) => new Set(terms(text).map((term) => term.key));

/**
 * What may back a reply's claims: the messages before it, and the knowledge
 * snippets that speak to what the customer wrote (at most three), as text and
 * as stems.
 */
export function groundsOf(messages: readonly { author: string; text: string }[], knowledge: readonly KnowledgeSnippet[]): { relevant: string[]; support: Set<string> } {
  const customerText = messages
    .filter((message) => message.author === "customer")
    .map((message) => message.text)
    .join("\n");
  const relevant = rankKnowledge([...knowledge], customerText)
    .filter((entry) => entry.score >= RELEVANT_KNOWLEDGE)
    .slice(0, 3)
    .map((entry) => `${entry.snippet.title}. ${entry.snippet.text}`);
  return { relevant, support: stemsOf([...messages.map((message) => message.text), ...relevant].join("\n")) };
}

/** Share of `claim`'s stems found in `support`. */
export function supportShare(claim: string, support: Set<string>): number {
  const wanted = [...stemsOf(claim)];
  return wanted.length ? wanted.filter((stem) => support.has(stem)).length / wanted.length : 1;
}

export interface CauseClaim {
  sentence: string;
  /** Whether the sources say it. */
  supported: boolean;
  /** Put on another company or on the customer's side. */
  elsewhere: boolean;
}

/** The causes a reply states, each checked against the sources' stems. */
export function causeClaims(sentences: readonly Sentence[], support: Set<string>): CauseClaim[] {
  const found: CauseClaim[] = [];
  for (const { text } of sentences) {
    const cue = CAUSE.exec(text);
    if (!cue || CAUSE_DISOWNED.test(text)) continue;
    const clause = text.slice(cue.index + cue[0].length);
    found.push({ sentence: text, supported: supportShare(clause, support) >= 0.5, elsewhere: ELSEWHERE.test(clause) });
  }
  return found;
}

/** The promises a reply must not make, given what supports it. */
export function forbiddenPromises(reply: string, support: Set<string>): Claim[] {
  const sentences = contentSentences(reply);
  const claims: Claim[] = [];
  for (const { text } of sentences) {
    if (MONEY_GIVEN.test(text) && !MONEY_ROUTED.test(text)) claims.push({ kind: "money_granted", sentence: text });
    if (FIX_WORDS.test(text) && FUTURE.test(text) && WHEN.test(text) && !UPDATE_STEP.test(text) && !DISOWNED.test(text)) claims.push({ kind: "fix_date", sentence: text });
    if (GUARANTEE.test(text) && !GUARANTEE_DISOWNED.test(text)) claims.push({ kind: "guarantee", sentence: text });
  }
  for (const cause of causeClaims(sentences, support)) if (!cause.supported) claims.push({ kind: "invented_cause", sentence: cause.sentence });
  return claims;
}

const NUMBER_WORDS: Record<string, string> = {
  one: "1", two: "2", three: "3", four: "4", five: "5", six: "6", seven: "7", eight: "8", nine: "9", ten: "10",
  eleven: "11", twelve: "12", fifteen: "15", twenty: "20", thirty: "30", forty: "40", fifty: "50", sixty: "60", ninety: "90", hundred: "100",
};
/** Numbers as compared: "1,400" is 1400, "08:00" is 8:00, "six" is 6. */
const NUMBER = new RegExp(`\\b(\\d[\\d,]*(?:\\.\\d+)*|${Object.keys(NUMBER_WORDS).join("|")})\\b`, "gi");
const normalNumber = (raw: string) => NUMBER_WORDS[raw.toLowerCase()] ?? raw.replace(/,/g, "").replace(/^0+(?=\d)/, "");
const EMAIL = /\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b/g;
/** A menu path: "under People, Import". */
const MENU_PATH = /\bunder ((?:[A-Z][\w-]*)(?:[ ,]+[A-Z][\w-]*)+)/g;

/** What a text mentions that can be checked exactly: numbers, and words that are names (identifiers, email addresses, menu paths). */
export function specificsOf(text: string): { numbers: Set<string>; names: Set<string> } {
  const numbers = new Set<string>();
  const names = new Set<string>();
  for (const match of text.matchAll(NUMBER)) numbers.add(normalNumber(match[0]));
  // 08:00 is also "8", as a customer would say it.
  for (const match of text.matchAll(/\b(\d{1,2}):\d{2}\b/g)) numbers.add(String(Number(match[1])));
  // Identifiers with a digit, a capital, _ . or / (ERR_PAYROLL_SCHEMA, v5.8.2); a plain hyphenated word is not a name.
  for (const match of text.matchAll(EMAIL)) names.add(match[0].toLowerCase());
  for (const term of terms(text.replace(EMAIL, " "))) if (term.identifier && /[\d_./]|\p{Lu}/u.test(term.surface)) names.add(term.key);
  for (const match of text.matchAll(MENU_PATH)) for (const part of match[1]!.split(/[ ,]+/)) names.add(part.toLowerCase());
  return { numbers, names };
}

/**
 * The specifics of a reply that no source mentions. A time the writer
 * commits to ("I'll update you by 15:00 UTC") is theirs to give, and is not
 * counted; a time in a sentence reporting what happened is.
 */
export function unsupportedSpecifics(sentences: readonly Sentence[], sources: string): string[] {
  const known = specificsOf(sources);
  const knownText = sources.toLowerCase();
  const missing = new Set<string>();
  for (const { text } of sentences) {
    if (COMMITMENT.test(text) && TIME_GIVEN.test(text)) continue;
    const { numbers, names } = specificsOf(text);
    for (const number of numbers) if (!known.numbers.has(number)) missing.add(number);
    for (const name of names) if (!knownText.includes(name)) missing.add(name);
  }
  return [...missing];
}
