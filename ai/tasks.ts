/**
 * What each AI task takes and gives, for every provider: the one definition
 * the local provider, the OpenAI-compatible provider (whose answers are
 * parsed with these), the command line and the app share.
 */
import { z } from "zod";
import { InterchangeAccountSchema, InterchangeConversationSchema } from "../db/interchange";

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
