import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseReviewWeek, RESULT_WEEKS, weekParam } from "../../db/quality-review";
import { reviewsToCsv } from "../../db/review-math";
import { requireReviewer, reviewResults } from "../../server/quality-review.server";

/**
 * GET /review/results.csv?week=DATE: every scored review of the eight weeks
 * up to that week, one row each, the AI's pre-scores beside the manager's.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireReviewer(context.auth, request, "see the team's quality scores");
  const week = parseReviewWeek(new URL(request.url).searchParams.get("week"), new Date());
  const { reviews } = reviewResults(context.db, user.workspaceId, week, RESULT_WEEKS);
  return new Response(reviewsToCsv(reviews), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="quality-reviews-to-${weekParam(week)}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
