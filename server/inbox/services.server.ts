import type { TandemDatabase } from "../../db/connection.server";
import { startDeliveryWorker, type DeliveryWorker } from "../channels/delivery-worker.server";
import type { ChannelTransport } from "../channels/transport";
import { ChannelTransports } from "../channels/transports.server";
import { createInboxEventBus, type InboxEventBus } from "./events.server";
import { receiveMessage, type InboundMessage, type ReceiveResult } from "./receive-message.server";
import { sendReply, type ReplyInput, type SendReplyResult } from "./send-reply.server";

/** Work that must happen in the same transaction as any new message: SLA clocks, auto-assignment. */
export type ConversationHook = (db: TandemDatabase, conversationId: number, now: Date) => void;

export interface InboxServices {
  db: TandemDatabase;
  events: InboxEventBus;
  transports: ChannelTransports;
  deliveries: DeliveryWorker;
  now: () => Date;
  receive(workspaceId: number, message: InboundMessage): ReceiveResult;
  reply(input: ReplyInput): SendReplyResult;
  /** Runs the registered hooks for a conversation that changed outside receive and reply (triage). */
  afterChange: ConversationHook;
  /** Called after a conversation was closed and the close was stored (the CSAT survey goes out). */
  afterClose(workspaceId: number, conversationId: string): void;
  close(): Promise<void>;
}

/** The inbox's actions, built once per server with the channels it delivers through. */
export function createInboxServices(options: {
  db: TandemDatabase;
  transports: ChannelTransport[];
  hooks?: ConversationHook[];
  onClose?: (services: InboxServices, workspaceId: number, conversationId: string) => void;
  now?: () => Date;
}): InboxServices {
  const now = options.now ?? (() => new Date());
  const events = createInboxEventBus();
  const transports = new ChannelTransports(options.transports);
  const deliveries = startDeliveryWorker({ db: options.db, events, transports, now });
  const hooks = options.hooks ?? [];
  const afterChange: ConversationHook = (db, conversationId, at) => {
    for (const hook of hooks) hook(db, conversationId, at);
  };
  const base = { db: options.db, events, now, afterStore: afterChange };
  const services: InboxServices = {
    db: options.db,
    events,
    transports,
    deliveries,
    now,
    afterChange,
    receive: (workspaceId, message) => receiveMessage(base, workspaceId, message),
    reply: (input) => sendReply({ ...base, transports, deliverSoon: () => void deliveries.kick() }, input),
    afterClose: (workspaceId, conversationId) => options.onClose?.(services, workspaceId, conversationId),
    close: () => deliveries.stop(),
  };
  return services;
}
