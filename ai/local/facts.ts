/**
 * Facts read out of conversations, sentence by sentence, each tied to the
 * message it came from: what broke (problem), the error it showed (error),
 * when (date), how much (amount), the plan or contract (plan), what the team
 * promised (promise) and what the customer asked that nobody answered yet
 * (request). Sentences, dates and amounts come from wink-nlp's English
 * model; the support-specific cues are the rules below.
 */
import winkNLP, { type ItemSentence } from "wink-nlp";
import model from "wink-eng-lite-web-model";
import type { InterchangeConversation } from "../../db/interchange";
import type { Fact } from "../tasks";

let loaded: ReturnType<typeof winkNLP> | undefined;
/** The English model, loaded on first use (about 0.2 s). */
export function nlp() {
  return (loaded ??= winkNLP(model));
}

export const PROBLEM_CUE =
  /\b(fail(s|ed|ing|ure)?|error(s)?|broken|break(s|ing)?|crash(es|ed|ing)?|down|outage|time(s|d)? ?out|timing out|can(no|')t|unable|not (work|load|sync|arriv|show|send|sav|deliver|receiv)\w*|none of|(?:has|have)n'?t (?:been )?(?:delivered|received|arrived)|doesn'?t work|won'?t|stuck|missing|lost|wrong|slow|loop(s|ing)?|bug|charged twice|double[- ]charged|denied|rejected|blank|disappear(ed|s)?|overcharg\w*|incorrect|discrepanc\w*|bills? (us|me) for)\b/i;
/** Failures PROBLEM_CUE misses: what did not happen or came late, what leaked, what was counted twice. Not used to pair duplicate reports, whose wording it would loosen. */
export const MISSED_CUE =
  /\b((didn'?t|did not|hasn'?t|has not|haven'?t|have not|never|wouldn'?t|couldn'?t) (\w+ )?(get|got|create|receiv|arriv|work|load|show|sync|come|make it|go|land|updat)\w*|incident|leak(ed|s)?|exposed|turned up|duplicat\w*|doubled?(?![-\w])|inflated|late|overdue|delayed|past (the )?(schedule|deadline|due))\b/i;
/** Whether a customer's sentence says something went wrong. */
export const saysFailure = (text: string) => PROBLEM_CUE.test(text) || MISSED_CUE.test(text);
/** Tokens that are errors wherever they appear: ERR_CODES, SomethingException, AccessDenied, HTTP 5xx. */
export const ERROR_TOKEN = /\b(?:[A-Z][A-Z0-9]*_[A-Z0-9_]+|[A-Z][a-zA-Z]+(?:Exception|Error)|(?:HTTP|error|status)\s?[45]\d\d|[45]\d\d (?:error|status|[A-Z][a-z]+(?: [A-Z][a-z]+)?)|E[A-Z]{3,}|AccessDenied|Unauthori[sz]ed|Forbidden)\b/g;
/** Keys such as HADOOP-17244 are errors only where something went wrong (INV-20417 on a question is an invoice). */
const KEY_TOKEN = /\b(?!(?:INV|PO|ORD|QUO|RCPT|ACCT|CUST)-)[A-Z]{2,}-\d{2,}\b/g;
const PLAN_CUE = /\b(trial|enterprise|pro plan|growth plan|starter plan|plan|renewal|renew(s|ing)?|contract|seats?|licen[cs]es?|upgrade|downgrade|cancel(l?ing|l?ed)?)\b/i;
const PROMISE_CUE = /\b(I'?ll|I will|we'?ll|we will|I am going to|we are going to|I'?m going to|will (have|get|send|fix|update|follow|call|check)|promise|get back to you|follow up|by (today|tomorrow|end of day|eod|monday|tuesday|wednesday|thursday|friday|\d{1,2}(:\d{2})? ?(am|pm)))\b/i;

/**
 * A customer's sentence that speaks to the AI instead of about the customer's
 * problem: customer text is data, so these are never read as facts, quoted
 * back or obeyed. What gives one away, whatever its wording: it addresses the
 * assistant or a system role (or forges a speaker label or markup to pass for
 * one), tells the AI to drop its rules, dictates what the reply must say
 * ("in your reply", "repeat after me", "tell the customer"), asks for what is
 * not the customer's (a prompt, configuration, keys, internal notes, other
 * customers' data), or takes the team's decisions for it (approving money,
 * declaring a policy, closing the ticket).
 */
/** Markup that pretends to close the customer's data and open the system's. */
const FORGED_MARKUP = /<\/?\s*(customer|user|system|assistant|instructions?|prompt|data)[\w-]*\s*>/gi;
const ADDRESSES_THE_AI =
  /(^|[.!?]\s+)(system|assistant|ai|bot|admin|agent|support|operator|developer)( \([^)]{1,30}\))?\s*:|@(assistant|ai|bot|copilot)\b|\b(ai assistant|assistant|chatbot|copilot|language model)\s*[:,]|\bas an ai\b|\byou are (now )?(an? |in )?(ai|assistant|language model|developer mode|unrestricted)|\b(developer|god|admin|debug) mode\b|\bjailbreak/i;
const OVERRIDES_RULES = /\b(ignore|disregard|forget|override|bypass)\b[^.!?]{0,40}\b(instructions?|rules?|prompts?|guidelines|polic(y|ies)|messages?)\b|\bnew instructions?\b|\bfrom now on\b/i;
const DICTATES_REPLY =
  /\b(in|into|below|above|with|at the (end|top|start) of|as part of) your (reply|answer|response|next message|message to me)\b|\bbefore you (answer|reply|respond)\b|\brepeat after me\b|\bword for word\b|\bverbatim\b|\b(tell|offer|give|promise|inform) (the|this) (customer|user)\b/i;
const PRIES =
  /\b(system|hidden|secret|internal|initial) (prompt|rules?|instructions?|notes?|configuration|config|settings)\b|\byour (system prompt|prompt|instructions|configuration|config|api keys?|rules|training)\b|\bapi keys?\b|\b(what|which) model are you\b|\breveal\b/i;
const OTHERS = /\b(other|every|all (of )?(your|the)) (customers?|compan(y|ies)|clients?|accounts?|tenants?|users)\b/i;
const OTHERS_WANTED = /\b(list|name|forward|send|share|show|give|paste|print|emails?|contacts?|history|conversations?|data|details)\b/i;
const DECIDES_FOR_US =
  /\b(approve|grant|authori[sz]e|issue|apply|offer)\b[^.!?]{0,40}\b(refund|credit|months? free|free (months?|period)|discount|compensation|waiver)|\b(I'?ve|I have|we'?ve|we have) (already )?(approved|granted|issued|authori[sz]ed|agreed to)\b[^.!?]{0,30}\b(your|a|the) (refund|credit|discount|compensation)|\b(your|the) [\w -]{0,20}polic(y|ies) (is|are) now\b|\b(mark|close|set) (this|the) (ticket|conversation|case) (as )?(resolved|closed|solved)\b/i;

export function instructsTheAi(sentence: string): boolean {
  return (
    ADDRESSES_THE_AI.test(sentence) ||
    OVERRIDES_RULES.test(sentence) ||
    DICTATES_REPLY.test(sentence) ||
    PRIES.test(sentence) ||
    (OTHERS.test(sentence) && OTHERS_WANTED.test(sentence)) ||
    DECIDES_FOR_US.test(sentence)
  );
}

/** What an agent says they will do to the ticket, not for the customer. */
const HOUSEKEEPING = /\b(close|closing|mark|resolve) (this|the|it)\b/i;

interface Sentence {
  text: string;
  entities: { value: string; type: string }[];
  sentiment: number;
}

export function sentencesOf(text: string): Sentence[] {
  const its = nlp().its;
  const sentences: Sentence[] = [];
  nlp()
    .readDoc(text)
    .sentences()
    .each((sentence: ItemSentence) => {
      const value = sentence.out().trim();
      if (value) sentences.push({ text: value, entities: sentence.entities().out(its.detail) as { value: string; type: string }[], sentiment: sentence.out(its.sentiment) as number });
    });
  return sentences;
}

/** A sentence short enough to show: long ones are cut at a word boundary. */
function clip(text: string, max = 240): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, flat.lastIndexOf(" ", max - 1))}…`;
}

/** The sentences of a customer's text that say what went wrong: what a duplicate report shares, however else it is worded. */
export function problemStatements(text: string): string {
  return sentencesOf(text)
    .filter((sentence) => PROBLEM_CUE.test(sentence.text))
    .map((sentence) => sentence.text)
    .join("\n");
}

export interface ConversationFacts {
  facts: Fact[];
  /** Sentiment of each customer sentence, in order (wink's -1 to 1). */
  customerSentiment: number[];
  customerText: string;
}

/** Every fact in one conversation; at most one problem fact per message (its clearest sentence). */
export function factsOf(conversation: InterchangeConversation): ConversationFacts {
  const facts: Fact[] = [];
  const customerSentiment: number[] = [];
  const lastAgentIndex = conversation.messages.findLastIndex((message) => message.author === "agent");
  const seen = new Set<string>();
  const add = (kind: Fact["kind"], text: string, messageIndex: number) => {
    const key = `${kind}:${text.toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    facts.push({ kind, text: clip(text), source: { conversationId: conversation.id, messageIndex } });
  };

  conversation.messages.forEach((message, messageIndex) => {
    if (message.author === "bot") return;
    // Forged markup starts a new sentence, so the attack after it does not take the customer's words before it along.
    const sentences = sentencesOf(message.author === "customer" ? message.text.replace(FORGED_MARKUP, "\n\n") : message.text);
    if (message.author === "agent") {
      for (const sentence of sentences) if (PROMISE_CUE.test(sentence.text) && !HOUSEKEEPING.test(sentence.text)) add("promise", sentence.text, messageIndex);
      return;
    }
    let problemSaid = false;
    for (const sentence of sentences) {
      if (instructsTheAi(sentence.text)) continue;
      customerSentiment.push(sentence.sentiment);
      if (!problemSaid && saysFailure(sentence.text)) {
        add("problem", sentence.text, messageIndex);
        problemSaid = true;
      }
      for (const token of sentence.text.match(ERROR_TOKEN) ?? []) add("error", token, messageIndex);
      if (PROBLEM_CUE.test(sentence.text)) for (const token of sentence.text.match(KEY_TOKEN) ?? []) add("error", token, messageIndex);
      if (sentence.entities.some((entity) => entity.type === "DATE" || entity.type === "TIME")) add("date", sentence.text, messageIndex);
      if (sentence.entities.some((entity) => entity.type === "MONEY")) add("amount", sentence.text, messageIndex);
      if (PLAN_CUE.test(sentence.text)) add("plan", sentence.text, messageIndex);
      // A question the team has not answered since it was asked.
      if (messageIndex > lastAgentIndex && sentence.text.endsWith("?")) add("request", sentence.text, messageIndex);
    }
  });
  return {
    facts,
    customerSentiment,
    customerText: conversation.messages
      .filter((message) => message.author === "customer")
      .map((message) => message.text)
      .join("\n"),
  };
}
