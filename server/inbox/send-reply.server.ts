import { desc, eq } from "drizzle-orm";
import type { TandemDatabase } from "../../db/connection.server";
import { findConversation, refreshConversationTimeline } from "../../db/conversations.server";
import { createDelivery } from "../../db/deliveries.server";
import { insertMessage } from "../../db/messages.server";
import { messages } from "../../db/schema";
import { linkThreadKeys } from "../../db/threads.server";
import { DeliveryError } from "../channels/transport";
import type { ChannelTransports } from "../channels/transports.server";
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
}

export type SendReplyResult =
  | { status: "sent"; conversationId: string; messageId: number; deliveryId: number }
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

  const conversation = findConversation(deps.db, input.workspaceId, result.conversationId)!;
  deps.events.emit("message.created", {
    workspaceId: input.workspaceId,
    conversationId: result.conversationId,
    messageId: result.messageId,
    direction: "outbound",
    channel: conversation.channel,
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

  const transport = deps.transports.get(conversation.channel);
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
  const envelope = transport.envelopeFor(tx, conversation, stored.id);
  const channelMessageId = transport.channelMessageIdFor?.(envelope);
  if (channelMessageId) {
    tx.update(messages).set({ channelMessageId }).where(eq(messages.id, stored.id)).run();
    linkThreadKeys(tx, input.workspaceId, conversation.channel, [channelMessageId], conversation.id);
  }
  const delivery = createDelivery(tx, {
    workspaceId: input.workspaceId,
    messageId: stored.id,
    channel: conversation.channel,
    transport: transport.name,
    envelope,
  });
  refreshConversationTimeline(tx, conversation.id);
  deps.afterStore?.(tx, conversation.id, now);
  return { status: "sent", conversationId: conversation.publicId, messageId: stored.id, deliveryId: delivery.id };
}
