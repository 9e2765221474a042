import { and, eq, notInArray } from "drizzle-orm";
import type { TandemDatabase } from "./connection.server";
import { assignmentEvents, conversations, conversationTags, ASSIGNMENT_SOURCES } from "./schema";

export type AssignmentSource = (typeof ASSIGNMENT_SOURCES)[number];

export function recordAssignment(
  db: TandemDatabase,
  input: {
    workspaceId: number;
    conversationId: number;
    assigneeId: number | null;
    teamId: number | null;
    byUserId: number | null;
    source: AssignmentSource;
    at: Date;
  },
): void {
  db.update(conversations)
    .set({ assigneeId: input.assigneeId, teamId: input.teamId, updatedAt: input.at })
    .where(eq(conversations.id, input.conversationId))
    .run();
  db.insert(assignmentEvents).values(input).run();
}

/** Replaces a conversation's tags with the given set. */
export function setConversationTags(db: TandemDatabase, workspaceId: number, conversationId: number, tags: string[]): void {
  const wanted = [...new Set(tags)];
  db.delete(conversationTags)
    .where(
      and(
        eq(conversationTags.conversationId, conversationId),
        wanted.length ? notInArray(conversationTags.tag, wanted) : undefined,
      ),
    )
    .run();
  if (wanted.length) {
    db.insert(conversationTags)
      .values(wanted.map((tag) => ({ workspaceId, conversationId, tag })))
      .onConflictDoNothing()
      .run();
  }
}

export function tagsOf(db: TandemDatabase, conversationId: number): string[] {
  return db
    .select({ tag: conversationTags.tag })
    .from(conversationTags)
    .where(eq(conversationTags.conversationId, conversationId))
    .orderBy(conversationTags.tag)
    .all()
    .map((row) => row.tag);
}
