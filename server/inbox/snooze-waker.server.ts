import { and, eq, isNotNull, lte } from "drizzle-orm";
import { conversations } from "../../db/schema";
import type { InboxServices } from "./services.server";

/**
 * Brings snoozed conversations back into the open inbox when their time comes,
 * restarting their SLA clocks through the conversation hooks. Returns how many woke.
 */
export function wakeSnoozedConversations(services: InboxServices): number {
  const now = services.now();
  const woken = services.db.transaction((tx) => {
    const due = tx
      .select({ id: conversations.id, workspaceId: conversations.workspaceId, publicId: conversations.publicId })
      .from(conversations)
      .where(
        and(eq(conversations.status, "snoozed"), isNotNull(conversations.snoozedUntil), lte(conversations.snoozedUntil, now)),
      )
      .all();
    for (const conversation of due) {
      tx.update(conversations)
        .set({ status: "open", snoozedUntil: null, snoozedUntilReply: false, updatedAt: now })
        .where(eq(conversations.id, conversation.id))
        .run();
      services.afterChange(tx, conversation.id, now);
    }
    return due;
  });
  for (const { workspaceId, publicId } of woken) {
    services.events.emit("conversation.changed", { workspaceId, conversationId: publicId, reason: "triage" });
  }
  return woken.length;
}

export function startSnoozeWaker(services: InboxServices, intervalMs = 30_000): { stop(): void } {
  const timer = setInterval(() => wakeSnoozedConversations(services), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
