import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { buildWeekQueue } from "../../db/quality-reviews.server";
import { WEEK_MS } from "../../db/report-math";
import { DEFAULT_SAMPLE_PER_REP, parseReviewWeek, SampleSizeSchema, weekParam } from "../../db/quality-review";
import { requireReviewer, weekQueue } from "../../server/quality-review.server";
import { AppHeader } from "../components/app-header";
import { ChannelBadge } from "../components/channel-badge";
import { ProgressBar } from "../components/progress-bar";
import { ReviewReasons, ReviewNav } from "../components/review/review-parts";
import { formatScore } from "../components/charts/format";
import { formatDate } from "../lib/format";

export const meta: MetaFunction = () => [{ title: "Quality review · Tandem" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireReviewer(context.auth, request, "review the team's conversations");
  const now = new Date();
  const weekStart = parseReviewWeek(new URL(request.url).searchParams.get("week"), now);
  const { reviews, scored } = weekQueue(context.db, user.workspaceId, weekStart);
  return {
    user: { name: user.name, role: user.role, workspaceName: user.workspaceName },
    weekStart,
    previousWeek: weekParam(weekStart - WEEK_MS),
    nextWeek: weekStart + WEEK_MS <= now.getTime() - WEEK_MS ? weekParam(weekStart + WEEK_MS) : null,
    reviews: reviews.map(({ preScore: _preScore, scores: _scores, ...review }) => review),
    scored,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireReviewer(context.auth, request, "review the team's conversations");
  const weekStart = parseReviewWeek(new URL(request.url).searchParams.get("week"), new Date());
  const form = await request.formData().catch(() => undefined);
  const size = SampleSizeSchema.safeParse(form?.get("perRep"));
  if (!size.success) return data({ ok: false, message: size.error.issues[0]!.message }, { status: 400 });
  const queued = buildWeekQueue(context.db, user.workspaceId, weekStart, size.data);
  return { ok: true, message: queued ? `Queued ${queued} conversation${queued === 1 ? "" : "s"} to score.` : "Nothing new to queue: every rep's sample is scored or no one answered this week." };
}

export default function ReviewQueuePage() {
  const { user, weekStart, previousWeek, nextWeek, reviews, scored } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const navigation = useNavigation();
  const navigate = useNavigate();
  const building = navigation.state === "submitting";
  const next = reviews.find((review) => review.scoredAt === null);
  const week = weekParam(weekStart);
  const reps = [...new Set(reviews.map((review) => review.repName))];

  // Enter (or s) starts scoring at the first review left to score.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLElement && event.target.closest("input, textarea, select, button, a")) return;
      if ((event.key === "Enter" || event.key === "s") && next) navigate(`/review/${next.id}`);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [next, navigate]);

  // A queue just drawn hands the keyboard to scoring: Enter there starts it, not a second draw.
  // The link comes with the reloaded queue, which may land after the action's answer.
  const start = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    if (outcome?.ok) start.current?.focus();
  }, [outcome, next?.id]);

  return (
    <div className="app-shell">
      <AppHeader user={user} />
      <main className="page review-page">
        <ReviewNav current="queue" week={week} />
        <div className="review-head">
          <div>
            <h1>Week of {formatDate(new Date(weekStart))}</h1>
            <p className="muted">A sample of each rep's conversations, not only the easy ones: low CSAT, SLA breaches, reopened, long threads and AI-drafted replies come first.</p>
          </div>
          <nav className="review-weeks" aria-label="Weeks">
            <Link className="button" to={`?week=${previousWeek}`}>
              ← Previous week
            </Link>
            {nextWeek ? (
              <Link className="button" to={`?week=${nextWeek}`}>
                Next week →
              </Link>
            ) : null}
          </nav>
        </div>
        <Form method="post" action={`?week=${week}`} className="review-build">
          <label>
            Conversations per rep
            <input type="number" name="perRep" min={1} max={30} defaultValue={DEFAULT_SAMPLE_PER_REP} required />
          </label>
          <button type="submit" className="button" disabled={building}>
            {building ? "Drawing the sample…" : reviews.length ? "Draw again" : "Build this week's queue"}
          </button>
          <span className="muted">Scored reviews stay; the rest is drawn again.</span>
        </Form>
        {outcome ? (
          <p className={outcome.ok ? "flash flash-ok" : "flash flash-error"} role="status">
            {outcome.message}
          </p>
        ) : null}
        {reviews.length ? (
          <>
            <div className="review-progress">
              <ProgressBar value={scored} max={reviews.length} label={`${scored} of ${reviews.length} scored`} />
              {next ? (
                <Link className="button button-primary" to={`/review/${next.id}`} ref={start}>
                  {scored ? "Continue scoring" : "Start scoring"} <kbd>Enter</kbd>
                </Link>
              ) : (
                <Link className="button button-primary" to={`/review/results?week=${week}`}>
                  All scored: see the results
                </Link>
              )}
            </div>
            {reps.map((rep) => (
              <section key={rep} className="review-rep" aria-label={rep}>
                <h2>{rep}</h2>
                <ul className="review-list">
                  {reviews
                    .filter((review) => review.repName === rep)
                    .map((review) => (
                      <li key={review.id}>
                        <Link to={`/review/${review.id}`} className="review-row">
                          <ChannelBadge channel={review.channel} />
                          <span className="review-row-subject">
                            <strong>{review.conversationId}</strong> {review.subject ?? "(no subject)"}
                          </span>
                          <ReviewReasons reasons={review.reasons} />
                          <span className={review.scoredAt ? "review-status review-status-done" : "review-status"}>
                            {review.scoredAt && review.overall !== null ? `Scored ${formatScore(review.overall)}` : "To score"}
                          </span>
                        </Link>
                      </li>
                    ))}
                </ul>
              </section>
            ))}
          </>
        ) : (
          <p className="empty-state">No queue for this week yet. Choose how many conversations per rep and build it.</p>
        )}
      </main>
    </div>
  );
}

export { PageErrorBoundary as ErrorBoundary } from "../components/error-boundary";
