import { desc, eq } from "drizzle-orm";
import type { TandemDatabase } from "../../db/connection.server";
import { findConversation, refreshConversationTimeline } from "../../db/conversations.server";
import { createDelivery } from "../../db/deliveries.server";
import { insertMessage } from "../../db/messages.server";
import { messages } from "../../db/schema";
import { linkThreadKeys } from "../../db/threads.server";
import { DeliveryError } from "../channels/transport";
import type { ChannelTransports } from "../channels/transports.server";
import type { Channel } from "../../db/interchange";
import type { InboxEventBus } from "./events.server";

export interface ReplyAuthor {
  /** The rep who wrote it; null for an API client or an automatic message. */
  userId: number | null;
  name: string;
  /** Automatic messages (surveys) are the bot's: they answer nothing and stop no SLA clock. */
  kind?: "agent" | "bot";
}

export interface ReplyInput {
  workspaceId: number;
  conversationId: string;
  text: string;
  author: ReplyAuthor;
  /** The last message the writer saw; the reply is refused if the thread has moved on since. */
  ifLastMessageId?: number;
  /**
   * A conversation merged into this one: the reply is kept here but answers
   * on that one's channel, to its customer, in its thread. The customer's
   * choice of channel survives the merge.
   */
  via?: string;
}

export type SendReplyResult =
  | { status: "sent"; conversationId: string; messageId: number; deliveryId: number; channel: Channel }
  | { status: "not_found" }
  /** Someone else wrote since the caller last looked: the reply was not sent. */
  | { status: "conflict"; lastMessageId: number }
  /** The channel cannot reach this customer (no address to reply to): nothing was stored. */
  | { status: "undeliverable"; reason: string };

export interface SendReplyDependencies {
  db: TandemDatabase;
  events: InboxEventBus;
  transports: ChannelTransports;
  /** Wakes the delivery worker once the reply is stored. */
  deliverSoon: () => void;
  now?: () => Date;
  afterStore?: (db: TandemDatabase, conversationId: number, now: Date) => void;
}

/**
 * Stores a rep's reply and its delivery in one transaction, then hands it to
 * the channel. With `ifLastMessageId`, the reply goes out only if nobody (the
 * customer or another rep) wrote since: two tabs or two reps cannot double-send.
 */
export function sendReply(deps: SendReplyDependencies, input: ReplyInput): SendReplyResult {
  const now = deps.now?.() ?? new Date();
  let result: SendReplyResult;
  try {
    result = deps.db.transaction((tx) => storeReply(tx, deps, input, now));
  } catch (error) {
    if (error instanceof DeliveryError) return { status: "undeliverable", reason: error.message };
    throw error;
  }
  if (result.status !== "sent") return result;

  deps.events.emit("message.created", {
    workspaceId: input.workspaceId,
    conversationId: result.conversationId,
    messageId: result.messageId,
    direction: "outbound",
    channel: result.channel,
    text: input.text,
    authorName: input.author.name,
    sentAt: now,
  });
  deps.events.emit("conversation.changed", {
    workspaceId: input.workspaceId,
    conversationId: result.conversationId,
    reason: "message",
  });
  deps.deliverSoon();
  return result;
}

function storeReply(tx: TandemDatabase, deps: SendReplyDependencies, input: ReplyInput, now: Date): SendReplyResult {
  const conversation = findConversation(tx, input.workspaceId, input.conversationId);
  if (!conversation) return { status: "not_found" };
  const last = tx
    .select({ id: messages.id })
    .from(messages)
    .where(eq(messages.conversationId, conversation.id))
    .orderBy(desc(messages.sentAt), desc(messages.id))
    .get();
  if (input.ifLastMessageId !== undefined && last && last.id !== input.ifLastMessageId) {
    return { status: "conflict", lastMessageId: last.id };
  }

  // The thread answered: this conversation's own, or that of one merged into it.
  const thread = input.via === undefined ? conversation : findConversation(tx, input.workspaceId, input.via);
  if (!thread || (thread !== conversation && thread.mergedIntoId !== conversation.id)) {
    return { status: "undeliverable", reason: `${input.via} is not merged into ${conversation.publicId}, so this reply cannot answer on it.` };
  }
  const transport = deps.transports.get(thread.channel);
  const stored = insertMessage(tx, {
    workspaceId: input.workspaceId,
    conversationId: conversation.id,
    authorKind: input.author.kind ?? "agent",
    authorUserId: input.author.userId,
    authorName: input.author.name,
    direction: "outbound",
    text: input.text,
    sentAt: now,
  });
  const envelope = transport.envelopeFor(tx, thread, stored.id);
  const channelMessageId = transport.channelMessageIdFor?.(envelope);
  if (channelMessageId) {
    tx.update(messages).set({ channelMessageId }).where(eq(messages.id, stored.id)).run();
    // The customer's answer to it threads into this conversation, whichever thread it went out on.
    linkThreadKeys(tx, input.workspaceId, thread.channel, [channelMessageId], conversation.id);
  }
  const delivery = createDelivery(tx, {
    workspaceId: input.workspaceId,
    messageId: stored.id,
    channel: thread.channel,
    transport: transport.name,
    envelope,
  });
  refreshConversationTimeline(tx, conversation.id);
  deps.afterStore?.(tx, conversation.id, now);
  return { status: "sent", conversationId: conversation.publicId, messageId: stored.id, deliveryId: delivery.id, channel: thread.channel };
}
