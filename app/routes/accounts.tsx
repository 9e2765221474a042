import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";
import { listAccountRisk } from "../../server/account-risk.server";
import { AppHeader } from "../components/app-header";
import { Avatar } from "../components/avatar";
import { useLiveRevalidation } from "../components/triage/use-live-revalidation";
import { formatMoney } from "../lib/format";

export const meta: MetaFunction = () => [{ title: "Accounts at risk · Tandem" }];

const BANDS = ["at-risk", "watch", "healthy"] as const;
const BAND_LABELS = { "at-risk": "At risk", watch: "Watch", healthy: "Healthy" } as const;
const BandFilter = z.enum(["at-risk", "watch", "all"]).catch("all");
/** Usage changes without any conversation changing: read again now and then. */
const REFRESH_MS = 60_000;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await context.auth.requireUser(request);
  const band = BandFilter.parse(new URL(request.url).searchParams.get("band") ?? "all");
  const now = new Date();
  const accounts = listAccountRisk(context.db, user.workspaceId, now);
  const counts = Object.fromEntries(BANDS.map((name) => [name, accounts.filter((account) => account.health.band === name).length])) as Record<
    (typeof BANDS)[number],
    number
  >;
  return {
    user: { id: user.id, name: user.name, role: user.role, workspaceName: user.workspaceName },
    band,
    counts,
    now,
    accounts: band === "all" ? accounts : accounts.filter((account) => account.health.band === band),
  };
}

function daysAgo(date: Date | null, now: Date): string {
  if (!date) return "never";
  const days = Math.floor((now.getTime() - date.getTime()) / 86_400_000);
  return days <= 0 ? "today" : days === 1 ? "yesterday" : `${days} days ago`;
}

export default function AccountsPage() {
  const { user, band, counts, accounts, now } = useLoaderData<typeof loader>();
  useLiveRevalidation(user.id);
  const revalidator = useRevalidator();
  useEffect(() => {
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [revalidator]);
  const total = counts["at-risk"] + counts.watch + counts.healthy;

  return (
    <div className="app-shell">
      <AppHeader user={user} />
      <main className="reports accounts-page">
        <div className="reports-inner">
          <div className="reports-head">
            <div>
              <h1>Accounts at risk</h1>
              <p className="reports-period">
                Health from product usage and support, riskiest first. It updates itself as conversations and usage change.
              </p>
            </div>
            <nav className="segmented" aria-label="Show">
              {(["at-risk", "watch", "all"] as const).map((option) => (
                <Link key={option} to={`?band=${option}`} preventScrollReset className="segmented-option" aria-current={option === band ? "page" : undefined}>
                  {option === "all" ? `All ${total}` : `${BAND_LABELS[option]} ${counts[option]}`}
                </Link>
              ))}
            </nav>
          </div>

          <div className="band-bar" role="img" aria-label={`${counts["at-risk"]} at risk, ${counts.watch} to watch, ${counts.healthy} healthy`}>
            {BANDS.map((name) =>
              counts[name] ? <span key={name} className={`band-bar-${name}`} style={{ flexGrow: counts[name] }} title={`${BAND_LABELS[name]}: ${counts[name]}`} /> : null,
            )}
          </div>

          {accounts.length === 0 ? (
            <p className="empty-state">{band === "at-risk" ? "No account is at risk right now." : "No accounts here."}</p>
          ) : (
            <table className="risk-table">
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">Health</th>
                  <th scope="col">Why</th>
                  <th scope="col">Open</th>
                  <th scope="col">Last login</th>
                  <th scope="col">MRR</th>
                </tr>
              </thead>
              <tbody>
                {accounts.map((account) => (
                  <tr key={account.id} className={`risk-row risk-row-${account.health.band}`}>
                    <th scope="row">
                      <span className="risk-account">{account.name}</span>
                      <span className="risk-meta">
                        {account.plan ? <span className={`plan plan-${account.plan.toLowerCase()}`}>{account.plan}</span> : null}
                        {account.usage?.trialDay ? <span className="attention">Trial day {account.usage.trialDay}</span> : null}
                        {account.ownerName ? (
                          <span className="risk-owner">
                            <Avatar name={account.ownerName} size="sm" /> {account.ownerName}
                          </span>
                        ) : null}
                      </span>
                    </th>
                    <td>
                      <span className="health-score" aria-label={`Health ${account.health.score} of 100, ${BAND_LABELS[account.health.band]}`}>
                        <span className="health-meter">
                          <span className={`health-meter-fill health-${account.health.band}`} style={{ width: `${account.health.score}%` }} />
                        </span>
                        <strong>{account.health.score}</strong>
                        <span className={`health-band health-band-${account.health.band}`}>{BAND_LABELS[account.health.band]}</span>
                      </span>
                    </td>
                    <td>
                      {account.health.reasons.length ? (
                        <ul className="risk-reasons">
                          {account.health.reasons.slice(0, 3).map((reason) => (
                            <li key={reason.text} className={`risk-reason-${reason.from}`}>
                              {reason.text}
                            </li>
                          ))}
                        </ul>
                      ) : (
                        <span className="muted">Nothing of concern</span>
                      )}
                    </td>
                    <td>
                      {account.openConversations ? (
                        <Link to={`/inbox?view=open&account=${encodeURIComponent(account.externalId)}`}>{account.openConversations} open</Link>
                      ) : (
                        <span className="muted">none</span>
                      )}
                    </td>
                    <td>{daysAgo(account.usage?.lastLoginAt ?? null, now)}</td>
                    <td>{account.mrrCents ? formatMoney(account.mrrCents) : <span className="muted">–</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </main>
    </div>
  );
}

export { PageErrorBoundary as ErrorBoundary } from "../components/error-boundary";
