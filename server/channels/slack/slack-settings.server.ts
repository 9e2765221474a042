import { z } from "zod";
import type { TandemDatabase } from "../../../db/connection.server";
import { channelConnectionFor, findChannelConnection } from "../../../db/threads.server";

export const SLACK_API_BASE_URL = "https://slack.com/api";

/** What a workspace's Slack connection (channel_connections.settings) holds. */
export const SlackSettingsSchema = z.object({
  /** The Slack app's signing secret: verifies the Events API requests. */
  signingSecret: z.string().min(1),
  /** The app's bot token (xoxb-…): posts replies and looks up users. */
  botToken: z.string().min(1),
  /** Where the Slack Web API answers; https://slack.com/api unless set (tests point it at a fake). */
  apiBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** The app's own bot user: its messages are never taken for a customer's. */
  botUserId: z.string().min(1).optional(),
});
export type SlackSettings = z.infer<typeof SlackSettingsSchema>;

export interface SlackConnection {
  workspaceId: number;
  team: string;
  settings: SlackSettings;
}

export type SlackConnectionLookup =
  | { status: "found"; connection: SlackConnection }
  | { status: "unknown" }
  /** Connected, but its settings are incomplete or malformed. */
  | { status: "misconfigured"; workspaceId: number };

function lookup(row: { workspaceId: number; externalKey: string; settings: unknown } | undefined): SlackConnectionLookup {
  if (!row) return { status: "unknown" };
  const settings = SlackSettingsSchema.safeParse(row.settings);
  if (!settings.success) return { status: "misconfigured", workspaceId: row.workspaceId };
  return { status: "found", connection: { workspaceId: row.workspaceId, team: row.externalKey, settings: settings.data } };
}

/** The workspace connected to a Slack team, with its settings. */
export function slackConnectionForTeam(db: TandemDatabase, team: string): SlackConnectionLookup {
  return lookup(findChannelConnection(db, "slack", team));
}

/** A workspace's Slack connection, if it has one. */
export function slackConnectionOfWorkspace(db: TandemDatabase, workspaceId: number): SlackConnectionLookup {
  return lookup(channelConnectionFor(db, workspaceId, "slack"));
}

/** The Web API URL of one method, e.g. `chat.postMessage`. */
export function slackApiUrl(settings: SlackSettings, method: string): string {
  return `${(settings.apiBaseUrl ?? SLACK_API_BASE_URL).replace(/\/+$/, "")}/${method}`;
}
