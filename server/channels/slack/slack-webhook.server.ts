import express, { Router, type ErrorRequestHandler, type Request, type Response } from "express";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { TandemDatabase } from "../../../db/connection.server";
import { contactIdentities, contacts } from "../../../db/schema";
import { findMessageByChannelId } from "../../../db/threads.server";
import { apiErrorHandler, sendApiError } from "../../api/errors.server";
import type { InboundMessage } from "../../inbox/receive-message.server";
import type { InboxServices } from "../../inbox/services.server";
import { fetchSlackUserName, unescapeSlackText } from "./slack-api.server";
import { slackConnectionForTeam, type SlackConnection } from "./slack-settings.server";
import { verifySlackSignature } from "./slack-signature";

export const SLACK_WEBHOOK_BODY_LIMIT = "1mb";

/** The outer Events API envelope: just enough to find the workspace and what kind of request it is. */
const SlackEnvelopeSchema = z.object({
  type: z.string().min(1).max(100),
  team_id: z.string().min(1).max(100).optional(),
  challenge: z.string().max(1_000).optional(),
  event_id: z.string().max(200).optional(),
  event: z.record(z.string(), z.unknown()).optional(),
});

const SlackTs = z.string().regex(/^\d{1,12}\.\d{1,9}$/);

const SlackMessageEventSchema = z.object({
  type: z.literal("message"),
  subtype: z.string().optional(),
  user: z.string().min(1).max(200).optional(),
  bot_id: z.string().optional(),
  channel: z.string().min(1).max(200),
  ts: SlackTs,
  thread_ts: SlackTs.optional(),
  text: z.string().optional(),
  files: z
    .array(z.object({ name: z.string().optional(), mimetype: z.string().optional(), size: z.number().int().nonnegative().optional() }))
    .optional(),
});
type SlackMessageEvent = z.infer<typeof SlackMessageEventSchema>;

/**
 * Message subtypes that are a person writing. Everything else (bot_message,
 * message_changed, message_deleted, channel_join…) is not a customer message.
 */
const CUSTOMER_SUBTYPES = new Set([undefined, "file_share", "thread_broadcast"]);

/** Slack allows 3 s for the answer; a user's name is nice to have, never worth a retry. */
const USER_LOOKUP_TIMEOUT_MS = 1_500;

type Outcome = "stored" | "duplicate" | "dead_lettered" | "ignored";

/**
 * The Slack Events API endpoint, mounted at /webhooks/slack: POST /events.
 * Each request is tied to its workspace by the Slack team, verified with that
 * workspace's signing secret (v0 signature, five-minute replay window), and a
 * customer's message is stored durably before Slack gets its 200. Slack's
 * retries carry the same message ts and are stored once.
 *
 * Slack's `url_verification` request names no team: give the Request URL as
 * `…/webhooks/slack/events?team=T…` so it can be verified too.
 */
export function createSlackWebhook(services: InboxServices): Router {
  const router = Router();

  router.post("/events", express.raw({ type: () => true, limit: SLACK_WEBHOOK_BODY_LIMIT }), (req, res, next) => {
    handleEvent(services, req, res).catch(next);
  });

  router.use((req, res) => sendApiError(res, 404, `No Slack endpoint ${req.method} ${req.baseUrl}${req.path}.`));
  router.use(slackErrorHandler);
  return router;
}

async function handleEvent(services: InboxServices, req: Request, res: Response): Promise<void> {
  const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString("utf8"));
  } catch {
    return sendApiError(res, 400, "The request body is not valid JSON.");
  }
  const envelope = SlackEnvelopeSchema.safeParse(json);
  if (!envelope.success) return sendApiError(res, 400, "The request body is not a Slack Events API request.");

  const queryTeam = typeof req.query.team === "string" && req.query.team.length <= 100 ? req.query.team : undefined;
  const team = envelope.data.team_id ?? queryTeam;
  if (!team) return sendApiError(res, 400, "The request names no Slack team; add ?team=T… to the Request URL.");

  // Nothing about the team (known, misconfigured, its secret) is told to a caller who cannot sign for it.
  const found = slackConnectionForTeam(services.db, team);
  if (found.status !== "found") return sendApiError(res, 404, "No workspace is connected for this Slack request.");
  const connection = found.connection;

  const check = verifySlackSignature({
    signingSecret: connection.settings.signingSecret,
    timestamp: req.get("x-slack-request-timestamp"),
    signature: req.get("x-slack-signature"),
    rawBody,
    nowMs: services.now().getTime(),
  });
  if (!check.ok) {
    return sendApiError(
      res,
      401,
      check.reason === "stale"
        ? "The request timestamp is more than five minutes off; refused as a possible replay."
        : "The request is not signed with this Slack app's signing secret.",
    );
  }

  if (envelope.data.type === "url_verification") {
    res.status(200).json({ challenge: envelope.data.challenge ?? "" });
    return;
  }
  const outcome: Outcome =
    envelope.data.type === "event_callback" && envelope.data.event
      ? await receiveEvent(services, connection, envelope.data.event)
      : "ignored";
  res.status(200).json({ ok: true, outcome });
}

async function receiveEvent(services: InboxServices, connection: SlackConnection, raw: Record<string, unknown>): Promise<Outcome> {
  const parsed = SlackMessageEventSchema.safeParse(raw);
  if (!parsed.success) return "ignored";
  const event = parsed.data;
  if (!isCustomerMessage(event, connection) || !event.user) return "ignored";

  const channelMessageId = `slack:${connection.team}:${event.channel}:${event.ts}`;
  // A retry of a stored message: answer at once, without asking Slack about the user again.
  if (findMessageByChannelId(services.db, connection.workspaceId, channelMessageId)) return "duplicate";

  const name =
    knownContactName(services.db, connection.workspaceId, event.user) ??
    (await fetchSlackUserName(connection.settings, event.user, USER_LOOKUP_TIMEOUT_MS));
  const sentAtMs = Number(event.ts) * 1000;
  const message: InboundMessage = {
    channel: "slack",
    channelMessageId,
    threadKeys: [`${event.channel}:${event.thread_ts ?? event.ts}`],
    contact: { slackUserId: event.user, ...(name ? { name } : {}) },
    text: unescapeSlackText(event.text ?? ""),
    ...(event.files?.length
      ? {
          attachments: event.files.map((file) => ({
            filename: (file.name ?? "file").slice(0, 500),
            contentType: (file.mimetype ?? "application/octet-stream").slice(0, 200),
            size: file.size ?? 0,
          })),
        }
      : {}),
    ...(Number.isFinite(sentAtMs) && sentAtMs > 0 ? { sentAt: new Date(sentAtMs) } : {}),
  };
  // On disk once this resolves (stored, a duplicate of a stored one, or kept as a dead letter): Slack, told 200, never retries.
  return (await services.receiveDurably(connection.workspaceId, message)).status;
}

/** A person's message: not a bot's (ours included), not an edit, deletion or channel notice. */
function isCustomerMessage(event: SlackMessageEvent, connection: SlackConnection): boolean {
  if (!CUSTOMER_SUBTYPES.has(event.subtype)) return false;
  if (event.bot_id) return false;
  if (connection.settings.botUserId && event.user === connection.settings.botUserId) return false;
  return true;
}

function knownContactName(db: TandemDatabase, workspaceId: number, slackUserId: string): string | undefined {
  return (
    db
      .select({ name: contacts.name })
      .from(contactIdentities)
      .innerJoin(contacts, eq(contacts.id, contactIdentities.contactId))
      .where(
        and(
          eq(contactIdentities.workspaceId, workspaceId),
          eq(contactIdentities.kind, "slack_user"),
          eq(contactIdentities.value, slackUserId),
        ),
      )
      .get()?.name ?? undefined
  );
}

/** Body too large → 413; a body that could not be read → 400; anything else is the API's 500. */
const slackErrorHandler: ErrorRequestHandler = (error, req, res, next) => {
  const status = (error as { status?: number }).status;
  if (status === 413) return sendApiError(res, 413, "The request body is too large.");
  if (typeof status === "number" && status >= 400 && status < 500) {
    return sendApiError(res, 400, "The request body could not be read.");
  }
  apiErrorHandler(error, req, res, next);
};
