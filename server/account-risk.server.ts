/**
 * The at-risk accounts list: every account of the workspace with its health
 * score from product usage and support, riskiest first. It replaces the
 * Monday list a lead used to build by hand.
 */
import { scoreAccountHealth, type HealthScore } from "../ai/health-score";
import { CHURN_CUE, moodOfText } from "../ai/local/summarize";
import { getAccountHealth, type AccountHealth } from "../db/account-health.server";
import { accountSupportRows, type AccountSupportRow } from "../db/account-risk.server";
import type { TandemDatabase } from "../db/connection.server";

export interface AccountRisk extends Omit<AccountSupportRow, "latestCustomerWords"> {
  health: HealthScore;
  usage: Pick<AccountHealth, "status" | "lastLoginAt" | "activeUsers30d" | "seats" | "trialDay" | "trialLengthDays" | "trend"> | null;
  unhappyConversations: number;
}

export function listAccountRisk(db: TandemDatabase, workspaceId: number, now: Date): AccountRisk[] {
  return accountSupportRows(db, workspaceId, now)
    .map(({ latestCustomerWords, ...account }) => {
      const usage = getAccountHealth(db, workspaceId, account.id, now) ?? null;
      // Describing a failure reads negative; only an upset customer (strong words, talk of leaving) counts against the account.
      const unhappyConversations = latestCustomerWords.filter((words) => moodOfText(words) === "upset").length;
      const health = scoreAccountHealth(usage, {
        openConversations: account.openConversations,
        unhappyConversations,
        talkOfLeaving: latestCustomerWords.some((words) => CHURN_CUE.test(words)),
        slaBreaches30d: account.slaBreaches30d,
      });
      return {
        ...account,
        health,
        unhappyConversations,
        usage: usage && {
          status: usage.status,
          lastLoginAt: usage.lastLoginAt,
          activeUsers30d: usage.activeUsers30d,
          seats: usage.seats,
          trialDay: usage.trialDay,
          trialLengthDays: usage.trialLengthDays,
          trend: usage.trend,
        },
      };
    })
    .sort((a, b) => a.health.score - b.health.score || (b.mrrCents ?? 0) - (a.mrrCents ?? 0));
}
