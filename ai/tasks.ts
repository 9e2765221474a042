/**
 * What each AI task takes and gives, for every provider: the one definition
 * the local provider, the OpenAI-compatible provider (whose answers are
 * parsed with these), the command line and the app share.
 */
import { z } from "zod";
import { InterchangeAccountSchema, InterchangeConversationSchema } from "../db/interchange";
import { CRITERION_IDS, CriterionIdSchema, RubricSchema, ScoreSchema } from "../evals/rubric";

/** Where a fact was read: click it, see the message. */
export const FactSourceSchema = z.object({
  conversationId: z.string().min(1),
  /** Position of the message in its conversation, from 0. */
  messageIndex: z.number().int().nonnegative(),
});

export const FACT_KINDS = ["problem", "error", "date", "amount", "plan", "promise", "request"] as const;

export const FactSchema = z.object({
  kind: z.enum(FACT_KINDS),
  text: z.string().min(1).max(600),
  source: FactSourceSchema,
});
export type Fact = z.infer<typeof FactSchema>;

export const MoodSchema = z.enum(["upset", "frustrated", "neutral", "positive"]);
export const RiskSchema = z.enum(["low", "medium", "high"]);

export const SummaryInputSchema = z.object({
  account: InterchangeAccountSchema.nullable(),
  /** The account's conversations, any channel; at least one. */
  conversations: z.array(InterchangeConversationSchema).min(1).max(200),
});
export type SummaryInput = z.infer<typeof SummaryInputSchema>;

export const AccountSummarySchema = z.object({
  accountId: z.string().nullable(),
  conversationIds: z.array(z.string()).min(1),
  /** A few sentences a rep reads before replying. */
  summary: z.string().min(1).max(2_000),
  facts: z.array(FactSchema).max(60),
  /** What the customer asked that has no answer yet. */
  stillOpen: z.array(FactSchema).max(20),
  /** What the team promised the customer. */
  promises: z.array(FactSchema).max(20),
  mood: MoodSchema,
  risk: RiskSchema,
  riskReasons: z.array(z.string().min(1).max(300)).max(8),
});
export type AccountSummary = z.infer<typeof AccountSummarySchema>;

/** A piece of the workspace's own knowledge a draft may use (help article, known issue, policy). */
export const KnowledgeSnippetSchema = z.object({
  id: z.string().min(1).max(100),
  title: z.string().min(1).max(200),
  text: z.string().min(1).max(4_000),
});
export type KnowledgeSnippet = z.infer<typeof KnowledgeSnippetSchema>;
/** A snippet as the team writes it (the knowledge page's form). */
export const KnowledgeSnippetTextSchema = z.object({
  title: z.string().trim().min(1, "Give the snippet a title").max(200, "Keep the title under 200 characters"),
  text: z.string().trim().min(1, "Write what a reply may say").max(4_000, "Keep a snippet under 4,000 characters"),
});

export const DraftInputSchema = z.object({
  conversation: InterchangeConversationSchema,
  /** The account's other conversations, for context across channels. */
  related: z.array(InterchangeConversationSchema).max(50).default([]),
  knowledge: z.array(KnowledgeSnippetSchema).max(50).default([]),
  /** Who signs the reply. */
  agentName: z.string().min(1).max(200).default("The support team"),
  /** When the draft is written (ISO 8601): the next step's time is counted from it. */
  now: z.iso.datetime({ offset: true }),
});
export type DraftInput = z.input<typeof DraftInputSchema>;

/** What a draft used: a message of the thread, a knowledge snippet, or the account's plan. */
export const CitationSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("message"), conversationId: z.string(), messageIndex: z.number().int().nonnegative(), text: z.string().max(600) }),
  z.object({ kind: z.literal("knowledge"), snippetId: z.string(), title: z.string().max(200) }),
  z.object({ kind: z.literal("account"), text: z.string().max(300) }),
]);
export type Citation = z.infer<typeof CitationSchema>;

export const DraftSchema = z.object({
  conversationId: z.string(),
  draft: z.string().min(1).max(10_000),
  citations: z.array(CitationSchema).max(30),
});
export type Draft = z.infer<typeof DraftSchema>;

/**
 * A reply scored against the rubric: by the AI pre-scorer before a manager's
 * weekly review, and by the eval graders. The conversation is the whole
 * thread, agent replies included; `replyIndexes` say which messages are under
 * review (every agent message when absent).
 */
export const ReplyScoreInputSchema = z
  .object({
    rubric: RubricSchema,
    conversation: InterchangeConversationSchema,
    replyIndexes: z.array(z.number().int().nonnegative()).min(1).max(50).optional(),
    /** The account as the team knows it; the conversation's own when absent. */
    account: InterchangeAccountSchema.nullable().optional(),
    knowledge: z.array(KnowledgeSnippetSchema).max(50).default([]),
  })
  .superRefine((input, context) => {
    const { messages } = input.conversation;
    const indexes = repliesUnderReview(input);
    if (indexes.length === 0) context.addIssue({ code: "custom", path: ["conversation", "messages"], message: "There is no agent reply to score" });
    for (const index of indexes) {
      if (messages[index]?.author !== "agent") context.addIssue({ code: "custom", path: ["replyIndexes"], message: `Message ${index} is not an agent reply of the conversation` });
    }
  });
export type ReplyScoreInput = z.input<typeof ReplyScoreInputSchema>;

/** The messages under review: those named, or every agent message. */
export function repliesUnderReview(input: { conversation: { messages: { author: string }[] }; replyIndexes?: number[] }): number[] {
  return input.replyIndexes ?? input.conversation.messages.flatMap((message, index) => (message.author === "agent" ? [index] : []));
}

/** A verbatim piece of the thread that backs a score: from the reply under review or a customer's message. */
export const ScoreEvidenceSchema = z.object({
  messageIndex: z.number().int().nonnegative(),
  quote: z.string().min(1).max(600),
});
export type ScoreEvidence = z.infer<typeof ScoreEvidenceSchema>;

export const CriterionScoreSchema = z.object({
  criterion: CriterionIdSchema,
  score: ScoreSchema,
  reason: z.string().min(1).max(600),
  evidence: z.array(ScoreEvidenceSchema).max(6),
});
export type CriterionScore = z.infer<typeof CriterionScoreSchema>;

/** One score per criterion of the rubric, in the rubric's order. */
export const ReplyScoreSchema = z.object({
  scores: z
    .array(CriterionScoreSchema)
    .length(CRITERION_IDS.length)
    .refine((scores) => CRITERION_IDS.every((id) => scores.some((score) => score.criterion === id)), "Every criterion is scored once"),
});
export type ReplyScore = z.infer<typeof ReplyScoreSchema>;
