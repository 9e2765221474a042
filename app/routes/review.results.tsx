import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { parseReviewWeek, RESULT_WEEKS, weekParam } from "../../db/quality-review";
import { currentRubric } from "../../db/quality-reviews.server";
import { CALIBRATION_MIN_PAIRS, type Calibration, type Mean } from "../../db/review-math";
import { requireReviewer, reviewResults } from "../../server/quality-review.server";
import { AppHeader } from "../components/app-header";
import { formatPercent, formatScore, formatWeek, plural, weekTick } from "../components/charts/format";
import { LineChart } from "../components/charts/line-chart";
import { LINE_COLOR } from "../components/charts/palette";
import { ReviewNav } from "../components/review/review-parts";
import { formatDate } from "../lib/format";

export const meta: MetaFunction = () => [{ title: "Quality results · Tandem" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireReviewer(context.auth, request, "see the team's quality scores");
  const week = parseReviewWeek(new URL(request.url).searchParams.get("week"), new Date());
  const { reviews, results } = reviewResults(context.db, user.workspaceId, week, RESULT_WEEKS);
  const rubric = currentRubric(context.db, user.workspaceId);
  return {
    user: { name: user.name, role: user.role, workspaceName: user.workspaceName },
    week: weekParam(week),
    scored: reviews.length,
    results,
    criteria: rubric.criteria.map(({ id, title }) => ({ id, title })),
  };
}

/** Red through green over the 1–5 scale, for a score cell's background. */
function scoreTint(mean: number | null): string | undefined {
  if (mean === null) return undefined;
  const hue = ((Math.min(5, Math.max(1, mean)) - 1) / 4) * 120;
  return `hsl(${hue} 70% 90%)`;
}

function ScoreCell({ mean }: { mean: Mean }) {
  return (
    <td className="score-cell" style={{ background: scoreTint(mean.mean) }} title={mean.n ? plural(mean.n, "score") : "No scores"}>
      {formatScore(mean.mean)}
    </td>
  );
}

const VERDICTS: Record<Calibration["verdict"], string> = {
  trust: "Trust it: confirm at a glance",
  check: "Check its evidence",
  "score yourself": "Score it yourself",
  "too few": `Too few scores (under ${CALIBRATION_MIN_PAIRS})`,
};

export default function ReviewResultsPage() {
  const { user, week, scored, results, criteria } = useLoaderData<typeof loader>();
  const title = (id: string) => criteria.find((criterion) => criterion.id === id)?.title ?? id;
  const weeks = results.weeks;
  const scoreTicks = [0, 1, 2, 3, 4, 5];

  return (
    <div className="app-shell">
      <AppHeader user={user} />
      <main className="page review-page">
        <ReviewNav current="results" week={week} />
        <div className="review-head">
          <div>
            <h1>Quality results</h1>
            <p className="muted">
              {plural(scored, "scored conversation")} over the {RESULT_WEEKS} weeks to the week of {formatDate(new Date(weeks.at(-1)!))}, on the recovery rubric (1–5).
            </p>
          </div>
          <a className="button" href={`/review/results.csv?week=${week}`} download>
            Download CSV
          </a>
        </div>
        {scored === 0 ? (
          <p className="empty-state">No scores yet in these weeks. Build a week's queue and score it: results appear here as you go.</p>
        ) : (
          <>
            <section className="review-card">
              <h2>Team, week over week</h2>
              <LineChart
                title="Team's average overall score per week"
                color={LINE_COLOR}
                ticks={scoreTicks}
                formatValue={formatScore}
                points={results.team.map(({ weekStart, overall }) => ({
                  label: formatWeek(new Date(weekStart)),
                  tick: weekTick(new Date(weekStart)),
                  value: overall.mean,
                  description: overall.n ? `${formatScore(overall.mean)} over ${plural(overall.n, "conversation")}` : "no scores",
                }))}
              />
            </section>
            <section className="review-card">
              <h2>Reps, week over week</h2>
              <div className="table-scroll">
                <table className="score-table">
                  <thead>
                    <tr>
                      <th scope="col">Rep</th>
                      {weeks.map((weekStart) => (
                        <th key={weekStart} scope="col">
                          {formatWeek(new Date(weekStart))}
                        </th>
                      ))}
                      <th scope="col">All weeks</th>
                    </tr>
                  </thead>
                  <tbody>
                    {results.reps.map((rep) => (
                      <tr key={rep.repId}>
                        <th scope="row">{rep.repName}</th>
                        {rep.weeks.map((repWeek) => (
                          <ScoreCell key={repWeek.weekStart} mean={repWeek.overall} />
                        ))}
                        <ScoreCell mean={rep.overall} />
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
            <section className="review-card">
              <h2>By criterion</h2>
              <div className="table-scroll">
                <table className="score-table">
                  <thead>
                    <tr>
                      <th scope="col">Criterion</th>
                      {weeks.map((weekStart) => (
                        <th key={weekStart} scope="col">
                          {formatWeek(new Date(weekStart))}
                        </th>
                      ))}
                      <th scope="col">All weeks</th>
                      <th scope="col">AI-drafted</th>
                      <th scope="col">Human-written</th>
                    </tr>
                  </thead>
                  <tbody>
                    {criteria.map(({ id }) => (
                      <tr key={id}>
                        <th scope="row">{title(id)}</th>
                        {results.team.map((teamWeek) => (
                          <ScoreCell key={teamWeek.weekStart} mean={teamWeek.byCriterion[id]} />
                        ))}
                        <ScoreCell mean={results.byCriterion[id]} />
                        <ScoreCell mean={results.aiDrafted.byCriterion[id]} />
                        <ScoreCell mean={results.humanWritten.byCriterion[id]} />
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
            <section className="review-card" aria-label="AI-drafted against human-written">
              <h2>AI-drafted against human-written replies</h2>
              <div className="review-versus">
                {(
                  [
                    ["AI-drafted", results.aiDrafted.overall],
                    ["Human-written", results.humanWritten.overall],
                  ] as const
                ).map(([label, overall]) => (
                  <div key={label} className="review-versus-item">
                    <span className="review-versus-label">{label}</span>
                    <span className="review-versus-bar">
                      <span style={{ width: `${((overall.mean ?? 0) / 5) * 100}%` }} />
                    </span>
                    <span>
                      {formatScore(overall.mean)} <span className="muted">({plural(overall.n, "conversation")})</span>
                    </span>
                  </div>
                ))}
              </div>
            </section>
            <section className="review-card" aria-label="Calibration">
              <h2>Calibration: the AI pre-score against managers' scores</h2>
              <p className="muted">
                Weighted kappa (quadratic) per criterion over every conversation scored by both. At 0.6 and above the pre-score can be confirmed at a glance; from 0.4,
                read its evidence; below, score the criterion yourself.
              </p>
              <table className="score-table calibration-table">
                <thead>
                  <tr>
                    <th scope="col">Criterion</th>
                    <th scope="col">Pairs</th>
                    <th scope="col">Exact</th>
                    <th scope="col">Within 1</th>
                    <th scope="col">Kappa</th>
                    <th scope="col">AI scores</th>
                    <th scope="col">Verdict</th>
                  </tr>
                </thead>
                <tbody>
                  {results.calibration.map((row) => (
                    <tr key={row.criterion}>
                      <th scope="row">{title(row.criterion)}</th>
                      <td>{row.n}</td>
                      <td>{formatPercent(row.exact)}</td>
                      <td>{formatPercent(row.withinOne)}</td>
                      <td>{row.kappa === null ? "—" : row.kappa.toFixed(2)}</td>
                      <td>{row.bias === null ? "—" : row.bias === 0 ? "level" : row.bias > 0 ? `${row.bias.toFixed(1)} low` : `${(-row.bias).toFixed(1)} high`}</td>
                      <td>
                        <span className={`verdict verdict-${row.verdict.replace(" ", "-")}`}>{VERDICTS[row.verdict]}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </>
        )}
      </main>
    </div>
  );
}

export { PageErrorBoundary as ErrorBoundary } from "../components/error-boundary";
