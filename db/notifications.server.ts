import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { TandemDatabase } from "./connection.server";
import { conversations, notifications, NOTIFICATION_KINDS } from "./schema";

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export function createNotification(
  db: TandemDatabase,
  input: { workspaceId: number; userId: number; kind: NotificationKind; conversationId: number | null; text: string; at?: Date },
) {
  return db
    .insert(notifications)
    .values({
      workspaceId: input.workspaceId,
      userId: input.userId,
      kind: input.kind,
      conversationId: input.conversationId,
      text: input.text,
      ...(input.at ? { createdAt: input.at } : {}),
    })
    .returning()
    .get();
}

/** The bell: how many are unread, and the latest few with the conversation they point at. */
export function notificationsFor(db: TandemDatabase, workspaceId: number, userId: number, limit = 10) {
  const unread = db
    .select({ n: sql<number>`count(*)` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), eq(notifications.workspaceId, workspaceId)))
    .get()!.n;
  const latest = db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      text: notifications.text,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
      conversationId: conversations.publicId,
    })
    .from(notifications)
    .leftJoin(conversations, eq(conversations.id, notifications.conversationId))
    .where(and(eq(notifications.userId, userId), eq(notifications.workspaceId, workspaceId)))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit)
    .all();
  return { unread, latest };
}

export function markNotificationsRead(db: TandemDatabase, workspaceId: number, userId: number, at: Date): number {
  return db
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.userId, userId), eq(notifications.workspaceId, workspaceId), isNull(notifications.readAt)))
    .run().changes;
}
