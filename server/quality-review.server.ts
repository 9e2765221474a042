/**
 * The weekly quality review as the pages use it: which week, the queue, a
 * review opened with its thread and AI pre-score, a manager's scores, and
 * the results over recent weeks.
 */
import { z } from "zod";
import { ReplyScoreSchema, type ReplyScore } from "../ai/tasks";
import type { TandemDatabase } from "../db/connection.server";
import { exportConversation } from "../db/conversation-export.server";
import {
  currentRubric,
  findReview,
  listWeekReviews,
  rubricVersion,
  scoredReviews,
  storePreScore,
} from "../db/quality-reviews.server";
import { canReview, RESULT_WEEKS, sentInWeek } from "../db/quality-review";
import { WEEK_MS } from "../db/report-math";
import { qualityResults, type ScoredReview } from "../db/review-math";
import { CRITERION_IDS, type CriterionId, type CriterionScores, type Rubric } from "../evals/rubric";
import type { Provenance } from "../ai/provider.server";
import type { Auth } from "./auth/auth.server";
import type { Copilot } from "./copilot.server";

/** The signed-in manager or admin; anyone else is refused (403) with what only they may do. */
export async function requireReviewer(auth: Auth, request: Request, onlyThey: string) {
  const user = await auth.requireUser(request);
  if (!canReview(user.role)) throw new Response(`Only managers and admins ${onlyThey}.`, { status: 403 });
  return user;
}

export function weekQueue(db: TandemDatabase, workspaceId: number, weekStart: number) {
  const reviews = listWeekReviews(db, workspaceId, weekStart);
  return { reviews, scored: reviews.filter((review) => review.scoredAt !== null).length };
}

export type StoredPreScore = ReplyScore & { provenance: Provenance };
const StoredPreScoreSchema = ReplyScoreSchema.extend({
  provenance: z.object({ provider: z.enum(["local", "openai"]), model: z.string(), promptVersion: z.string(), fallback: z.string().optional() }),
});

/** The criterion scores of a stored pre-score; null when there is none (or it no longer reads). */
export function preScoreOf(stored: unknown): StoredPreScore | null {
  const parsed = StoredPreScoreSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}
const aiScoresOf = (stored: unknown): CriterionScores | null => {
  const preScore = preScoreOf(stored);
  return preScore ? Object.fromEntries(preScore.scores.map(({ criterion, score }) => [criterion, score])) : null;
};

/**
 * A review for the scoring screen: the conversation's thread, the rubric
 * (the version it was scored under, or the current one), which replies are
 * the week's, and the AI pre-score, computed on first opening and kept.
 */
export async function openReview(db: TandemDatabase, copilot: Copilot, workspaceId: number, reviewId: number) {
  const review = findReview(db, workspaceId, reviewId);
  if (!review) return undefined;
  const conversation = exportConversation(db, workspaceId, review.conversationId);
  if (!conversation) return undefined;
  const rubric = (review.rubricVersion !== null && rubricVersion(db, workspaceId, review.rubricVersion)) || currentRubric(db, workspaceId);
  const inWeek = sentInWeek(review.weekStart.getTime());
  const preScore = await ensurePreScore(db, copilot, workspaceId, review, rubric);
  const weekReplies = conversation.messages.flatMap((message, index) => (message.author === "agent" && inWeek(message) ? [index] : []));
  return { review, conversation, rubric, preScore, weekReplies };
}

type Review = NonNullable<ReturnType<typeof findReview>>;

/** The review's stored pre-score, or a new one from the provider, stored. */
async function ensurePreScore(db: TandemDatabase, copilot: Copilot, workspaceId: number, review: Review, rubric: Rubric): Promise<StoredPreScore | null> {
  const stored = preScoreOf(review.preScore);
  if (stored) return stored;
  const scored = await copilot.scoreReplies(workspaceId, review.conversationId, rubric, sentInWeek(review.weekStart.getTime()));
  if (scored) storePreScore(db, workspaceId, review.id, scored);
  return scored ?? null;
}

/**
 * Pre-scores the next review left in the week while the manager reads this
 * one, so a model that takes seconds never makes them wait on opening it.
 */
export function preScoreNext(db: TandemDatabase, copilot: Copilot, workspaceId: number, current: { id: number; weekStart: Date }): void {
  setImmediate(() => {
    const next = listWeekReviews(db, workspaceId, current.weekStart.getTime()).find(
      (review) => review.id !== current.id && review.scoredAt === null && review.preScore === null,
    );
    const review = next && findReview(db, workspaceId, next.id);
    // Opening it computes the pre-score anyway when this one failed.
    if (review) ensurePreScore(db, copilot, workspaceId, review, currentRubric(db, workspaceId)).catch(() => {});
  });
}

/** A manager's scores as the scoring form sends them: `score.CRITERION` = 1–5 for every criterion, and a note. */
const scoreField = z.coerce.number().int().min(1, "Give this criterion a score").max(5, "A score runs from 1 to 5");
export const ReviewScoreFormSchema = z
  .object({
    ...(Object.fromEntries(CRITERION_IDS.map((id) => [`score.${id}`, scoreField])) as Record<`score.${CriterionId}`, typeof scoreField>),
    coachingNote: z.string().trim().max(4_000, "Keep the coaching note under 4,000 characters").optional(),
  })
  .transform((form) => ({
    scores: Object.fromEntries(CRITERION_IDS.map((id) => [id, form[`score.${id}`]])) as Required<CriterionScores>,
    coachingNote: form.coachingNote || null,
  }));

/** Scores of the last `weeks` weeks up to and including `lastWeek`, as the results page and the CSV read them. */
export function reviewResults(db: TandemDatabase, workspaceId: number, lastWeek: number, weeks = RESULT_WEEKS) {
  const from = lastWeek - (weeks - 1) * WEEK_MS;
  const reviews: (ScoredReview & { conversationId: string; coachingNote: string | null; rubricVersion: number | null })[] = scoredReviews(
    db,
    workspaceId,
    from,
    lastWeek + WEEK_MS,
  ).map((review) => ({
    weekStart: review.weekStart.getTime(),
    repId: review.repId,
    repName: review.repName,
    aiDrafted: review.aiDrafted,
    scores: review.scores ?? {},
    overall: review.overall,
    aiScores: aiScoresOf(review.preScore),
    conversationId: review.conversationId,
    coachingNote: review.coachingNote,
    rubricVersion: review.rubricVersion,
  }));
  const weekStarts = Array.from({ length: weeks }, (_, i) => from + i * WEEK_MS);
  return { reviews, results: qualityResults(reviews, weekStarts) };
}
