/**
 * The chat widget's wire protocol on the "/chat" socket.io namespace, shared
 * (as types only) by the server and the widget page.
 *
 * Handshake `auth`: { workspace: slug, visitorId?, visitorToken? }. Without a
 * token the server mints a new visitor; a token must match its visitor id.
 *
 * Server → client
 *   "visitor:hello"  VisitorHello        on every connect: who this socket is (store it)
 *   "chat:history"   ChatHistory         on every connect: the visitor's conversation so far
 *   "chat:message"   ChatMessagePayload  live: an agent reply, or the visitor's own message from another tab
 * Client → server
 *   "chat:message"   ChatSend, ack(ChatSendAck)
 */
import { z } from "zod";

export const CHAT_NAMESPACE = "/chat";

/** Handshake refusals, as `connect_error` messages. */
export const CHAT_CONNECT_ERRORS = {
  invalidHandshake: "invalid_handshake",
  unknownWorkspace: "unknown_workspace",
  invalidVisitorToken: "invalid_visitor_token",
} as const;

export const MAX_CHAT_TEXT = 10_000;

export const VisitorIdSchema = z.string().regex(/^[A-Za-z0-9_-]{6,100}$/, "not a visitor id");

export const ChatHandshakeSchema = z.object({
  workspace: z.string().min(1).max(200),
  visitorId: VisitorIdSchema.optional(),
  visitorToken: z.string().min(1).max(200).optional(),
});

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((value) => (value ? value : undefined));

export const ChatSendSchema = z.object({
  text: z.string().trim().min(1, "write a message").max(MAX_CHAT_TEXT),
  clientMessageId: z.uuid(),
  name: optionalText(200),
  email: z
    .union([z.literal(""), z.email().max(320)])
    .optional()
    .transform((value) => (value ? value : undefined)),
});
export type ChatSend = z.input<typeof ChatSendSchema>;

export type ChatSendAck = { conversationId: string; messageId: number } | { error: string };

export interface VisitorHello {
  visitorId: string;
  visitorToken: string;
}

export interface ChatMessagePayload {
  id: number;
  author: "agent" | "customer";
  authorName: string | null;
  text: string;
  /** ISO 8601. */
  at: string;
  /** On the visitor's own messages: the id their widget sent it with. */
  clientMessageId?: string;
}

export interface ChatHistory {
  conversationId: string | null;
  messages: ChatMessagePayload[];
}
