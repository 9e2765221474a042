import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { TandemDatabase } from "./connection.server";
import type { Channel } from "./interchange";
import { conversations, messages, outboundDeliveries } from "./schema";

export type Delivery = typeof outboundDeliveries.$inferSelect;

export function createDelivery(
  db: TandemDatabase,
  input: { workspaceId: number; messageId: number; channel: Channel; transport: string; envelope: Record<string, unknown> },
): Delivery {
  return db.insert(outboundDeliveries).values(input).returning().get();
}

/** Deliveries still to attempt, oldest first, with the text they carry. */
export function listPendingDeliveries(db: TandemDatabase, limit = 50) {
  return db
    .select({ delivery: outboundDeliveries, text: messages.text, conversationId: conversations.publicId })
    .from(outboundDeliveries)
    .innerJoin(messages, eq(messages.id, outboundDeliveries.messageId))
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(eq(outboundDeliveries.status, "pending"))
    .orderBy(asc(outboundDeliveries.id))
    .limit(limit)
    .all();
}

export function markDeliverySent(db: TandemDatabase, id: number, at: Date): void {
  db.update(outboundDeliveries)
    .set({ status: "sent", sentAt: at, attempts: sql`${outboundDeliveries.attempts} + 1`, lastError: null })
    .where(eq(outboundDeliveries.id, id))
    .run();
}

/** A failed attempt: retried while attempts remain, then left failed for people to see. */
export function markDeliveryAttemptFailed(db: TandemDatabase, id: number, error: string, maxAttempts: number): Delivery {
  return db
    .update(outboundDeliveries)
    .set({
      attempts: sql`${outboundDeliveries.attempts} + 1`,
      lastError: error.slice(0, 2_000),
      status: sql`case when ${outboundDeliveries.attempts} + 1 >= ${maxAttempts} then 'failed' else 'pending' end`,
    })
    .where(eq(outboundDeliveries.id, id))
    .returning()
    .get();
}

/** The outbox page: recent deliveries of a workspace with their conversation. */
export function listRecentDeliveries(db: TandemDatabase, workspaceId: number, limit = 100) {
  return db
    .select({
      id: outboundDeliveries.id,
      channel: outboundDeliveries.channel,
      transport: outboundDeliveries.transport,
      status: outboundDeliveries.status,
      attempts: outboundDeliveries.attempts,
      lastError: outboundDeliveries.lastError,
      envelope: outboundDeliveries.envelope,
      createdAt: outboundDeliveries.createdAt,
      sentAt: outboundDeliveries.sentAt,
      text: messages.text,
      conversationId: conversations.publicId,
    })
    .from(outboundDeliveries)
    .innerJoin(messages, eq(messages.id, outboundDeliveries.messageId))
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(and(eq(outboundDeliveries.workspaceId, workspaceId)))
    .orderBy(desc(outboundDeliveries.id))
    .limit(limit)
    .all();
}
