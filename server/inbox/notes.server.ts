import { z } from "zod";
import type { TandemDatabase } from "../../db/connection.server";
import { findConversation } from "../../db/conversations.server";
import { insertNote, resolveMentions } from "../../db/notes.server";
import { createNotification } from "../../db/notifications.server";
import { users } from "../../db/schema";
import { eq } from "drizzle-orm";
import type { InboxServices } from "./services.server";

import { NoteTextSchema } from "./triage-intent";

export type AddNoteResult =
  | { status: "added"; noteId: number; mentioned: { id: number; name: string }[] }
  | { status: "not_found" };

/**
 * Adds an internal note (never sent to the customer). Everyone it @mentions
 * in the workspace, except its author, gets a "mention" notification; the
 * bell and the conversation update live.
 */
export function addNote(
  services: InboxServices,
  input: { workspaceId: number; conversationId: string; authorUserId: number; text: string },
): AddNoteResult {
  const now = services.now();
  const text = NoteTextSchema.parse(input.text);
  const result = services.db.transaction((tx: TandemDatabase) => {
    const conversation = findConversation(tx, input.workspaceId, input.conversationId);
    if (!conversation) return { status: "not_found" as const };
    const note = insertNote(tx, {
      workspaceId: input.workspaceId,
      conversationId: conversation.id,
      authorUserId: input.authorUserId,
      text,
      at: now,
    });
    const author = tx.select({ name: users.name }).from(users).where(eq(users.id, input.authorUserId)).get();
    const mentioned = resolveMentions(tx, input.workspaceId, text).filter((member) => member.id !== input.authorUserId);
    const label = conversation.subject ? `${conversation.publicId} “${conversation.subject}”` : conversation.publicId;
    const notifications = mentioned.map((member) =>
      createNotification(tx, {
        workspaceId: input.workspaceId,
        userId: member.id,
        kind: "mention",
        conversationId: conversation.id,
        text: `${author?.name ?? "Someone"} mentioned you on ${label}: ${text.length > 140 ? `${text.slice(0, 139)}…` : text}`,
        at: now,
      }),
    );
    return { status: "added" as const, noteId: note.id, mentioned, notifications, publicId: conversation.publicId };
  });
  if (result.status === "not_found") return result;
  for (const notification of result.notifications) {
    services.events.emit("notification.created", {
      workspaceId: input.workspaceId,
      userId: notification.userId,
      kind: notification.kind,
      text: notification.text,
      conversationId: result.publicId,
    });
  }
  services.events.emit("conversation.changed", {
    workspaceId: input.workspaceId,
    conversationId: result.publicId,
    reason: "note",
  });
  return { status: "added", noteId: result.noteId, mentioned: result.mentioned };
}
