import { and, desc, eq } from "drizzle-orm";
import type { TandemDatabase } from "../../../db/connection.server";
import { contactIdentities, conversations, conversationThreads, messages } from "../../../db/schema";
import { threadKeysOf } from "../../../db/threads.server";
import type { ChatHistory, ChatMessagePayload } from "./protocol";

/** The thread key that keeps one visitor's chat in one conversation. */
export const visitorThreadKey = (visitorId: string) => `visitor:${visitorId}`;
export const chatChannelMessageId = (visitorId: string, clientMessageId: string) => `chat:${visitorId}:${clientMessageId}`;

const HISTORY_LIMIT = 200;

/** The conversation a visitor's chat threads into, if they have written yet. */
export function findVisitorConversation(db: TandemDatabase, workspaceId: number, visitorId: string) {
  return db
    .select({ id: conversations.id, publicId: conversations.publicId })
    .from(conversationThreads)
    .innerJoin(conversations, eq(conversations.id, conversationThreads.conversationId))
    .where(
      and(
        eq(conversationThreads.workspaceId, workspaceId),
        eq(conversationThreads.channel, "chat"),
        eq(conversationThreads.threadKey, visitorThreadKey(visitorId)),
      ),
    )
    .get();
}

/**
 * What the visitor may see of their conversation: the customer's and agents'
 * messages (the latest 200), never notes, user ids or anything else staff-side.
 */
export function chatHistory(db: TandemDatabase, workspaceId: number, visitorId: string): ChatHistory {
  const conversation = findVisitorConversation(db, workspaceId, visitorId);
  if (!conversation) return { conversationId: null, messages: [] };
  const rows = db
    .select({
      id: messages.id,
      authorKind: messages.authorKind,
      authorName: messages.authorName,
      text: messages.text,
      sentAt: messages.sentAt,
      channelMessageId: messages.channelMessageId,
    })
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.conversationId, conversation.id)))
    .orderBy(desc(messages.sentAt), desc(messages.id))
    .limit(HISTORY_LIMIT)
    .all()
    .reverse();
  const ownPrefix = chatChannelMessageId(visitorId, "");
  return {
    conversationId: conversation.publicId,
    messages: rows.map((row): ChatMessagePayload => {
      const clientMessageId = row.channelMessageId?.startsWith(ownPrefix) ? row.channelMessageId.slice(ownPrefix.length) : undefined;
      return {
        id: row.id,
        author: row.authorKind === "customer" ? "customer" : "agent",
        authorName: row.authorName,
        text: row.text,
        at: row.sentAt.toISOString(),
        ...(clientMessageId ? { clientMessageId } : {}),
      };
    }),
  };
}

/**
 * Which visitor a chat conversation's replies go to: the visitor whose session
 * opened it (its `visitor:` thread key) or, for conversations that came in
 * another way (import, demo data), the contact's only chat identity. A contact
 * with several chat identities (one person, several browsers; or a visitor
 * who typed someone else's email) is ambiguous without a thread key: undefined.
 */
export function chatVisitorOf(
  db: TandemDatabase,
  conversation: { id: number; workspaceId: number; contactId: number | null },
): string | undefined {
  const thread = threadKeysOf(db, conversation.id, "chat")
    .filter((threadKey) => threadKey.startsWith("visitor:"))
    .sort();
  if (thread.length === 1) return thread[0]!.slice("visitor:".length);
  if (thread.length > 1 || conversation.contactId === null) return undefined;
  const identities = db
    .select({ value: contactIdentities.value })
    .from(contactIdentities)
    .where(
      and(
        eq(contactIdentities.workspaceId, conversation.workspaceId),
        eq(contactIdentities.contactId, conversation.contactId),
        eq(contactIdentities.kind, "chat_visitor"),
      ),
    )
    .all();
  return identities.length === 1 ? identities[0]!.value : undefined;
}

/** The reply's author and time, for the envelope: what the visitor's widget shows with it. */
export function replyFacts(db: TandemDatabase, messageId: number) {
  return db
    .select({ authorName: messages.authorName, sentAt: messages.sentAt })
    .from(messages)
    .where(eq(messages.id, messageId))
    .get();
}
