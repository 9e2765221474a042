import { and, asc, eq, gt, inArray } from "drizzle-orm";
import type { TandemDatabase } from "./connection.server";
import { identitiesByContact, toInterchangeContact } from "./contacts.server";
import type { ConversationStatus, InterchangeAccount, InterchangeConversation, InterchangeMessage } from "./interchange";
import { accounts, contacts, conversations, messages, users } from "./schema";

const iso = (date: Date) => date.toISOString();

/** A conversation in the interchange format, without its messages, for listings. */
export type InterchangeConversationHeader = Omit<InterchangeConversation, "messages">;

interface Selection {
  /** Only these internal conversation ids; all of the workspace when absent. */
  conversationIds?: number[];
}

function toInterchangeAccount(row: typeof accounts.$inferSelect): InterchangeAccount {
  const account: InterchangeAccount = { id: row.externalId, name: row.name };
  if (row.plan) account.plan = row.plan;
  if (row.mrrCents !== null) account.mrr = row.mrrCents / 100;
  if (row.seats !== null) account.seats = row.seats;
  if (row.renewalAt) account.renewalAt = iso(row.renewalAt);
  if (row.trialStartedAt) account.trialStartedAt = iso(row.trialStartedAt);
  return account;
}

function loadHeaders(db: TandemDatabase, workspaceId: number, selection: Selection) {
  const rows = db
    .select({ conversation: conversations, account: accounts, contactName: contacts.name, assigneeEmail: users.email })
    .from(conversations)
    .leftJoin(accounts, eq(accounts.id, conversations.accountId))
    .leftJoin(contacts, eq(contacts.id, conversations.contactId))
    .leftJoin(users, eq(users.id, conversations.assigneeId))
    .where(
      and(
        eq(conversations.workspaceId, workspaceId),
        selection.conversationIds ? inArray(conversations.id, selection.conversationIds) : undefined,
      ),
    )
    .orderBy(asc(conversations.id))
    .all();
  const contactIds = rows.flatMap((row) => (row.conversation.contactId ? [row.conversation.contactId] : []));
  const identities = identitiesByContact(db, workspaceId, selection.conversationIds ? contactIds : undefined);
  return rows.map(({ conversation, account, contactName, assigneeEmail }) => {
    const header: InterchangeConversationHeader & { internalId: number } = {
      internalId: conversation.id,
      id: conversation.publicId,
      channel: conversation.channel,
      createdAt: iso(conversation.createdAt),
      status: conversation.status,
      priority: conversation.priority,
    };
    if (conversation.subject) header.subject = conversation.subject;
    if (assigneeEmail) header.assigneeEmail = assigneeEmail;
    if (account) header.account = toInterchangeAccount(account);
    if (conversation.contactId) {
      header.contact = toInterchangeContact(contactName, identities.get(conversation.contactId) ?? []);
    }
    return header;
  });
}

function loadMessages(db: TandemDatabase, workspaceId: number, selection: Selection) {
  const rows = db
    .select({
      conversationId: messages.conversationId,
      id: messages.id,
      author: messages.authorKind,
      authorName: messages.authorName,
      userName: users.name,
      text: messages.text,
      sentAt: messages.sentAt,
    })
    .from(messages)
    .leftJoin(users, eq(users.id, messages.authorUserId))
    .where(
      and(
        eq(messages.workspaceId, workspaceId),
        selection.conversationIds ? inArray(messages.conversationId, selection.conversationIds) : undefined,
      ),
    )
    .orderBy(asc(messages.conversationId), asc(messages.sentAt), asc(messages.id))
    .all();
  const byConversation = new Map<number, InterchangeMessage[]>();
  for (const row of rows) {
    const message: InterchangeMessage = { id: String(row.id), author: row.author, text: row.text, at: iso(row.sentAt) };
    const authorName = row.userName ?? row.authorName;
    if (authorName) message.authorName = authorName;
    const thread = byConversation.get(row.conversationId) ?? [];
    thread.push(message);
    byConversation.set(row.conversationId, thread);
  }
  return byConversation;
}

/** Whole conversations, messages included, in the interchange format. */
export function exportConversations(
  db: TandemDatabase,
  workspaceId: number,
  selection: Selection = {},
): InterchangeConversation[] {
  const threads = loadMessages(db, workspaceId, selection);
  return loadHeaders(db, workspaceId, selection).map(({ internalId, ...header }) => ({
    ...header,
    messages: threads.get(internalId) ?? [],
  }));
}

export function exportConversation(db: TandemDatabase, workspaceId: number, publicId: string) {
  const row = db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.publicId, publicId)))
    .get();
  return row ? exportConversations(db, workspaceId, { conversationIds: [row.id] })[0] : undefined;
}

/**
 * One page of a workspace's conversations in a stable order (by internal id),
 * so a cursor stays valid while conversations change underneath it.
 */
export function listConversationPage(
  db: TandemDatabase,
  workspaceId: number,
  query: { status?: ConversationStatus; limit: number; afterId?: number },
): { conversations: InterchangeConversationHeader[]; lastId: number | null; hasMore: boolean } {
  const ids = db
    .select({ id: conversations.id })
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, workspaceId),
        query.status ? eq(conversations.status, query.status) : undefined,
        query.afterId !== undefined ? gt(conversations.id, query.afterId) : undefined,
      ),
    )
    .orderBy(asc(conversations.id))
    .limit(query.limit + 1)
    .all()
    .map((row) => row.id);
  const pageIds = ids.slice(0, query.limit);
  const headers = pageIds.length ? loadHeaders(db, workspaceId, { conversationIds: pageIds }) : [];
  return {
    conversations: headers.map(({ internalId: _id, ...header }) => header),
    lastId: pageIds.at(-1) ?? null,
    hasMore: ids.length > query.limit,
  };
}
