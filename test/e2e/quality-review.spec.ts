import { and, desc, eq } from "drizzle-orm";
import { weekParam } from "../../db/quality-review";
import { listWeekReviews } from "../../db/quality-reviews.server";
import { weekStartUtc } from "../../db/report-math";
import { messages } from "../../db/schema";
import { CRITERION_IDS } from "../../evals/rubric";
import { expect, test } from "./fixtures";

test("a manager builds the week's queue and scores a conversation from the keyboard, then sees the results", async ({ page, login, server }) => {
  // The week of the demo's latest replies (the weekend before the Monday it is anchored on).
  const latestReply = server.db
    .select({ sentAt: messages.sentAt })
    .from(messages)
    .where(and(eq(messages.workspaceId, server.workspaceId), eq(messages.authorKind, "agent")))
    .orderBy(desc(messages.sentAt))
    .limit(1)
    .get()!;
  const weekStart = weekStartUtc(latestReply.sentAt);
  const week = weekParam(weekStart);

  await login("maya@demo.example");
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Quality" }).click();
  await expect(page.getByRole("navigation", { name: "Quality review" })).toBeVisible();
  await page.goto(`/review?week=${week}`);
  await expect(page.getByText("No queue for this week yet.")).toBeVisible();
  await page.getByLabel("Conversations per rep").fill("3");
  await page.getByRole("button", { name: "Build this week's queue" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Queued/ })).toHaveText("Queued 3 conversations to score.");
  const queued = listWeekReviews(server.db, server.workspaceId, weekStart);
  expect(queued.length).toBeGreaterThan(0);
  await expect(page.getByRole("progressbar")).toHaveAttribute("aria-label", `0 of ${queued.length} scored`);

  // Enter starts scoring at the first review left.
  await page.keyboard.press("Enter");
  const first = queued.find((review) => review.scoredAt === null)!;
  await expect(page).toHaveURL(new RegExp(`/review/${first.id}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(first.conversationId);
  const rubric = page.getByRole("form", { name: /^Rubric, version 1/ });
  await expect(rubric.getByText(/^AI: \d · to confirm$/).first()).toBeVisible();
  // Evidence the AI quotes shows under the criterion in focus (j moves down, k up), and leads to the message it came from.
  const preScore = listWeekReviews(server.db, server.workspaceId, weekStart).find((review) => review.id === first.id)!.preScore as {
    scores: { evidence: { messageIndex: number; quote: string }[] }[];
  };
  const withEvidence = preScore.scores.findIndex((score) => score.evidence.length > 0);
  expect(withEvidence).toBeGreaterThanOrEqual(0);
  for (let i = 0; i < withEvidence; i++) await page.keyboard.press("j");
  await rubric.locator(".review-quote").first().click();
  await expect(page.locator(".review-message-highlight")).toHaveAttribute("id", `message-${preScore.scores[withEvidence]!.evidence[0]!.messageIndex}`);
  for (let i = 0; i < withEvidence; i++) await page.keyboard.press("k");

  // 2 for the first criterion, Enter confirms the AI on the rest, n writes a note, Ctrl+Enter saves.
  await page.keyboard.press("2");
  for (let i = 1; i < CRITERION_IDS.length; i++) await page.keyboard.press("Enter");
  await expect(rubric.getByText("Every score confirmed")).toBeVisible();
  await page.keyboard.press("n");
  await page.keyboard.type("Say what broke before anything else.");
  await page.keyboard.press("Control+Enter");
  await expect(page).not.toHaveURL(new RegExp(`/review/${first.id}$`));

  const scored = listWeekReviews(server.db, server.workspaceId, weekStart).find((review) => review.id === first.id)!;
  const aiScores = (scored.preScore as { scores: { criterion: string; score: number }[] }).scores;
  expect(scored.scores).toEqual(Object.fromEntries(CRITERION_IDS.map((id, i) => [id, i === 0 ? 2 : aiScores.find((score) => score.criterion === id)!.score])));
  expect(scored.coachingNote).toBe("Say what broke before anything else.");

  await page.goto(`/review/results?week=${week}`);
  await expect(page.getByRole("heading", { name: "Quality results" })).toBeVisible();
  // The demo's history of scored weeks, and this one.
  const scoredInWindow = server.db.$client
    .prepare("select count(*) from quality_reviews where workspace_id = ? and scored_at is not null and week_start > ?")
    .pluck()
    .get(server.workspaceId, weekStart - 8 * 7 * 24 * 60 * 60 * 1000) as number;
  await expect(page.getByText(`${scoredInWindow} scored conversations over the 8 weeks`)).toBeVisible();
  await expect(page.getByRole("img", { name: "Team's average overall score per week" })).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(scored.repName) })).toBeVisible();
  const calibration = page.getByRole("region", { name: "Calibration" });
  await expect(calibration.getByRole("row")).toHaveCount(CRITERION_IDS.length + 1);
  await expect(calibration.locator(".verdict")).toHaveCount(CRITERION_IDS.length);
});

test("reps do not see the quality review", async ({ page, login }) => {
  await login("ana@demo.example");
  await expect(page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Quality" })).toHaveCount(0);
  const response = await page.goto("/review");
  expect(response?.status()).toBe(403);
});
