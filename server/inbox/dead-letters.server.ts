import { and, eq } from "drizzle-orm";
import { resolveDeadLetter } from "../../db/dead-letters.server";
import { describeIssues } from "../../db/interchange";
import { deadLetters } from "../../db/schema";
import { InboundMessageSchema } from "./receive-message.server";
import type { InboxServices } from "./services.server";

export type RetryResult =
  | { status: "stored"; conversationId: string }
  | { status: "still_failing"; reason: string }
  | { status: "not_found" };

/**
 * Feeds a dead letter back through the inbound pipeline once its cause is
 * fixed; it is resolved only when the message is stored (or was already).
 */
export function retryDeadLetter(services: InboxServices, workspaceId: number, deadLetterId: number): RetryResult {
  const letter = services.db
    .select()
    .from(deadLetters)
    .where(and(eq(deadLetters.id, deadLetterId), eq(deadLetters.workspaceId, workspaceId)))
    .get();
  if (!letter || letter.resolvedAt) return { status: "not_found" };
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
  const result = services.receive(workspaceId, message.data);
  if (result.status === "dead_lettered") {
    // The retry was kept as a new dead letter with the current reason; this one is superseded.
    resolveDeadLetter(services.db, workspaceId, deadLetterId);
    return { status: "still_failing", reason: result.reason };
  }
  resolveDeadLetter(services.db, workspaceId, deadLetterId);
  return { status: "stored", conversationId: result.conversationId };
}
