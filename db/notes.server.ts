import { and, asc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { TandemDatabase } from "./connection.server";
import { assignmentEvents, notes, teams, users } from "./schema";

export function insertNote(
  db: TandemDatabase,
  input: { workspaceId: number; conversationId: number; authorUserId: number; text: string; at: Date },
) {
  return db
    .insert(notes)
    .values({
      workspaceId: input.workspaceId,
      conversationId: input.conversationId,
      authorUserId: input.authorUserId,
      text: input.text,
      createdAt: input.at,
    })
    .returning()
    .get();
}

/** The handles an internal note may @mention: "@ben", "@ben.carter", "@bencarter". */
export function mentionHandles(text: string): string[] {
  const handles = new Set<string>();
  // Not inside an email address: the @ starts the text or follows a space or punctuation.
  for (const match of text.matchAll(/(^|[^\p{L}\p{N}._%+-])@([\p{L}\p{N}][\p{L}\p{N}._-]*)/gu)) {
    handles.add(match[2]!.replace(/[._-]+$/u, "").toLowerCase());
  }
  return [...handles];
}

/**
 * The workspace members a note mentions. A handle names someone by their
 * email's local part, their first name, or their whole name without spaces
 * or with dots; a first name two people share mentions both.
 */
export function resolveMentions(
  db: TandemDatabase,
  workspaceId: number,
  text: string,
): { id: number; name: string }[] {
  const handles = mentionHandles(text);
  if (handles.length === 0) return [];
  const members = db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(eq(users.workspaceId, workspaceId))
    .all();
  const squash = (value: string) => value.toLowerCase().replace(/\s+/g, "");
  return members.filter((member) => {
    const local = member.email.split("@")[0]!.toLowerCase();
    const first = member.name.trim().split(/\s+/)[0]!.toLowerCase();
    const full = squash(member.name);
    const dotted = member.name.trim().toLowerCase().split(/\s+/).join(".");
    return handles.some((handle) => handle === local || handle === first || handle === full || handle === dotted);
  }).map(({ id, name }) => ({ id, name }));
}

const assignee = alias(users, "history_assignee");
const actor = alias(users, "history_actor");

/** Who assigned the conversation to whom, and when, by a person or a rule; oldest first. */
export function assignmentHistory(db: TandemDatabase, workspaceId: number, conversationId: number) {
  return db
    .select({
      id: assignmentEvents.id,
      at: assignmentEvents.at,
      source: assignmentEvents.source,
      assigneeName: assignee.name,
      teamName: teams.name,
      byName: actor.name,
    })
    .from(assignmentEvents)
    .leftJoin(assignee, eq(assignee.id, assignmentEvents.assigneeId))
    .leftJoin(actor, eq(actor.id, assignmentEvents.byUserId))
    .leftJoin(teams, eq(teams.id, assignmentEvents.teamId))
    .where(and(eq(assignmentEvents.conversationId, conversationId), eq(assignmentEvents.workspaceId, workspaceId)))
    .orderBy(asc(assignmentEvents.at), asc(assignmentEvents.id))
    .all();
}
