import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { requireReviewer } from "../../server/quality-review.server";
import { evalHistoryView } from "../../evals/history.server";
import { AppHeader } from "../components/app-header";
import { weekTick } from "../components/charts/format";
import { LineChart } from "../components/charts/line-chart";
import { LINE_COLOR } from "../components/charts/palette";
import { formatDateTime } from "../lib/format";

export const meta: MetaFunction = () => [{ title: "Evals · Tandem" }];

/** Runs shown on the charts: the latest provider's, most recent last. */
const CHART_RUNS = 20;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireReviewer(context.auth, request, "see the evals");
  return { user: { name: user.name, role: user.role, workspaceName: user.workspaceName }, ...evalHistoryView(context.evals) };
}

const format = (value: number | null | undefined) => (value === null || value === undefined ? "—" : value.toFixed(2));

export default function EvalsPage() {
  const { user, runs, prompts, figures } = useLoaderData<typeof loader>();
  const [latest, before] = runs;
  const charted = runs
    .filter((run) => run.provider === latest?.provider)
    .slice(0, CHART_RUNS)
    .reverse();
  const line = (index: number, ticks: number[]) => (
    <LineChart
      title={`${figures[index]!.label} per run (held-out)`}
      color={LINE_COLOR}
      ticks={ticks}
      formatValue={(value) => value.toFixed(2)}
      points={charted.map((run) => ({
        label: formatDateTime(run.at),
        tick: weekTick(run.at),
        value: run.figures[index] ?? null,
        description: `${formatDateTime(run.at)}, ${run.prompts.map((prompt) => prompt.version).join(", ")}: ${format(run.figures[index])}`,
      }))}
    />
  );

  return (
    <div className="app-shell">
      <AppHeader user={user} />
      <main className="reports">
        <div className="reports-inner">
          <div className="reports-head">
            <div>
              <h1>Evals</h1>
              <p className="reports-period">
                The AI copilot measured on the eval datasets by <code>npm run evals</code>: each run, the prompt versions it ran and its held-out scores. A run fails
                when a prompt changed without a new baseline or a score fell below its baseline.
              </p>
            </div>
          </div>

          {latest ? (
            <section className="kpi-grid" aria-label="Latest run">
              <div className={`kpi ${latest.passed ? "kpi-good" : "kpi-bad"}`} role="group" aria-labelledby="kpi-gate">
                <h2 id="kpi-gate" className="kpi-label">
                  Latest run
                </h2>
                <p className="kpi-value">{latest.passed ? "Passed" : "Failed"}</p>
                <p className="kpi-detail">
                  {formatDateTime(latest.at)} · {latest.provider}
                  {latest.accepted ? " · baseline" : ""}
                </p>
              </div>
              {figures.map((figure, index) => (
                <div key={figure.id} className="kpi" role="group" aria-labelledby={`kpi-${index}`}>
                  <h2 id={`kpi-${index}`} className="kpi-label">
                    {figure.label}
                  </h2>
                  <p className="kpi-value">{format(latest.figures[index])}</p>
                  <p className="kpi-detail">{before ? `${format(before.figures[index])} the run before` : "the first run"}</p>
                </div>
              ))}
            </section>
          ) : (
            <p className="reports-empty">No eval runs yet. Run <code>npm run evals</code>; each run adds a line here.</p>
          )}

          {charted.length > 1 ? (
            <section className="chart-grid" aria-label="Scores over time">
              <article className="card chart-card">
                <header className="card-head">
                  <h2>{figures[0].label}</h2>
                  <span className="card-note">Weighted rubric score of the drafts, 1–5, by the {latest?.provider} judge</span>
                </header>
                {line(0, [0, 1, 2, 3, 4, 5])}
              </article>
              <article className="card chart-card">
                <header className="card-head">
                  <h2>{figures[1].label}</h2>
                  <span className="card-note">The judge against hand scores, mean over criteria</span>
                </header>
                {line(1, [0, 0.25, 0.5, 0.75, 1])}
              </article>
            </section>
          ) : null}

          <section className="card table-card" aria-label="Runs">
            <header className="card-head">
              <h2>Runs</h2>
              <span className="card-note">Newest first; a prompt in bold changed since the run before</span>
            </header>
            <div className="table-scroll">
              <table className="figures-table">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Provider</th>
                    <th scope="col">Prompts</th>
                    <th scope="col">Gate</th>
                    {figures.map((figure) => (
                      <th key={figure.id} scope="col">
                        {figure.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {runs.map((run) => (
                    <tr key={run.runId}>
                      <th scope="row">{formatDateTime(run.at)}</th>
                      <td>
                        {run.provider} <span className="muted">{run.model}</span>
                      </td>
                      <td>
                        {run.prompts.map((prompt, index) => (
                          <Fragment key={prompt.version}>
                            {index ? ", " : ""}
                            {prompt.changed ? <strong>{prompt.version}</strong> : prompt.version}
                          </Fragment>
                        ))}
                      </td>
                      <td>
                        {run.passed ? "passed" : "failed"}
                        {run.accepted ? <span className="tag">baseline</span> : null}
                      </td>
                      {run.figures.map((value, index) => (
                        <td key={figures[index]!.id}>{format(value)}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <section className="card table-card" aria-label="Prompt versions">
            <header className="card-head">
              <h2>Prompt versions</h2>
              <span className="card-note">Each prompt text that ran, by the sha256 of the file</span>
            </header>
            <div className="table-scroll">
              <table className="figures-table">
                <thead>
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col">sha256</th>
                    <th scope="col">First run</th>
                    <th scope="col">Last run</th>
                    <th scope="col">Runs</th>
                  </tr>
                </thead>
                <tbody>
                  {prompts.map((prompt) => (
                    <tr key={`${prompt.version} ${prompt.sha256}`}>
                      <th scope="row">{prompt.version}</th>
                      <td className="muted">{prompt.sha256.slice(0, 12)}</td>
                      <td>{formatDateTime(prompt.firstRun)}</td>
                      <td>{formatDateTime(prompt.lastRun)}</td>
                      <td>{prompt.runs}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <p className="reports-footnote">
            Scores are held-out: cases the local AI was never tuned on. Draft scores are 1–5 by the provider&rsquo;s judge; κ is the quadratic weighted kappa of the
            judge against replies scored by hand; the rest are shares from 0 to 1. Runs on this machine come from <code>evals/reports/history.jsonl</code>, accepted
            baselines from <code>evals/baselines/history.jsonl</code>; the full report of the latest run is <code>evals/reports/latest.html</code>.
          </p>
        </div>
      </main>
    </div>
  );
}

export { PageErrorBoundary as ErrorBoundary } from "../components/error-boundary";
