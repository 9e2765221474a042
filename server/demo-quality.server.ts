/**
 * The demo workspace's history of weekly quality reviews, so Quality →
 * Results shows weeks of scores and a calibration of the AI pre-scorer from
 * the first start: every past week with replies is queued, pre-scored by the
 * local provider and scored by the demo manager (db/seed/demo-reviews.ts).
 */
import { and, eq, min } from "drizzle-orm";
import { scoreReplyWithLocalProvider } from "../ai/provider.server";
import type { TandemDatabase } from "../db/connection.server";
import { exportConversation } from "../db/conversation-export.server";
import { sentInWeek } from "../db/quality-review";
import { buildWeekQueue, listWeekReviews, scoreReview, storePreScore } from "../db/quality-reviews.server";
import { isoDate, WEEK_MS, weekStartUtc } from "../db/report-math";
import { messages } from "../db/schema";
import { DEMO_REVIEWS } from "../db/seed/demo-reviews";
import { mondayMorningAnchor } from "../db/seed/monday-morning";
import { membersByEmail } from "../db/users.server";
import { RECOVERY_RUBRIC } from "../evals/rubric";
import { replyScoreInput } from "./copilot.server";

/** The demo's weekly sample: small, as a manager starting out would take. */
export const DEMO_SAMPLE_PER_REP = 3;
/** Who scored the demo's past weeks. */
export const DEMO_REVIEWER_EMAIL = "maya@demo.example";

const MINUTE = 60_000;
/** Maya reviews the week gone on Monday morning, a conversation every quarter of an hour from 09:30 UTC. */
const REVIEW_DAY_START = 9.5 * 60 * MINUTE;
const REVIEW_PACE = 15 * MINUTE;

const manager = new Map(DEMO_REVIEWS.map((review) => [review.conversationId, review]));

/**
 * Queues, pre-scores and scores every week with replies before the demo's
 * last full week. That week (the weekend's, before the demo's Monday) stays
 * unscored and unqueued: reviewing it is the manager's job on the Monday the
 * demo opens on. It is counted from the demo's anchor rather than from `now`
 * so that on a Monday before 08:00 UTC, when the story is still last week's,
 * the weekend's replies are not taken for an older week. Returns how many
 * reviews it scored.
 */
export function seedDemoReviews(tx: TandemDatabase, workspaceId: number, now: Date): number {
  const lastFullWeek = weekStartUtc(mondayMorningAnchor(now)) - WEEK_MS;
  const reviewerId = membersByEmail(tx, workspaceId).get(DEMO_REVIEWER_EMAIL);
  if (reviewerId === undefined) throw new Error(`The demo reviewer ${DEMO_REVIEWER_EMAIL} is not in workspace ${workspaceId}; seed the users first.`);
  const first = tx
    .select({ at: min(messages.sentAt) })
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.authorKind, "agent")))
    .get()?.at;
  if (!first) return 0;

  let scored = 0;
  for (let week = weekStartUtc(first); week < lastFullWeek; week += WEEK_MS) {
    buildWeekQueue(tx, workspaceId, week, DEMO_SAMPLE_PER_REP);
    listWeekReviews(tx, workspaceId, week).forEach((review, i) => {
      const scores = manager.get(review.conversationId);
      if (!scores) {
        throw new Error(
          `The demo's review of the week of ${isoDate(week)} queued ${review.conversationId}, which has no manager's scores in db/seed/demo-reviews.ts: score it there.`,
        );
      }
      const conversation = exportConversation(tx, workspaceId, review.conversationId)!;
      storePreScore(tx, workspaceId, review.id, scoreReplyWithLocalProvider(replyScoreInput(tx, workspaceId, conversation, RECOVERY_RUBRIC, sentInWeek(week))));
      scoreReview(tx, workspaceId, review.id, {
        rubric: RECOVERY_RUBRIC,
        scores: scores.scores,
        coachingNote: scores.coachingNote,
        reviewerId,
        at: new Date(week + WEEK_MS + REVIEW_DAY_START + i * REVIEW_PACE),
      });
      scored++;
    });
  }
  return scored;
}
