/**
 * Merge proposals as messages arrive: each workspace keeps a merge index of
 * its open conversations (built on first use), a conversation is re-indexed
 * when its customer writes, and compared then with the conversations that
 * share its words and its account or contact. A close enough match that was
 * never proposed before becomes a pending proposal; the rep accepts (the
 * threads become one, undoable) or rejects (never proposed again).
 */
import { problemStatements } from "../ai/local/facts";
import { MergeIndex, type MergeDocument } from "../ai/merges/merge-index";
import { mergeConfidence, mergeReason, MERGE_THRESHOLD } from "../ai/merges/propose";
import type { TandemDatabase } from "../db/connection.server";
import { findConversation } from "../db/conversations.server";
import {
  findProposal,
  mergeConversations,
  mergeSourceRows,
  pendingProposalsFor,
  proposeMerge,
  publicIdsOf,
  rejectProposal,
  undoMerge,
  type MergeSourceRow,
} from "../db/merges.server";
import type { InboxEventBus } from "./inbox/events.server";

const documentOf = (row: MergeSourceRow): MergeDocument => ({
  id: String(row.internalId),
  accountId: row.accountExternalId,
  contactKeys: row.contactKeys,
  subject: row.subject,
  customerText: row.customerText,
  channel: row.channel,
  startedAt: row.createdAt.getTime(),
  problemText: problemStatements(row.customerText),
});

/** Merge proposals take at most this much of every window of the server's time while messages pour in. */
const CONSIDER_BUDGET_MS = 10;
const CONSIDER_WINDOW_MS = 100;

export function createMergeProposals({ db, events, now, log }: { db: TandemDatabase; events: InboxEventBus; now: () => Date; log: (line: string) => void }) {
  const indexes = new Map<number, MergeIndex>();

  function indexOf(workspaceId: number): MergeIndex {
    let index = indexes.get(workspaceId);
    if (!index) {
      index = new MergeIndex();
      for (const row of mergeSourceRows(db, workspaceId)) index.add(documentOf(row));
      indexes.set(workspaceId, index);
    }
    return index;
  }

  /** Re-reads one conversation into the index and proposes its best match, if it is new and close enough. */
  function consider(workspaceId: number, publicId: string): void {
    const conversation = findConversation(db, workspaceId, publicId);
    if (!conversation) return;
    const index = indexOf(workspaceId);
    const [row] = mergeSourceRows(db, workspaceId, [conversation.id]);
    if (!row) {
      index.remove(String(conversation.id));
      return;
    }
    const document = documentOf(row);
    index.add(document);
    const [best] = index.matches(document, { limit: 1, minSimilarity: MERGE_THRESHOLD });
    if (!best) return;
    const fresh = proposeMerge(db, {
      workspaceId,
      a: conversation.id,
      b: Number(best.id),
      confidence: mergeConfidence(best.similarity),
      reason: mergeReason(best, document.accountId !== null),
    });
    if (fresh) events.emit("conversation.changed", { workspaceId, conversationId: publicId, reason: "triage" });
  }

  // Conversations waiting to be considered, each once however many messages it got meanwhile.
  const waiting = new Map<string, { workspaceId: number; conversationId: string }>();
  let draining: NodeJS.Timeout | undefined;

  /**
   * Considers waiting conversations for at most CONSIDER_BUDGET_MS of every
   * CONSIDER_WINDOW_MS: a proposal is a suggestion, so under a burst of
   * customer messages it waits rather than slowing the storing of them.
   */
  function drain(): void {
    draining = undefined;
    const started = performance.now();
    for (const [key, { workspaceId, conversationId }] of waiting) {
      if (performance.now() - started >= CONSIDER_BUDGET_MS) break;
      waiting.delete(key);
      try {
        consider(workspaceId, conversationId);
      } catch (error) {
        log(`Merge proposals for ${conversationId} failed: ${(error as Error).message}`);
      }
    }
    if (waiting.size) draining = setTimeout(drain, CONSIDER_WINDOW_MS - CONSIDER_BUDGET_MS).unref();
  }

  events.on("message.created", ({ workspaceId, conversationId, direction }) => {
    if (direction !== "inbound") return;
    // After the message is answered for: a suggestion never delays, or fails, storing a customer's message.
    waiting.set(`${workspaceId}:${conversationId}`, { workspaceId, conversationId });
    draining ??= setTimeout(drain, 0).unref();
  });

  /** Re-indexes after a merge or undo changed what conversations hold. */
  function reindex(workspaceId: number, ...internalIds: number[]): void {
    const index = indexes.get(workspaceId);
    if (!index) return;
    for (const id of internalIds) index.remove(String(id));
    for (const row of mergeSourceRows(db, workspaceId, internalIds)) index.add(documentOf(row));
  }

  return {
    /** Proposes for conversations already in the inbox (the demo's weekend), as if their messages had just arrived. */
    scan(workspaceId: number): void {
      for (const row of mergeSourceRows(db, workspaceId)) consider(workspaceId, row.publicId);
    },

    pendingFor(workspaceId: number, publicId: string) {
      const conversation = findConversation(db, workspaceId, publicId);
      return conversation ? pendingProposalsFor(db, workspaceId, conversation.id) : [];
    },

    /** Merges the proposal's other conversation into `targetPublicId` (the one the rep is answering from). */
    accept(workspaceId: number, proposalId: number, targetPublicId: string, userId: number): { ok: true; mergedFrom: string } | { ok: false; error: string } {
      const proposal = findProposal(db, workspaceId, proposalId);
      const target = findConversation(db, workspaceId, targetPublicId);
      if (!proposal || proposal.status !== "pending" || !target) return { ok: false, error: "That proposal is no longer open." };
      if (target.id !== proposal.firstId && target.id !== proposal.secondId) return { ok: false, error: "That proposal is about other conversations." };
      const sourceId = target.id === proposal.firstId ? proposal.secondId : proposal.firstId;
      try {
        mergeConversations(db, { workspaceId, targetId: target.id, sourceId, proposalId, userId, now: now() });
      } catch (error) {
        return { ok: false, error: (error as Error).message };
      }
      reindex(workspaceId, target.id, sourceId);
      // The merged thread says more than either did: it may now match a third report.
      consider(workspaceId, targetPublicId);
      const [source] = publicIdsOf(db, workspaceId, [sourceId]);
      for (const conversationId of [targetPublicId, source!]) events.emit("conversation.changed", { workspaceId, conversationId, reason: "triage" });
      return { ok: true, mergedFrom: source! };
    },

    reject(workspaceId: number, proposalId: number, userId: number): boolean {
      return rejectProposal(db, workspaceId, proposalId, userId, now());
    },

    undo(workspaceId: number, mergeId: number): boolean {
      const undone = undoMerge(db, workspaceId, mergeId, now());
      if (!undone) return false;
      reindex(workspaceId, undone.targetId, undone.sourceId);
      for (const conversationId of publicIdsOf(db, workspaceId, [undone.targetId, undone.sourceId])) {
        events.emit("conversation.changed", { workspaceId, conversationId, reason: "triage" });
      }
      return true;
    },
  };
}

export type MergeProposals = ReturnType<typeof createMergeProposals>;
