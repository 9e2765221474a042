import { findOpenDeadLetter, resolveDeadLetter } from "../../db/dead-letters.server";
import { describeIssues } from "../../db/interchange";
import { InboundMessageSchema } from "./receive-message.server";
import type { InboxServices } from "./services.server";

export type RetryResult =
  | { status: "stored"; conversationId: string }
  | { status: "still_failing"; reason: string }
  | { status: "not_found" };

/**
 * Feeds a dead letter back through the inbound pipeline once its cause is
 * fixed; it is resolved only when the message is stored (or was already),
 * and answered once that is on disk, like a channel's message.
 */
export async function retryDeadLetter(services: InboxServices, workspaceId: number, deadLetterId: number): Promise<RetryResult> {
  const letter = findOpenDeadLetter(services.db, workspaceId, deadLetterId);
  if (!letter) return { status: "not_found" };
  let payload: unknown;
  try {
    payload = JSON.parse(letter.payload, (key, value: unknown) =>
      key === "sentAt" && typeof value === "string" ? new Date(value) : value,
    );
  } catch {
    return { status: "still_failing", reason: "The kept payload is not a message Tandem can read again." };
  }
  const message = InboundMessageSchema.safeParse(payload);
  if (!message.success) return { status: "still_failing", reason: describeIssues(message.error) };
  const result = await services.receiveDurably(workspaceId, message.data);
  if (result.status === "dead_lettered") {
    // The retry was kept as a new dead letter with the current reason; this one is superseded.
    resolveDeadLetter(services.db, workspaceId, deadLetterId);
    return { status: "still_failing", reason: result.reason };
  }
  resolveDeadLetter(services.db, workspaceId, deadLetterId);
  return { status: "stored", conversationId: result.conversationId };
}
