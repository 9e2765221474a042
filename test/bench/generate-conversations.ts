import type { InterchangeConversationInput } from "../../db/interchange";

const CHANNELS = ["email", "chat", "slack"] as const;
const PROBLEMS = [
  "Our scheduled export to S3 failed again last night with AccessDenied.",
  "The Salesforce sync created duplicate contacts for about 40 leads.",
  "SSO login loops back to the sign-in page for everyone in our team.",
  "Dashboards take more than 30 seconds to load since this morning.",
  "We were charged twice on the latest invoice, can you check?",
  "How do I invite my teammates and give them view-only access?",
];

/** Deterministic conversations: 200 accounts, 3 contacts each, 2 to 6 messages per thread. */
export function generateConversations(count: number): InterchangeConversationInput[] {
  const start = Date.parse("2026-09-01T08:00:00Z");
  return Array.from({ length: count }, (_, i) => {
    const account = i % 200;
    const createdAt = start + i * 7 * 60_000;
    const messages = Array.from({ length: 2 + (i % 5) }, (_, m) => ({
      author: m % 2 === 0 ? ("customer" as const) : ("agent" as const),
      ...(m % 2 === 1 ? { authorName: ["Ana", "Ben", "Chloe"][m % 3] } : {}),
      text: m % 2 === 0 ? `${PROBLEMS[(i + m) % PROBLEMS.length]} (ticket ${i}, message ${m})` : `Thanks, looking into it now (#${i}).`,
      at: new Date(createdAt + m * 23 * 60_000).toISOString(),
    }));
    return {
      id: `bench-${i}`,
      channel: CHANNELS[i % 3]!,
      subject: PROBLEMS[i % PROBLEMS.length]!.slice(0, 48),
      createdAt: new Date(createdAt).toISOString(),
      status: i % 4 === 0 ? "closed" : "open",
      account: { id: `acct-${account}`, name: `Account ${account}`, plan: account % 10 === 0 ? "enterprise" : "growth", mrr: 500 + account * 10 },
      contact: { name: `Contact ${account}-${i % 3}`, email: `c${i % 3}@acct-${account}.example` },
      messages,
    };
  });
}

