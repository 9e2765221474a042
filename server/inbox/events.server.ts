import { EventEmitter } from "node:events";

/**
 * What happened in a workspace, announced after it is durably stored. The
 * realtime layer relays these to the workspace's sockets; channels listen for
 * replies they must deliver.
 */
export interface InboxEvents {
  /** Anything a rep's view of a conversation shows changed: a message, triage, SLA. */
  "conversation.changed": [{ workspaceId: number; conversationId: string; reason: ConversationChange }];
  "message.created": [
    {
      workspaceId: number;
      conversationId: string;
      messageId: number;
      direction: "inbound" | "outbound";
      channel: "email" | "chat" | "slack";
      text: string;
      authorName: string | null;
      sentAt: Date;
    },
  ];
  /** A reply written in the conversation's shared draft went out: the draft empties for everyone. */
  "draft.sent": [{ workspaceId: number; conversationId: string; userId: number }];
  "sla.warning": [{ workspaceId: number; conversationId: string; target: string; dueAt: Date }];
  "sla.breach": [{ workspaceId: number; conversationId: string; target: string; dueAt: Date }];
  "notification.created": [{ workspaceId: number; userId: number; kind: string; text: string; conversationId?: string }];
  "alert.raised": [{ workspaceId: number; channel: string; kind: string; message: string }];
}

export type ConversationChange = "message" | "triage" | "sla" | "note" | "created";

export type InboxEventBus = EventEmitter<InboxEvents>;

export function createInboxEventBus(): InboxEventBus {
  const bus = new EventEmitter<InboxEvents>();
  // One listener per connected feature, not per client: more would be a leak.
  bus.setMaxListeners(50);
  return bus;
}
