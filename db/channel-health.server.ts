import { and, eq, gte } from "drizzle-orm";
import type { TandemDatabase } from "./connection.server";
import type { Channel } from "./interchange";
import { conversations, messages, workspaces } from "./schema";

/** Inbound message times per workspace and channel since a moment, for learning each channel's rhythm. */
export function inboundArrivalsSince(db: TandemDatabase, since: Date) {
  const rows = db
    .select({ workspaceId: messages.workspaceId, channel: conversations.channel, sentAt: messages.sentAt })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(and(eq(messages.direction, "inbound"), gte(messages.sentAt, since)))
    .all();
  const byChannel = new Map<string, { workspaceId: number; channel: Channel; arrivals: Date[] }>();
  for (const row of rows) {
    const key = `${row.workspaceId}:${row.channel}`;
    const entry = byChannel.get(key) ?? { workspaceId: row.workspaceId, channel: row.channel, arrivals: [] };
    entry.arrivals.push(row.sentAt);
    byChannel.set(key, entry);
  }
  return [...byChannel.values()];
}

export function listWorkspaceIds(db: TandemDatabase): number[] {
  return db.select({ id: workspaces.id }).from(workspaces).all().map((row) => row.id);
}
