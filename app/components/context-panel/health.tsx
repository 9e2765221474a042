import type { AccountHealth, HealthStatus, SignalTone } from "../../../db/account-health.server";
import { formatDate, formatDateTime } from "../../lib/format";
import { Sparkline } from "./sparkline";
import { formatAgo, plural } from "./time";

const STATUS_LABELS: Record<HealthStatus, string> = {
  healthy: "Healthy",
  watch: "Watch",
  "at-risk": "At risk",
  "no-data": "No data",
};
const TONE_LABELS: Record<SignalTone, string> = { risk: "Risk", watch: "Watch", good: "Good" };
const TREND_ARROWS = { up: "↑", flat: "→", down: "↓" } as const;

/** "+4%", "−12%" (a real minus sign), "0%". */
const signedPct = (pct: number) => `${pct > 0 ? "+" : pct < 0 ? "\u2212" : ""}${Math.abs(pct)}%`;

function trendSummary({ trend }: AccountHealth): string {
  if (!trend.enoughData) return "too little to compare";
  if (trend.direction === "flat") return `steady (${signedPct(trend.changePct)})`;
  return `${trend.direction} ${Math.abs(trend.changePct)}%`;
}

function featureTitle(adopted: boolean, lastUsedAt: Date | null): string {
  if (adopted && lastUsedAt) return `In use; last used ${formatDate(lastUsedAt)}`;
  if (lastUsedAt) return `Not used in the last 30 days; last used ${formatDate(lastUsedAt)}`;
  return "Never used";
}

export function HealthSection({ health, now }: { health: AccountHealth | null; now: Date }) {
  return (
    <section className="ctx-health" aria-labelledby="ctx-health-title">
      <header className="ctx-section-head">
        <h3 id="ctx-health-title">Health</h3>
        {health ? <span className={`ctx-status ctx-status-${health.status}`}>{STATUS_LABELS[health.status]}</span> : null}
      </header>
      {!health ? (
        <p className="muted ctx-empty">No account, so no product usage to show.</p>
      ) : (
        <>
          {health.signalDetails.length ? (
            <ul className="ctx-signals" aria-label="Health signals">
              {health.signalDetails.map((signal) => (
                <li key={signal.text} className={`ctx-signal ctx-signal-${signal.tone}`}>
                  <span className="sr-only">{TONE_LABELS[signal.tone]}: </span>
                  {signal.text}
                </li>
              ))}
            </ul>
          ) : null}
          {health.trialDay !== undefined && health.trialLengthDays !== undefined ? <TrialMeter health={health} /> : null}
          {health.hasUsage ? (
            <UsageDetails health={health} now={now} />
          ) : (
            <p className="muted ctx-empty">No product usage recorded for this account yet.</p>
          )}
        </>
      )}
    </section>
  );
}

function TrialMeter({ health }: { health: AccountHealth }) {
  const day = health.trialDay ?? 0;
  const length = health.trialLengthDays ?? 0;
  const left = health.trialDaysLeft ?? 0;
  const status =
    day > length ? `ended ${plural(day - length, "day")} ago` : left === 0 ? "last day" : `${plural(left, "day")} left`;
  return (
    <div className="ctx-trial">
      <p className="ctx-block-head">
        <span>Trial progress</span>
        <span className={left <= 3 ? "attention" : undefined}>
          Day {Math.min(day, length)} of {length} · {status}
        </span>
      </p>
      <ol className="ctx-trial-days" aria-hidden>
        {Array.from({ length }, (_, i) => (
          <li key={i} className={i + 1 < day ? "done" : i + 1 === day ? "today" : undefined} />
        ))}
      </ol>
      <p className="ctx-note">
        {health.trialLogins === 1 ? "One login" : `${health.trialLogins ?? 0} logins`} since the trial started
      </p>
    </div>
  );
}

function UsageDetails({ health, now }: { health: AccountHealth; now: Date }) {
  const { trend } = health;
  const share = health.seatUtilisation ?? 0;
  const spark = `Daily product activity over the last 30 days: ${plural(trend.last30, "event")}, ${trendSummary(health)} against ${plural(trend.previous30, "event")} in the previous 30 days.`;
  return (
    <>
      <dl className="ctx-stats">
        <div className="ctx-stat">
          <dt>Last login</dt>
          <dd>
            {health.lastLoginAt ? (
              <time dateTime={health.lastLoginAt.toISOString()} title={formatDateTime(health.lastLoginAt)}>
                {formatAgo(health.lastLoginAt, now)}
              </time>
            ) : (
              "Never"
            )}
          </dd>
        </div>
        <div className="ctx-stat">
          <dt>Active users (30d)</dt>
          <dd>
            <strong>{health.activeUsers30d}</strong>
            {health.seats ? <span className="muted"> of {plural(health.seats, "seat")}</span> : null}
            {health.seats ? (
              <span className="ctx-bar" aria-hidden>
                <span
                  className={`ctx-bar-fill ${share < 0.1 ? "ctx-bar-risk" : share < 0.25 ? "ctx-bar-watch" : ""}`}
                  style={{ width: `${Math.min(100, Math.max(share > 0 ? 3 : 0, Math.round(share * 100)))}%` }}
                />
              </span>
            ) : null}
          </dd>
        </div>
      </dl>
      <figure className="ctx-usage">
        <figcaption className="ctx-block-head">
          <span>Usage, 30 days</span>
          <span className={`ctx-trend ctx-trend-${trend.direction}`}>
            {plural(trend.last30, "event")}
            {trend.enoughData ? (
              <span className="ctx-trend-change">
                {trend.direction === "flat"
                  ? signedPct(trend.changePct)
                  : `${TREND_ARROWS[trend.direction]} ${Math.abs(trend.changePct)}%`}
              </span>
            ) : null}
          </span>
        </figcaption>
        <Sparkline values={health.dailyActivity} label={spark} tone={trend.direction} />
        <div className="ctx-axis" aria-hidden>
          <span>30 days ago</span>
          <span>today</span>
        </div>
      </figure>
      <div className="ctx-features">
        <p className="ctx-block-head">
          <span>Key features</span>
          <span className="muted">
            {health.keyFeatures.filter((f) => f.adopted).length} of {health.keyFeatures.length} in use
          </span>
        </p>
        <ul className="ctx-chips" aria-label="Key features">
          {health.keyFeatures.map((feature) => (
            <li
              key={feature.event}
              className={`ctx-chip ${feature.adopted ? "ctx-chip-on" : "ctx-chip-off"}`}
              title={featureTitle(feature.adopted, feature.lastUsedAt)}
            >
              <span aria-hidden>{feature.adopted ? "✓" : "–"}</span> {feature.label}
              <span className="sr-only">{feature.adopted ? " (in use)" : " (not in use)"}</span>
            </li>
          ))}
        </ul>
      </div>
    </>
  );
}
