/**
 * The local cross-channel summary of an account: what happened on each
 * channel, what is still open, what was promised, the customer's mood and
 * the risk, every statement backed by facts that point at their messages.
 * Composed from the facts (facts.ts) with fixed wording: nothing is said
 * that a message does not say.
 */
import type { Channel, InterchangeConversation } from "../../db/interchange";
import type { AccountSummary, Fact, SummaryInput } from "../tasks";
import { factsOf, sentencesOf } from "./facts";

const CHANNEL_NAMES: Record<Channel, string> = { email: "email", chat: "chat", slack: "Slack" };
/** Words that mean the relationship, not only the ticket, is at stake. */
export const CHURN_CUE = /\b(cancel\w*|churn|switch(ing)? to|competitor|refund|unacceptable|escalat\w*|terminate|not renew\w*|looking at alternatives|last straw|third time|again and again)\b/i;

/** A customer's sentence quoted inside ours, without doubled punctuation. */
const quote = (text: string) => `“${text.replace(/[.!…\s]+$/u, "")}”`;
const list = (items: string[]) => (items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function moodOf(sentiments: number[], churnSaid: boolean): AccountSummary["mood"] {
  // The latest words weigh most: a customer who calmed down is no longer upset.
  const recent = sentiments.slice(-6);
  const mean = recent.reduce((sum, value) => sum + value, 0) / (recent.length || 1);
  const lowest = Math.min(0, ...recent);
  if (churnSaid || lowest <= -0.6) return "upset";
  if (mean < -0.05 || lowest <= -0.3) return "frustrated";
  return mean > 0.25 ? "positive" : "neutral";
}

/** The mood of one piece of customer writing (their latest message, say). */
export function moodOfText(text: string): AccountSummary["mood"] {
  return moodOf(
    sentencesOf(text).map((sentence) => sentence.sentiment),
    CHURN_CUE.test(text),
  );
}

export function summarizeAccount(input: SummaryInput): AccountSummary {
  const conversations = [...input.conversations].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  const read = conversations.map((conversation) => ({ conversation, ...factsOf(conversation) }));
  const facts = read.flatMap((entry) => entry.facts);
  const byKind = (kind: Fact["kind"]) => facts.filter((fact) => fact.kind === kind);
  const churnSaid = read.some((entry) => CHURN_CUE.test(entry.customerText));
  const mood = moodOf(
    read.flatMap((entry) => entry.customerSentiment),
    churnSaid,
  );
  const open = conversations.filter((conversation) => conversation.status !== "closed");
  // Open conversations speak for now; closed ones are history.
  const openIds = new Set(open.map((conversation) => conversation.id));
  const current = (kind: Fact["kind"]) => byKind(kind).filter((fact) => openIds.has(fact.source.conversationId));
  const stillOpen = current("request");
  const promises = current("promise");
  const problems = [...current("problem"), ...byKind("problem").filter((fact) => !openIds.has(fact.source.conversationId))];
  const errors = [...new Set(byKind("error").map((fact) => fact.text))];

  const riskReasons: string[] = [];
  if (churnSaid) riskReasons.push("The customer spoke of cancelling, refunds or alternatives.");
  if (mood === "upset") riskReasons.push("The customer is upset.");
  else if (mood === "frustrated") riskReasons.push("The customer is frustrated.");
  const channels = [...new Set(open.map((conversation) => conversation.channel))];
  if (open.length > 1) riskReasons.push(`${plural(open.length, "open conversation", "open conversations")} across ${list(channels.map((c) => CHANNEL_NAMES[c]))}.`);
  if (stillOpen.length) riskReasons.push(`${plural(stillOpen.length, "question", "questions")} still unanswered.`);
  const account = input.account;
  const valuable = account?.plan === "enterprise" || (account?.mrr ?? 0) >= 2_000;
  if (valuable && riskReasons.length) {
    const kind = account?.plan ?? "high-value";
    riskReasons.push(`${/^[aeiou]/i.test(kind) ? "An" : "A"} ${kind} account${account?.mrr ? ` worth $${account.mrr.toLocaleString("en-US")} a month` : ""}.`);
  }
  const weight = (churnSaid ? 3 : 0) + (mood === "upset" ? 2 : mood === "frustrated" ? 1 : 0) + (open.length > 1 ? 1 : 0) + (stillOpen.length ? 1 : 0) + (valuable ? 1 : 0);
  const risk: AccountSummary["risk"] = weight >= 4 ? "high" : weight >= 2 ? "medium" : "low";

  const who = account?.name ?? account?.id ?? conversations[0]!.contact?.name ?? "This customer";
  const allChannels = [...new Set(conversations.map((conversation) => CHANNEL_NAMES[conversation.channel]))];
  const sentences = [
    `${who} ${conversations.length === 1 ? "has one conversation" : `has ${conversations.length} conversations`} on ${list(allChannels)}${open.length < conversations.length ? ` (${open.length} open)` : ""}.`,
  ];
  if (problems.length) sentences.push(`What went wrong: ${quote(problems[0]!.text)}${problems.length > 1 ? ` and ${plural(problems.length - 1, "more report", "more reports")}` : ""}.`);
  if (errors.length) sentences.push(`Errors seen: ${list(errors.slice(0, 4))}.`);
  sentences.push(stillOpen.length ? `Still open: ${quote(stillOpen.at(-1)!.text)}.` : "No question is waiting for an answer.");
  if (promises.length) sentences.push(`Promised: ${quote(promises.at(-1)!.text)}.`);
  sentences.push(`Mood: ${mood}. Risk: ${risk}.`);

  return {
    accountId: account?.id ?? null,
    conversationIds: conversations.map((conversation) => conversation.id),
    summary: sentences.join(" "),
    facts: facts.slice(0, 60),
    stillOpen: stillOpen.slice(-20),
    promises: promises.slice(-20),
    mood,
    risk,
    riskReasons,
  };
}

/** Conversations grouped as the summary reads them: one group per account; those without an account alone. */
export function groupByAccount(conversations: InterchangeConversation[]): SummaryInput[] {
  const groups = new Map<string, SummaryInput>();
  const alone: SummaryInput[] = [];
  for (const conversation of conversations) {
    if (!conversation.account) {
      alone.push({ account: null, conversations: [conversation] });
      continue;
    }
    const group = groups.get(conversation.account.id) ?? { account: conversation.account, conversations: [] };
    group.conversations.push(conversation);
    groups.set(conversation.account.id, group);
  }
  return [...groups.values(), ...alone];
}
