/**
 * The promises and working hours a workspace gets until it sets its own.
 * Every SLA duration is business time: minutes inside business hours.
 */
import type { Priority } from "../../db/interchange";
import type { BusinessHours } from "./business-calendar";
import type { SlaPolicy } from "./policy";

const HOURS = 60;

/** Business minutes per priority. */
// prettier-ignore
const DEFAULT_TARGETS: Record<Priority, Omit<SlaPolicy, "name" | "priority" | "accountPlan">> = {
  urgent: { firstResponseMinutes: 30,        nextResponseMinutes: 1 * HOURS,  resolutionMinutes: 8 * HOURS,  warnBeforeMinutes: 10 },
  high:   { firstResponseMinutes: 1 * HOURS, nextResponseMinutes: 4 * HOURS,  resolutionMinutes: 24 * HOURS, warnBeforeMinutes: 15 },
  normal: { firstResponseMinutes: 4 * HOURS, nextResponseMinutes: 8 * HOURS,  resolutionMinutes: 48 * HOURS, warnBeforeMinutes: 30 },
  low:    { firstResponseMinutes: 8 * HOURS, nextResponseMinutes: 24 * HOURS, resolutionMinutes: 96 * HOURS, warnBeforeMinutes: 60 },
};

/** Enterprise accounts are promised a first reply in half the time; everything else is as for their priority. */
const ENTERPRISE_PLAN = "enterprise";

const label = (priority: Priority) => priority[0]!.toUpperCase() + priority.slice(1);

export const DEFAULT_SLA_POLICIES: readonly SlaPolicy[] = (Object.keys(DEFAULT_TARGETS) as Priority[]).flatMap(
  (priority): SlaPolicy[] => {
    const targets = DEFAULT_TARGETS[priority];
    return [
      { name: label(priority), priority, accountPlan: null, ...targets },
      {
        name: `${label(priority)} · Enterprise`,
        priority,
        accountPlan: ENTERPRISE_PLAN,
        ...targets,
        firstResponseMinutes: targets.firstResponseMinutes / 2,
      },
    ];
  },
);

/** Monday to Friday, 09:00–17:00 UTC: a neutral office day until the workspace says where and when it works. */
export const DEFAULT_BUSINESS_HOURS: BusinessHours = {
  timeZone: "UTC",
  weeklySchedule: [[], [[540, 1020]], [[540, 1020]], [[540, 1020]], [[540, 1020]], [[540, 1020]], []],
  holidays: [],
};
