import express, { Router, type NextFunction, type Request, type Response } from "express";
import { z } from "zod";
import type { TokenWorkspace } from "../../db/api-tokens.server";
import { createHash } from "node:crypto";
import { exportConversation, listConversationPage } from "../../db/conversation-export.server";
import { findIdempotentResponse, rememberIdempotentResponse } from "../../db/idempotency.server";
import {
  ChannelSchema,
  ConversationStatusSchema,
  InterchangeAccountSchema,
  InterchangeContactSchema,
  PrioritySchema,
  TagSchema,
} from "../../db/interchange";
import { findUserByEmail } from "../../db/users.server";
import type { ReceiveResult } from "../inbox/receive-message.server";
import type { InboxServices } from "../inbox/services.server";
import { changeTriage } from "../inbox/triage.server";
import type { Auth } from "../auth/auth.server";
import { apiErrorHandler, sendApiError, sendValidationError } from "./errors.server";

/** The workspace the bearer token opened, set by the auth middleware below. */
const workspaceOf = (res: Response) => res.locals.workspace as TokenWorkspace;

const ListConversationsQuery = z.object({
  status: ConversationStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, "not a cursor this API returned")
    .transform((cursor, ctx) => {
      const afterId = Number(Buffer.from(cursor, "base64url").toString("utf8"));
      if (!Number.isSafeInteger(afterId) || afterId < 0) {
        ctx.addIssue({ code: "custom", message: "not a cursor this API returned" });
        return z.NEVER;
      }
      return afterId;
    })
    .optional(),
});

const isoDateTime = z.iso.datetime({ offset: true });

/** CONTRACTS §4: an inbound customer message. `threadId` (optional) threads messages of one conversation. */
const InboundApiMessageSchema = z.object({
  channel: ChannelSchema,
  externalId: z.string().min(1).max(500),
  threadId: z.string().min(1).max(500).optional(),
  contact: InterchangeContactSchema.refine((c) => c.email || c.slackUserId || c.chatVisitorId || c.name, {
    message: "name the contact by at least one of email, slackUserId, chatVisitorId or name",
  }),
  account: InterchangeAccountSchema.optional(),
  subject: z.string().max(1_000).optional(),
  text: z.string().min(1).max(200_000),
  at: isoDateTime.optional(),
});

const ApiTriageSchema = z
  .object({
    assigneeEmail: z.email().nullable().optional(),
    status: ConversationStatusSchema.optional(),
    priority: PrioritySchema.optional(),
    tags: z.array(TagSchema).max(20).optional(),
    snoozedUntil: isoDateTime.optional(),
  })
  .refine((change) => Object.keys(change).length > 0, { message: "send at least one change" });

const ApiReplySchema = z.object({
  text: z.string().trim().min(1).max(100_000),
  ifLastMessageId: z.union([z.string().regex(/^\d+$/), z.number().int().positive()]).optional(),
  authorName: z.string().min(1).max(200).optional(),
});

const encodeCursor = (lastId: number) => Buffer.from(String(lastId), "utf8").toString("base64url");

/** HTTP API v1: bearer-token authenticated, scoped to the token's workspace. */
export function createApiV1(services: InboxServices, auth: Auth): Router {
  const { db } = services;
  const api = Router();
  api.use(express.json({ limit: "1mb" }));

  api.use((req: Request, res: Response, next: NextFunction) => {
    const header = req.get("authorization") ?? "";
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token) return sendApiError(res, 401, "Send an API token as `Authorization: Bearer TOKEN`.");
    const workspace = auth.workspaceForToken(token);
    if (!workspace) return sendApiError(res, 401, "That API token is not valid.");
    res.locals.workspace = workspace;
    next();
  });

  api.get("/conversations", (req, res) => {
    const query = ListConversationsQuery.safeParse(req.query);
    if (!query.success) return sendValidationError(res, "query", query.error);
    const page = listConversationPage(db, workspaceOf(res).workspaceId, {
      status: query.data.status,
      limit: query.data.limit,
      afterId: query.data.cursor,
    });
    res.json({
      conversations: page.conversations,
      nextCursor: page.hasMore && page.lastId !== null ? encodeCursor(page.lastId) : null,
    });
  });

  api.get("/conversations/:id", (req, res) => {
    const conversation = exportConversation(db, workspaceOf(res).workspaceId, req.params.id);
    if (!conversation) return sendApiError(res, 404, `No conversation "${req.params.id}" in this workspace.`);
    res.json(conversation);
  });

  api.post("/messages", async (req, res) => {
    const body = InboundApiMessageSchema.safeParse(req.body);
    if (!body.success) return sendValidationError(res, "message", body.error);
    const message = body.data;
    let result: ReceiveResult;
    try {
      result = await services.receiveDurably(workspaceOf(res).workspaceId, {
        channel: message.channel,
        channelMessageId: `api:${message.externalId}`,
        threadKeys: message.threadId ? [`api:${message.threadId}`] : [],
        contact: message.contact,
        account: message.account,
        subject: message.subject,
        text: message.text,
        sentAt: message.at ? new Date(message.at) : undefined,
      });
    } catch {
      // The commit itself failed (disk full, I/O error): nothing was stored, so nothing is acknowledged.
      return sendApiError(res, 500, "The message could not be stored; nothing was kept. Retry.");
    }
    if (result.status === "dead_lettered") {
      // Kept whole in the dead-letter list for a person to act on: accepted, not lost.
      return res.status(202).json({ deadLetterId: result.deadLetterId, reason: result.reason });
    }
    res
      .status(result.status === "stored" ? 201 : 200)
      .json({ conversationId: result.conversationId, messageId: String(result.messageId) });
  });

  api.patch("/conversations/:id", (req, res) => {
    const body = ApiTriageSchema.safeParse(req.body);
    if (!body.success) return sendValidationError(res, "triage change", body.error);
    const workspaceId = workspaceOf(res).workspaceId;
    let assigneeId: number | null | undefined;
    if (body.data.assigneeEmail === null) assigneeId = null;
    else if (body.data.assigneeEmail !== undefined) {
      const assignee = findUserByEmail(db, body.data.assigneeEmail);
      if (assignee?.workspaceId !== workspaceId) {
        return sendApiError(res, 400, `No member "${body.data.assigneeEmail}" in this workspace.`);
      }
      assigneeId = assignee.id;
    }
    const result = changeTriage(services, {
      workspaceId,
      conversationId: req.params.id,
      change: {
        ...(assigneeId === undefined ? {} : { assigneeId }),
        status: body.data.status,
        priority: body.data.priority,
        tags: body.data.tags,
        ...(body.data.status === "snoozed"
          ? { snoozedUntil: body.data.snoozedUntil ? new Date(body.data.snoozedUntil) : null, snoozedUntilReply: !body.data.snoozedUntil }
          : {}),
      },
      actor: { userId: null, source: "api" },
    });
    if (result.status === "not_found") return sendApiError(res, 404, `No conversation "${req.params.id}" in this workspace.`);
    res.json(exportConversation(db, workspaceId, result.conversationId));
  });

  api.post("/conversations/:id/replies", (req, res) => {
    const key = req.get("idempotency-key");
    if (!key || key.length > 200) {
      return sendApiError(res, 400, "Send a unique Idempotency-Key header (at most 200 characters) with every reply.");
    }
    const body = ApiReplySchema.safeParse(req.body);
    if (!body.success) return sendValidationError(res, "reply", body.error);
    const workspace = workspaceOf(res);
    const requestHash = createHash("sha256").update(JSON.stringify([req.params.id, body.data])).digest("hex");
    const earlier = findIdempotentResponse(db, workspace.workspaceId, key);
    if (earlier) {
      if (earlier.requestHash !== requestHash) {
        return sendApiError(res, 409, "This Idempotency-Key was already used for a different reply.");
      }
      return res.status(earlier.status).json(earlier.response);
    }
    const result = services.reply({
      workspaceId: workspace.workspaceId,
      conversationId: req.params.id,
      text: body.data.text,
      author: { userId: null, name: body.data.authorName ?? "Support team" },
      ifLastMessageId: body.data.ifLastMessageId === undefined ? undefined : Number(body.data.ifLastMessageId),
    });
    switch (result.status) {
      case "not_found":
        return sendApiError(res, 404, `No conversation "${req.params.id}" in this workspace.`);
      case "conflict":
        return sendApiError(res, 409, "Someone replied or the customer wrote since the message you last saw; nothing was sent.", {
          lastMessageId: String(result.lastMessageId),
        });
      case "undeliverable":
        return sendApiError(res, 409, result.reason);
      case "sent": {
        const response = { conversationId: result.conversationId, messageId: String(result.messageId) };
        rememberIdempotentResponse(db, { workspaceId: workspace.workspaceId, key, requestHash, status: 201, response });
        return res.status(201).json(response);
      }
    }
  });

  api.use((req, res) => sendApiError(res, 404, `No API endpoint ${req.method} ${req.baseUrl}${req.path}.`));
  api.use(apiErrorHandler);
  return api;
}
