import { and, desc, eq, isNull } from "drizzle-orm";
import type { TandemDatabase } from "./connection.server";
import type { Channel } from "./interchange";
import { channelAlerts, CHANNEL_ALERT_KINDS } from "./schema";

export type ChannelAlert = typeof channelAlerts.$inferSelect;
export type ChannelAlertKind = (typeof CHANNEL_ALERT_KINDS)[number];

/** Raises an alert unless the same one is already open; returns it when newly raised. */
export function raiseChannelAlert(
  db: TandemDatabase,
  input: { workspaceId: number; channel: Channel; kind: ChannelAlertKind; message: string; at: Date },
): ChannelAlert | undefined {
  const open = db
    .select({ id: channelAlerts.id })
    .from(channelAlerts)
    .where(
      and(
        eq(channelAlerts.workspaceId, input.workspaceId),
        eq(channelAlerts.channel, input.channel),
        eq(channelAlerts.kind, input.kind),
        isNull(channelAlerts.clearedAt),
      ),
    )
    .get();
  if (open) return undefined;
  const { at, ...alert } = input;
  return db.insert(channelAlerts).values({ ...alert, raisedAt: at }).returning().get();
}

export function clearChannelAlerts(
  db: TandemDatabase,
  input: { workspaceId: number; channel: Channel; kind: ChannelAlertKind; at: Date },
): number {
  return db
    .update(channelAlerts)
    .set({ clearedAt: input.at })
    .where(
      and(
        eq(channelAlerts.workspaceId, input.workspaceId),
        eq(channelAlerts.channel, input.channel),
        eq(channelAlerts.kind, input.kind),
        isNull(channelAlerts.clearedAt),
      ),
    )
    .run().changes;
}

export function listOpenChannelAlerts(db: TandemDatabase, workspaceId: number): ChannelAlert[] {
  return db
    .select()
    .from(channelAlerts)
    .where(and(eq(channelAlerts.workspaceId, workspaceId), isNull(channelAlerts.clearedAt)))
    .orderBy(desc(channelAlerts.raisedAt))
    .all();
}
