import express, { Router, type NextFunction, type Request, type Response } from "express";
import { z } from "zod";
import type { TokenWorkspace } from "../../db/api-tokens.server";
import type { TandemDatabase } from "../../db/connection.server";
import { exportConversation, listConversationPage } from "../../db/conversation-export.server";
import { ConversationStatusSchema } from "../../db/interchange";
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

const encodeCursor = (lastId: number) => Buffer.from(String(lastId), "utf8").toString("base64url");

/** HTTP API v1: bearer-token authenticated, scoped to the token's workspace. */
export function createApiV1(db: TandemDatabase, auth: Auth): Router {
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

  api.use((req, res) => sendApiError(res, 404, `No API endpoint ${req.method} ${req.baseUrl}${req.path}.`));
  api.use(apiErrorHandler);
  return api;
}
