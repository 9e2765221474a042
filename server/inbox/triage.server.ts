import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { TandemDatabase } from "../../db/connection.server";
import { findConversation } from "../../db/conversations.server";
import { ConversationStatusSchema, PrioritySchema, TagSchema } from "../../db/interchange";
import { preparedQuery, updatePlaceholders } from "../../db/prepared.server";
import { conversations } from "../../db/schema";
import { recordAssignment, setConversationTags, type AssignmentSource } from "../../db/triage.server";
import type { InboxServices } from "./services.server";

/** One set of triage changes; absent fields stay as they are. */
export const TriageChangeSchema = z
  .object({
    assigneeId: z.number().int().positive().nullable().optional(),
    teamId: z.number().int().positive().nullable().optional(),
    status: ConversationStatusSchema.optional(),
    priority: PrioritySchema.optional(),
    tags: z.array(TagSchema).max(20).optional(),
    snoozedUntil: z.date().nullable().optional(),
    snoozedUntilReply: z.boolean().optional(),
  })
  .refine((change) => change.status !== "snoozed" || change.snoozedUntil || change.snoozedUntilReply, {
    message: "snoozing needs a time to wake, or to wait for the customer's reply",
    path: ["snoozedUntil"],
  });
export type TriageChange = z.infer<typeof TriageChangeSchema>;

export type TriageResult =
  | { status: "changed"; conversationId: string; closed: boolean }
  | { status: "not_found" };

// Written for every triage edit, a rep's live ones included: prepared once per connection.
const triageColumns = updatePlaceholders({
  status: conversations.status,
  priority: conversations.priority,
  snoozedUntil: conversations.snoozedUntil,
  snoozedUntilReply: conversations.snoozedUntilReply,
  closedAt: conversations.closedAt,
  updatedAt: conversations.updatedAt,
});
const updateTriage = preparedQuery((db) =>
  db.update(conversations).set(triageColumns.set).where(eq(conversations.id, sql.placeholder("id"))).prepare(),
);

/**
 * Applies triage changes from a rep or an API client in one transaction,
 * records who assigned what, reruns the conversation's hooks (SLA), and
 * announces the change to every connected client.
 */
export function changeTriage(
  services: InboxServices,
  input: {
    workspaceId: number;
    conversationId: string;
    change: TriageChange;
    actor: { userId: number | null; source: AssignmentSource };
  },
): TriageResult {
  const now = services.now();
  const { change } = input;
  const result = services.db.transaction((tx: TandemDatabase): TriageResult => {
    const conversation = findConversation(tx, input.workspaceId, input.conversationId);
    if (!conversation) return { status: "not_found" };

    if (change.assigneeId !== undefined || change.teamId !== undefined) {
      const assigneeId = change.assigneeId === undefined ? conversation.assigneeId : change.assigneeId;
      const teamId = change.teamId === undefined ? conversation.teamId : change.teamId;
      if (assigneeId !== conversation.assigneeId || teamId !== conversation.teamId) {
        recordAssignment(tx, {
          workspaceId: input.workspaceId,
          conversationId: conversation.id,
          assigneeId,
          teamId,
          byUserId: input.actor.userId,
          source: input.actor.source,
          at: now,
        });
      }
    }
    const status = change.status ?? conversation.status;
    updateTriage(tx).run({
      id: conversation.id,
      ...triageColumns.encode({
        status,
        priority: change.priority ?? conversation.priority,
        snoozedUntil: status === "snoozed" ? (change.snoozedUntil !== undefined ? change.snoozedUntil : conversation.snoozedUntil) : null,
        snoozedUntilReply: status === "snoozed" ? (change.snoozedUntilReply ?? conversation.snoozedUntilReply) : false,
        closedAt: status === "closed" ? (conversation.closedAt ?? now) : null,
        updatedAt: now,
      }),
    });
    if (change.tags) setConversationTags(tx, input.workspaceId, conversation.id, change.tags);
    services.afterChange(tx, conversation.id, now);
    return { status: "changed", conversationId: conversation.publicId, closed: status === "closed" && conversation.status !== "closed" };
  });
  if (result.status === "changed") {
    services.events.emit("conversation.changed", {
      workspaceId: input.workspaceId,
      conversationId: result.conversationId,
      reason: "triage",
    });
    if (result.closed) services.afterClose(input.workspaceId, result.conversationId);
  }
  return result;
}
