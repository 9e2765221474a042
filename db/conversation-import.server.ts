import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { addAccountDomain, upsertAccount, type Account } from "./accounts.server";
import { companyDomainOf } from "./email-domains";
import type { TandemDatabase } from "./connection.server";
import { resolveContact, type Contact } from "./contacts.server";
import { advanceConversationSequence, deriveTimeline, refreshConversationTimeline } from "./conversations.server";
import type { InterchangeConversation, InterchangeMessage, UsageEvent } from "./interchange";
import { accounts, conversations, messages, usageEvents } from "./schema";
import { membersByEmail } from "./users.server";

export interface ConversationImportSummary {
  conversationsCreated: number;
  conversationsUpdated: number;
  messagesCreated: number;
  messagesAlreadyPresent: number;
}

/**
 * A stable id for an imported message, so importing the same file twice, or a
 * file that grew, stores each message once.
 */
function importedMessageId(conversationId: string, message: InterchangeMessage): string {
  const digest = createHash("sha1").update(`${message.at}\n${message.author}\n${message.text}`).digest("base64url");
  return `import:${conversationId}:${digest}`;
}

/** The statements run once or more per imported line, prepared once per import. */
function prepareImportStatements(db: TandemDatabase) {
  const p = sql.placeholder;
  return {
    findConversation: db
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.workspaceId, p("workspaceId")), eq(conversations.publicId, p("publicId"))))
      .prepare(),
    insertMessage: db
      .insert(messages)
      .values({
        workspaceId: p("workspaceId"),
        conversationId: p("conversationId"),
        authorKind: p("authorKind"),
        authorName: p("authorName"),
        authorContactId: p("authorContactId"),
        direction: p("direction"),
        text: p("text"),
        channelMessageId: p("channelMessageId"),
        sentAt: p("sentAt"),
      })
      .onConflictDoNothing()
      .prepare(),
  };
}

/**
 * Loads interchange conversations into a workspace in one transaction.
 * Idempotent by conversation id: a known conversation takes the file's triage
 * fields and any messages it does not have yet.
 */
export function importConversations(
  db: TandemDatabase,
  workspaceId: number,
  records: InterchangeConversation[],
): ConversationImportSummary {
  const summary: ConversationImportSummary = {
    conversationsCreated: 0,
    conversationsUpdated: 0,
    messagesCreated: 0,
    messagesAlreadyPresent: 0,
  };
  db.transaction((tx) => {
    const statements = prepareImportStatements(tx);
    const members = membersByEmail(tx, workspaceId);
    // A file names the same account and contact on many lines: resolve each distinct one once.
    const accountsSeen = new Map<string, Account>();
    const contactsSeen = new Map<string, Contact>();
    const domainsSeen = new Set<string>();
    for (const record of records) {
      const accountKey = JSON.stringify(record.account ?? null);
      let account = accountsSeen.get(accountKey);
      if (!account && record.account) {
        account = upsertAccount(tx, workspaceId, record.account);
        accountsSeen.set(accountKey, account);
      }
      const domain = companyDomainOf(record.contact?.email);
      if (account && domain && !domainsSeen.has(domain)) {
        addAccountDomain(tx, workspaceId, account.id, domain);
        domainsSeen.add(domain);
      }
      const contactKey = JSON.stringify([record.contact ?? null, account?.id ?? null]);
      let contact = contactsSeen.get(contactKey);
      if (!contact && record.contact) {
        contact = resolveContact(tx, workspaceId, record.contact, account?.id ?? null);
        contactsSeen.set(contactKey, contact);
      }
      const assigneeId = record.assigneeEmail ? (members.get(record.assigneeEmail.toLowerCase()) ?? null) : undefined;
      const createdAt = new Date(record.createdAt);
      const triage = {
        channel: record.channel,
        subject: record.subject ?? null,
        status: record.status,
        priority: record.priority ?? "normal",
        accountId: account?.id ?? null,
        contactId: contact?.id ?? null,
        ...(assigneeId === undefined ? {} : { assigneeId }),
        closedAt: record.status === "closed" ? new Date(Math.max(...record.messages.map((m) => Date.parse(m.at)))) : null,
      };

      const existing = statements.findConversation.get({ workspaceId, publicId: record.id });
      let conversationId: number;
      if (existing) {
        conversationId = existing.id;
        tx.update(conversations).set(triage).where(eq(conversations.id, conversationId)).run();
        summary.conversationsUpdated++;
      } else {
        const timeline = deriveTimeline(record.messages.map((m) => ({ authorKind: m.author, sentAt: new Date(m.at) })));
        conversationId = tx
          .insert(conversations)
          .values({
            ...triage,
            ...timeline,
            lastMessageAt: timeline.lastMessageAt ?? createdAt,
            workspaceId,
            publicId: record.id,
            createdAt,
            updatedAt: createdAt,
          })
          .returning({ id: conversations.id })
          .get().id;
        summary.conversationsCreated++;
      }

      let created = 0;
      // A repeat of an identical message in one thread (a second "Hello?") is numbered, not dropped as present.
      const occurrences = new Map<string, number>();
      for (const message of record.messages) {
        const messageId = importedMessageId(record.id, message);
        const occurrence = (occurrences.get(messageId) ?? 0) + 1;
        occurrences.set(messageId, occurrence);
        const result = statements.insertMessage.run({
          workspaceId,
          conversationId,
          authorKind: message.author,
          authorName: message.authorName ?? null,
          authorContactId: message.author === "customer" ? (contact?.id ?? null) : null,
          direction: message.author === "customer" ? "inbound" : "outbound",
          text: message.text,
          channelMessageId: occurrence === 1 ? messageId : `${messageId}:${occurrence}`,
          sentAt: new Date(message.at),
        });
        created += result.changes;
      }
      summary.messagesCreated += created;
      summary.messagesAlreadyPresent += record.messages.length - created;
      // A known conversation may have had messages the file lacks: derive its times from the stored thread.
      if (existing && created > 0) refreshConversationTimeline(tx, conversationId);
    }
    advanceConversationSequence(tx, workspaceId, records.map((record) => record.id));
  });
  return summary;
}

export interface UsageImportSummary {
  eventsCreated: number;
  eventsAlreadyPresent: number;
  accountsCreated: number;
}

/** Loads product usage events; an account seen for the first time is created by its id. */
export function importUsageEvents(db: TandemDatabase, workspaceId: number, events: UsageEvent[]): UsageImportSummary {
  const summary: UsageImportSummary = { eventsCreated: 0, eventsAlreadyPresent: 0, accountsCreated: 0 };
  db.transaction((tx) => {
    const accountIds = new Map(
      tx
        .select({ id: accounts.id, externalId: accounts.externalId })
        .from(accounts)
        .where(eq(accounts.workspaceId, workspaceId))
        .all()
        .map((row) => [row.externalId, row.id]),
    );
    for (const event of events) {
      let accountId = accountIds.get(event.accountId);
      if (accountId === undefined) {
        accountId = upsertAccount(tx, workspaceId, { id: event.accountId }).id;
        accountIds.set(event.accountId, accountId);
        summary.accountsCreated++;
      }
      const inserted = tx
        .insert(usageEvents)
        .values({ workspaceId, accountId, productUserId: event.userId, event: event.event, at: new Date(event.at) })
        .onConflictDoNothing()
        .run();
      if (inserted.changes > 0) summary.eventsCreated++;
      else summary.eventsAlreadyPresent++;
    }
  });
  return summary;
}

