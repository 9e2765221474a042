import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { findAccountByDomain, upsertAccount } from "../../db/accounts.server";
import type { TandemDatabase } from "../../db/connection.server";
import { resolveContact } from "../../db/contacts.server";
import {
  createConversation,
  findOpenConversationBySubject,
  refreshConversationTimeline,
} from "../../db/conversations.server";
import { recordDeadLetter } from "../../db/dead-letters.server";
import { companyDomainOf } from "../../db/email-domains";
import { ChannelSchema, describeIssues, InterchangeAccountSchema, InterchangeContactSchema } from "../../db/interchange";
import { insertMessage } from "../../db/messages.server";
import { preparedQuery } from "../../db/prepared.server";
import { conversations } from "../../db/schema";
import { findConversationByThreadKeys, findMessageByChannelId, linkThreadKeys } from "../../db/threads.server";
import type { InboxEventBus } from "./events.server";
import { sanitizeCustomerHtml } from "./sanitize-html.server";

/** A customer message as every channel hands it over, whatever its wire format. */
export const InboundMessageSchema = z.object({
  channel: ChannelSchema,
  /** The channel's own id for this message: the same id again is a redelivery, stored once. */
  channelMessageId: z.string().min(1).max(1_000),
  /** Ids that tie it to a thread: Message-ID, In-Reply-To and References; a Slack thread; a chat session. */
  threadKeys: z.array(z.string().min(1).max(1_000)).max(200).default([]),
  contact: InterchangeContactSchema,
  account: InterchangeAccountSchema.optional(),
  subject: z.string().max(1_000).optional(),
  text: z.string().max(200_000),
  /** Raw HTML as the customer sent it; only its sanitised form is stored. */
  html: z.string().max(2_000_000).optional(),
  attachments: z
    .array(z.object({ filename: z.string().max(500), contentType: z.string().max(200), size: z.number().int().nonnegative() }))
    .max(100)
    .optional(),
  sentAt: z.date().optional(),
});
export type InboundMessage = z.input<typeof InboundMessageSchema>;

export type ReceiveResult =
  | { status: "stored"; conversationId: string; messageId: number; newConversation: boolean }
  | { status: "duplicate"; conversationId: string; messageId: number }
  | { status: "dead_lettered"; deadLetterId: number; reason: string };

/** How long a subject match may reach back when mail arrives without threading headers. */
const SUBJECT_THREADING_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;

export interface ReceiveDependencies {
  db: TandemDatabase;
  /** Where the stored message is announced; only emitting is needed, so a batch can hold announcements until it commits. */
  events: Pick<InboxEventBus, "emit">;
  now?: () => Date;
  /** Runs inside the storing transaction after the message is in: SLA clocks, auto-assignment. */
  afterStore?: (db: TandemDatabase, conversationId: number, now: Date) => void;
}

/**
 * Stores one inbound customer message durably, before any channel acknowledges
 * it: recognises the contact and account, threads it into its conversation (or
 * opens one), reopens a snoozed or closed conversation, and announces it.
 * A message that cannot be processed is kept as a dead letter with the reason:
 * nothing accepted is ever dropped.
 */
export function receiveMessage(deps: ReceiveDependencies, workspaceId: number, input: InboundMessage): ReceiveResult {
  const now = deps.now?.() ?? new Date();
  const parsed = InboundMessageSchema.safeParse(input);
  if (!parsed.success) return deadLetter(deps.db, workspaceId, input, `Invalid message: ${describeIssues(parsed.error)}`, now);
  const message = parsed.data;

  let result: Extract<ReceiveResult, { status: "stored" | "duplicate" }>;
  try {
    result = deps.db.transaction((tx) => {
      const known = findMessageByChannelId(tx, workspaceId, message.channelMessageId);
      if (known) return { status: "duplicate" as const, ...known };

      const contactDomain = companyDomainOf(message.contact.email);
      const account = message.account
        ? upsertAccount(tx, workspaceId, message.account)
        : contactDomain
          ? findAccountByDomain(tx, workspaceId, contactDomain)
          : undefined;
      const contact = resolveContact(tx, workspaceId, message.contact, account?.id ?? null);
      const sentAt = message.sentAt ?? now;

      let conversationId =
        findConversationByThreadKeys(tx, workspaceId, message.channel, message.threadKeys) ??
        (message.channel === "email" && message.subject
          ? findOpenConversationBySubject(tx, workspaceId, {
              contactId: contact.id,
              channel: "email",
              subject: message.subject,
              since: new Date(now.getTime() - SUBJECT_THREADING_WINDOW_MS),
            })
          : undefined);
      const newConversation = conversationId === undefined;
      if (conversationId === undefined) {
        conversationId = createConversation(tx, {
          workspaceId,
          channel: message.channel,
          subject: message.subject?.trim() || null,
          accountId: account?.id ?? contact.accountId ?? null,
          contactId: contact.id,
          createdAt: sentAt,
        }).id;
      }
      linkThreadKeys(tx, workspaceId, message.channel, message.threadKeys, conversationId);

      const stored = insertMessage(tx, {
        workspaceId,
        conversationId,
        authorKind: "customer",
        authorContactId: contact.id,
        authorName: message.contact.name ?? null,
        direction: "inbound",
        text: message.text,
        html: message.html ? sanitizeCustomerHtml(message.html) : null,
        attachments: message.attachments ?? null,
        channelMessageId: message.channelMessageId,
        sentAt,
      });
      reopenOnCustomerReply(tx, conversationId, now);
      refreshConversationTimeline(tx, conversationId);
      deps.afterStore?.(tx, conversationId, now);

      const publicId = conversationState(tx).get({ conversationId })!.publicId;
      return { status: "stored" as const, conversationId: publicId, messageId: stored.id, newConversation };
    });
  } catch (error) {
    return deadLetter(deps.db, workspaceId, input, `Could not store the message: ${(error as Error).message}`, now);
  }

  if (result.status === "stored") {
    deps.events.emit("message.created", {
      workspaceId,
      conversationId: result.conversationId,
      messageId: result.messageId,
      direction: "inbound",
      channel: message.channel,
      text: message.text,
      authorName: message.contact.name ?? null,
      sentAt: message.sentAt ?? now,
    });
    deps.events.emit("conversation.changed", {
      workspaceId,
      conversationId: result.conversationId,
      reason: result.newConversation ? "created" : "message",
    });
  }
  return result;
}

const conversationState = preparedQuery((db) =>
  db
    .select({ publicId: conversations.publicId, status: conversations.status, reopenCount: conversations.reopenCount })
    .from(conversations)
    .where(eq(conversations.id, sql.placeholder("conversationId")))
    .prepare(),
);

/** The customer wrote again: a snoozed conversation wakes, a closed one reopens. */
function reopenOnCustomerReply(db: TandemDatabase, conversationId: number, now: Date): void {
  const current = conversationState(db).get({ conversationId });
  if (!current || current.status === "open") return;
  db.update(conversations)
    .set({
      status: "open",
      snoozedUntil: null,
      snoozedUntilReply: false,
      closedAt: null,
      reopenCount: current.status === "closed" ? current.reopenCount + 1 : current.reopenCount,
      updatedAt: now,
    })
    .where(eq(conversations.id, conversationId))
    .run();
}

function deadLetter(
  db: TandemDatabase,
  workspaceId: number,
  input: unknown,
  reason: string,
  now: Date,
): Extract<ReceiveResult, { status: "dead_lettered" }> {
  const payload = JSON.stringify(input, (_key, value: unknown) => (value instanceof Date ? value.toISOString() : value));
  const letter = recordDeadLetter(db, {
    workspaceId,
    channel: typeof (input as { channel?: unknown })?.channel === "string" ? (input as { channel: string }).channel : "unknown",
    reason,
    payload: payload ?? String(input),
    receivedAt: now,
  });
  return { status: "dead_lettered", deadLetterId: letter.id, reason };
}
