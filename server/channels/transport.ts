import type { TandemDatabase } from "../../db/connection.server";
import type { Conversation } from "../../db/conversations.server";
import type { Channel } from "../../db/interchange";

/** A reply on its way out, as a transport sees it. */
export interface OutboundReply {
  messageId: number;
  conversationId: string;
  text: string;
}

/**
 * How replies reach customers on one channel. `envelopeFor` captures, when the
 * reply is written, everything delivery will need, so a retry later sends the
 * same thing even if the conversation changed meanwhile.
 */
export interface ChannelTransport {
  channel: Channel;
  /** Recorded on each delivery: "smtp", "outbox", "slack", "chat". */
  name: string;
  envelopeFor(db: TandemDatabase, conversation: Conversation, messageId: number): Record<string, unknown>;
  /** The channel's id for the reply, stored so the customer's answer threads onto it. */
  channelMessageIdFor?(envelope: Record<string, unknown>): string | undefined;
  deliver(envelope: Record<string, unknown>, reply: OutboundReply): Promise<void>;
}

export class DeliveryError extends Error {}
