/**
 * The AI copilot inside Tandem: it reads conversations from the database,
 * asks the configured provider, stores every answer with its provenance
 * (db/ai-outputs.server.ts), and writes drafts into the conversation's
 * shared reply draft as they stream, so everyone writing that reply sees it
 * arrive. Internal notes are never part of what it reads.
 */
import { and, desc, eq } from "drizzle-orm";
import { rankKnowledge } from "../ai/knowledge";
import type { AiProvider, Provenance } from "../ai/provider.server";
import type { AccountSummary, Draft, ReplyScore, ReplyScoreInput } from "../ai/tasks";
import type { InterchangeConversation } from "../db/interchange";
import type { Rubric } from "../evals/rubric";
import { findAiOutput, recordAiOutput, recordDraftReview } from "../db/ai-outputs.server";
import type { TandemDatabase } from "../db/connection.server";
import { exportConversations } from "../db/conversation-export.server";
import { findConversation } from "../db/conversations.server";
import { listKnowledge } from "../db/knowledge.server";
import { conversations } from "../db/schema";
import { draftDocName } from "../sync/inbox-doc";
import { replaceDraftText } from "../sync/reply-draft.server";
import type { SyncServer } from "../sync/sync-server.server";

/** How many of an account's conversations a summary or draft reads, most recent first. */
const ACCOUNT_CONTEXT = 20;
/** How many of the workspace's knowledge snippets, the most relevant, a draft is given to ground itself in. */
const KNOWLEDGE_CONTEXT = 8;
/** A streaming draft is written into the shared document at most this often. */
const STREAM_WRITE_MS = 120;

export interface CopilotDeps {
  db: TandemDatabase;
  provider: AiProvider;
  sync: () => SyncServer;
  log: (line: string) => void;
}

/** The workspace's snippets most relevant to what the customer asked. */
function knowledgeFor(db: TandemDatabase, workspaceId: number, conversation: InterchangeConversation) {
  const asked = conversation.messages.filter((message) => message.author === "customer").map((message) => message.text).join("\n");
  return rankKnowledge(listKnowledge(db, workspaceId), asked)
    .slice(0, KNOWLEDGE_CONTEXT)
    .map(({ snippet }) => ({ id: snippet.id, title: snippet.title, text: snippet.text }));
}

/**
 * What the pre-scorer reads of a conversation: the thread, the replies under
 * review (those `replies` picks; every agent reply when absent or when it
 * picks none), the account and the relevant knowledge.
 */
export function replyScoreInput(
  db: TandemDatabase,
  workspaceId: number,
  conversation: InterchangeConversation,
  rubric: Rubric,
  replies?: (message: InterchangeConversation["messages"][number]) => boolean,
): ReplyScoreInput {
  const replyIndexes = replies
    ? conversation.messages.flatMap((message, index) => (message.author === "agent" && replies(message) ? [index] : []))
    : undefined;
  return {
    rubric,
    conversation,
    replyIndexes: replyIndexes?.length ? replyIndexes : undefined,
    account: conversation.account ?? null,
    knowledge: knowledgeFor(db, workspaceId, conversation),
  };
}

export function createCopilot({ db, provider, sync, log }: CopilotDeps) {
  /** The conversation and its account's other recent ones, in the interchange format. */
  function readContext(workspaceId: number, publicId: string) {
    const conversation = findConversation(db, workspaceId, publicId);
    if (!conversation) return undefined;
    const ids = conversation.accountId
      ? db
          .select({ id: conversations.id })
          .from(conversations)
          .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.accountId, conversation.accountId)))
          .orderBy(desc(conversations.lastMessageAt))
          .limit(ACCOUNT_CONTEXT)
          .all()
          .map((row) => row.id)
      : [];
    const all = exportConversations(db, workspaceId, { conversationIds: [...new Set([conversation.id, ...ids])] });
    const current = all.find((candidate) => candidate.id === publicId)!;
    return { internalId: conversation.id, current, related: all.filter((candidate) => candidate.id !== publicId) };
  }

  return {
    providerName: provider.name,

    /** The cross-channel summary of the conversation's account (or of the conversation alone, without one). */
    async summarize(workspaceId: number, publicId: string): Promise<(AccountSummary & { provenance: Provenance }) | undefined> {
      const context = readContext(workspaceId, publicId);
      if (!context) return undefined;
      const summary = await provider.summarize({
        account: context.current.account ?? null,
        conversations: context.current.account ? [context.current, ...context.related] : [context.current],
      });
      const { provenance, ...output } = summary;
      recordAiOutput(db, { workspaceId, task: "summary", conversationId: context.internalId, ...provenance, output });
      return summary;
    },

    /**
     * Drafts a reply into the conversation's shared draft, streaming. Returns
     * the stored draft's id (for the rep's verdict later) and the draft.
     */
    async draft(
      workspaceId: number,
      publicId: string,
      agentName: string,
      now: Date,
    ): Promise<{ aiOutputId: number; draft: Draft; provenance: Provenance } | undefined> {
      const context = readContext(workspaceId, publicId);
      if (!context) return undefined;
      const name = draftDocName(publicId);
      let written = 0;
      let pending: string | null = null;
      const write = (text: string) => sync().change(workspaceId, name, (shared) => replaceDraftText(shared.doc, text));
      const knowledge = knowledgeFor(db, workspaceId, context.current);
      const result = await provider.draft(
        {
          conversation: context.current,
          related: context.related.filter((other) => other.status !== "closed"),
          knowledge,
          agentName,
          now: now.toISOString(),
        },
        (text) => {
          pending = text;
          if (Date.now() - written < STREAM_WRITE_MS) return;
          written = Date.now();
          write(text);
          pending = null;
        },
      );
      if (pending !== result.draft || written === 0) write(result.draft);
      const { provenance, ...draft } = result;
      if (provenance.fallback) log(provenance.fallback);
      const aiOutputId = recordAiOutput(db, { workspaceId, task: "draft", conversationId: context.internalId, ...provenance, output: draft });
      return { aiOutputId, draft, provenance };
    },

    /**
     * The AI pre-score of a conversation's replies against the rubric, with
     * evidence quoted from the thread, for a manager's weekly review.
     * `replies` picks the messages under review (every agent reply when absent).
     */
    async scoreReplies(
      workspaceId: number,
      publicId: string,
      rubric: Rubric,
      replies?: (message: InterchangeConversation["messages"][number]) => boolean,
    ): Promise<(ReplyScore & { provenance: Provenance }) | undefined> {
      const context = readContext(workspaceId, publicId);
      if (!context) return undefined;
      const score = await provider.scoreReply(replyScoreInput(db, workspaceId, context.current, rubric, replies));
      if (score.provenance.fallback) log(score.provenance.fallback);
      return score;
    },

    /** The rep's verdict on an AI draft: what they sent (null when they threw it away). */
    review(workspaceId: number, userId: number, aiOutputId: number, sent: string | null) {
      const stored = findAiOutput(db, workspaceId, aiOutputId);
      if (stored?.task !== "draft") return undefined;
      return recordDraftReview(db, { workspaceId, aiOutputId, userId, drafted: (stored.output as Draft).draft, sent });
    },
  };
}

export type Copilot = ReturnType<typeof createCopilot>;
