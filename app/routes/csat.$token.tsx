import {
  data,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  useActionData,
  useLoaderData,
  useLocation,
  useNavigation,
  useRouteError,
} from "@remix-run/react";
import { isbot } from "isbot";
import { z } from "zod";
import { CSAT_COMMENT_MAX, CsatCommentSchema, CsatScoreParamSchema, CsatTokenSchema, csatScoreLabel as scoreLabel } from "../../db/csat";
import { findSurveyByToken, recordCsatComment, recordCsatScore, type PublicCsatSurvey } from "../../db/csat.server";

/**
 * The customer's one-click rating page, public (no session): the token in the
 * link is the only key. GET /csat/<token>?score=N records N unless the survey
 * is already answered (the first answer wins). Link scanners and HEAD requests
 * see the page but record nothing: they get a button a person can press.
 */

const notFound = () => data("This rating link is not valid. It may be mistyped, or the survey no longer exists.", { status: 404 });
const badScore = () => data("That rating link is not valid: a score is a whole number from 1 to 5.", { status: 400 });

function surveyFor(context: LoaderFunctionArgs["context"], token: string | undefined): PublicCsatSurvey {
  const parsed = CsatTokenSchema.safeParse(token);
  const survey = parsed.success ? findSurveyByToken(context.db, parsed.data) : undefined;
  if (!survey) throw notFound();
  return survey;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `How did we do? · ${data.workspaceName}` : "Rating · Tandem" },
  { name: "robots", content: "noindex, nofollow" },
];

/** The token is a secret: no referrer carries it elsewhere, and nothing caches the page. */
export const headers: HeadersFunction = () => ({
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
  "X-Robots-Tag": "noindex, nofollow",
});

type Outcome = "choose" | "confirm" | "recorded" | "already_recorded";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const survey = surveyFor(context, params.token);
  const rawScore = new URL(request.url).searchParams.get("score");
  let outcome: Outcome = survey.score === null ? "choose" : "already_recorded";
  let score = survey.score;
  let requested: number | null = null;
  if (rawScore !== null) {
    const parsed = CsatScoreParamSchema.safeParse(rawScore);
    if (!parsed.success) throw badScore();
    requested = parsed.data;
    const automated = request.method !== "GET" || isbot(request.headers.get("User-Agent"));
    if (survey.score === null && automated) outcome = "confirm";
    else if (survey.score === null) {
      const result = recordCsatScore(context.db, params.token!, parsed.data);
      if (result.status === "not_found") throw notFound();
      outcome = result.status;
      score = result.score;
    }
  }
  return { workspaceName: survey.workspaceName, outcome, score, requested, hasComment: survey.comment !== null };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("score"), score: CsatScoreParamSchema }),
  z.object({ intent: z.literal("comment"), comment: z.string() }),
]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  surveyFor(context, params.token);
  const form = await request.formData().catch(() => undefined);
  const parsed = ActionSchema.safeParse(form ? Object.fromEntries(form) : {});
  if (!parsed.success) throw data("That form was not understood.", { status: 400 });
  if (parsed.data.intent === "score") {
    const result = recordCsatScore(context.db, params.token!, parsed.data.score);
    if (result.status === "not_found") throw notFound();
    return { intent: "score" as const, status: result.status };
  }
  const comment = CsatCommentSchema.safeParse(parsed.data.comment);
  if (!comment.success) {
    return data(
      { intent: "comment" as const, status: "invalid" as const, error: `Write a comment of up to ${CSAT_COMMENT_MAX} characters.` },
      { status: 400 },
    );
  }
  const result = recordCsatComment(context.db, params.token!, comment.data);
  if (result.status === "not_found") throw notFound();
  if (result.status === "no_score") throw data("Choose a score before adding a comment.", { status: 400 });
  return { intent: "comment" as const, status: result.status };
}

export default function CsatPage() {
  const { workspaceName, outcome: loaded, score, requested, hasComment } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  // Forms post to the bare path, so the page that follows never re-reads a ?score= from the link.
  const { pathname } = useLocation();
  const outcome: Outcome =
    actionData?.intent === "score" ? (actionData.status === "recorded" ? "recorded" : "already_recorded") : loaded;
  const commentError = actionData?.intent === "comment" && actionData.status === "invalid" ? actionData.error : undefined;
  const commented = actionData?.intent === "comment" && actionData.status !== "invalid";
  const label = score === null ? "" : `${score} – ${scoreLabel(score)}`;
  /** This very click tried to answer again. */
  const repeatClick = outcome === "already_recorded" && requested !== null;

  return (
    <main className="page-center csat-page">
      <section className="csat-card" aria-labelledby="csat-title">
        <p className="csat-from">{workspaceName}</p>
        {outcome === "choose" || outcome === "confirm" ? (
          <>
            <h1 id="csat-title">How did we do?</h1>
            <p className="csat-lead">
              {outcome === "confirm" ? "Please confirm your rating." : "Rate the help you got. One click is all it takes."}
            </p>
            {outcome === "confirm" && requested !== null ? (
              <Form method="post" action={pathname} className="csat-confirm">
                <input type="hidden" name="intent" value="score" />
                <input type="hidden" name="score" value={requested} />
                <button type="submit" className="button button-primary">
                  Rate {requested} – {scoreLabel(requested)}
                </button>
              </Form>
            ) : null}
            <ScoreChoices selected={requested} />
          </>
        ) : (
          <>
            <div className={`csat-score csat-score-${score}`} aria-hidden>
              {score}
            </div>
            <h1 id="csat-title">{repeatClick ? "Your rating is already recorded" : "Thank you!"}</h1>
            <p className="csat-lead">
              {outcome === "recorded"
                ? `You rated us ${label}. Your feedback goes straight to the team.`
                : repeatClick && requested !== score
                  ? `You rated us ${label}. Only the first answer counts, so nothing has changed.`
                  : `You rated us ${label}.`}
            </p>
            {commented || hasComment ? (
              <p className="csat-done" role="status">
                {commented && actionData?.status === "recorded" ? "Thanks for your comment." : "Your comment is recorded. Thank you."}
              </p>
            ) : (
              <Form method="post" action={pathname} className="csat-comment stack">
                <input type="hidden" name="intent" value="comment" />
                <label className="field">
                  <span>
                    Anything you&rsquo;d like to add? <span className="muted">(optional)</span>
                  </span>
                  <textarea
                    name="comment"
                    rows={4}
                    maxLength={CSAT_COMMENT_MAX}
                    required
                    aria-invalid={commentError ? true : undefined}
                    aria-describedby={commentError ? "comment-error" : undefined}
                  />
                </label>
                {commentError ? (
                  <p id="comment-error" className="field-error">
                    {commentError}
                  </p>
                ) : null}
                <button type="submit" className="button button-primary" disabled={navigation.state !== "idle"}>
                  Send comment
                </button>
              </Form>
            )}
          </>
        )}
      </section>
    </main>
  );
}

function ScoreChoices({ selected }: { selected: number | null }) {
  return (
    <ol className="csat-choices" aria-label="Scores from 1 (very poor) to 5 (excellent)">
      {[1, 2, 3, 4, 5].map((score) => (
        <li key={score}>
          <a
            href={`?score=${score}`}
            className={`csat-choice csat-choice-${score}`}
            aria-current={selected === score ? "true" : undefined}
          >
            <span className="csat-choice-score">{score}</span>
            <span className="csat-choice-label">{scoreLabel(score)}</span>
          </a>
        </li>
      ))}
    </ol>
  );
}

/** A customer-facing error: no link into the app, no internals. */
export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const detail =
    isRouteErrorResponse(error) && typeof error.data === "string"
      ? error.data
      : "Something went wrong on our side. Please try the link again in a moment.";
  return (
    <main className="page-center csat-page">
      <section className="csat-card" role="alert">
        <p className="error-status">{status}</p>
        <h1>{status === 404 ? "Link not found" : status === 400 ? "That link is not valid" : "Something went wrong"}</h1>
        <p className="csat-lead">{detail}</p>
      </section>
    </main>
  );
}
