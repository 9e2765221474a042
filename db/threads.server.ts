import { and, asc, eq, inArray, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import type { TandemDatabase } from "./connection.server";
import { preparedQuery } from "./prepared.server";
import type { Channel } from "./interchange";
import { channelConnections, contactIdentities, conversationMerges, conversations, conversationThreads, messages } from "./schema";

// Looked up and linked for every inbound message: prepared once, one key at a time.
const threadOwner = preparedQuery((db) =>
  db
    .select({ conversationId: conversationThreads.conversationId })
    .from(conversationThreads)
    .where(
      and(
        eq(conversationThreads.workspaceId, sql.placeholder("workspaceId")),
        eq(conversationThreads.channel, sql.placeholder("channel")),
        eq(conversationThreads.threadKey, sql.placeholder("threadKey")),
      ),
    )
    .prepare(),
);
const threadLink = preparedQuery((db) =>
  db
    .insert(conversationThreads)
    .values({
      workspaceId: sql.placeholder("workspaceId"),
      channel: sql.placeholder("channel"),
      threadKey: sql.placeholder("threadKey"),
      conversationId: sql.placeholder("conversationId"),
    })
    .onConflictDoNothing()
    .prepare(),
);

/** The conversation a channel's thread keys (Message-IDs, Slack thread, chat session) already belong to: the first key that has one. */
export function findConversationByThreadKeys(
  db: TandemDatabase,
  workspaceId: number,
  channel: Channel,
  threadKeys: string[],
): number | undefined {
  for (const threadKey of threadKeys) {
    const owner = threadOwner(db).get({ workspaceId, channel, threadKey });
    if (owner) return owner.conversationId;
  }
  return undefined;
}

export function linkThreadKeys(
  db: TandemDatabase,
  workspaceId: number,
  channel: Channel,
  threadKeys: string[],
  conversationId: number,
): void {
  for (const threadKey of new Set(threadKeys)) threadLink(db).run({ workspaceId, channel, threadKey, conversationId });
}

/** A message already stored under this channel id: a redelivery, answered with the same ids. */
const messageByChannelId = preparedQuery((db) =>
  db
    .select({ messageId: messages.id, conversationId: conversations.publicId })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(and(eq(messages.workspaceId, sql.placeholder("workspaceId")), eq(messages.channelMessageId, sql.placeholder("channelMessageId"))))
    .prepare(),
);

export function findMessageByChannelId(db: TandemDatabase, workspaceId: number, channelMessageId: string) {
  return messageByChannelId(db).get({ workspaceId, channelMessageId });
}

/**
 * What a conversation brought into the one it was merged into: its thread
 * keys and messages now belong to the target, but a reply on its own channel
 * still answers on them. Undefined when the conversation is not merged.
 */
function broughtByMerge(db: TandemDatabase, conversationId: number) {
  return db
    .select({ threadKeys: conversationMerges.movedThreadKeys, messageIds: conversationMerges.movedMessageIds })
    .from(conversationMerges)
    .where(and(eq(conversationMerges.sourceId, conversationId), isNull(conversationMerges.undoneAt)))
    .get();
}

/** A conversation's thread keys on a channel, oldest first: its own, or, merged into another, the ones it brought. */
export function threadKeysOf(db: TandemDatabase, conversationId: number, channel: Channel): string[] {
  const brought = broughtByMerge(db, conversationId);
  if (brought) return brought.threadKeys.filter((thread) => thread.channel === channel).map((thread) => thread.threadKey);
  return db
    .select({ threadKey: conversationThreads.threadKey })
    .from(conversationThreads)
    .where(and(eq(conversationThreads.conversationId, conversationId), eq(conversationThreads.channel, channel)))
    .orderBy(asc(sql`rowid`))
    .all()
    .map((row) => row.threadKey);
}

/** Which messages are a conversation's own thread: its messages, or, merged into another, the ones it brought. */
function threadMessages(db: TandemDatabase, conversationId: number): SQL {
  const brought = broughtByMerge(db, conversationId);
  return brought ? inArray(messages.id, brought.messageIds) : eq(messages.conversationId, conversationId);
}

/** What an email reply needs from its conversation: who to write to, the subject, the Message-IDs so far. */
export function emailThreadFacts(db: TandemDatabase, conversationId: number) {
  const conversation = db
    .select({ subject: conversations.subject, contactId: conversations.contactId, workspaceId: conversations.workspaceId })
    .from(conversations)
    .where(eq(conversations.id, conversationId))
    .get();
  const to = conversation?.contactId
    ? db
        .select({ value: contactIdentities.value })
        .from(contactIdentities)
        .where(and(eq(contactIdentities.contactId, conversation.contactId), eq(contactIdentities.kind, "email")))
        .get()?.value
    : undefined;
  const messageIds = db
    .select({ id: messages.channelMessageId, direction: messages.direction })
    .from(messages)
    .where(and(threadMessages(db, conversationId), isNotNull(messages.channelMessageId)))
    .orderBy(asc(messages.sentAt), asc(messages.id))
    .all()
    .flatMap((row) => (row.id && /^<[^<>\s]+>$/.test(row.id) ? [{ id: row.id, direction: row.direction }] : []));
  const inbound = channelConnectionFor(db, conversation?.workspaceId ?? -1, "email");
  return { subject: conversation?.subject ?? null, to, messageIds, inboundAddress: inbound?.externalKey };
}

/** A workspace's set-up for a channel (inbound address, Slack team), if it has one. */
export function channelConnectionFor(db: TandemDatabase, workspaceId: number, channel: Channel) {
  return db
    .select()
    .from(channelConnections)
    .where(and(eq(channelConnections.workspaceId, workspaceId), eq(channelConnections.channel, channel)))
    .get();
}

/** The workspace a channel's own key (inbound address, Slack team id) belongs to. */
export function findChannelConnection(db: TandemDatabase, channel: Channel, externalKey: string) {
  return db
    .select()
    .from(channelConnections)
    .where(and(eq(channelConnections.channel, channel), eq(channelConnections.externalKey, externalKey)))
    .get();
}
