import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_MODEL } from "../../ai/provider.server";
import { currentPrompt } from "../../ai/prompts.server";
import { closeDatabase, openDatabase, type TandemConnection } from "../../db/connection.server";
import { defaultReviewWeek } from "../../db/quality-review";
import { WEEK_MS, weekStartUtc } from "../../db/report-math";
import { messages, qualityReviews, users } from "../../db/schema";
import { DEMO_REVIEWS } from "../../db/seed/demo-reviews";
import { CRITERION_IDS, RECOVERY_RUBRIC } from "../../evals/rubric";
import { seedDemoWorkspace } from "../../server/demo-seed.server";
import { preScoreOf, reviewResults } from "../../server/quality-review.server";

/** A Tuesday: the demo's Monday is the day before, its last full week the one before that. */
const seededAt = new Date("2026-11-24T12:00:00Z");
const lastFullWeek = defaultReviewWeek(seededAt);

let db: TandemConnection;
let workspaceId: number;

beforeAll(async () => {
  db = openDatabase(":memory:");
  workspaceId = (await seedDemoWorkspace(db, seededAt)).workspace.id;
});
afterAll(() => closeDatabase(db));

const reviewsOf = (database: TandemConnection, workspace: number) =>
  database.select().from(qualityReviews).where(eq(qualityReviews.workspaceId, workspace)).all();

/** The weeks in which an agent replied, as Monday 00:00 UTC. */
function weeksWithReplies(database: TandemConnection, workspace: number): number[] {
  const replies = database
    .select({ sentAt: messages.sentAt })
    .from(messages)
    .where(and(eq(messages.workspaceId, workspace), eq(messages.authorKind, "agent")))
    .all();
  return [...new Set(replies.map((reply) => weekStartUtc(reply.sentAt)))].sort((a, b) => a - b);
}

describe("the demo's quality review history", () => {
  it("has scored reviews in every past week with replies, and leaves the last full week to the manager", () => {
    const reviews = reviewsOf(db, workspaceId);
    const pastWeeks = weeksWithReplies(db, workspaceId).filter((week) => week < lastFullWeek);
    expect(pastWeeks.length).toBeGreaterThanOrEqual(5);
    for (const week of pastWeeks) {
      expect(reviews.some((review) => review.weekStart.getTime() === week && review.scoredAt !== null), new Date(week).toISOString()).toBe(true);
    }
    expect(weeksWithReplies(db, workspaceId)).toContain(lastFullWeek);
    expect(reviews.filter((review) => review.weekStart.getTime() >= lastFullWeek)).toEqual([]);
    expect(reviews.every((review) => review.scoredAt !== null)).toBe(true);
  });

  it("scores exactly the conversations the manager's data covers, with her scores and notes", () => {
    const maya = db.select({ id: users.id }).from(users).where(and(eq(users.workspaceId, workspaceId), eq(users.email, "maya@demo.example"))).get()!;
    const reviews = reviewsOf(db, workspaceId);
    const { reviews: results } = reviewResults(db, workspaceId, lastFullWeek);
    const reviewed = results.map((review) => review.conversationId).sort();
    expect(reviewed).toEqual(DEMO_REVIEWS.map((review) => review.conversationId).sort());
    expect(new Set(reviewed).size).toBe(reviewed.length);
    for (const result of results) {
      const expected = DEMO_REVIEWS.find((review) => review.conversationId === result.conversationId)!;
      expect(result.scores).toEqual(expected.scores);
      expect(result.coachingNote).toBe(expected.coachingNote);
      expect(result.rubricVersion).toBe(RECOVERY_RUBRIC.version);
    }
    for (const review of reviews) {
      expect(review.reviewerId).toBe(maya.id);
      // Scored on the Monday after the week reviewed.
      expect(review.scoredAt!.getTime() - review.weekStart.getTime()).toBeGreaterThanOrEqual(WEEK_MS);
      expect(review.scoredAt!.getTime() - review.weekStart.getTime()).toBeLessThan(WEEK_MS + 24 * 60 * 60 * 1000);
    }
  });

  it("gives every scored review the local pre-score of all eight criteria", () => {
    for (const review of reviewsOf(db, workspaceId)) {
      const preScore = preScoreOf(review.preScore);
      expect(preScore, String(review.conversationId)).not.toBeNull();
      expect(preScore!.scores.map((score) => score.criterion)).toEqual([...CRITERION_IDS]);
      expect(preScore!.provenance).toEqual({ provider: "local", model: LOCAL_MODEL, promptVersion: currentPrompt("judge-reply").version });
    }
  });

  it("stores each overall score as the weighted mean of the manager's scores", () => {
    const totalWeight = RECOVERY_RUBRIC.criteria.reduce((sum, criterion) => sum + criterion.weight, 0);
    for (const review of reviewsOf(db, workspaceId)) {
      const scores = review.scores as Record<string, number>;
      const weighted = RECOVERY_RUBRIC.criteria.reduce((sum, criterion) => sum + criterion.weight * scores[criterion.id]!, 0);
      expect(review.overall).toBeCloseTo(weighted / totalWeight, 9);
    }
  });

  it("calibrates the pre-scorer on every criterion", () => {
    const { results } = reviewResults(db, workspaceId, lastFullWeek);
    expect(results.calibration.map((row) => [row.criterion, row.n])).toEqual(CRITERION_IDS.map((id) => [id, DEMO_REVIEWS.length]));
    expect(results.team.filter((week) => week.overall.n > 0).length).toBe(weeksWithReplies(db, workspaceId).filter((week) => week < lastFullWeek).length);
  });

  it("seeds on a Monday before 08:00 UTC, when the demo's story is still last week's, without scoring its weekend", async () => {
    const early = new Date("2026-11-23T07:00:00Z");
    const other = openDatabase(":memory:");
    try {
      const id = (await seedDemoWorkspace(other, early)).workspace.id;
      const reviews = reviewsOf(other, id);
      expect(reviews).toHaveLength(DEMO_REVIEWS.length);
      const weekend = weekStartUtc(early) - 2 * WEEK_MS;
      expect(reviews.filter((review) => review.weekStart.getTime() >= weekend)).toEqual([]);
    } finally {
      closeDatabase(other);
    }
  });
});
