import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { currentRubric, findReview, rubricVersion, scoreReview } from "../../db/quality-reviews.server";
import { SCORE_LEVELS, type CriterionId } from "../../evals/rubric";
import { weekParam } from "../../db/quality-review";
import { openReview, preScoreNext, requireReviewer, ReviewScoreFormSchema, weekQueue } from "../../server/quality-review.server";
import { AppHeader } from "../components/app-header";
import { ChannelBadge } from "../components/channel-badge";
import { ProgressBar } from "../components/progress-bar";
import { ReviewReasons } from "../components/review/review-parts";
import { formatScore } from "../components/charts/format";
import { formatDate, formatDateTime } from "../lib/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Review ${data?.conversation.id ?? ""} · Tandem` }];

const ReviewIdSchema = z.coerce.number().int().positive();

async function requireReview(request: Request, context: LoaderFunctionArgs["context"], param: string | undefined) {
  const user = await requireReviewer(context.auth, request, "review the team's conversations");
  const reviewId = ReviewIdSchema.safeParse(param);
  if (!reviewId.success) throw new Response("No such review.", { status: 404 });
  return { user, reviewId: reviewId.data };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, reviewId } = await requireReview(request, context, params.reviewId);
  const opened = await openReview(context.db, context.copilot, user.workspaceId, reviewId);
  if (!opened) throw new Response("No such review in this workspace.", { status: 404 });
  const { review, conversation, rubric, preScore, weekReplies } = opened;
  preScoreNext(context.db, context.copilot, user.workspaceId, review);
  const weekStart = review.weekStart.getTime();
  const { reviews, scored } = weekQueue(context.db, user.workspaceId, weekStart);
  const position = reviews.findIndex((other) => other.id === review.id);
  return {
    user: { name: user.name, role: user.role, workspaceName: user.workspaceName },
    review: { id: review.id, repName: review.repName, reasons: review.reasons, aiDrafted: review.aiDrafted, scores: review.scores, coachingNote: review.coachingNote, scoredAt: review.scoredAt, overall: review.overall },
    week: weekParam(weekStart),
    weekStart,
    conversation,
    rubric,
    preScore,
    weekReplies,
    progress: { scored, total: reviews.length, position: position + 1 },
  };
}

type ScoreOutcome = { ok: false; message: string; errors: Record<string, string> };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, reviewId } = await requireReview(request, context, params.reviewId);
  const review = findReview(context.db, user.workspaceId, reviewId);
  if (!review) return data<ScoreOutcome>({ ok: false, message: "This review is gone: the week's queue was drawn again.", errors: {} }, { status: 404 });
  const form = await request.formData().catch(() => undefined);
  const parsed = ReviewScoreFormSchema.safeParse(form ? Object.fromEntries(form) : {});
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0] ?? "form"), issue.message]));
    return data<ScoreOutcome>({ ok: false, message: "Not saved: every criterion needs a score.", errors }, { status: 400 });
  }
  const rubric = (review.rubricVersion !== null && rubricVersion(context.db, user.workspaceId, review.rubricVersion)) || currentRubric(context.db, user.workspaceId);
  scoreReview(context.db, user.workspaceId, reviewId, { rubric, ...parsed.data, reviewerId: user.id, at: new Date() });
  // On to the next review left to score in the week, or back to the queue when it is done.
  const next = weekQueue(context.db, user.workspaceId, review.weekStart.getTime()).reviews.find((other) => other.scoredAt === null);
  return redirect(next ? `/review/${next.id}` : `/review?week=${weekParam(review.weekStart.getTime())}`);
}

export default function ScoreReviewPage() {
  const { user, review, week, weekStart, conversation, rubric, preScore, weekReplies, progress } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const navigation = useNavigation();
  const navigate = useNavigate();
  const saving = navigation.state === "submitting";
  const aiScore = (id: CriterionId) => preScore?.scores.find((score) => score.criterion === id);
  const initial = () => Object.fromEntries(rubric.criteria.map(({ id }) => [id, review.scores?.[id] ?? aiScore(id)?.score ?? null])) as Record<CriterionId, number | null>;
  const [scores, setScores] = useState(initial);
  const [confirmed, setConfirmed] = useState<Set<CriterionId>>(() => new Set(review.scores ? rubric.criteria.map(({ id }) => id) : []));
  const [focused, setFocused] = useState(0);
  const [highlight, setHighlight] = useState<number | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const note = useRef<HTMLTextAreaElement>(null);

  // A new review (Save and next) starts from its own scores.
  useEffect(() => {
    setScores(initial());
    setConfirmed(new Set(review.scores ? rubric.criteria.map(({ id }) => id) : []));
    setFocused(0);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [review.id]);

  const score = (index: number, value: number | null) => {
    const criterion = rubric.criteria[index];
    if (!criterion || value === null) return;
    setScores((current) => ({ ...current, [criterion.id]: value }));
    setConfirmed((current) => new Set(current).add(criterion.id));
    setFocused(Math.min(index + 1, rubric.criteria.length - 1));
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
        event.preventDefault();
        form.current?.requestSubmit();
        return;
      }
      if (event.target instanceof HTMLElement && event.target.closest("input[type=text], textarea, select")) {
        if (event.key === "Escape") (event.target as HTMLElement).blur();
        return;
      }
      const criterion = rubric.criteria[focused]!;
      if (/^[1-5]$/.test(event.key)) score(focused, Number(event.key));
      else if (event.key === "Enter" && !(event.target instanceof HTMLButtonElement || event.target instanceof HTMLAnchorElement)) score(focused, scores[criterion.id]);
      else if (event.key === "j" || event.key === "ArrowDown") setFocused((i) => Math.min(i + 1, rubric.criteria.length - 1));
      else if (event.key === "k" || event.key === "ArrowUp") setFocused((i) => Math.max(i - 1, 0));
      else if (event.key === "n") note.current?.focus();
      else if (event.key === "Escape") navigate(`/review?week=${week}`);
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  useEffect(() => {
    document.getElementById(`criterion-${focused}`)?.scrollIntoView({ block: "nearest" });
  }, [focused]);

  const showMessage = (index: number) => {
    setHighlight(index);
    document.getElementById(`message-${index}`)?.scrollIntoView({ block: "center", behavior: "smooth" });
  };

  const left = rubric.criteria.filter(({ id }) => !confirmed.has(id)).length;

  return (
    <div className="app-shell">
      <AppHeader user={user} />
      <main className="review-score">
        <div className="review-score-bar">
          <Link to={`/review?week=${week}`} className="button button-quiet">
            ← Week of {formatDate(new Date(weekStart))} <kbd>Esc</kbd>
          </Link>
          <ProgressBar value={progress.scored} max={progress.total} label={`${progress.scored} of ${progress.total} scored`} />
        </div>
        <section className="review-thread" aria-label="Conversation">
          <header className="review-thread-head">
            <ChannelBadge channel={conversation.channel} />
            <h1>
              {conversation.id} · {conversation.subject ?? "(no subject)"}
            </h1>
            <p className="muted">
              {review.repName} · {conversation.account?.name ?? "No account"}
              {conversation.account?.plan ? ` · ${conversation.account.plan}` : ""}
            </p>
            <ReviewReasons reasons={review.reasons} />
          </header>
          <ol className="review-messages">
            {conversation.messages.map((message, index) => (
              <li
                key={index}
                id={`message-${index}`}
                className={[
                  "review-message",
                  `review-message-${message.author}`,
                  weekReplies.includes(index) ? "review-message-under-review" : "",
                  highlight === index ? "review-message-highlight" : "",
                ].join(" ")}
              >
                <div className="review-message-meta">
                  <strong>{message.authorName ?? message.author}</strong>
                  <span className="muted">{formatDateTime(message.at)}</span>
                  {weekReplies.includes(index) ? <span className="review-under-review">Under review</span> : null}
                </div>
                <p>{message.text}</p>
              </li>
            ))}
          </ol>
        </section>
        <Form method="post" ref={form} className="review-rubric" aria-label={`Rubric, version ${rubric.version}`}>
          <header className="review-rubric-head">
            <h2>Recovery rubric v{rubric.version}</h2>
            <p className="muted">
              {preScore
                ? `AI pre-score by ${preScore.provenance.provider === "local" ? "the local scorer" : preScore.provenance.model}: confirm or change each score.`
                : "No AI pre-score: score each criterion."}{" "}
              <kbd>1</kbd>–<kbd>5</kbd> score, <kbd>Enter</kbd> confirm, <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>n</kbd> note, <kbd>Ctrl</kbd>+<kbd>Enter</kbd> save and next.
            </p>
          </header>
          {outcome && !outcome.ok ? (
            <p className="flash flash-error" role="alert">
              {outcome.message}
            </p>
          ) : null}
          {rubric.criteria.map((criterion, index) => {
            const ai = aiScore(criterion.id);
            const value = scores[criterion.id];
            const error = outcome && !outcome.ok ? outcome.errors[`score.${criterion.id}`] : undefined;
            return (
              <fieldset
                key={criterion.id}
                id={`criterion-${index}`}
                className={["review-criterion", index === focused ? "review-criterion-focused" : "", confirmed.has(criterion.id) ? "review-criterion-confirmed" : ""].join(" ")}
                onFocus={() => setFocused(index)}
                onClick={() => setFocused(index)}
              >
                <legend>
                  {criterion.title} <span className="muted">×{criterion.weight}</span>
                </legend>
                <p className="review-question">{criterion.question}</p>
                <div className="review-levels" role="radiogroup" aria-label={criterion.title}>
                  {SCORE_LEVELS.map((level) => (
                    <label key={level} className={value === level ? "review-level review-level-chosen" : "review-level"} title={criterion.anchors[level as 1 | 3 | 5] ?? undefined}>
                      <input
                        type="radio"
                        name={`score.${criterion.id}`}
                        value={level}
                        checked={value === level}
                        onChange={() => score(index, level)}
                      />
                      {level}
                    </label>
                  ))}
                  {ai ? (
                    <span className={confirmed.has(criterion.id) ? "review-ai" : "review-ai review-ai-pending"}>
                      AI: {ai.score}
                      {!confirmed.has(criterion.id) ? " · to confirm" : ai.score !== value ? " · changed" : ""}
                    </span>
                  ) : null}
                </div>
                {error ? <span className="field-error">{error}</span> : null}
                {ai && index === focused ? (
                  <div className="review-evidence">
                    <p>{ai.reason}</p>
                    {ai.evidence.map((evidence, i) => (
                      <button key={i} type="button" className="review-quote" onClick={() => showMessage(evidence.messageIndex)}>
                        “{evidence.quote}”
                      </button>
                    ))}
                  </div>
                ) : null}
                {index === focused ? (
                  <dl className="review-anchors">
                    {([1, 3, 5] as const).map((level) => (
                      <div key={level}>
                        <dt>{level}</dt>
                        <dd>{criterion.anchors[level]}</dd>
                      </div>
                    ))}
                  </dl>
                ) : null}
              </fieldset>
            );
          })}
          <label className="review-note">
            Coaching note for {review.repName}
            <textarea ref={note} name="coachingNote" rows={3} maxLength={4_000} defaultValue={review.coachingNote ?? ""} key={review.id} placeholder="What went well, what to try next time" />
          </label>
          <div className="review-save">
            <button type="submit" className="button button-primary" disabled={saving}>
              {saving ? "Saving…" : "Save and next"} <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
            </button>
            <span className="muted">
              {left ? `${left} AI score${left === 1 ? "" : "s"} not yet confirmed` : "Every score confirmed"}
              {review.scoredAt && review.overall !== null ? ` · scored ${formatScore(review.overall)} before` : ""}
            </span>
          </div>
        </Form>
      </main>
    </div>
  );
}

export { PageErrorBoundary as ErrorBoundary } from "../components/error-boundary";
