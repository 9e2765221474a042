import { and, asc, eq, inArray, notInArray, or, sql } from "drizzle-orm";
import type { TandemDatabase } from "./connection.server";
import { groupByConversation } from "./group-by-conversation";
import { preparedQuery } from "./prepared.server";
import { assignmentEvents, conversations, conversationTags, teams, users, ASSIGNMENT_SOURCES } from "./schema";

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

/** A conversation's triage as the live inbox document mirrors it. */
export interface TriageRow {
  publicId: string;
  status: (typeof conversations.$inferSelect)["status"];
  assigneeId: number | null;
  teamId: number | null;
  priority: (typeof conversations.$inferSelect)["priority"];
  snoozedUntil: Date | null;
  snoozedUntilReply: boolean;
  updatedAt: Date;
  tags: string[];
}

const triageColumns = {
  id: conversations.id,
  publicId: conversations.publicId,
  status: conversations.status,
  assigneeId: conversations.assigneeId,
  teamId: conversations.teamId,
  priority: conversations.priority,
  snoozedUntil: conversations.snoozedUntil,
  snoozedUntilReply: conversations.snoozedUntilReply,
  updatedAt: conversations.updatedAt,
};

/** The triage of a workspace's open and snoozed conversations, or of the named ones whatever their status. */
export function triageRows(db: TandemDatabase, workspaceId: number, publicIds?: string[]): TriageRow[] {
  const rows = db
    .select(triageColumns)
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, workspaceId),
        publicIds ? inArray(conversations.publicId, publicIds) : or(eq(conversations.status, "open"), eq(conversations.status, "snoozed")),
      ),
    )
    .all();
  if (rows.length === 0) return [];
  const tags = groupByConversation(
    db
      .select({ conversationId: conversationTags.conversationId, tag: conversationTags.tag })
      .from(conversationTags)
      .where(inArray(conversationTags.conversationId, rows.map((row) => row.id)))
      .orderBy(asc(conversationTags.tag))
      .all(),
    (row) => row.tag,
  );
  return rows.map(({ id, ...row }) => ({ ...row, tags: tags.get(id) ?? [] }));
}

// Read for every projected edit and every change announced: prepared once per connection.
const triageOfConversation = preparedQuery((db) =>
  db
    .select(triageColumns)
    .from(conversations)
    .where(and(eq(conversations.workspaceId, sql.placeholder("workspaceId")), eq(conversations.publicId, sql.placeholder("publicId"))))
    .prepare(),
);
const tagsOfConversation = preparedQuery((db) =>
  db
    .select({ tag: conversationTags.tag })
    .from(conversationTags)
    .where(eq(conversationTags.conversationId, sql.placeholder("conversationId")))
    .orderBy(asc(conversationTags.tag))
    .prepare(),
);

/** One conversation's triage, whatever its status: `triageRows` for a single conversation, on the hot path. */
export function triageRow(db: TandemDatabase, workspaceId: number, publicId: string): TriageRow | null {
  const row = triageOfConversation(db).get({ workspaceId, publicId });
  if (!row) return null;
  const { id, ...triage } = row;
  return { ...triage, tags: tagsOfConversation(db).all({ conversationId: id }).map(({ tag }) => tag) };
}

/** Whether a user and a team (either may be null) belong to the workspace: what an assignment from outside may name. */
export function isAssignable(db: TandemDatabase, workspaceId: number, assignment: { assigneeId: number | null; teamId: number | null }): boolean {
  const user = assignment.assigneeId === null || db.select({ id: users.id }).from(users).where(and(eq(users.id, assignment.assigneeId), eq(users.workspaceId, workspaceId))).get();
  const team = assignment.teamId === null || db.select({ id: teams.id }).from(teams).where(and(eq(teams.id, assignment.teamId), eq(teams.workspaceId, workspaceId))).get();
  return Boolean(user && team);
}
