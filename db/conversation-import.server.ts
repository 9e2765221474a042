import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { upsertAccount } from "./accounts.server";
import type { TandemDatabase } from "./connection.server";
import { resolveContact } from "./contacts.server";
import { deriveTimeline, findConversation } from "./conversations.server";
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
    const members = membersByEmail(tx, workspaceId);
    for (const record of records) {
      const account = record.account ? upsertAccount(tx, workspaceId, record.account) : undefined;
      const contact = record.contact
        ? resolveContact(tx, workspaceId, record.contact, account?.id ?? null)
        : undefined;
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
        closedAt: record.status === "closed" ? new Date(record.messages.at(-1)!.at) : null,
      };

      const existing = findConversation(tx, workspaceId, record.id);
      const conversationId = existing
        ? tx.update(conversations).set(triage).where(eq(conversations.id, existing.id)).returning().get().id
        : tx
            .insert(conversations)
            .values({
              ...triage,
              workspaceId,
              publicId: record.id,
              createdAt,
              updatedAt: createdAt,
              lastMessageAt: createdAt,
            })
            .returning({ id: conversations.id })
            .get().id;
      if (existing) summary.conversationsUpdated++;
      else summary.conversationsCreated++;

      const inserted = tx
        .insert(messages)
        .values(
          record.messages.map((message) => ({
            workspaceId,
            conversationId,
            authorKind: message.author,
            authorName: message.authorName ?? null,
            authorContactId: message.author === "customer" ? (contact?.id ?? null) : null,
            direction: message.author === "customer" ? ("inbound" as const) : ("outbound" as const),
            text: message.text,
            channelMessageId: importedMessageId(record.id, message),
            sentAt: new Date(message.at),
          })),
        )
        .onConflictDoNothing()
        .returning({ id: messages.id })
        .all();
      summary.messagesCreated += inserted.length;
      summary.messagesAlreadyPresent += record.messages.length - inserted.length;

      const thread = existing
        ? tx
            .select({ authorKind: messages.authorKind, sentAt: messages.sentAt })
            .from(messages)
            .where(eq(messages.conversationId, conversationId))
            .all()
        : record.messages.map((m) => ({ authorKind: m.author, sentAt: new Date(m.at) }));
      const timeline = deriveTimeline(thread);
      tx.update(conversations)
        .set({ ...timeline, lastMessageAt: timeline.lastMessageAt ?? createdAt })
        .where(eq(conversations.id, conversationId))
        .run();
    }
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

