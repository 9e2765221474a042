import { describe, expect, it } from "vitest";
import {
  assessAccountHealth,
  isOnTrial,
  KEY_FEATURES,
  trialDayAt,
  TRIAL_LENGTH_DAYS,
  usageTrend,
  type UsageFacts,
} from "../../db/account-health.server";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = new Date(Date.UTC(2026, 10, 23, 8, 0));
const ago = (days: number, hours = 0) => new Date(now.getTime() - days * DAY - hours * HOUR);

/** 60 days of activity: `previous` events a day for the older 30, `recent` a day for the last 30. */
const days = (previous: number, recent: number) => [...Array(30).fill(previous), ...Array(30).fill(recent)];

function facts(overrides: Partial<UsageFacts> = {}): UsageFacts {
  return {
    now,
    plan: "growth",
    seats: 20,
    renewalAt: ago(-120),
    trialStartedAt: null,
    events: [
      { event: "login", total: 400, lastAt: ago(1), last30: 200, sinceTrial: 0 },
      { event: "dashboard_viewed", total: 800, lastAt: ago(1), last30: 400, sinceTrial: 0 },
    ],
    activeUsers30d: 10,
    daily60: days(20, 20),
    ...overrides,
  };
}

describe("usageTrend", () => {
  it("compares the last 30 days with the 30 before, rounded", () => {
    expect(usageTrend(74, 336)).toEqual({ last30: 74, previous30: 336, changePct: -78, direction: "down", enoughData: true });
    expect(usageTrend(124, 100)).toMatchObject({ changePct: 24, direction: "up" });
  });

  it("calls small changes flat", () => {
    expect(usageTrend(1045, 1189)).toMatchObject({ changePct: -12, direction: "flat" });
    expect(usageTrend(86, 100)).toMatchObject({ changePct: -14, direction: "flat" });
    expect(usageTrend(85, 100)).toMatchObject({ changePct: -15, direction: "down" });
    expect(usageTrend(115, 100)).toMatchObject({ changePct: 15, direction: "up" });
  });

  it("does not call a trend on a handful of events or from nothing", () => {
    expect(usageTrend(3, 9)).toMatchObject({ changePct: -67, direction: "flat", enoughData: false });
    expect(usageTrend(17, 0)).toMatchObject({ changePct: 100, direction: "flat", enoughData: false });
    expect(usageTrend(0, 0)).toMatchObject({ changePct: 0, direction: "flat", enoughData: false });
  });
});

describe("trials", () => {
  it("counts day 1 from the trial's start", () => {
    expect(trialDayAt(ago(0, 1), now)).toBe(1);
    expect(trialDayAt(ago(11, 14), now)).toBe(12);
    expect(trialDayAt(ago(14), now)).toBe(15);
  });

  it("is a trial only without a paid plan", () => {
    expect(isOnTrial("trial", ago(3))).toBe(true);
    expect(isOnTrial("Trial", ago(3))).toBe(true);
    expect(isOnTrial(null, ago(3))).toBe(true);
    expect(isOnTrial("growth", ago(40))).toBe(false);
    expect(isOnTrial("trial", null)).toBe(false);
  });

  it("flags the day-12 trial with one login, like Pinecrest", () => {
    const signedUp = ago(11, 14);
    const health = assessAccountHealth(
      facts({
        plan: "trial",
        seats: 5,
        renewalAt: null,
        trialStartedAt: signedUp,
        events: [{ event: "login", total: 1, lastAt: signedUp, last30: 1, sinceTrial: 1 }],
        activeUsers30d: 1,
        daily60: [...Array(48).fill(0), 1, ...Array(11).fill(0)],
      }),
    );
    expect(health).toMatchObject({
      status: "at-risk",
      trialDay: 12,
      trialDaysLeft: 2,
      trialLengthDays: TRIAL_LENGTH_DAYS,
      trialLogins: 1,
      lastLoginAt: signedUp,
      activeUsers30d: 1,
      seatUtilisation: 0.2,
    });
    expect(health.signals).toEqual(["Trial day 12 of 14, one login", "No login for 11 days", "Only 1 of 5 seats active"]);
    expect(health.signalDetails.map((s) => s.tone)).toEqual(["risk", "watch", "watch"]);
    // One login is not a trend, and the days before the trial are not a fall.
    expect(health.trend.direction).toBe("flat");
    expect(health.keyFeatures.every((feature) => !feature.adopted)).toBe(true);
  });

  it("is good news for an eager trial, and a nudge near its end", () => {
    const eager = facts({
      plan: "trial",
      trialStartedAt: ago(5, 10),
      events: [{ event: "login", total: 7, lastAt: ago(1), last30: 7, sinceTrial: 7 }],
      activeUsers30d: 6,
      seats: 10,
      daily60: [...Array(55).fill(0), 3, 4, 5, 0, 5],
    });
    expect(assessAccountHealth(eager).signalDetails).toEqual([{ tone: "good", text: "Trial day 6 of 14, 7 logins" }]);
    expect(assessAccountHealth(eager).status).toBe("healthy");
    expect(assessAccountHealth({ ...eager, trialStartedAt: ago(11, 2) }).signalDetails[0]).toEqual({
      tone: "watch",
      text: "Trial day 12 of 14, 7 logins",
    });
  });

  it("says when a trial has ended", () => {
    const health = assessAccountHealth(facts({ plan: "trial", trialStartedAt: ago(16, 3), renewalAt: null }));
    expect(health).toMatchObject({ trialDay: 17, trialDaysLeft: 0 });
    expect(health.signalDetails[0]).toEqual({ tone: "risk", text: "Trial ended 3 days ago, no logins" });
  });

  it("shows no trial day once the account is on a paid plan", () => {
    const health = assessAccountHealth(facts({ plan: "growth", trialStartedAt: ago(45) }));
    expect(health.trialDay).toBeUndefined();
    expect(health.trialDaysLeft).toBeUndefined();
  });

  it("reports a trial nobody has used yet as no data, with the trial as the only signal", () => {
    const health = assessAccountHealth(
      facts({ plan: "trial", trialStartedAt: ago(2), events: [], activeUsers30d: 0, daily60: [] }),
    );
    expect(health).toMatchObject({ status: "no-data", hasUsage: false, trialDay: 3, lastLoginAt: null });
    expect(health.signals).toEqual(["Trial day 3 of 14, no logins"]);
  });
});

describe("assessAccountHealth", () => {
  it("calls a steady, well-used account healthy", () => {
    const health = assessAccountHealth(facts());
    expect(health.status).toBe("healthy");
    expect(health.signalDetails).toEqual([{ tone: "good", text: "Usage steady vs the previous 30 days" }]);
    expect(health.trend).toMatchObject({ last30: 600, previous30: 600, changePct: 0, direction: "flat" });
  });

  it("flags a sharp drop, like Copperleaf", () => {
    const health = assessAccountHealth(facts({ daily60: [...Array(30).fill(11), ...Array(6).fill(12), ...Array(24).fill(0)] }));
    expect(health.trend).toMatchObject({ last30: 72, previous30: 330, changePct: -78, direction: "down" });
    expect(health.signalDetails).toContainEqual({ tone: "risk", text: "Usage down 78% vs the previous 30 days" });
    expect(health.status).toBe("at-risk");
  });

  it("watches a gentle decline, and calls it a risk with the renewal close, like Bluefin", () => {
    const declining = facts({ daily60: days(13, 10) });
    expect(assessAccountHealth(declining).signalDetails).toEqual([
      { tone: "watch", text: "Usage down 23% vs the previous 30 days" },
    ]);
    const renewing = assessAccountHealth({ ...declining, renewalAt: ago(-18) });
    expect(renewing.signals).toEqual(["Renews in 18 days with usage falling", "Usage down 23% vs the previous 30 days"]);
    expect(renewing.status).toBe("at-risk");
    // A renewal close by with steady usage is not a health signal (the account section shows the date).
    expect(assessAccountHealth(facts({ renewalAt: ago(-18) })).status).toBe("healthy");
  });

  it("welcomes growth", () => {
    expect(assessAccountHealth(facts({ daily60: days(10, 13) })).signalDetails).toEqual([
      { tone: "good", text: "Usage up 30% vs the previous 30 days" },
    ]);
  });

  it("flags days without a login: a week is worth watching, two are a risk", () => {
    const login = (daysAgo: number) => facts({ events: [{ event: "login", total: 9, lastAt: ago(daysAgo, 2), last30: 9, sinceTrial: 0 }] });
    expect(assessAccountHealth(login(6)).signals).not.toContainEqual(expect.stringMatching(/No login/));
    expect(assessAccountHealth(login(7)).signalDetails).toContainEqual({ tone: "watch", text: "No login for 7 days" });
    expect(assessAccountHealth(login(16)).signalDetails).toContainEqual({ tone: "risk", text: "No login for 16 days" });
  });

  it("notices usage without any login event", () => {
    const health = assessAccountHealth(
      facts({ events: [{ event: "api_call", total: 90, lastAt: ago(0, 3), last30: 40, sinceTrial: 0 }] }),
    );
    expect(health.lastLoginAt).toBeNull();
    expect(health.lastActiveAt).toEqual(ago(0, 3));
    expect(health.signalDetails).toContainEqual({ tone: "watch", text: "No login recorded" });
  });

  it("compares active users with seats", () => {
    const seats = (activeUsers30d: number, seats: number) => assessAccountHealth(facts({ activeUsers30d, seats }));
    expect(seats(1, 12).signalDetails).toContainEqual({ tone: "risk", text: "Only 1 of 12 seats active" });
    expect(seats(4, 20).signalDetails).toContainEqual({ tone: "watch", text: "Only 4 of 20 seats active" });
    expect(seats(5, 20).signals).not.toContainEqual(expect.stringMatching(/seats/));
    expect(seats(36, 30).signalDetails).toContainEqual({ tone: "good", text: "36 active users on 30 seats: room to grow" });
    expect(seats(36, 120).seatUtilisation).toBeCloseTo(0.3);
    expect(assessAccountHealth(facts({ seats: null })).seatUtilisation).toBeNull();
    expect(assessAccountHealth(facts({ seats: 0 })).seatUtilisation).toBeNull();
  });

  it("lists every key feature in order, adopted when used in the last 30 days", () => {
    const health = assessAccountHealth(
      facts({
        events: [
          { event: "login", total: 50, lastAt: ago(1), last30: 20, sinceTrial: 0 },
          { event: "report_exported", total: 12, lastAt: ago(2), last30: 5, sinceTrial: 0 },
          { event: "alert_created", total: 2, lastAt: ago(45), last30: 0, sinceTrial: 0 },
          { event: "something_else", total: 99, lastAt: ago(1), last30: 99, sinceTrial: 0 },
        ],
      }),
    );
    expect(health.keyFeatures.map((f) => f.event)).toEqual(KEY_FEATURES.map((f) => f.event));
    expect(health.keyFeatures.find((f) => f.event === "report_exported")).toEqual({
      event: "report_exported",
      label: "Exports",
      adopted: true,
      lastUsedAt: ago(2),
    });
    expect(health.keyFeatures.find((f) => f.event === "alert_created")).toMatchObject({ adopted: false, lastUsedAt: ago(45) });
    expect(health.keyFeatures.find((f) => f.event === "api_call")).toMatchObject({ adopted: false, lastUsedAt: null });
  });

  it("returns the last 30 days for the sparkline, padding short histories with zeros", () => {
    const sixty = Array.from({ length: 60 }, (_, i) => i);
    expect(assessAccountHealth(facts({ daily60: sixty })).dailyActivity).toEqual(sixty.slice(30));
    const short = assessAccountHealth(facts({ daily60: [5, 6] }));
    expect(short.dailyActivity).toHaveLength(30);
    expect(short.dailyActivity.slice(-3)).toEqual([0, 5, 6]);
    expect(short.trend).toMatchObject({ last30: 11, previous30: 0 });
  });

  it("gives no verdict for an account without usage", () => {
    const health = assessAccountHealth(facts({ events: [], activeUsers30d: 0, daily60: [] }));
    expect(health).toMatchObject({ status: "no-data", hasUsage: false, signals: [], lastLoginAt: null, lastActiveAt: null });
  });

  it("orders signals risk, then watch, then good, and keeps signals and details in step", () => {
    const health = assessAccountHealth(
      facts({
        seats: 50,
        activeUsers30d: 2,
        events: [{ event: "login", total: 9, lastAt: ago(9), last30: 3, sinceTrial: 0 }],
        daily60: days(20, 2),
      }),
    );
    const tones = health.signalDetails.map((s) => s.tone);
    expect(tones).toEqual([...tones].sort((a, b) => ["risk", "watch", "good"].indexOf(a) - ["risk", "watch", "good"].indexOf(b)));
    expect(health.signals).toEqual(health.signalDetails.map((s) => s.text));
    expect(health.signals).toEqual(["Usage down 90% vs the previous 30 days", "Only 2 of 50 seats active", "No login for 9 days"]);
  });
});
