import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type { TandemDatabase } from "../../../db/connection.server";
import { messages } from "../../../db/schema";

export type AttachmentMeta = { filename: string; contentType: string; size: number };
export type AttachmentChip = AttachmentMeta & { sizeLabel: string };

/**
 * The attachments (metadata only: name, type, size; the content is never kept)
 * of a conversation's messages, keyed by message id, for the thread view.
 */
export function attachmentsByMessage(db: TandemDatabase, workspaceId: number, messageIds: number[]): Record<number, AttachmentChip[]> {
  if (messageIds.length === 0) return {};
  const rows = db
    .select({ id: messages.id, attachments: messages.attachments })
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), inArray(messages.id, messageIds), isNotNull(messages.attachments)))
    .all();
  return Object.fromEntries(
    rows
      .filter((row) => row.attachments?.length)
      .map((row) => [row.id, row.attachments!.map((a) => ({ ...a, sizeLabel: formatAttachmentSize(a.size) }))]),
  );
}

/** "1.2 MB", "640 KB", "12 bytes". */
export function formatAttachmentSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
