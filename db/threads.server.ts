import { and, eq, inArray } from "drizzle-orm";
import type { TandemDatabase } from "./connection.server";
import type { Channel } from "./interchange";
import { conversations, conversationThreads, messages } from "./schema";

/** The conversation a channel's thread keys (Message-IDs, Slack thread, chat session) already belong to. */
export function findConversationByThreadKeys(
  db: TandemDatabase,
  workspaceId: number,
  channel: Channel,
  threadKeys: string[],
): number | undefined {
  if (threadKeys.length === 0) return undefined;
  return db
    .select({ conversationId: conversationThreads.conversationId })
    .from(conversationThreads)
    .where(
      and(
        eq(conversationThreads.workspaceId, workspaceId),
        eq(conversationThreads.channel, channel),
        inArray(conversationThreads.threadKey, threadKeys),
      ),
    )
    .get()?.conversationId;
}

export function linkThreadKeys(
  db: TandemDatabase,
  workspaceId: number,
  channel: Channel,
  threadKeys: string[],
  conversationId: number,
): void {
  if (threadKeys.length === 0) return;
  db.insert(conversationThreads)
    .values(threadKeys.map((threadKey) => ({ workspaceId, channel, threadKey, conversationId })))
    .onConflictDoNothing()
    .run();
}

/** A message already stored under this channel id: a redelivery, answered with the same ids. */
export function findMessageByChannelId(db: TandemDatabase, workspaceId: number, channelMessageId: string) {
  return db
    .select({ messageId: messages.id, conversationId: conversations.publicId })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.channelMessageId, channelMessageId)))
    .get();
}
