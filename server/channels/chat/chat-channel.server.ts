import type { Namespace, Socket } from "socket.io";
import { z } from "zod";
import { findWorkspaceBySlug } from "../../../db/workspaces.server";
import type { InboxServices } from "../../inbox/services.server";
import type { RealtimeServer } from "../../realtime.server";
import { DeliveryError, type ChannelTransport } from "../transport";
import { chatChannelMessageId, chatHistory, chatVisitorOf, replyFacts, visitorThreadKey } from "./chat-history.server";
import {
  CHAT_CONNECT_ERRORS,
  CHAT_NAMESPACE,
  ChatHandshakeSchema,
  ChatSendSchema,
  type ChatHistory,
  type ChatMessagePayload,
  type ChatSendAck,
  type VisitorHello,
} from "./protocol";
import { createVisitorTokens } from "./visitor-token.server";

interface ChatSocketData {
  workspaceId: number;
  visitorId: string;
  visitorToken: string;
}

interface ServerToClient {
  "visitor:hello": (hello: VisitorHello) => void;
  "chat:history": (history: ChatHistory) => void;
  "chat:message": (message: ChatMessagePayload) => void;
}
interface ClientToServer {
  "chat:message": (payload: unknown, ack?: unknown) => void;
}
type ChatNamespace = Namespace<ClientToServer, ServerToClient, Record<string, never>, ChatSocketData>;
type ChatSocket = Socket<ClientToServer, ServerToClient, Record<string, never>, ChatSocketData>;

/** Every socket of one visitor (tabs, reconnects) shares this room; replies are sent to it. */
export const visitorRoom = (workspaceId: number, visitorId: string) => `visitor:${workspaceId}:${visitorId}`;

interface ChatEnvelope {
  workspaceId: number;
  visitorId: string;
  authorName: string | null;
  sentAt: string;
}

/** At most this many messages per socket in the window; beyond it the ack says "rate_limited". */
const RATE_LIMIT = { messages: 20, windowMs: 10_000 };

export interface ChatChannel {
  /** Registered with createInboxServices: delivers reps' replies on chat conversations. */
  transport: ChannelTransport;
  /** Opens the customer-facing "/chat" namespace on the app's socket.io server. */
  attach(io: RealtimeServer, services: InboxServices): void;
}

/**
 * The website chat channel. Customers, not reps, connect here: the namespace
 * has no staff auth and never joins a workspace room, so a visitor sees only
 * their own conversation, and only with the signed visitor token the server
 * gave them (see visitor-token.server.ts).
 *
 * Delivery: a reply is emitted to the visitor's room. A visitor who is offline
 * (tab closed) still counts as delivered: the reply is stored with the
 * conversation and reaches them in `chat:history` on their next connect, so
 * retrying (and, after five tries, raising a channel alert) would only make
 * noise about a normal state of a website chat.
 */
export function createChatChannel(options: { sessionSecret: string }): ChatChannel {
  const tokens = createVisitorTokens(options.sessionSecret);
  let namespace: ChatNamespace | undefined;

  const transport: ChannelTransport = {
    channel: "chat",
    name: "chat",

    envelopeFor(db, conversation, messageId) {
      const visitorId = chatVisitorOf(db, conversation);
      if (!visitorId) throw new DeliveryError("This chat conversation has no visitor session to reply to.");
      const facts = replyFacts(db, messageId);
      const envelope: ChatEnvelope = {
        workspaceId: conversation.workspaceId,
        visitorId,
        authorName: facts?.authorName ?? null,
        sentAt: (facts?.sentAt ?? new Date()).toISOString(),
      };
      return { ...envelope };
    },

    async deliver(raw, reply) {
      // Not yet listening (only during start-up): throw, and the worker retries shortly.
      if (!namespace) throw new DeliveryError("The chat channel is not accepting connections yet.");
      const envelope = raw as unknown as ChatEnvelope;
      const message: ChatMessagePayload = {
        id: reply.messageId,
        author: "agent",
        authorName: envelope.authorName,
        text: reply.text,
        at: envelope.sentAt,
      };
      namespace.to(visitorRoom(envelope.workspaceId, envelope.visitorId)).emit("chat:message", message);
    },
  };

  function attach(io: RealtimeServer, services: InboxServices): void {
    const chat = io.of(CHAT_NAMESPACE) as unknown as ChatNamespace;

    chat.use((socket, next) => {
      try {
        const handshake = ChatHandshakeSchema.safeParse(socket.handshake.auth);
        if (!handshake.success) return next(new Error(CHAT_CONNECT_ERRORS.invalidHandshake));
        const workspace = findWorkspaceBySlug(services.db, handshake.data.workspace);
        if (!workspace) return next(new Error(CHAT_CONNECT_ERRORS.unknownWorkspace));
        const { visitorId, visitorToken } = handshake.data;
        if (visitorToken !== undefined) {
          if (!visitorId || !tokens.verify(workspace.id, visitorId, visitorToken)) {
            return next(new Error(CHAT_CONNECT_ERRORS.invalidVisitorToken));
          }
          socket.data = { workspaceId: workspace.id, visitorId, visitorToken };
        } else {
          // A first visit. A visitor id offered without its token is not trusted: a new one is minted.
          socket.data = { workspaceId: workspace.id, ...tokens.mint(workspace.id) };
        }
        next();
      } catch {
        next(new Error(CHAT_CONNECT_ERRORS.invalidHandshake));
      }
    });

    chat.on("connection", (socket: ChatSocket) => {
      const { workspaceId, visitorId, visitorToken } = socket.data;
      const room = visitorRoom(workspaceId, visitorId);
      void socket.join(room);
      socket.emit("visitor:hello", { visitorId, visitorToken });
      try {
        socket.emit("chat:history", chatHistory(services.db, workspaceId, visitorId));
      } catch {
        socket.emit("chat:history", { conversationId: null, messages: [] });
      }

      const sentAt: number[] = [];
      socket.on("chat:message", (payload, ack) => {
        const reply = (answer: ChatSendAck) => {
          if (typeof ack === "function") (ack as (answer: ChatSendAck) => void)(answer);
        };
        try {
          const now = Date.now();
          while (sentAt.length && sentAt[0]! <= now - RATE_LIMIT.windowMs) sentAt.shift();
          if (sentAt.length >= RATE_LIMIT.messages) return reply({ error: "rate_limited" });
          sentAt.push(now);

          const parsed = ChatSendSchema.safeParse(payload);
          if (!parsed.success) return reply({ error: `invalid_message: ${z.prettifyError(parsed.error)}` });
          const message = parsed.data;
          const received = services.receiveDurably(workspaceId, {
            channel: "chat",
            channelMessageId: chatChannelMessageId(visitorId, message.clientMessageId),
            threadKeys: [visitorThreadKey(visitorId)],
            contact: {
              chatVisitorId: visitorId,
              ...(message.name ? { name: message.name } : {}),
              ...(message.email ? { email: message.email } : {}),
            },
            text: message.text,
          });
          // Acknowledged once on disk: a widget told its message arrived never sends it again.
          received
            .then((result) => {
              if (result.status === "dead_lettered") return reply({ error: "not_stored" });
              reply({ conversationId: result.conversationId, messageId: result.messageId });
              if (result.status === "stored") {
                // The visitor's other tabs show it too.
                socket.to(room).emit("chat:message", {
                  id: result.messageId,
                  author: "customer",
                  authorName: message.name ?? null,
                  text: message.text,
                  at: new Date().toISOString(),
                  clientMessageId: message.clientMessageId,
                });
              }
            })
            .catch(() => reply({ error: "server_error" }));
        } catch {
          reply({ error: "server_error" });
        }
      });
    });

    namespace = chat;
  }

  return { transport, attach };
}
