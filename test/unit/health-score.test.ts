import { describe, expect, it } from "vitest";
import { scoreAccountHealth, type SupportSignals } from "../../ai/health-score";
import { assessAccountHealth } from "../../db/account-health.server";

const now = new Date("2026-11-23T09:00:00Z");
const DAY = 86_400_000;
const quietSupport: SupportSignals = { openConversations: 0, unhappyConversations: 0, talkOfLeaving: false, slaBreaches30d: 0 };
/** Steady use by 20 of 25 seats, logging in daily. */
const steady = assessAccountHealth({
  now,
  plan: "growth",
  seats: 25,
  renewalAt: null,
  trialStartedAt: null,
  events: [
    { event: "login", total: 600, lastAt: new Date(now.getTime() - DAY / 2), last30: 300, sinceTrial: 0 },
    { event: "dashboard_viewed", total: 900, lastAt: new Date(now.getTime() - DAY / 2), last30: 450, sinceTrial: 0 },
  ],
  activeUsers30d: 20,
  daily60: Array(60).fill(25),
});

describe("the account health score", () => {
  it("is 100 and healthy for an account using the product with nothing open", () => {
    expect(scoreAccountHealth(steady, quietSupport)).toEqual({ score: 100, band: "healthy", reasons: [] });
  });

  it("costs points for what support sees, most costly reason first", () => {
    const health = scoreAccountHealth(steady, { openConversations: 3, unhappyConversations: 1, talkOfLeaving: true, slaBreaches30d: 2 });
    expect(health.reasons.map((reason) => reason.text)).toEqual([
      "Spoke of cancelling, refunds or alternatives",
      "2 SLA breaches in 30 days",
      "1 open conversation with an upset customer",
      "3 open conversations",
    ]);
    expect(health.score).toBe(100 - 25 - 16 - 15 - 15);
    expect(health.band).toBe("at-risk");
  });

  it("puts a late trial with one login at risk on usage alone", () => {
    const trial = assessAccountHealth({
      now,
      plan: "trial",
      seats: 5,
      renewalAt: null,
      trialStartedAt: new Date(now.getTime() - 11.5 * DAY),
      events: [{ event: "login", total: 1, lastAt: new Date(now.getTime() - 11 * DAY), last30: 1, sinceTrial: 1 }],
      activeUsers30d: 1,
      daily60: [...Array(59).fill(0), 1],
    });
    const health = scoreAccountHealth(trial, { ...quietSupport, openConversations: 1 });
    expect(health.band).toBe("at-risk");
    expect(health.reasons[0]).toEqual({ text: "Trial day 12 of 14, one login", cost: 25, from: "usage" });
  });

  it("says when there is no usage to judge by", () => {
    expect(scoreAccountHealth(null, quietSupport).reasons).toEqual([{ text: "No product usage on record", cost: 5, from: "usage" }]);
  });
});
