/**
 * Automatic assignment of new conversations, as a ConversationHook that runs
 * in the transaction that stores a new inbound message.
 *
 * The rules, in order:
 * 1. Nothing happens in a workspace whose teams are all "manual": automatic
 *    assignment is switched on by giving a team a round-robin or least-loaded rule.
 * 2. The team is the account owner's team when that team has an automatic
 *    rule, else the workspace's first team (by id) with one.
 * 3. Account owner first: when that team's settings ask for it (the default)
 *    and the account's owner is available, the owner gets it.
 * 4. Otherwise the team's rule picks among its available members:
 *    round robin continues after `last_assigned_user_id`; least loaded picks
 *    whoever holds the fewest open conversations (ties continue the rotation).
 *
 * Only conversations just opened by an inbound message qualify: exactly one
 * message, from the customer, stored moments ago, with no assignee and no
 * assignment history. It runs only after a new message is stored (a message
 * hook): imports and the demo seed run no hooks, triage runs only the change
 * hooks, and a conversation a rep unassigned is not taken back.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { TandemDatabase } from "../../db/connection.server";
import { createNotification } from "../../db/notifications.server";
import { preparedQuery } from "../../db/prepared.server";
import { accounts, assignmentEvents, conversations, messages, teams, teamSettings, userAvailability, users } from "../../db/schema";
import { recordAssignment, type AssignmentSource } from "../../db/triage.server";
import type { ConversationHook } from "./services.server";

/** How recently the single message must have been stored for its conversation to count as new. */
const FRESH_MESSAGE_MS = 60_000;

export interface AutoAssignment {
  assigneeId: number;
  teamId: number | null;
  source: Extract<AssignmentSource, "account_owner" | "round_robin" | "least_loaded">;
}

export interface AutoAssignOptions {
  /** Called after an assignment is stored (inside the transaction), e.g. to announce it. */
  onAssigned?: (assignment: AutoAssignment & { workspaceId: number; conversationId: number; notificationId: number }) => void;
}

// Read for every customer message: prepared once.
const conversationToAssign = preparedQuery((db) =>
  db
    .select({
      id: conversations.id,
      workspaceId: conversations.workspaceId,
      publicId: conversations.publicId,
      subject: conversations.subject,
      status: conversations.status,
      assigneeId: conversations.assigneeId,
      accountId: conversations.accountId,
    })
    .from(conversations)
    .where(eq(conversations.id, sql.placeholder("conversationId")))
    .prepare(),
);
const firstMessages = preparedQuery((db) =>
  db
    .select({ id: messages.id, authorKind: messages.authorKind, direction: messages.direction, createdAt: messages.createdAt })
    .from(messages)
    .where(eq(messages.conversationId, sql.placeholder("conversationId")))
    .limit(2)
    .prepare(),
);

export function createAutoAssignHook(options: AutoAssignOptions = {}): ConversationHook {
  return (db, conversationId, now) => {
    const conversation = conversationToAssign(db).get({ conversationId });
    if (!conversation || conversation.assigneeId !== null || conversation.status !== "open") return;
    if (!isNewInboundConversation(db, conversationId)) return;

    const assignment = chooseAssignee(db, conversation.workspaceId, conversation.accountId);
    if (!assignment) return;
    recordAssignment(db, {
      workspaceId: conversation.workspaceId,
      conversationId,
      assigneeId: assignment.assigneeId,
      teamId: assignment.teamId,
      byUserId: null,
      source: assignment.source,
      at: now,
    });
    if (assignment.teamId !== null && assignment.source !== "account_owner") {
      db.update(teamSettings)
        .set({ lastAssignedUserId: assignment.assigneeId })
        .where(eq(teamSettings.teamId, assignment.teamId))
        .run();
    }
    const reason = { account_owner: "you own the account", round_robin: "round robin", least_loaded: "least loaded" }[assignment.source];
    const notification = createNotification(db, {
      workspaceId: conversation.workspaceId,
      userId: assignment.assigneeId,
      kind: "assignment",
      conversationId,
      text: `${conversation.publicId}${conversation.subject ? ` “${conversation.subject}”` : ""} was assigned to you (${reason}).`,
      at: now,
    });
    options.onAssigned?.({ ...assignment, workspaceId: conversation.workspaceId, conversationId, notificationId: notification.id });
  };
}

function isNewInboundConversation(db: TandemDatabase, conversationId: number): boolean {
  const thread = firstMessages(db).all({ conversationId });
  if (thread.length !== 1) return false;
  const [only] = thread;
  // messages.created_at is the database's own insert time: compare it with the wall clock, not the services' clock.
  if (only!.direction !== "inbound" || only!.authorKind !== "customer" || Date.now() - only!.createdAt.getTime() > FRESH_MESSAGE_MS) {
    return false;
  }
  const history = db
    .select({ id: assignmentEvents.id })
    .from(assignmentEvents)
    .where(eq(assignmentEvents.conversationId, conversationId))
    .limit(1)
    .get();
  return !history;
}

/** Who should get a new conversation of this account, or undefined to leave it for a person. */
export function chooseAssignee(db: TandemDatabase, workspaceId: number, accountId: number | null): AutoAssignment | undefined {
  const rules = db
    .select({
      teamId: teamSettings.teamId,
      rule: teamSettings.assignmentRule,
      accountOwnerFirst: teamSettings.accountOwnerFirst,
      lastAssignedUserId: teamSettings.lastAssignedUserId,
    })
    .from(teamSettings)
    .innerJoin(teams, eq(teams.id, teamSettings.teamId))
    .where(and(eq(teams.workspaceId, workspaceId), sql`${teamSettings.assignmentRule} != 'manual'`))
    .orderBy(asc(teamSettings.teamId))
    .all();
  if (rules.length === 0) return undefined;

  const owner = accountId
    ? db
        .select({ id: users.id, teamId: users.teamId, available: sql<number>`coalesce(${userAvailability.available}, 1)` })
        .from(accounts)
        .innerJoin(users, and(eq(users.id, accounts.ownerId), eq(users.workspaceId, workspaceId)))
        .leftJoin(userAvailability, eq(userAvailability.userId, users.id))
        .where(and(eq(accounts.id, accountId), eq(accounts.workspaceId, workspaceId)))
        .get()
    : undefined;

  const team = rules.find((rule) => owner && rule.teamId === owner.teamId) ?? rules[0]!;
  if (owner && team.accountOwnerFirst && owner.available) {
    return { assigneeId: owner.id, teamId: owner.teamId ?? team.teamId, source: "account_owner" };
  }

  const members = db
    .select({
      id: users.id,
      openCount: sql<number>`(select count(*) from ${conversations} where ${conversations.workspaceId} = ${workspaceId} and ${conversations.assigneeId} = ${users.id} and ${conversations.status} = 'open')`,
    })
    .from(users)
    .leftJoin(userAvailability, eq(userAvailability.userId, users.id))
    .where(and(eq(users.workspaceId, workspaceId), eq(users.teamId, team.teamId), sql`coalesce(${userAvailability.available}, 1) = 1`))
    .orderBy(asc(users.id))
    .all();
  if (members.length === 0) return undefined;

  // The rotation: everyone after the last one assigned, then from the start.
  const last = team.lastAssignedUserId ?? 0;
  const rotation = [...members.filter((m) => m.id > last), ...members.filter((m) => m.id <= last)];
  if (team.rule === "round_robin") return { assigneeId: rotation[0]!.id, teamId: team.teamId, source: "round_robin" };
  const fewest = Math.min(...rotation.map((m) => m.openCount));
  return { assigneeId: rotation.find((m) => m.openCount === fewest)!.id, teamId: team.teamId, source: "least_loaded" };
}
