import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { csatScoreLabel } from "../../db/csat";
import { CHANNELS } from "../../db/interchange";
import { DAY_MS, parseReportWeeks, REPORT_WEEK_OPTIONS, type KeyFigures } from "../../db/report-math";
import { buildReport } from "../../db/reports.server";
import { AppHeader } from "../components/app-header";
import { Avatar } from "../components/avatar";
import { DistributionChart } from "../components/charts/distribution-chart";
import { formatPercent, formatScore, formatSpan, formatWeek, plural, weekTick } from "../components/charts/format";
import { LineChart } from "../components/charts/line-chart";
import { CHANNEL_COLORS, CSAT_COLORS, LINE_COLOR } from "../components/charts/palette";
import { niceDurationTicks } from "../components/charts/scale";
import { StackedBarChart } from "../components/charts/stacked-bar-chart";
import { CHANNEL_LABELS, formatDate } from "../lib/format";

export const meta: MetaFunction = () => [{ title: "Reports · Tandem" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await context.auth.requireUser(request);
  // ?weeks=4|8|12; anything else shows the default rather than an error.
  const weeks = parseReportWeeks(new URL(request.url).searchParams.get("weeks"));
  // The per-week × per-rep rows are for the CSV only: not sent to the page.
  const { repWeeks: _csvOnly, ...report } = buildReport(context.db, user.workspaceId, { weeks });
  return {
    user: { name: user.name, role: user.role, workspaceName: user.workspaceName },
    weeks,
    report,
  };
}

export default function ReportsPage() {
  const { user, weeks, report } = useLoaderData<typeof loader>();
  const { overall, period } = report;
  const lastDay = new Date(period.end.getTime() - DAY_MS);
  const nothingYet = overall.conversations === 0 && overall.firstResponse.count === 0 && overall.resolution.count === 0;

  return (
    <div className="app-shell">
      <AppHeader user={user} />
      <main className="reports">
        <div className="reports-inner">
          <div className="reports-head">
            <div>
              <h1>Reports</h1>
              <p className="reports-period">
                {formatDate(period.start)} – {formatDate(lastDay)} · {weeks} weeks, Monday to Sunday (UTC)
              </p>
            </div>
            <div className="reports-controls">
              <nav className="segmented" aria-label="Period">
                {REPORT_WEEK_OPTIONS.map((option) => (
                  <Link
                    key={option}
                    to={`?weeks=${option}`}
                    preventScrollReset
                    className="segmented-option"
                    aria-current={option === weeks ? "page" : undefined}
                  >
                    {option} weeks
                  </Link>
                ))}
              </nav>
              <a className="button" href={`/reports.csv?weeks=${weeks}`} download>
                <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden>
                  <path
                    d="M8 2v8 M4.5 6.5 8 10l3.5-3.5 M2.5 13.5h11"
                    fill="none"
                    stroke="currentColor"
                    strokeWidth="1.6"
                    strokeLinecap="round"
                    strokeLinejoin="round"
                  />
                </svg>
                Download CSV
              </a>
            </div>
          </div>

          {nothingYet ? (
            <p className="reports-empty">
              No conversations in these {weeks} weeks yet. Figures appear here as customers write in and the team
              replies.
            </p>
          ) : null}

          <section className="kpi-grid" aria-label="Key figures">
            <Kpi id="first-response" label="Median first response" value={formatSpan(overall.firstResponse.medianMs)}>
              {overall.firstResponse.count > 0
                ? `p90 ${formatSpan(overall.firstResponse.p90Ms)} · ${plural(
                    overall.firstResponse.count,
                    "first reply",
                    "first replies"
                  )}`
                : "No first replies yet"}
            </Kpi>
            <Kpi id="resolution" label="Median resolution" value={formatSpan(overall.resolution.medianMs)}>
              {overall.resolution.count > 0
                ? `${plural(overall.resolution.count, "conversation")} closed`
                : "Nothing closed yet"}
            </Kpi>
            <Kpi
              id="sla"
              label="SLA attainment"
              value={formatPercent(overall.sla.attainment)}
              tone={overall.sla.attainment === null ? undefined : overall.sla.attainment >= 0.9 ? "good" : "bad"}
            >
              {overall.sla.measured > 0
                ? `${overall.sla.met} of ${overall.sla.measured} without a breach`
                : "Nothing measured yet"}
            </Kpi>
            <Kpi
              id="csat"
              label="CSAT"
              value={formatScore(overall.csat.average)}
              unit={overall.csat.average === null ? undefined : "/ 5"}
            >
              {overall.csat.sent > 0
                ? `${formatPercent(overall.csat.responseRate)} answered (${overall.csat.responses} of ${
                    overall.csat.sent
                  })`
                : "No surveys sent yet"}
            </Kpi>
            <Kpi id="volume" label="Conversations" value={String(overall.conversations)}>
              {CHANNELS.map((channel) => `${CHANNEL_LABELS[channel]} ${overall.byChannel[channel]}`).join(" · ")}
            </Kpi>
          </section>

          <section className="chart-grid" aria-label="Charts">
            <ChartCard title="Conversations per week" note="New conversations, by channel">
              {report.weeks.some((week) => week.figures.conversations > 0) ? (
                <StackedBarChart
                  title="Conversations per week by channel"
                  series={CHANNELS.map((channel) => ({
                    key: channel,
                    label: CHANNEL_LABELS[channel],
                    color: CHANNEL_COLORS[channel],
                  }))}
                  rows={report.weeks.map(({ weekStart, figures }) => ({
                    label: formatWeek(weekStart),
                    tick: weekTick(weekStart),
                    description: `Week of ${formatWeek(weekStart)}: ${plural(
                      figures.conversations,
                      "conversation"
                    )} (${CHANNELS.map((c) => `${CHANNEL_LABELS[c]} ${figures.byChannel[c]}`).join(", ")})`,
                    values: CHANNELS.map((channel) => figures.byChannel[channel]),
                  }))}
                />
              ) : (
                <ChartEmpty>No new conversations in this period.</ChartEmpty>
              )}
            </ChartCard>
            <ChartCard title="Median first response" note="Per week, wall-clock time">
              {report.weeks.some((week) => week.figures.firstResponse.medianMs !== null) ? (
                <LineChart
                  title="Median first response per week"
                  color={LINE_COLOR}
                  ticks={niceDurationTicks(
                    Math.max(0, ...report.weeks.map((week) => week.figures.firstResponse.medianMs ?? 0))
                  )}
                  formatValue={formatSpan}
                  points={report.weeks.map(({ weekStart, figures }) => ({
                    label: formatWeek(weekStart),
                    tick: weekTick(weekStart),
                    value: figures.firstResponse.medianMs,
                    description:
                      figures.firstResponse.medianMs === null
                        ? `Week of ${formatWeek(weekStart)}: no first replies`
                        : `Week of ${formatWeek(weekStart)}: median ${formatSpan(
                            figures.firstResponse.medianMs
                          )} over ${plural(figures.firstResponse.count, "first reply", "first replies")}`,
                  }))}
                />
              ) : (
                <ChartEmpty>No first replies in this period.</ChartEmpty>
              )}
            </ChartCard>
            <ChartCard
              title="CSAT scores"
              note={
                overall.csat.responses > 0
                  ? `${plural(overall.csat.responses, "answer")} on a 1–5 scale`
                  : "Answers on a 1–5 scale"
              }
            >
              {overall.csat.responses > 0 ? (
                <>
                  <DistributionChart
                    title="CSAT score distribution"
                    bars={[4, 3, 2, 1, 0].map((i) => ({
                      label: String(i + 1),
                      caption: csatScoreLabel(i + 1),
                      value: overall.csat.distribution[i]!,
                      color: CSAT_COLORS[i]!,
                    }))}
                  />
                  <p className="chart-footer">
                    {plural(overall.csat.sent, "survey")} sent · {overall.csat.responses} answered · average{" "}
                    {formatScore(overall.csat.average)}
                  </p>
                </>
              ) : (
                <ChartEmpty>No survey answers yet. A survey goes out when a conversation closes.</ChartEmpty>
              )}
            </ChartCard>
          </section>

          <FiguresTable
            title="By rep"
            firstColumn="Rep"
            rows={report.reps.map(({ rep, figures }) => ({
              key: String(rep.id),
              name: (
                <span className="person">
                  <span aria-hidden>
                    {rep.id === null ? (
                      <span className="avatar avatar-sm avatar-none" />
                    ) : (
                      <Avatar name={rep.name} size="sm" />
                    )}
                  </span>
                  <span>
                    <span className="person-name">{rep.name}</span>
                    {rep.teamName ? <span className="person-team">{rep.teamName}</span> : null}
                  </span>
                </span>
              ),
              figures,
            }))}
          />
          <FiguresTable
            title="By team"
            firstColumn="Team"
            rows={report.teams.map(({ team, figures }) => ({ key: String(team.id), name: team.name, figures }))}
          />

          <p className="reports-footnote">
            Times are wall-clock: nights, weekends and holidays count in full. First response runs from the
            customer&rsquo;s first message to the first agent reply and counts in the week of the reply; resolution runs
            to the close and counts in the week of the close. SLA attainment is the share of conversations answered or
            closed in the period that never breached an SLA. CSAT counts surveys sent in the period. A conversation
            belongs to its assignee and to its team (or its assignee&rsquo;s team).
          </p>
        </div>
      </main>
    </div>
  );
}

function Kpi({
  id,
  label,
  value,
  unit,
  tone,
  children,
}: {
  id: string;
  label: string;
  value: string;
  unit?: string;
  tone?: "good" | "bad";
  children: ReactNode;
}) {
  return (
    <div className={`kpi${tone ? ` kpi-${tone}` : ""}`} role="group" aria-labelledby={`kpi-${id}`}>
      <h2 id={`kpi-${id}`} className="kpi-label">
        {label}
      </h2>
      <p className="kpi-value">
        {value}
        {unit ? <span className="kpi-unit"> {unit}</span> : null}
      </p>
      <p className="kpi-detail">{children}</p>
    </div>
  );
}

function ChartCard({ title, note, children }: { title: string; note: string; children: ReactNode }) {
  return (
    <article className="card chart-card">
      <header className="card-head">
        <h2>{title}</h2>
        <span className="card-note">{note}</span>
      </header>
      {children}
    </article>
  );
}

function ChartEmpty({ children }: { children: ReactNode }) {
  return <p className="chart-empty">{children}</p>;
}

function FiguresTable({
  title,
  firstColumn,
  rows,
}: {
  title: string;
  firstColumn: string;
  rows: { key: string; name: ReactNode; figures: KeyFigures }[];
}) {
  return (
    <section className="card table-card" aria-label={title}>
      <header className="card-head">
        <h2>{title}</h2>
      </header>
      {rows.length === 0 ? (
        <p className="chart-empty">Nobody to report on yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="figures-table">
            <thead>
              <tr>
                <th scope="col">{firstColumn}</th>
                <th scope="col">Conversations</th>
                <th scope="col">Median first response</th>
                <th scope="col">p90 first response</th>
                <th scope="col">Median resolution</th>
                <th scope="col">SLA attainment</th>
                <th scope="col">CSAT</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ key, name, figures }) => (
                <tr key={key}>
                  <th scope="row">{name}</th>
                  <td>{figures.conversations}</td>
                  <td>{formatSpan(figures.firstResponse.medianMs)}</td>
                  <td>{formatSpan(figures.firstResponse.p90Ms)}</td>
                  <td>{formatSpan(figures.resolution.medianMs)}</td>
                  <td>
                    <SlaCell figures={figures} />
                  </td>
                  <td>
                    {formatScore(figures.csat.average)}
                    {figures.csat.responses > 0 ? <span className="cell-note"> ({figures.csat.responses})</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function SlaCell({ figures }: { figures: KeyFigures }) {
  const { attainment } = figures.sla;
  if (attainment === null) return <>—</>;
  return (
    <span className="sla-cell">
      <span className="meter" aria-hidden>
        <span
          className={`meter-fill${attainment < 0.9 ? " meter-bad" : ""}`}
          style={{ width: `${attainment * 100}%` }}
        />
      </span>
      {formatPercent(attainment)}
    </span>
  );
}

export { PageErrorBoundary as ErrorBoundary } from "../components/error-boundary";
