/**
 * The SLA clocks of one conversation, from its thread. Pure.
 *
 * The rules:
 * - The customer waits from their first message after an agent reply (or
 *   their very first message) until the next agent reply. Bot auto-replies
 *   answer nothing. This is the rule `deriveTimeline` uses for `waitingSince`.
 * - First response: due `firstResponseMinutes` of business time after the
 *   first wait began, until an agent answers it.
 * - Next response: each later wait is due `nextResponseMinutes` after it began.
 * - Resolution: a budget of `resolutionMinutes` business minutes of customer
 *   waiting, spent across all waits. The clock is paused while the agent spoke
 *   last (waiting on the customer), so it falls due during the wait in which
 *   the budget runs out, and keeps that due time afterwards.
 * - No clock runs while the conversation is snoozed or closed, nor while the
 *   customer is not waiting. Snooze history is not stored, so a snooze that
 *   has ended is not credited back: snoozing without replying does not hide
 *   the customer's wait.
 * - A clock warns once `warnBeforeMinutes` business minutes are left.
 */
import type { AuthorKind, ConversationStatus } from "../../db/interchange";
import type { SlaTarget } from "../../db/schema";
import type { BusinessCalendar } from "./business-calendar";
import type { SlaPolicy } from "./policy";

export const SLA_TARGET_LABELS: Record<SlaTarget, string> = {
  first_response: "First reply",
  next_response: "Next reply",
  resolution: "Resolution",
};

/** One spell of the customer waiting for a person; `answeredAt` is null while it lasts. */
export interface CustomerWait {
  since: Date;
  answeredAt: Date | null;
}

export function customerWaits(thread: readonly { authorKind: AuthorKind; sentAt: Date }[]): CustomerWait[] {
  const ordered = [...thread].sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
  const waits: CustomerWait[] = [];
  for (const message of ordered) {
    const open = waits.at(-1)?.answeredAt === null ? waits.at(-1) : undefined;
    if (message.authorKind === "customer" && !open) waits.push({ since: message.sentAt, answeredAt: null });
    else if (message.authorKind === "agent" && open) open.answeredAt = message.sentAt;
  }
  return waits;
}

export interface SlaFacts {
  status: ConversationStatus;
  waits: readonly CustomerWait[];
}

export interface SlaClock {
  target: SlaTarget;
  dueAt: Date;
  warnAt: Date;
}

type SlaBudgets = Pick<
  SlaPolicy,
  "firstResponseMinutes" | "nextResponseMinutes" | "resolutionMinutes" | "warnBeforeMinutes"
>;

/** Every clock running now (a reply clock and the resolution clock, or none), the earliest due first. */
export function runningSlaClocks(facts: SlaFacts, policy: SlaBudgets, calendar: BusinessCalendar): SlaClock[] {
  const current = facts.waits.at(-1);
  if (facts.status !== "open" || !current || current.answeredAt !== null) return [];
  const clock = (target: SlaTarget, since: Date, minutes: number): SlaClock => ({
    target,
    dueAt: calendar.addBusinessMinutes(since, minutes),
    warnAt: calendar.addBusinessMinutes(since, Math.max(0, minutes - policy.warnBeforeMinutes)),
  });

  const reply =
    facts.waits.length === 1
      ? clock("first_response", current.since, policy.firstResponseMinutes)
      : clock("next_response", current.since, policy.nextResponseMinutes);

  // One resolution budget for all the waits: it runs out in the first earlier wait
  // that outlasted what was left, or else in this one.
  let left = policy.resolutionMinutes;
  let spending = current;
  for (const wait of facts.waits.slice(0, -1)) {
    // Only the last wait can be unanswered.
    const spent = calendar.businessMinutesBetween(wait.since, wait.answeredAt!);
    if (spent >= left) {
      spending = wait;
      break;
    }
    left -= spent;
  }
  const resolution = clock("resolution", spending.since, left);

  return [reply, resolution].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/** The clock a rep sees: the promise closest to breaking (or the most overdue), null while paused or met. */
export function currentSlaClock(facts: SlaFacts, policy: SlaBudgets, calendar: BusinessCalendar): SlaClock | null {
  return runningSlaClocks(facts, policy, calendar)[0] ?? null;
}
