import { and, asc, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { TandemDatabase } from "./connection.server";
import { preparedQuery } from "./prepared.server";
import { identitiesByContact } from "./contacts.server";
import type { ConversationStatus } from "./interchange";
import { accounts, contacts, conversations, messages, notes, users, workspaces } from "./schema";

export type Conversation = typeof conversations.$inferSelect;
export type Message = typeof messages.$inferSelect;

const conversationByPublicId = preparedQuery((db) =>
  db
    .select()
    .from(conversations)
    .where(and(eq(conversations.workspaceId, sql.placeholder("workspaceId")), eq(conversations.publicId, sql.placeholder("publicId"))))
    .prepare(),
);

export function findConversation(db: TandemDatabase, workspaceId: number, publicId: string): Conversation | undefined {
  return conversationByPublicId(db).get({ workspaceId, publicId });
}

type TimelineMessage = Pick<Message, "authorKind" | "sentAt">;

/**
 * The times the inbox sorts and SLA clocks read, derived from the thread:
 * the customer waits from their first message after the last agent reply;
 * bot auto-replies do not stop the clock.
 */
export function deriveTimeline(thread: TimelineMessage[]) {
  const ordered = [...thread].sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
  let waitingSince: Date | null = null;
  let firstResponseAt: Date | null = null;
  let customerHasWritten = false;
  for (const message of ordered) {
    if (message.authorKind === "customer") {
      customerHasWritten = true;
      waitingSince ??= message.sentAt;
    } else if (message.authorKind === "agent") {
      if (customerHasWritten) firstResponseAt ??= message.sentAt;
      waitingSince = null;
    }
  }
  return { lastMessageAt: ordered.at(-1)?.sentAt ?? null, waitingSince, firstResponseAt };
}

/** Recomputes a conversation's derived times after its messages changed. */
const timelineOf = preparedQuery((db) =>
  db
    .select({ authorKind: messages.authorKind, sentAt: messages.sentAt })
    .from(messages)
    .where(eq(messages.conversationId, sql.placeholder("conversationId")))
    .prepare(),
);

export function refreshConversationTimeline(db: TandemDatabase, conversationId: number): void {
  const { lastMessageAt, waitingSince, firstResponseAt } = deriveTimeline(timelineOf(db).all({ conversationId }));
  if (!lastMessageAt) return;
  db.update(conversations)
    .set({ lastMessageAt, waitingSince, firstResponseAt, updatedAt: new Date() })
    .where(eq(conversations.id, conversationId))
    .run();
}

export interface ThreadMessage {
  id: number;
  authorKind: Message["authorKind"];
  authorName: string;
  direction: Message["direction"];
  text: string;
  html: string | null;
  sentAt: Date;
}

/** One conversation with everything a rep reads before replying, or undefined outside the workspace. */
export function getConversationThread(db: TandemDatabase, workspaceId: number, publicId: string) {
  const conversation = findConversation(db, workspaceId, publicId);
  if (!conversation) return undefined;
  const author = alias(users, "author");
  const thread: ThreadMessage[] = db
    .select({
      id: messages.id,
      authorKind: messages.authorKind,
      authorName: sql<string>`coalesce(${author.name}, ${messages.authorName}, ${contacts.name}, ${messages.authorKind})`,
      direction: messages.direction,
      text: messages.text,
      html: messages.html,
      sentAt: messages.sentAt,
    })
    .from(messages)
    .leftJoin(author, eq(author.id, messages.authorUserId))
    .leftJoin(contacts, eq(contacts.id, messages.authorContactId))
    .where(eq(messages.conversationId, conversation.id))
    .orderBy(asc(messages.sentAt), asc(messages.id))
    .all();
  const internalNotes = db
    .select({ id: notes.id, text: notes.text, createdAt: notes.createdAt, authorName: users.name })
    .from(notes)
    .leftJoin(users, eq(users.id, notes.authorUserId))
    .where(eq(notes.conversationId, conversation.id))
    .orderBy(asc(notes.createdAt))
    .all();
  const account = conversation.accountId
    ? db.select().from(accounts).where(eq(accounts.id, conversation.accountId)).get()
    : undefined;
  const contact = conversation.contactId
    ? db.select().from(contacts).where(eq(contacts.id, conversation.contactId)).get()
    : undefined;
  const assignedTo = conversation.assigneeId
    ? db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, conversation.assigneeId)).get()
    : undefined;
  const contactIdentities = contact ? (identitiesByContact(db, workspaceId, [contact.id]).get(contact.id) ?? []) : [];
  return { conversation, messages: thread, notes: internalNotes, account, contact, contactIdentities, assignee: assignedTo };
}

export type ConversationThread = NonNullable<ReturnType<typeof getConversationThread>>;

/**
 * Opens a new conversation. Its public id continues the workspace's "c-N"
 * sequence (kept on the workspace row, so no scan), skipping any number an
 * import already used.
 */
export function createConversation(
  db: TandemDatabase,
  input: {
    workspaceId: number;
    channel: Conversation["channel"];
    subject: string | null;
    accountId: number | null;
    contactId: number | null;
    createdAt: Date;
  },
): Conversation {
  let publicId: string;
  do {
    const { sequence } = db
      .update(workspaces)
      .set({ conversationSequence: sql`${workspaces.conversationSequence} + 1` })
      .where(eq(workspaces.id, input.workspaceId))
      .returning({ sequence: workspaces.conversationSequence })
      .get()!;
    publicId = `c-${sequence}`;
  } while (findConversation(db, input.workspaceId, publicId));
  return db
    .insert(conversations)
    .values({ ...input, publicId, updatedAt: input.createdAt, lastMessageAt: input.createdAt })
    .returning()
    .get();
}

/** After an import of "c-N" ids: new conversations continue above the highest one. */
export function advanceConversationSequence(db: TandemDatabase, workspaceId: number, publicIds: string[]): void {
  const highest = Math.max(0, ...publicIds.map((id) => (/^c-(\d{1,15})$/.exec(id) ? Number(id.slice(2)) : 0)));
  if (highest === 0) return;
  db.update(workspaces)
    .set({ conversationSequence: sql`max(${workspaces.conversationSequence}, ${highest})` })
    .where(eq(workspaces.id, workspaceId))
    .run();
}

/** "Re: Fwd: Exports failing" and "exports failing" are one subject. */
export function normaliseSubject(subject: string): string {
  return subject
    .replace(/^\s*((re|fw|fwd|aw|sv|antw)\s*(\[\d+\])?\s*:\s*)+/i, "")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/** A contact's still-open conversation on a channel with the same subject, for mail clients that drop threading headers. */
export function findOpenConversationBySubject(
  db: TandemDatabase,
  workspaceId: number,
  input: { contactId: number; channel: Conversation["channel"]; subject: string; since: Date },
): number | undefined {
  const wanted = normaliseSubject(input.subject);
  if (!wanted) return undefined;
  const candidates = db
    .select({ id: conversations.id, subject: conversations.subject })
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, workspaceId),
        eq(conversations.contactId, input.contactId),
        eq(conversations.channel, input.channel),
        sql`${conversations.status} != 'closed'`,
        sql`${conversations.lastMessageAt} >= ${input.since.getTime()}`,
      ),
    )
    .orderBy(desc(conversations.lastMessageAt))
    .all();
  return candidates.find((candidate) => candidate.subject && normaliseSubject(candidate.subject) === wanted)?.id;
}
