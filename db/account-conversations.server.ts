/**
 * The rep context panel's data: who is writing, their account, its health, and
 * every conversation the account has had with us, on any channel.
 */
import { and, asc, count, desc, eq, sql } from "drizzle-orm";
import type { TandemDatabase } from "./connection.server";
import { identitiesByContact, type ChannelIdentity } from "./contacts.server";
import { getAccountHealth, type AccountHealth } from "./account-health.server";
import type { Channel, ConversationStatus } from "./interchange";
import { accounts, contacts, conversations, messages, users } from "./schema";

export interface AccountConversation {
  publicId: string;
  channel: Channel;
  subject: string | null;
  /** The opening message, whitespace collapsed, for conversations without a subject (chat, Slack). */
  preview: string;
  status: ConversationStatus;
  contactName: string | null;
  lastMessageAt: Date;
  /** The conversation the rep has open. */
  current: boolean;
}

export interface AccountConversations {
  conversations: AccountConversation[];
  /** All of the account's conversations, also those beyond `limit`. */
  total: number;
  open: number;
}

const PREVIEW_CHARS = 160;
/** Open first, then snoozed, then closed. */
const statusRank = sql`case ${conversations.status} when 'open' then 0 when 'snoozed' then 1 else 2 end`;

/**
 * Every conversation of an account on all channels, open ones first, then the
 * most recent. Reads the `conversations_account` index; the preview is one
 * `messages_conversation` index probe per row.
 */
export function listAccountConversations(
  db: TandemDatabase,
  workspaceId: number,
  accountId: number,
  currentPublicId?: string,
  limit = 100,
): AccountConversations {
  const opening = sql<string | null>`(
    select substr(${messages.text}, 1, ${PREVIEW_CHARS}) from ${messages}
    where ${messages.conversationId} = ${conversations.id}
    order by ${messages.sentAt}, ${messages.id} limit 1)`;
  // The unary + keeps SQLite on the account index rather than the workspace's inbox index.
  const scope = and(eq(conversations.accountId, accountId), sql`+${conversations.workspaceId} = ${workspaceId}`);
  const rows = db
    .select({
      publicId: conversations.publicId,
      channel: conversations.channel,
      subject: conversations.subject,
      opening,
      status: conversations.status,
      contactName: contacts.name,
      lastMessageAt: conversations.lastMessageAt,
    })
    .from(conversations)
    .leftJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(scope)
    .orderBy(asc(statusRank), desc(conversations.lastMessageAt), desc(conversations.id))
    .limit(limit)
    .all();
  const totals = db
    .select({ total: count(), open: sql<number>`coalesce(sum(${conversations.status} = 'open'), 0)` })
    .from(conversations)
    .where(scope)
    .get();
  return {
    conversations: rows.map(({ opening: text, ...row }) => ({
      ...row,
      preview: (text ?? "").replace(/\s+/g, " ").trim(),
      current: row.publicId === currentPublicId,
    })),
    total: totals?.total ?? 0,
    open: totals?.open ?? 0,
  };
}

export interface RepContext {
  contact: { name: string | null; identities: ChannelIdentity[] } | null;
  account: {
    id: number;
    name: string;
    plan: string | null;
    mrrCents: number | null;
    seats: number | null;
    renewalAt: Date | null;
    trialStartedAt: Date | null;
    ownerName: string | null;
  } | null;
  health: AccountHealth | null;
  related: AccountConversations | null;
}

/** Everything the rep context panel shows beside one conversation. */
export function getRepContext(
  db: TandemDatabase,
  workspaceId: number,
  conversation: { publicId: string; accountId: number | null; contactId: number | null },
  now: Date,
): RepContext {
  const contactRow = conversation.contactId
    ? db
        .select({ id: contacts.id, name: contacts.name })
        .from(contacts)
        .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, conversation.contactId)))
        .get()
    : undefined;
  const contact = contactRow
    ? { name: contactRow.name, identities: identitiesByContact(db, workspaceId, [contactRow.id]).get(contactRow.id) ?? [] }
    : null;

  const account = conversation.accountId
    ? db
        .select({
          id: accounts.id,
          name: accounts.name,
          plan: accounts.plan,
          mrrCents: accounts.mrrCents,
          seats: accounts.seats,
          renewalAt: accounts.renewalAt,
          trialStartedAt: accounts.trialStartedAt,
          ownerName: users.name,
        })
        .from(accounts)
        .leftJoin(users, eq(users.id, accounts.ownerId))
        .where(and(eq(accounts.workspaceId, workspaceId), eq(accounts.id, conversation.accountId)))
        .get()
    : undefined;
  if (!account) return { contact, account: null, health: null, related: null };

  return {
    contact,
    account,
    health: getAccountHealth(db, workspaceId, account.id, now) ?? null,
    related: listAccountConversations(db, workspaceId, account.id, conversation.publicId),
  };
}
