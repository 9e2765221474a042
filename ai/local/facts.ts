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
/** Tokens that are errors wherever they appear: ERR_CODES, SomethingException, AccessDenied, HTTP 5xx. */
export const ERROR_TOKEN = /\b(?:[A-Z][A-Z0-9]*_[A-Z0-9_]+|[A-Z][a-zA-Z]+(?:Exception|Error)|(?:HTTP|error|status)\s?[45]\d\d|[45]\d\d (?:error|status|[A-Z][a-z]+(?: [A-Z][a-z]+)?)|E[A-Z]{3,}|AccessDenied|Unauthori[sz]ed|Forbidden)\b/g;
/** Keys such as HADOOP-17244 are errors only where something went wrong (INV-20417 on a question is an invoice). */
const KEY_TOKEN = /\b(?!(?:INV|PO|ORD|QUO|RCPT|ACCT|CUST)-)[A-Z]{2,}-\d{2,}\b/g;
const PLAN_CUE = /\b(trial|enterprise|pro plan|growth plan|starter plan|plan|renewal|renew(s|ing)?|contract|seats?|licen[cs]es?|upgrade|downgrade|cancel(l?ing|l?ed)?)\b/i;
const PROMISE_CUE = /\b(I'?ll|I will|we'?ll|we will|I am going to|we are going to|I'?m going to|will (have|get|send|fix|update|follow|call|check)|promise|get back to you|follow up|by (today|tomorrow|end of day|eod|monday|tuesday|wednesday|thursday|friday|\d{1,2}(:\d{2})? ?(am|pm)))\b/i;

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
    const sentences = sentencesOf(message.text);
    if (message.author === "agent") {
      for (const sentence of sentences) if (PROMISE_CUE.test(sentence.text) && !HOUSEKEEPING.test(sentence.text)) add("promise", sentence.text, messageIndex);
      return;
    }
    let problemSaid = false;
    for (const sentence of sentences) {
      customerSentiment.push(sentence.sentiment);
      if (!problemSaid && PROBLEM_CUE.test(sentence.text)) {
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
