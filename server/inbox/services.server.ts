import type { TandemDatabase } from "../../db/connection.server";
import type { WalFlusher } from "../../db/wal-flusher.server";
import { startDeliveryWorker, type DeliveryWorker } from "../channels/delivery-worker.server";
import type { ChannelTransport } from "../channels/transport";
import { ChannelTransports } from "../channels/transports.server";
import { createInboxEventBus, type InboxEventBus } from "./events.server";
import { receiveMessage, type InboundMessage, type ReceiveDependencies, type ReceiveResult } from "./receive-message.server";
import { sendReply, type ReplyInput, type SendReplyResult } from "./send-reply.server";

/** Work that must happen in the same transaction as a change to a conversation: SLA clocks, auto-assignment. */
export type ConversationHook = (db: TandemDatabase, conversationId: number, now: Date) => void;

export interface InboxServices {
  db: TandemDatabase;
  events: InboxEventBus;
  transports: ChannelTransports;
  deliveries: DeliveryWorker;
  now: () => Date;
  receive(workspaceId: number, message: InboundMessage): ReceiveResult;
  /**
   * The same, committed together with the other messages arriving in this
   * turn of the event loop: one commit for all, and each is answered only
   * once it is committed and, with a WAL flusher, written out to the disk.
   * For channels that answer over the network.
   */
  receiveDurably(workspaceId: number, message: InboundMessage): Promise<ReceiveResult>;
  reply(input: ReplyInput): SendReplyResult;
  /** Runs the change hooks for a conversation that changed outside receive and reply (triage, a snooze waking). */
  afterChange: ConversationHook;
  /** Called after a conversation was closed and the close was stored (the CSAT survey goes out). */
  afterClose(workspaceId: number, conversationId: string): void;
  close(): Promise<void>;
}

/** The inbox's actions, built once per server with the channels it delivers through. */
/** Messages stored under one commit at most: a burst is answered in slices, not all at its end. */
const GROUP_COMMIT_LIMIT = 64;

/**
 * Group commit: a commit writes the WAL and costs about as much as storing a
 * message, so messages that arrive together share one. Each message still
 * runs in its own savepoint (one that fails is dead-lettered alone), and the
 * announcements wait for the commit, so nothing is announced that is not stored.
 */
function createGroupCommit(deps: ReceiveDependencies & { events: InboxEventBus; walFlusher: Pick<WalFlusher, "request"> | null }) {
  const waiting: { workspaceId: number; message: InboundMessage; resolve(result: ReceiveResult): void; reject(error: unknown): void }[] =
    [];

  const commit = () => {
    const batch = waiting.splice(0, GROUP_COMMIT_LIMIT);
    if (waiting.length) setImmediate(commit);
    const held: unknown[][] = [];
    const holding = { emit: (...announcement: unknown[]) => held.push(announcement) > 0 } as Pick<InboxEventBus, "emit">;
    let results: ReceiveResult[];
    try {
      results = deps.db.transaction(() =>
        batch.map((item) => receiveMessage({ ...deps, events: holding }, item.workspaceId, item.message)),
      );
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    const announce = deps.events.emit.bind(deps.events) as (...announcement: unknown[]) => boolean;
    for (const announcement of held) announce(...announcement);
    // The rest of the server may go on with what is committed; the channel that handed a message over hears only once it is on disk.
    const flushed = deps.walFlusher?.request() ?? Promise.resolve();
    void flushed.then(() => batch.forEach((item, i) => item.resolve(results[i]!)));
  };

  return (workspaceId: number, message: InboundMessage) =>
    new Promise<ReceiveResult>((resolve, reject) => {
      waiting.push({ workspaceId, message, resolve, reject });
      if (waiting.length === 1) setImmediate(commit);
    });
}

export function createInboxServices(options: {
  db: TandemDatabase;
  transports: ChannelTransport[];
  /** Run after every change to a conversation (SLA clocks). */
  hooks?: ConversationHook[];
  /** Run first, and only after a new message is stored (auto-assignment of a new conversation). */
  messageHooks?: ConversationHook[];
  onClose?: (services: InboxServices, workspaceId: number, conversationId: string) => void;
  now?: () => Date;
  /** Writes the WAL out before a message received durably is answered. */
  walFlusher?: Pick<WalFlusher, "request"> | null;
}): InboxServices {
  const now = options.now ?? (() => new Date());
  const events = createInboxEventBus();
  const transports = new ChannelTransports(options.transports);
  const deliveries = startDeliveryWorker({ db: options.db, events, transports, now });
  const hooks = options.hooks ?? [];
  const afterChange: ConversationHook = (db, conversationId, at) => {
    for (const hook of hooks) hook(db, conversationId, at);
  };
  const messageHooks = options.messageHooks ?? [];
  const afterStore: ConversationHook = (db, conversationId, at) => {
    for (const hook of messageHooks) hook(db, conversationId, at);
    afterChange(db, conversationId, at);
  };
  const base = { db: options.db, events, now, afterStore };
  const receiveDurably = createGroupCommit({ ...base, walFlusher: options.walFlusher ?? null });
  const services: InboxServices = {
    db: options.db,
    events,
    transports,
    deliveries,
    now,
    afterChange,
    receive: (workspaceId, message) => receiveMessage(base, workspaceId, message),
    receiveDurably,
    reply: (input) => sendReply({ ...base, transports, deliverSoon: () => void deliveries.kick() }, input),
    afterClose: (workspaceId, conversationId) => options.onClose?.(services, workspaceId, conversationId),
    close: () => deliveries.stop(),
  };
  return services;
}
