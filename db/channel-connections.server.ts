import { and, eq } from "drizzle-orm";
import type { TandemDatabase } from "./connection.server";
import type { Channel } from "./interchange";
import { channelConnections } from "./schema";

export type ChannelConnection = typeof channelConnections.$inferSelect;

/**
 * Connects a workspace to a channel under the channel's own key: for email the
 * inbound address (kept lower-case, as the SMTP listener looks it up), for
 * Slack the team id.
 */
export function createChannelConnection(
  db: TandemDatabase,
  input: { workspaceId: number; channel: Channel; externalKey: string; settings?: Record<string, unknown> },
): ChannelConnection {
  const externalKey = input.channel === "email" ? input.externalKey.trim().toLowerCase() : input.externalKey;
  return db
    .insert(channelConnections)
    .values({ workspaceId: input.workspaceId, channel: input.channel, externalKey, settings: input.settings ?? {} })
    .returning()
    .get();
}

/**
 * Merges `changes` into a connection's settings (a key set to undefined is removed),
 * e.g. a Slack app's rotated bot token or its API URL. Returns the updated
 * connection, or undefined when there is none under that key.
 */
export function updateChannelConnectionSettings(
  db: TandemDatabase,
  channel: Channel,
  externalKey: string,
  changes: Record<string, unknown>,
): ChannelConnection | undefined {
  const where = and(eq(channelConnections.channel, channel), eq(channelConnections.externalKey, externalKey));
  return db.transaction((tx) => {
    const current = tx.select().from(channelConnections).where(where).get();
    if (!current) return undefined;
    const settings: Record<string, unknown> = { ...current.settings, ...changes };
    for (const [key, value] of Object.entries(settings)) if (value === undefined) delete settings[key];
    return tx.update(channelConnections).set({ settings }).where(where).returning().get();
  });
}
