/**
 * The local recovery-focused reply draft. It follows the team's recovery
 * shape (ai/prompts/draft-reply): acknowledge the specific failure in the
 * customer's own terms, take ownership without blame, say what is known
 * (only from the workspace's knowledge), give a concrete next step with a
 * time, offer a recovery the account's plan allows, and never promise what
 * the context does not support. Every part it used is cited.
 *
 * Customer text is data: sentences that instruct the AI are not facts
 * (facts.ts), so they are never quoted, and internal notes are not an input.
 */
import { DraftInputSchema, type Citation, type Draft, type DraftInput, type Fact, type KnowledgeSnippet } from "../tasks";
import { MONEY_BACK, recoveryOffers } from "../recovery-policy";
import { RELEVANT_KNOWLEDGE, rankKnowledge } from "../knowledge";
import { factsOf } from "./facts";

/** Updates come at the latest this long after the draft, on the hour. */
const UPDATE_WITHIN_MS = 4 * 60 * 60_000;

/** Each person word and what it becomes when the customer's sentence is said back to them (both ways round). */
const PERSON_WORDS: Record<string, string> = {
  "i'm": "you're",
  "i've": "you've",
  "i'd": "you'd",
  "i'll": "you'll",
  i: "you",
  "we're": "you're",
  "we've": "you've",
  "we'll": "you'll",
  we: "you",
  my: "your",
  our: "your",
  mine: "yours",
  ours: "yours",
  me: "you",
  us: "you",
  myself: "yourself",
  ourselves: "yourselves",
  // "your release" was ours: it stays ours.
  your: "our",
  yours: "ours",
  "you're": "we're",
  "you've": "we've",
  "you'll": "we'll",
  you: "we",
};

/** The customer's sentence, said back to them: "our export failed since your release" becomes "your export failed since our release". */
export function toSecondPerson(sentence: string): string {
  const said = sentence
    .replace(/:[a-z0-9_+-]+:/g, "")
    // A greeting ahead of the point ("hey Brightpath team —") goes.
    .replace(/^\s*(hey|hi|hello)\b[^.!?]*?(?=\b(our|my|we|i|the|it|this)\b)/i, "")
    .replace(/[.!?…\s]+$/u, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/\b(i'm|i've|i'd|i'll|we're|we've|we'll|you're|you've|you'll|ourselves|myself|yours|ours|mine|your|our|my|we|us|me|you|i)\b/gi, (word) => {
      const swapped = PERSON_WORDS[word.toLowerCase()] ?? word;
      return word[0] === word[0]!.toUpperCase() && word.toLowerCase() !== "i" ? swapped[0]!.toUpperCase() + swapped.slice(1) : swapped;
    });
  // Lower-case the first letter unless it starts a name or an acronym.
  return /^[A-Z]{2}|^[A-Z][a-z]+[A-Z]/.test(said) ? said : said.charAt(0).toLowerCase() + said.slice(1);
}

/** The knowledge snippets that speak to what the customer wrote, best first: at most two, so the reply stays short. */
const relevantKnowledge = (knowledge: KnowledgeSnippet[], customerText: string) =>
  rankKnowledge(knowledge, customerText)
    .filter((entry) => entry.score >= RELEVANT_KNOWLEDGE)
    .slice(0, 2)
    .map((entry) => entry.snippet);

/** "by 15:00 UTC today" / "by 09:00 UTC tomorrow": the first full hour at least four hours out. */
function updateTime(now: Date): string {
  const due = new Date(Math.ceil((now.getTime() + UPDATE_WITHIN_MS) / 3_600_000) * 3_600_000);
  const day = due.getUTCDate() === now.getUTCDate() ? "today" : "tomorrow";
  return `by ${String(due.getUTCHours()).padStart(2, "0")}:00 UTC ${day}`;
}

/** A snippet's first sentences, short enough for a reply. */
const gist = (text: string) =>
  (text.match(/[^.!?]+[.!?]+/g) ?? [text])
    .slice(0, 2)
    .map((sentence) => sentence.trim())
    .join(" ");

export function draftReply(raw: DraftInput): Draft {
  const input = DraftInputSchema.parse(raw);
  const { conversation } = input;
  const { facts, customerText, customerSentiment } = factsOf(conversation);
  const citations: Citation[] = [];
  const cite = (fact: Fact) => citations.push({ kind: "message", ...fact.source, text: fact.text });

  const problem = facts.find((fact) => fact.kind === "problem");
  const errors = [...new Set(facts.filter((fact) => fact.kind === "error").map((fact) => fact.text))];
  const questions = facts.filter((fact) => fact.kind === "request").slice(-2);
  const snippets = relevantKnowledge(input.knowledge, customerText);
  const upset = customerSentiment.some((value) => value <= -0.3);
  const firstName = conversation.contact?.name?.split(/\s+/)[0];
  const plan = conversation.account?.plan;
  const paragraphs: string[] = [`Hi ${firstName ?? "there"},`];

  if (problem) {
    cite(problem);
    paragraphs.push(
      `I'm sorry: ${toSecondPerson(problem.text)}. ${upset ? "That is not the experience you should have, and I understand the frustration. " : ""}` +
        "That's on us, not you, and I'm looking after this personally until it's resolved.",
    );
  } else {
    paragraphs.push("Thanks for getting in touch, and for the detail.");
  }

  const known: string[] = [];
  for (const snippet of snippets) {
    citations.push({ kind: "knowledge", snippetId: snippet.id, title: snippet.title });
    known.push(gist(snippet.text));
  }
  if (errors.length) {
    for (const fact of facts.filter((fact) => fact.kind === "error")) cite(fact);
    known.push(`The error you saw (${errors.slice(0, 3).join(", ")}) is the first thing we are looking at.`);
  }
  if (known.length) paragraphs.push(known.join(" "));

  for (const question of questions) cite(question);
  if (questions.length && !snippets.length) {
    const asked = questions.map((question) => `“${question.text}”`).join(" and ");
    paragraphs.push(`You asked ${asked} I'll answer ${questions.length > 1 ? "both" : "that"} in my update.`);
  }

  if (MONEY_BACK.test(customerText)) {
    paragraphs.push("About getting money back: that isn't mine to decide, so I'm passing your request to the person who can, and you will hear from them directly.");
  }
  paragraphs.push(
    problem
      ? `Next step: I'll update you ${updateTime(new Date(input.now))}, whether or not it's fixed by then.`
      : `Next step: I'll get back to you ${updateTime(new Date(input.now))}.`,
  );

  const offer = recoveryOffers(plan, Boolean(problem))[0];
  if (offer) {
    citations.push({ kind: "account", text: `Plan: ${plan ?? "not given"}` });
    paragraphs.push(offer.offer);
  }
  paragraphs.push(`Best,\n${input.agentName}`);

  return { conversationId: conversation.id, draft: paragraphs.join("\n\n"), citations };
}
