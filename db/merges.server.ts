/**
 * Merging conversations that are the same issue: the proposals the copilot
 * makes, and the merge itself. A merge moves the source's messages and
 * thread keys (so the customer's next email, chat or Slack message lands in
 * the merged conversation) into the target and closes the source, recording
 * exactly what moved, so the merge can be shown and undone.
 */
import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Channel } from "./interchange";
import type { TandemDatabase } from "./connection.server";
import { refreshConversationTimeline } from "./conversations.server";
import { accounts, contactIdentities, contacts, conversationMerges, conversations, conversationThreads, mergeProposals, messages } from "./schema";

/** What the merge index reads of an open conversation. */
export interface MergeSourceRow {
  internalId: number;
  publicId: string;
  channel: Channel;
  createdAt: Date;
  subject: string | null;
  accountExternalId: string | null;
  contactKeys: string[];
  customerText: string;
}

/** Open and snoozed conversations as the merge index reads them: the most recently active `limit`, or the ones named. */
export function mergeSourceRows(db: TandemDatabase, workspaceId: number, conversationIds?: number[], limit = 10_000): MergeSourceRow[] {
  const rows = db
    .select({
      internalId: conversations.id,
      publicId: conversations.publicId,
      channel: conversations.channel,
      createdAt: conversations.createdAt,
      subject: conversations.subject,
      contactId: conversations.contactId,
      accountExternalId: accounts.externalId,
      customerText: sql<string | null>`(
        select group_concat(m.text, char(10)) from messages m
        where m.conversation_id = "conversations"."id" and m.author_kind = 'customer')`,
    })
    .from(conversations)
    .leftJoin(accounts, eq(accounts.id, conversations.accountId))
    .where(
      and(
        eq(conversations.workspaceId, workspaceId),
        inArray(conversations.status, ["open", "snoozed"]),
        conversationIds ? inArray(conversations.id, conversationIds) : undefined,
      ),
    )
    .orderBy(sql`${conversations.lastMessageAt} desc`)
    .limit(limit)
    .all();
  const contactIds = [...new Set(rows.map((row) => row.contactId).filter((id): id is number => id !== null))];
  const keys = new Map<number, string[]>();
  if (contactIds.length) {
    for (const identity of db
      .select({ contactId: contactIdentities.contactId, kind: contactIdentities.kind, value: contactIdentities.value })
      .from(contactIdentities)
      .where(and(eq(contactIdentities.workspaceId, workspaceId), inArray(contactIdentities.contactId, contactIds)))
      .all()) {
      keys.set(identity.contactId, [...(keys.get(identity.contactId) ?? []), `${identity.kind}:${identity.value.toLowerCase()}`]);
    }
  }
  return rows.map(({ contactId, customerText, ...row }) => ({
    ...row,
    contactKeys: contactId ? (keys.get(contactId) ?? []) : [],
    customerText: customerText ?? "",
  }));
}

const pair = (a: number, b: number) => (a < b ? { firstId: a, secondId: b } : { firstId: b, secondId: a });

/** Proposes a pair once, ever: a pair already proposed (pending, rejected, merged) is left as it is. Returns whether it is new. */
export function proposeMerge(db: TandemDatabase, proposal: { workspaceId: number; a: number; b: number; confidence: number; reason: string }): boolean {
  const inserted = db
    .insert(mergeProposals)
    .values({ workspaceId: proposal.workspaceId, ...pair(proposal.a, proposal.b), confidence: proposal.confidence, reason: proposal.reason })
    .onConflictDoNothing()
    .run();
  return inserted.changes > 0;
}

export interface PendingProposal {
  id: number;
  confidence: number;
  reason: string;
  other: { publicId: string; channel: Channel; subject: string | null; status: string };
}

/** The pending proposals that involve a conversation, most confident first. */
export function pendingProposalsFor(db: TandemDatabase, workspaceId: number, conversationId: number): PendingProposal[] {
  const otherId = sql<number>`case when ${mergeProposals.firstId} = ${conversationId} then ${mergeProposals.secondId} else ${mergeProposals.firstId} end`;
  return db
    .select({
      id: mergeProposals.id,
      confidence: mergeProposals.confidence,
      reason: mergeProposals.reason,
      other: { publicId: conversations.publicId, channel: conversations.channel, subject: conversations.subject, status: conversations.status },
    })
    .from(mergeProposals)
    .innerJoin(conversations, eq(conversations.id, otherId))
    .where(
      and(
        eq(mergeProposals.workspaceId, workspaceId),
        eq(mergeProposals.status, "pending"),
        or(eq(mergeProposals.firstId, conversationId), eq(mergeProposals.secondId, conversationId)),
        inArray(conversations.status, ["open", "snoozed"]),
      ),
    )
    .orderBy(sql`${mergeProposals.confidence} desc`)
    .all();
}

export function findProposal(db: TandemDatabase, workspaceId: number, proposalId: number) {
  return db
    .select()
    .from(mergeProposals)
    .where(and(eq(mergeProposals.workspaceId, workspaceId), eq(mergeProposals.id, proposalId)))
    .get();
}

export function rejectProposal(db: TandemDatabase, workspaceId: number, proposalId: number, userId: number, now: Date): boolean {
  return (
    db
      .update(mergeProposals)
      .set({ status: "rejected", decidedBy: userId, decidedAt: now })
      .where(and(eq(mergeProposals.workspaceId, workspaceId), eq(mergeProposals.id, proposalId), eq(mergeProposals.status, "pending")))
      .run().changes > 0
  );
}

/**
 * Moves the source's messages and thread keys into the target and closes the
 * source, in one transaction. Returns the merge's id.
 */
export function mergeConversations(
  db: TandemDatabase,
  merge: { workspaceId: number; targetId: number; sourceId: number; proposalId: number | null; userId: number; now: Date },
): number {
  return db.transaction((tx) => {
    const source = tx
      .select({ status: conversations.status })
      .from(conversations)
      .where(and(eq(conversations.workspaceId, merge.workspaceId), eq(conversations.id, merge.sourceId), isNull(conversations.mergedIntoId)))
      .get();
    if (!source) throw new Error("That conversation was already merged or is gone.");
    const moved = tx.select({ id: messages.id }).from(messages).where(eq(messages.conversationId, merge.sourceId)).all().map((row) => row.id);
    const threads = tx
      .select({ channel: conversationThreads.channel, threadKey: conversationThreads.threadKey })
      .from(conversationThreads)
      .where(eq(conversationThreads.conversationId, merge.sourceId))
      .all();
    tx.update(messages).set({ conversationId: merge.targetId }).where(eq(messages.conversationId, merge.sourceId)).run();
    tx.update(conversationThreads).set({ conversationId: merge.targetId }).where(eq(conversationThreads.conversationId, merge.sourceId)).run();
    tx.update(conversations)
      .set({ status: "closed", closedAt: merge.now, mergedIntoId: merge.targetId, updatedAt: merge.now, slaTarget: null, slaDueAt: null, slaWarnAt: null })
      .where(eq(conversations.id, merge.sourceId))
      .run();
    tx.update(conversations).set({ updatedAt: merge.now }).where(eq(conversations.id, merge.targetId)).run();
    refreshConversationTimeline(tx, merge.targetId);
    if (merge.proposalId !== null) {
      tx.update(mergeProposals).set({ status: "accepted", decidedBy: merge.userId, decidedAt: merge.now }).where(eq(mergeProposals.id, merge.proposalId)).run();
    }
    return tx
      .insert(conversationMerges)
      .values({
        workspaceId: merge.workspaceId,
        targetId: merge.targetId,
        sourceId: merge.sourceId,
        proposalId: merge.proposalId,
        movedMessageIds: moved,
        movedThreadKeys: threads,
        sourceStatus: source.status,
        mergedBy: merge.userId,
        mergedAt: merge.now,
      })
      .returning({ id: conversationMerges.id })
      .get().id;
  });
}

/** Puts a merge back exactly: the moved messages and thread keys return, and the source reopens as it was. */
export function undoMerge(db: TandemDatabase, workspaceId: number, mergeId: number, now: Date): { targetId: number; sourceId: number } | undefined {
  return db.transaction((tx) => {
    const merge = tx
      .select()
      .from(conversationMerges)
      .where(and(eq(conversationMerges.workspaceId, workspaceId), eq(conversationMerges.id, mergeId), isNull(conversationMerges.undoneAt)))
      .get();
    if (!merge) return undefined;
    if (merge.movedMessageIds.length) {
      tx.update(messages).set({ conversationId: merge.sourceId }).where(inArray(messages.id, merge.movedMessageIds)).run();
    }
    for (const thread of merge.movedThreadKeys) {
      tx.update(conversationThreads)
        .set({ conversationId: merge.sourceId })
        .where(and(eq(conversationThreads.workspaceId, workspaceId), eq(conversationThreads.channel, thread.channel), eq(conversationThreads.threadKey, thread.threadKey)))
        .run();
    }
    tx.update(conversations)
      .set({ status: merge.sourceStatus, closedAt: merge.sourceStatus === "closed" ? now : null, mergedIntoId: null, updatedAt: now })
      .where(eq(conversations.id, merge.sourceId))
      .run();
    refreshConversationTimeline(tx, merge.sourceId);
    refreshConversationTimeline(tx, merge.targetId);
    tx.update(conversationMerges).set({ undoneAt: now }).where(eq(conversationMerges.id, mergeId)).run();
    if (merge.proposalId !== null) tx.update(mergeProposals).set({ status: "undone", decidedAt: now }).where(eq(mergeProposals.id, merge.proposalId)).run();
    return { targetId: merge.targetId, sourceId: merge.sourceId };
  });
}

export interface MergeIntoTarget {
  id: number;
  /** The conversation merged in; its customer can still be answered on its channel. */
  source: { publicId: string; channel: Channel; contactName: string | null };
  movedMessageIds: number[];
  mergedAt: Date;
}

/** The merges standing in a conversation: shown in its thread, with their undo. */
export function mergesInto(db: TandemDatabase, workspaceId: number, targetId: number): MergeIntoTarget[] {
  return db
    .select({
      id: conversationMerges.id,
      source: { publicId: conversations.publicId, channel: conversations.channel, contactName: contacts.name },
      movedMessageIds: conversationMerges.movedMessageIds,
      mergedAt: conversationMerges.mergedAt,
    })
    .from(conversationMerges)
    .innerJoin(conversations, eq(conversations.id, conversationMerges.sourceId))
    .leftJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(and(eq(conversationMerges.workspaceId, workspaceId), eq(conversationMerges.targetId, targetId), isNull(conversationMerges.undoneAt)))
    .orderBy(asc(conversationMerges.id))
    .all();
}

/** Public ids of conversations by internal id. */
export function publicIdsOf(db: TandemDatabase, workspaceId: number, ids: number[]): string[] {
  const rows = db
    .select({ id: conversations.id, publicId: conversations.publicId })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), inArray(conversations.id, ids)))
    .all();
  const byId = new Map(rows.map((row) => [row.id, row.publicId]));
  return ids.map((id) => byId.get(id)).filter((publicId): publicId is string => publicId !== undefined);
}
