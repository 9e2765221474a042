/**
 * The conversation page's triage form: one intent per submission
 * (assign | status | priority | tags | snooze | note), validated with zod,
 * scoped to the signed-in rep's workspace, applied through changeTriage /
 * addNote. Bad input is a 400 with a message a person can act on.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { TandemDatabase } from "../../db/connection.server";
import { findConversation } from "../../db/conversations.server";
import { describeIssues } from "../../db/interchange";
import { createNotification } from "../../db/notifications.server";
import { teams, users } from "../../db/schema";
import { assignmentHistory } from "../../db/notes.server";
import { tagsOf } from "../../db/triage.server";
import type { SessionUser } from "../../db/sessions.server";
import { addNote } from "./notes.server";
import type { InboxServices } from "./services.server";
import { changeTriage, type TriageChange } from "./triage.server";
import { TriageFormSchema, type TriageForm } from "./triage-intent";

const MAX_SNOOZE_MS = 366 * 24 * 60 * 60 * 1000;


export type TriageFormResult =
  | { ok: true; status: 200; intent: TriageForm["intent"]; message: string }
  | { ok: false; status: 400 | 404 | 409; error: string };

const fail = (error: string, status: 400 | 404 | 409 = 400): TriageFormResult => ({ ok: false, status, error });

/** Turns form data into one plain object: the last value of each field wins. */
function formObject(form: FormData): Record<string, string> {
  const object: Record<string, string> = {};
  for (const [key, value] of form) if (typeof value === "string") object[key] = value;
  return object;
}

export function handleTriageForm(
  services: InboxServices,
  user: Pick<SessionUser, "id" | "name" | "workspaceId">,
  conversationId: string,
  form: FormData,
): TriageFormResult {
  const parsed = TriageFormSchema.safeParse(formObject(form));
  if (!parsed.success) return fail(`Could not apply that: ${describeIssues(parsed.error)}.`);
  const input = parsed.data;
  const { db } = services;
  const conversation = findConversation(db, user.workspaceId, conversationId);
  if (!conversation) return fail(`No conversation "${conversationId}" in your workspace.`, 404);

  if (input.intent === "note") {
    const added = addNote(services, { workspaceId: user.workspaceId, conversationId, authorUserId: user.id, text: input.text });
    if (added.status === "not_found") return fail(`No conversation "${conversationId}" in your workspace.`, 404);
    const who = added.mentioned.map((member) => member.name).join(", ");
    return { ok: true, status: 200, intent: "note", message: who ? `Note added; notified ${who}.` : "Note added." };
  }

  let change: TriageChange;
  let message: string;
  let notifyAssignee: { id: number; name: string } | undefined;
  switch (input.intent) {
    case "assign": {
      if (input.expectedAssigneeId !== undefined && input.expectedAssigneeId !== conversation.assigneeId) {
        // Two reps assigned at once: the first to arrive stands, and this one is told by whom.
        const last = assignmentHistory(db, user.workspaceId, conversation.id).at(-1);
        const holder = last?.assigneeName ?? "nobody";
        return fail(`${last?.byName ?? "Someone"} just assigned this to ${holder}; nothing changed.`, 409);
      }
      const member = input.assigneeId ? memberOf(db, user.workspaceId, input.assigneeId) : undefined;
      if (input.assigneeId && !member) return fail(`There is no user ${input.assigneeId} in your workspace to assign.`);
      const team = input.teamId ? teamOf(db, user.workspaceId, input.teamId) : undefined;
      if (input.teamId && !team) return fail(`There is no team ${input.teamId} in your workspace.`);
      change = {
        ...(input.assigneeId !== undefined ? { assigneeId: input.assigneeId } : {}),
        // A rep brings their team along unless a team was named; naming only a team leaves it in the team's queue.
        ...(input.teamId !== undefined
          ? { teamId: input.teamId, ...(input.assigneeId === undefined ? { assigneeId: null } : {}) }
          : member
            ? { teamId: member.teamId }
            : {}),
      };
      message = member ? `Assigned to ${member.name}.` : team ? `Assigned to ${team.name}.` : "Unassigned.";
      if (member && member.id !== user.id && member.id !== conversation.assigneeId) notifyAssignee = member;
      break;
    }
    case "status":
      change = { status: input.status };
      message = input.status === "closed" ? "Closed." : "Reopened.";
      break;
    case "priority":
      change = { priority: input.priority };
      message = `Priority set to ${input.priority}.`;
      break;
    case "tags": {
      const current = tagsOf(db, conversation.id);
      const next = current.filter((tag) => tag !== input.remove);
      if (input.add && !next.includes(input.add)) next.push(input.add);
      if (next.length > 20) return fail("A conversation has at most 20 tags.");
      change = { tags: next };
      message = input.add ? `Tagged “${input.add}”.` : `Removed “${input.remove}”.`;
      break;
    }
    case "snooze": {
      const until = input.until ? new Date(input.until) : null;
      const now = services.now();
      if (until && until.getTime() <= now.getTime()) return fail("Snooze until a time in the future.");
      if (until && until.getTime() - now.getTime() > MAX_SNOOZE_MS) return fail("Snooze for at most a year.");
      change = { status: "snoozed", snoozedUntil: until, snoozedUntilReply: input.untilReply ?? false };
      message = until ? `Snoozed until ${until.toISOString()}${input.untilReply ? " or a reply" : ""}.` : "Snoozed until the customer replies.";
      break;
    }
  }

  const result = changeTriage(services, {
    workspaceId: user.workspaceId,
    conversationId,
    change,
    actor: { userId: user.id, source: "manual" },
  });
  if (result.status === "not_found") return fail(`No conversation "${conversationId}" in your workspace.`, 404);

  if (notifyAssignee) {
    const text = `${user.name} assigned ${conversation.publicId}${conversation.subject ? ` “${conversation.subject}”` : ""} to you.`;
    createNotification(db, {
      workspaceId: user.workspaceId,
      userId: notifyAssignee.id,
      kind: "assignment",
      conversationId: conversation.id,
      text,
      at: services.now(),
    });
    services.events.emit("notification.created", {
      workspaceId: user.workspaceId,
      userId: notifyAssignee.id,
      kind: "assignment",
      text,
      conversationId: conversation.publicId,
    });
  }
  return { ok: true, status: 200, intent: input.intent, message };
}

function memberOf(db: TandemDatabase, workspaceId: number, userId: number) {
  return db
    .select({ id: users.id, name: users.name, teamId: users.teamId })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.workspaceId, workspaceId)))
    .get();
}

function teamOf(db: TandemDatabase, workspaceId: number, teamId: number) {
  return db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(and(eq(teams.id, teamId), eq(teams.workspaceId, workspaceId)))
    .get();
}
