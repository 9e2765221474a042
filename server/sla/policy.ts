/**
 * Which response-time promise applies to a conversation: policies may name a
 * priority, an account plan, both or neither, and the most specific one wins.
 */
import type { Priority } from "../../db/interchange";

export interface SlaPolicy {
  name: string;
  /** null: any priority. */
  priority: Priority | null;
  /** null: any plan, and conversations without an account. */
  accountPlan: string | null;
  /** All in business minutes. */
  firstResponseMinutes: number;
  nextResponseMinutes: number;
  resolutionMinutes: number;
  warnBeforeMinutes: number;
}

type PolicyScope = Pick<SlaPolicy, "priority" | "accountPlan">;

/**
 * The most specific policy matching both the priority and the plan: one
 * naming both beats one naming the priority, which beats one naming the plan,
 * which beats a catch-all. Among equals, the first listed wins.
 */
export function choosePolicy<P extends PolicyScope>(
  policies: readonly P[],
  priority: Priority,
  plan: string | null,
): P | undefined {
  const wantedPlan = plan?.trim().toLowerCase() ?? null;
  let best: P | undefined;
  let bestScore = -1;
  for (const policy of policies) {
    if (policy.priority !== null && policy.priority !== priority) continue;
    const policyPlan = policy.accountPlan?.trim().toLowerCase() ?? null;
    if (policyPlan !== null && policyPlan !== wantedPlan) continue;
    const score = (policy.priority !== null ? 2 : 0) + (policyPlan !== null ? 1 : 0);
    if (score > bestScore) {
      best = policy;
      bestScore = score;
    }
  }
  return best;
}
