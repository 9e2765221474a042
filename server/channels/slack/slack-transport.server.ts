import { z } from "zod";
import type { TandemDatabase } from "../../../db/connection.server";
import { threadKeysOf } from "../../../db/threads.server";
import { DeliveryError, type ChannelTransport } from "../transport";
import { postSlackMessage } from "./slack-api.server";
import { slackConnectionForTeam, slackConnectionOfWorkspace } from "./slack-settings.server";

/** What a Slack reply is sent with; no secrets: it is shown on the outbox page. */
const SlackEnvelopeSchema = z.object({
  workspaceId: z.number().int(),
  team: z.string().min(1),
  channel: z.string().min(1),
  threadTs: z.string().min(1),
});
export type SlackEnvelope = z.infer<typeof SlackEnvelopeSchema>;

/** `C0123:1712345678.000100`, as the webhook links a Slack thread to its conversation. */
const SLACK_THREAD_KEY = /^([A-Z0-9]+):(\d+\.\d+)$/;

/** The Slack thread a conversation started in (its first linked thread key). */
export function slackThreadOf(db: TandemDatabase, conversationId: number): { channel: string; threadTs: string } | undefined {
  for (const threadKey of threadKeysOf(db, conversationId, "slack")) {
    const match = SLACK_THREAD_KEY.exec(threadKey);
    if (match) return { channel: match[1]!, threadTs: match[2]! };
  }
  return undefined;
}

/**
 * Slack replies: posted with chat.postMessage into the customer's thread, with
 * the bot token of the workspace's Slack connection, read at delivery time (a
 * rotated token or a changed API URL applies to pending retries). Slack's
 * `ok: false`, HTTP errors and a 10 s silence all count as a failed attempt.
 */
export function createSlackTransport(options: { db: TandemDatabase; timeoutMs?: number }): ChannelTransport {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    channel: "slack",
    name: "slack",

    envelopeFor(db, conversation) {
      const connection = slackConnectionOfWorkspace(db, conversation.workspaceId);
      if (connection.status === "unknown") throw new DeliveryError("This workspace is not connected to Slack.");
      if (connection.status === "misconfigured") throw new DeliveryError("This workspace's Slack connection is not set up completely.");
      const thread = slackThreadOf(db, conversation.id);
      if (!thread) throw new DeliveryError("This conversation has no Slack thread to reply in.");
      const envelope: SlackEnvelope = { workspaceId: conversation.workspaceId, team: connection.connection.team, ...thread };
      return { ...envelope };
    },

    async deliver(envelope, reply) {
      const parsed = SlackEnvelopeSchema.safeParse(envelope);
      if (!parsed.success) throw new Error("This Slack delivery has no channel and thread to post to.");
      const { workspaceId, team, channel, threadTs } = parsed.data;
      const connection = slackConnectionForTeam(options.db, team);
      if (connection.status === "found" && connection.connection.workspaceId !== workspaceId) {
        throw new Error(`Slack team ${team} is now connected to another workspace; the reply was not posted.`);
      }
      if (connection.status !== "found") {
        throw new Error(
          connection.status === "unknown"
            ? `No workspace is connected to Slack team ${team} any more.`
            : `The Slack connection for team ${team} is not set up completely.`,
        );
      }
      await postSlackMessage(connection.connection.settings, { channel, threadTs, text: reply.text }, timeoutMs);
    },
  };
}
