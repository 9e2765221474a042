/**
 * The inbox benchmark's dataset, written straight into a SQLite file with raw
 * prepared statements in large transactions (a fixture, not app code): one
 * workspace, a few agents, accounts and contacts, and N conversations holding
 * about 10 messages each on average, with text composed from a support
 * vocabulary by a seeded PRNG so search terms have realistic selectivity.
 * The schema (and the FTS triggers) come from the real migrations via openDatabase.
 */
import { closeDatabase, openDatabase } from "../../db/connection.server";
import { deriveTimeline } from "../../db/conversations.server";
import { refreshConversationSearch } from "../../db/search.server";

/** mulberry32: small, fast, seeded. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  /** Zipf-like pick: early entries are much more common than late ones. */
  const zipf = <T>(list: readonly T[]): T => list[Math.min(list.length - 1, Math.floor(list.length * next() ** 2.2))]!;
  return { next, int, pick, zipf };
}

export const CHANNELS = ["email", "chat", "slack"] as const;

/** Product areas, most talked-about first (picked Zipf-like: "export" is common, "kubernetes" rare). */
export const PRODUCT_TERMS = [
  "export", "invoice", "login", "dashboard", "integration", "billing", "password", "report", "sync", "notification",
  "import", "permissions", "subscription", "api", "webhook", "salesforce", "sso", "csv", "analytics", "mobile app",
  "calendar", "refund", "onboarding", "workspace", "seat", "plan upgrade", "zapier", "slack integration", "hubspot",
  "two-factor", "audit log", "sandbox", "custom fields", "data retention", "gdpr request", "saml", "okta", "scim",
  "rate limit", "pdf export", "bulk edit", "dark mode", "timezone", "localization", "jira", "snowflake", "bigquery",
  "s3 bucket", "azure ad", "kubernetes", "terraform", "ip allowlist", "soc2 report", "hipaa", "redshift",
] as const;

const PROBLEMS = [
  "our {p} stopped working this morning",
  "the {p} keeps failing with an error",
  "we cannot get the {p} to load at all",
  "the {p} is really slow since the last update",
  "the {p} shows the wrong numbers for last month",
  "I was charged twice and the {p} looks wrong",
  "the {p} returns access denied for some of our users",
  "we need help setting up the {p} for the new team",
  "the {p} created duplicate records overnight",
  "the {p} times out after about thirty seconds",
  "how do I configure the {p} for read-only access",
  "is there a way to schedule the {p} every week",
  "our admin lost access after the {p} change",
  "the {p} page is blank in Safari and Firefox",
] as const;

const OPENERS = [
  "Hi team,", "Hello,", "Hey there,", "Good morning,", "Hi support,", "Hi,", "Dear support team,", "Quick question:",
  "Urgent:", "Following up on this,", "Sorry to bother you again,", "Hi folks,",
] as const;

const DETAILS = [
  "This is blocking our month end close.",
  "It started after we changed our SSO settings.",
  "We tried clearing the cache and logging out and back in.",
  "Our finance team needs this before Friday.",
  "Attached is a screenshot of the error message.",
  "It only happens for users in the Europe region.",
  "The error code was {code}.",
  "Our order number is {order}.",
  "Invoice {invoice} has the wrong VAT number.",
  "Can you escalate this to engineering?",
  "Everything worked fine until yesterday.",
  "We are on the enterprise plan and this is critical.",
  "Please advise on a workaround in the meantime.",
  "The request id in the logs is {request}.",
  "This affects about {n} of our users.",
] as const;

const AGENT_REPLIES = [
  "Thanks for reaching out! I am looking into the {p} issue now.",
  "Sorry about the trouble with the {p}. Could you send the exact error message?",
  "I have escalated this to our engineering team and will update you shortly.",
  "A fix for the {p} has been deployed, could you try again and confirm?",
  "I refunded the duplicate charge, it should appear within five business days.",
  "You can change this under Settings, then {p}. Let me know if that helps.",
  "We found the root cause: a misconfigured {p}. It is fixed on our side now.",
  "Could you share the request id and a timestamp so I can check our logs?",
  "Glad to hear it is working again! I will close this conversation for now.",
  "Our status page has details on the {p} incident; we expect a fix within the hour.",
] as const;

const BOT_REPLIES = [
  "Thanks for contacting support! A member of our team will reply soon. Meanwhile, our help center covers {p}.",
  "We received your message. Typical reply time is under two hours.",
] as const;

const CUSTOMER_FOLLOWUPS = [
  "Thanks, that fixed it!",
  "Still not working on our side, the {p} fails the same way.",
  "Any update on this? Our team is still blocked.",
  "Here is the request id: {request}.",
  "I tried that but the {p} still shows an error.",
  "Perfect, thank you so much for the quick help.",
] as const;

const FIRST_NAMES = ["Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Lars", "Maya", "Nico", "Olga", "Priya"];
const LAST_NAMES = ["Smith", "Garcia", "Chen", "Okafor", "Novak", "Silva", "Kumar", "Müller", "Rossi", "Dubois", "Tanaka", "Berg"];

type Rand = ReturnType<typeof prng>;

function fill(template: string, r: Rand, product: string): string {
  return template
    .replace("{p}", product)
    .replace("{code}", `E${1000 + r.int(9000)}`)
    .replace("{order}", `ORD-${100000 + r.int(900000)}`)
    .replace("{invoice}", `INV-${10000 + r.int(90000)}`)
    .replace("{request}", `req_${r.int(2 ** 31).toString(36)}`)
    .replace("{n}", String(2 + r.int(400)));
}

export function customerText(r: Rand, product: string): string {
  const parts = [r.pick(OPENERS), fill(r.pick(PROBLEMS), r, product) + "."];
  const details = r.int(3);
  for (let i = 0; i < details; i++) parts.push(fill(r.pick(DETAILS), r, product));
  return parts.join(" ");
}

export interface FixtureOptions {
  conversations: number;
  messages: number;
  accounts: number;
  users: number;
  seed?: number;
  /** "now" for the dataset: open conversations are recent, closed ones spread over a year. */
  now?: number;
}

export interface Fixture {
  workspaceId: number;
  workspaceSlug: string;
  userIds: number[];
  /** Per conversation (index = conversation id - firstConversationId): channel index and contact email. */
  conversationChannel: Uint8Array;
  conversationContact: Int32Array;
  contactEmails: string[];
  firstConversationId: number;
  counts: { conversations: number; messages: number; open: number; snoozed: number; closed: number; unassignedOpen: number };
  seconds: number;
}

/** Writes the dataset into `path` (a new file). */
export function generateInboxFixture(path: string, options: FixtureOptions): Fixture {
  const started = performance.now();
  const r = prng(options.seed ?? 42);
  const now = options.now ?? Date.now();
  const DAY = 86_400_000;
  const db = openDatabase(path);
  const sqlite = db.$client;
  sqlite.pragma("synchronous = OFF");
  sqlite.pragma("cache_size = -262144");
  sqlite.pragma("temp_store = MEMORY");

  const workspaceSlug = "bench";
  const workspaceId = Number(
    sqlite.prepare("insert into workspaces (slug, name, created_at) values (?, ?, ?)").run(workspaceSlug, "Bench Co", now - 400 * DAY)
      .lastInsertRowid,
  );
  const insertUser = sqlite.prepare(
    "insert into users (workspace_id, email, name, role, password_hash, created_at) values (?, ?, ?, ?, ?, ?)",
  );
  const userIds: number[] = [];
  const insertAccount = sqlite.prepare(
    "insert into accounts (workspace_id, external_id, name, plan, mrr_cents, seats, owner_id, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insertDomain = sqlite.prepare("insert into account_domains (workspace_id, domain, account_id) values (?, ?, ?)");
  const insertContact = sqlite.prepare("insert into contacts (workspace_id, account_id, name, created_at) values (?, ?, ?, ?)");
  const insertIdentity = sqlite.prepare(
    "insert into contact_identities (workspace_id, contact_id, kind, value) values (?, ?, 'email', ?)",
  );
  const contactIds: number[] = [];
  const contactAccount: number[] = [];
  const contactNames: string[] = [];
  const contactEmails: string[] = [];
  sqlite.transaction(() => {
    for (let u = 0; u < options.users; u++) {
      const name = `${FIRST_NAMES[u % FIRST_NAMES.length]} Agent${u}`;
      userIds.push(
        Number(
          insertUser.run(workspaceId, `agent${u}@bench.tandem.test`, name, u === 0 ? "admin" : "rep", "x", now - 300 * DAY)
            .lastInsertRowid,
        ),
      );
    }
    const plans = ["starter", "growth", "growth", "enterprise"];
    for (let a = 0; a < options.accounts; a++) {
      const accountId = Number(
        insertAccount.run(workspaceId, `acct-${a}`, `Account ${a}`, plans[a % 4], 5_000 + r.int(500_000), 5 + r.int(500),
          userIds[a % userIds.length], now - 365 * DAY).lastInsertRowid,
      );
      insertDomain.run(workspaceId, `acct${a}.example`, accountId);
      const name = `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`;
      const contactId = Number(insertContact.run(workspaceId, accountId, name, now - 365 * DAY).lastInsertRowid);
      const email = `contact${a}@acct${a}.example`;
      insertIdentity.run(workspaceId, contactId, email);
      contactIds.push(contactId);
      contactAccount.push(accountId);
      contactNames.push(name);
      contactEmails.push(email);
    }
  })();

  const insertConversation = sqlite.prepare(`insert into conversations
    (workspace_id, public_id, channel, subject, status, priority, account_id, contact_id, assignee_id,
     created_at, updated_at, last_message_at, waiting_since, first_response_at, snoozed_until, closed_at)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertThread = sqlite.prepare(
    "insert into conversation_threads (workspace_id, channel, thread_key, conversation_id) values (?, ?, ?, ?)",
  );
  const insertMessage = sqlite.prepare(`insert into messages
    (workspace_id, conversation_id, author_kind, author_user_id, author_contact_id, author_name, direction, text,
     channel_message_id, sent_at, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);

  const N = options.conversations;
  const conversationChannel = new Uint8Array(N);
  const conversationContact = new Int32Array(N);
  const counts = { conversations: 0, messages: 0, open: 0, snoozed: 0, closed: 0, unassignedOpen: 0 };
  let firstConversationId = 0;
  let messagesLeft = options.messages;
  const BATCH = 5_000;
  const priorities = (x: number) => (x < 0.03 ? "urgent" : x < 0.15 ? "high" : x < 0.85 ? "normal" : "low");

  for (let start = 0; start < N; start += BATCH) {
    sqlite.transaction(() => {
      for (let i = start; i < Math.min(N, start + BATCH); i++) {
        const x = r.next();
        // 15% open, 5% snoozed, 80% closed; open ones are recent, closed ones spread over the year.
        const status = x < 0.15 ? "open" : x < 0.2 ? "snoozed" : "closed";
        const channelIndex = r.next() < 0.55 ? 0 : r.next() < 0.6 ? 1 : 2;
        const channel = CHANNELS[channelIndex]!;
        const contact = r.int(contactIds.length);
        const product = r.zipf(PRODUCT_TERMS);
        const createdAt =
          status === "closed" ? now - 14 * DAY - r.int(350 * DAY) : now - r.int(14 * DAY) - 60_000 * r.int(600);
        // Message count: remaining budget spread evenly, with jitter; at least 1.
        const left = N - i;
        const mean = messagesLeft / left;
        let count = i === N - 1 ? messagesLeft : Math.max(1, Math.round(mean * (0.2 + 1.6 * r.next())));
        count = Math.min(count, Math.max(1, messagesLeft - (left - 1)));
        messagesLeft -= count;
        const assignee = status === "open" && r.next() < 0.3 ? null : userIds[r.int(userIds.length)]!;
        // Who spoke last: for open conversations ~70% end on the customer (waiting).
        const endsWithCustomer = status === "open" ? r.next() < 0.7 : r.next() < 0.2;
        const thread: { authorKind: "customer" | "agent" | "bot"; sentAt: Date; text: string }[] = [];
        let t = createdAt;
        for (let m = 0; m < count; m++) {
          let authorKind: "customer" | "agent" | "bot";
          if (m === 0) authorKind = "customer";
          else if (m === count - 1) authorKind = endsWithCustomer ? "customer" : "agent";
          else if (m === 1 && r.next() < 0.2) authorKind = "bot";
          else authorKind = thread[m - 1]!.authorKind === "customer" ? "agent" : "customer";
          const text =
            authorKind === "customer"
              ? m === 0 || r.next() < 0.5
                ? customerText(r, r.next() < 0.8 ? product : r.zipf(PRODUCT_TERMS))
                : fill(r.pick(CUSTOMER_FOLLOWUPS), r, product)
              : authorKind === "agent"
                ? fill(r.pick(AGENT_REPLIES), r, product)
                : fill(r.pick(BOT_REPLIES), r, product);
          thread.push({ authorKind, sentAt: new Date(t), text });
          t += 60_000 * (1 + r.int(status === "open" ? 120 : 600));
        }
        const timeline = deriveTimeline(thread);
        const lastMessageAt = timeline.lastMessageAt!.getTime();
        const subject = channel === "email" ? fill(r.pick(PROBLEMS), r, product).replace(/^./, (c) => c.toUpperCase()) : null;
        const snoozedUntil = status === "snoozed" ? now + DAY * (1 + r.int(7)) : null;
        const closedAt = status === "closed" ? lastMessageAt + 60_000 * r.int(120) : null;
        const conversationId = Number(
          insertConversation.run(
            workspaceId, `c-${1001 + i}`, channel, subject, status, priorities(r.next()), contactAccount[contact],
            contactIds[contact], assignee, createdAt, closedAt ?? lastMessageAt, lastMessageAt,
            status === "closed" ? null : (timeline.waitingSince?.getTime() ?? null),
            timeline.firstResponseAt?.getTime() ?? null, snoozedUntil, closedAt,
          ).lastInsertRowid,
        );
        if (i === 0) firstConversationId = conversationId;
        insertThread.run(workspaceId, channel, `api:thread-${conversationId}`, conversationId);
        conversationChannel[i] = channelIndex;
        conversationContact[i] = contact;
        for (const message of thread) {
          const customer = message.authorKind === "customer";
          insertMessage.run(
            workspaceId, conversationId, message.authorKind,
            message.authorKind === "agent" ? (assignee ?? userIds[0]!) : null,
            customer ? contactIds[contact] : null,
            customer ? contactNames[contact] : message.authorKind === "bot" ? "Tandem bot" : null,
            customer ? "inbound" : "outbound", message.text,
            channel === "email" ? `<m${counts.messages}.${conversationId}@mail.bench>` : null,
            message.sentAt.getTime(), message.sentAt.getTime(),
          );
          counts.messages++;
        }
        counts.conversations++;
        counts[status]++;
        if (status === "open" && assignee === null) counts.unassignedOpen++;
      }
    })();
  }
  // Conversations were given "c-N" ids directly: new ones must continue above them, as after an import.
  sqlite.prepare("update workspaces set conversation_sequence = ? where id = ?").run(1000 + N, workspaceId);
  refreshConversationSearch(db);
  closeDatabase(db);
  return {
    workspaceId, workspaceSlug, userIds, conversationChannel, conversationContact, contactEmails, firstConversationId, counts,
    seconds: (performance.now() - started) / 1000,
  };
}
