/**
 * One health score per account, 0 (about to leave) to 100 (thriving), from
 * product usage (the usage assessment's signals: logins, active seats,
 * feature adoption, trend, trial stage) and support (open conversations, an
 * upset customer, talk of leaving, SLA breaches), with the reasons that cost
 * the most points first. Pure: the rules are tested without a database.
 */
import type { AccountHealth } from "../db/account-health.server";

export interface SupportSignals {
  openConversations: number;
  /** Open conversations whose customer's latest words read as upset. */
  unhappyConversations: number;
  /** The customer spoke of cancelling, refunds, alternatives. */
  talkOfLeaving: boolean;
  slaBreaches30d: number;
}

export interface HealthReason {
  text: string;
  /** Points it cost. */
  cost: number;
  from: "usage" | "support";
}

export interface HealthScore {
  score: number;
  band: "healthy" | "watch" | "at-risk";
  /** Every reason, most costly first. */
  reasons: HealthReason[];
}

/** What each kind of signal costs. */
const COST = {
  usageRisk: 25,
  usageWatch: 10,
  noUsageData: 5,
  openConversations: 5,
  unhappyConversation: 15,
  talkOfLeaving: 25,
  slaBreach: 8,
} as const;

export const AT_RISK_BELOW = 70;
export const WATCH_BELOW = 85;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function scoreAccountHealth(usage: AccountHealth | null, support: SupportSignals): HealthScore {
  const reasons: HealthReason[] = [];
  for (const signal of usage?.signalDetails ?? []) {
    if (signal.tone === "risk") reasons.push({ text: signal.text, cost: COST.usageRisk, from: "usage" });
    if (signal.tone === "watch") reasons.push({ text: signal.text, cost: COST.usageWatch, from: "usage" });
  }
  if (!usage?.hasUsage) reasons.push({ text: "No product usage on record", cost: COST.noUsageData, from: "usage" });
  if (support.talkOfLeaving) reasons.push({ text: "Spoke of cancelling, refunds or alternatives", cost: COST.talkOfLeaving, from: "support" });
  if (support.unhappyConversations) {
    reasons.push({
      text: `${plural(support.unhappyConversations, "open conversation", "open conversations")} with an upset customer`,
      cost: Math.min(2, support.unhappyConversations) * COST.unhappyConversation,
      from: "support",
    });
  }
  if (support.slaBreaches30d) {
    reasons.push({ text: `${plural(support.slaBreaches30d, "SLA breach", "SLA breaches")} in 30 days`, cost: Math.min(3, support.slaBreaches30d) * COST.slaBreach, from: "support" });
  }
  if (support.openConversations >= 2) {
    reasons.push({ text: `${support.openConversations} open conversations`, cost: Math.min(4, support.openConversations) * COST.openConversations, from: "support" });
  }
  reasons.sort((a, b) => b.cost - a.cost);
  const score = Math.max(0, 100 - reasons.reduce((sum, reason) => sum + reason.cost, 0));
  return { score, band: score < AT_RISK_BELOW ? "at-risk" : score < WATCH_BELOW ? "watch" : "healthy", reasons };
}
