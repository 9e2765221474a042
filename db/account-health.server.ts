/**
 * An account's health from its product usage: what a rep should know about how
 * the customer uses the product before replying. The SQL only aggregates
 * (`getAccountHealth`); every judgement and every sentence a rep reads comes
 * from one pure function (`assessAccountHealth`), so the rules are unit-tested
 * without a database.
 */
import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { TandemDatabase } from "./connection.server";
import { accounts, usageEvents } from "./schema";

const DAY = 86_400_000;

/** How long a trial lasts. The one place this number lives. */
export const TRIAL_LENGTH_DAYS = 14;
/** The window the panel reports on: active users, adoption, the sparkline; the trend compares it with the one before. */
export const HEALTH_WINDOW_DAYS = 30;

/** The product events that show an account getting value, in the order the panel lists them. */
export const KEY_FEATURES = [
  { event: "dashboard_viewed", label: "Dashboards" },
  { event: "report_exported", label: "Exports" },
  { event: "integration_synced", label: "Integrations" },
  { event: "alert_created", label: "Alerts" },
  { event: "dashboard_shared", label: "Sharing" },
  { event: "api_call", label: "API" },
] as const;

const LOGIN_EVENT = "login";

/** Thresholds, named so the rules read as sentences. */
const RULES = {
  /** Below this many events across both windows a percentage change is noise, not a trend. */
  minEventsForTrend: 20,
  /** A change within ±this percentage is flat. */
  flatBandPct: 15,
  /** A fall of at least this percentage is a risk, not just something to watch. */
  steepDropPct: 50,
  /** Days without a login before it is worth watching, and before it is a risk. */
  quietDaysWatch: 7,
  quietDaysRisk: 14,
  /** Share of seats active in the window below which it is worth watching, and a risk. */
  seatShareWatch: 0.25,
  seatShareRisk: 0.1,
  /** A renewal this close, with usage falling, is a churn risk. */
  renewalSoonDays: 30,
  /** A trial this far in with this few logins is not being evaluated. */
  trialLateDay: 7,
  trialFewLogins: 2,
  /** A trial with this few days left needs a nudge. */
  trialEndingDays: 3,
} as const;

export type HealthStatus = "healthy" | "watch" | "at-risk" | "no-data";
export type SignalTone = "risk" | "watch" | "good";
export type TrendDirection = "up" | "flat" | "down";

export interface HealthSignal {
  tone: SignalTone;
  text: string;
}

export interface KeyFeatureUse {
  event: string;
  label: string;
  /** Used at least once in the last 30 days. */
  adopted: boolean;
  lastUsedAt: Date | null;
}

export interface UsageTrend {
  last30: number;
  previous30: number;
  /** Rounded; +100 when usage starts from nothing. */
  changePct: number;
  direction: TrendDirection;
  /** Whether there were enough events for the direction to mean anything ("flat" otherwise). */
  enoughData: boolean;
}

export interface AccountHealth {
  status: HealthStatus;
  /** Whether the account has any product usage at all (before `now`). */
  hasUsage: boolean;
  lastLoginAt: Date | null;
  lastActiveAt: Date | null;
  activeUsers30d: number;
  seats: number | null;
  /** Active users in the last 30 days over seats (may exceed 1); null without seats. */
  seatUtilisation: number | null;
  keyFeatures: KeyFeatureUse[];
  trend: UsageTrend;
  /** Events per day for the last 30 days, oldest first; the last entry is the 24 hours up to `now`. */
  dailyActivity: number[];
  trialDay?: number;
  trialDaysLeft?: number;
  trialLengthDays?: number;
  /** Logins since the trial started. */
  trialLogins?: number;
  /** Plain-language reasons, most serious first. */
  signals: string[];
  /** The same reasons with their tone, for colour. */
  signalDetails: HealthSignal[];
}

/** What the database knows, aggregated: the input of the pure assessment. */
export interface UsageFacts {
  now: Date;
  plan: string | null;
  seats: number | null;
  renewalAt: Date | null;
  trialStartedAt: Date | null;
  /** Per event name, everything before `now`. */
  events: { event: string; total: number; lastAt: Date; last30: number; sinceTrial: number }[];
  activeUsers30d: number;
  /** Events per day for the last 60 days, oldest first (60 entries; shorter arrays are padded at the front). */
  daily60: number[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const daysPhrase = (n: number) => plural(n, "day");
const loginsPhrase = (n: number) => (n === 0 ? "no logins" : n === 1 ? "one login" : `${n} logins`);

/** Whether an account is on a trial: it has a trial start and no paid plan. */
export function isOnTrial(plan: string | null, trialStartedAt: Date | null): trialStartedAt is Date {
  return trialStartedAt !== null && (plan === null || plan.toLowerCase() === "trial");
}

/** Day 1 is the 24 hours from the trial's start. */
export function trialDayAt(trialStartedAt: Date, now: Date): number {
  return Math.floor((now.getTime() - trialStartedAt.getTime()) / DAY) + 1;
}

export function usageTrend(last30: number, previous30: number): UsageTrend {
  const changePct = previous30 > 0 ? Math.round(((last30 - previous30) / previous30) * 100) : last30 > 0 ? 100 : 0;
  const enoughData = last30 + previous30 >= RULES.minEventsForTrend && previous30 > 0;
  const direction: TrendDirection = !enoughData
    ? "flat"
    : changePct <= -RULES.flatBandPct
      ? "down"
      : changePct >= RULES.flatBandPct
        ? "up"
        : "flat";
  return { last30, previous30, changePct, direction, enoughData };
}

const TONE_ORDER: Record<SignalTone, number> = { risk: 0, watch: 1, good: 2 };

/** The pure part: turns aggregated usage into the numbers, the verdict and the sentences. */
export function assessAccountHealth(facts: UsageFacts): AccountHealth {
  const { now, seats } = facts;
  const daily60 = [...Array<number>(Math.max(0, 60 - facts.daily60.length)).fill(0), ...facts.daily60].slice(-60);
  const dailyActivity = daily60.slice(-HEALTH_WINDOW_DAYS);
  const sum = (values: number[]) => values.reduce((total, n) => total + n, 0);
  const trend = usageTrend(sum(dailyActivity), sum(daily60.slice(0, 60 - HEALTH_WINDOW_DAYS)));

  const byEvent = new Map(facts.events.map((row) => [row.event, row]));
  const login = byEvent.get(LOGIN_EVENT);
  const lastLoginAt = login?.lastAt ?? null;
  const lastActiveAt = facts.events.reduce<Date | null>(
    (latest, row) => (latest === null || row.lastAt > latest ? row.lastAt : latest),
    null,
  );
  const hasUsage = facts.events.some((row) => row.total > 0);
  const keyFeatures: KeyFeatureUse[] = KEY_FEATURES.map(({ event, label }) => {
    const row = byEvent.get(event);
    return { event, label, adopted: (row?.last30 ?? 0) > 0, lastUsedAt: row?.lastAt ?? null };
  });
  const seatUtilisation = seats && seats > 0 ? facts.activeUsers30d / seats : null;

  const signals: HealthSignal[] = [];
  const say = (tone: SignalTone, text: string) => signals.push({ tone, text });

  let trial: Pick<AccountHealth, "trialDay" | "trialDaysLeft" | "trialLengthDays" | "trialLogins"> = {};
  if (isOnTrial(facts.plan, facts.trialStartedAt)) {
    const trialDay = Math.max(1, trialDayAt(facts.trialStartedAt, now));
    const trialLogins = login?.sinceTrial ?? 0;
    const trialDaysLeft = Math.max(0, TRIAL_LENGTH_DAYS - trialDay);
    trial = { trialDay, trialDaysLeft, trialLengthDays: TRIAL_LENGTH_DAYS, trialLogins };
    if (trialDay > TRIAL_LENGTH_DAYS) {
      say("risk", `Trial ended ${daysPhrase(trialDay - TRIAL_LENGTH_DAYS)} ago, ${loginsPhrase(trialLogins)}`);
    } else {
      const text = `Trial day ${trialDay} of ${TRIAL_LENGTH_DAYS}, ${loginsPhrase(trialLogins)}`;
      if (trialDay >= RULES.trialLateDay && trialLogins <= RULES.trialFewLogins) say("risk", text);
      else if (trialDaysLeft <= RULES.trialEndingDays) say("watch", text);
      else say("good", text);
    }
  }

  // No usage at all usually means none is imported for this account: "no data", not a verdict.
  if (hasUsage) {
    if (trend.enoughData) {
      const pct = Math.abs(trend.changePct);
      if (trend.changePct <= -RULES.steepDropPct) say("risk", `Usage down ${pct}% vs the previous 30 days`);
      else if (trend.direction === "down") say("watch", `Usage down ${pct}% vs the previous 30 days`);
      else if (trend.direction === "up") say("good", `Usage up ${pct}% vs the previous 30 days`);
      else say("good", "Usage steady vs the previous 30 days");
    }

    if (lastLoginAt) {
      const quietDays = Math.floor((now.getTime() - lastLoginAt.getTime()) / DAY);
      if (quietDays >= RULES.quietDaysRisk) say("risk", `No login for ${daysPhrase(quietDays)}`);
      else if (quietDays >= RULES.quietDaysWatch) say("watch", `No login for ${daysPhrase(quietDays)}`);
    } else {
      say("watch", "No login recorded");
    }

    if (seats && seatUtilisation !== null) {
      const active = facts.activeUsers30d;
      if (seatUtilisation < RULES.seatShareRisk) say("risk", `Only ${active} of ${seats} seats active`);
      else if (seatUtilisation < RULES.seatShareWatch) say("watch", `Only ${active} of ${seats} seats active`);
      else if (seatUtilisation > 1) say("good", `${active} active users on ${plural(seats, "seat")}: room to grow`);
    }
  }

  if (facts.renewalAt && trend.direction === "down") {
    const daysToRenewal = Math.ceil((facts.renewalAt.getTime() - now.getTime()) / DAY);
    if (daysToRenewal >= 0 && daysToRenewal <= RULES.renewalSoonDays) {
      say("risk", `Renews in ${daysPhrase(daysToRenewal)} with usage falling`);
    }
  }

  // Stable sort: within a tone, the order above (trial, trend, logins, seats, renewal).
  signals.sort((a, b) => TONE_ORDER[a.tone] - TONE_ORDER[b.tone]);
  const status: HealthStatus = signals.some((s) => s.tone === "risk")
    ? "at-risk"
    : signals.some((s) => s.tone === "watch")
      ? "watch"
      : hasUsage
        ? "healthy"
        : "no-data";

  return {
    status,
    hasUsage,
    lastLoginAt,
    lastActiveAt,
    activeUsers30d: facts.activeUsers30d,
    seats,
    seatUtilisation,
    keyFeatures,
    trend,
    dailyActivity,
    ...trial,
    signals: signals.map((s) => s.text),
    signalDetails: signals,
  };
}

/**
 * The three aggregate queries behind an account's health. Each reads only the
 * account's slice of the `usage_events_identity` covering index (account_id first),
 * never the table; see the query plan test in test/integration/context-panel.test.ts.
 */
export function accountHealthQueries(db: TandemDatabase, accountId: number, now: Date, trialStartedAt: Date | null) {
  const nowMs = now.getTime();
  const since30 = nowMs - HEALTH_WINDOW_DAYS * DAY;
  const since60 = nowMs - 2 * HEALTH_WINDOW_DAYS * DAY;
  const trialFrom = trialStartedAt?.getTime() ?? nowMs;
  const at = usageEvents.at;
  const beforeNow = and(eq(usageEvents.accountId, accountId), lt(at, now));
  const day = sql<number>`cast((${at} - ${since60}) / ${DAY} as integer)`;
  return {
    byEvent: db
      .select({
        event: usageEvents.event,
        total: sql<number>`count(*)`,
        lastAt: sql<number>`max(${at})`,
        last30: sql<number>`coalesce(sum(${at} >= ${since30}), 0)`,
        sinceTrial: sql<number>`coalesce(sum(${at} >= ${trialFrom}), 0)`,
      })
      .from(usageEvents)
      .where(beforeNow)
      .groupBy(usageEvents.event),
    daily: db
      .select({ day, events: sql<number>`count(*)` })
      .from(usageEvents)
      .where(and(beforeNow, gte(at, new Date(since60))))
      .groupBy(day),
    activeUsers: db
      .select({ users: sql<number>`count(distinct ${usageEvents.productUserId})` })
      .from(usageEvents)
      .where(and(beforeNow, gte(at, new Date(since30)))),
  };
}

/** An account's health at `now`, or undefined when the account is not in the workspace. */
export function getAccountHealth(
  db: TandemDatabase,
  workspaceId: number,
  accountId: number,
  now: Date,
): AccountHealth | undefined {
  const account = db
    .select({
      plan: accounts.plan,
      seats: accounts.seats,
      renewalAt: accounts.renewalAt,
      trialStartedAt: accounts.trialStartedAt,
    })
    .from(accounts)
    .where(and(eq(accounts.workspaceId, workspaceId), eq(accounts.id, accountId)))
    .get();
  if (!account) return undefined;
  // Usage rows are scoped through their account, checked above; filtering on
  // usage_events.workspace_id too would cost a table read per event.
  const queries = accountHealthQueries(db, accountId, now, account.trialStartedAt);
  const daily60 = Array<number>(2 * HEALTH_WINDOW_DAYS).fill(0);
  for (const { day, events } of queries.daily.all()) {
    if (day >= 0 && day < daily60.length) daily60[day] = events;
  }
  return assessAccountHealth({
    now,
    ...account,
    events: queries.byEvent.all().map((row) => ({ ...row, lastAt: new Date(row.lastAt) })),
    activeUsers30d: queries.activeUsers.get()?.users ?? 0,
    daily60,
  });
}
