/**
 * The conversation page's reply form (intent=reply). The form carries the id
 * of the last message the rep saw; if the customer or another rep wrote since,
 * nothing is sent and the rep gets what is new and a choice (review, send
 * anyway, discard). "Send anyway" is an explicit second submission.
 */
import { z } from "zod";
import { getConversationThread } from "../../db/conversations.server";
import { describeIssues } from "../../db/interchange";
import type { SessionUser } from "../../db/sessions.server";
import type { InboxServices } from "./services.server";

export const ReplyFormSchema = z.object({
  intent: z.literal("reply"),
  text: z.string().trim().min(1, "write something to send").max(20_000, "a reply has at most 20,000 characters"),
  /** The last message shown when the rep started writing; "" for a thread they saw empty. */
  lastMessageId: z
    .string()
    .regex(/^\d*$/, "lastMessageId is a message id")
    .transform((value) => (value === "" ? 0 : Number(value))),
  sendAnyway: z.enum(["true", "false"]).optional(),
  /** The text is the conversation's shared draft: once sent, the draft empties for everyone writing it. */
  fromSharedDraft: z.enum(["true", "false"]).optional(),
  /** Answer on the thread of a conversation merged into this one (its channel, its customer); absent or "" for this one's own. */
  via: z
    .string()
    .max(100, "via names a conversation")
    .optional()
    .transform((value) => value || undefined),
});

/** A message the rep had not seen when they pressed Send. */
export interface UnseenMessage {
  id: number;
  authorName: string;
  authorKind: string;
  text: string;
  sentAt: Date;
}

export type ReplyFormResult =
  | { ok: true; status: 200; intent: "reply"; message: string }
  | { ok: false; status: 409; intent: "reply"; error: string; unseen: UnseenMessage[]; lastMessageId: number }
  | { ok: false; status: 400 | 404 | 422; intent: "reply"; error: string };

export function handleReplyForm(
  services: InboxServices,
  user: Pick<SessionUser, "id" | "name" | "workspaceId">,
  conversationId: string,
  form: Record<string, string>,
): ReplyFormResult {
  const parsed = ReplyFormSchema.safeParse(form);
  if (!parsed.success) return { ok: false, status: 400, intent: "reply", error: `Not sent: ${describeIssues(parsed.error)}.` };
  const { text, lastMessageId, sendAnyway, fromSharedDraft, via } = parsed.data;
  const result = services.reply({
    workspaceId: user.workspaceId,
    conversationId,
    text,
    ...(via ? { via } : {}),
    author: { userId: user.id, name: user.name },
    ...(sendAnyway === "true" ? {} : { ifLastMessageId: lastMessageId }),
  });
  switch (result.status) {
    case "sent":
      if (fromSharedDraft === "true") services.events.emit("draft.sent", { workspaceId: user.workspaceId, conversationId, userId: user.id });
      return { ok: true, status: 200, intent: "reply", message: "Reply sent." };
    case "not_found":
      return { ok: false, status: 404, intent: "reply", error: `No conversation "${conversationId}" in your workspace.` };
    case "undeliverable":
      return { ok: false, status: 422, intent: "reply", error: `Not sent: ${result.reason}` };
    case "conflict": {
      const unseen = (getConversationThread(services.db, user.workspaceId, conversationId)?.messages ?? [])
        .filter((message) => message.id > lastMessageId)
        .map(({ id, authorName, authorKind, text: body, sentAt }) => ({ id, authorName, authorKind, text: body, sentAt }));
      const who = unseen.some((message) => message.authorKind === "customer")
        ? "The customer wrote again"
        : `${unseen.at(-1)?.authorName ?? "Someone"} replied`;
      return {
        ok: false,
        status: 409,
        intent: "reply",
        error: `${who} while you were writing. Nothing was sent.`,
        unseen,
        lastMessageId: result.lastMessageId,
      };
    }
  }
}
