import type { TandemDatabase } from "../../db/connection.server";
import { addHolidays, addSlaPolicies, setBusinessHours } from "../../db/sla.server";
import type { WeeklySchedule } from "./business-calendar";
import { DEFAULT_SLA_POLICIES } from "./defaults";
import { refreshWorkspaceSla } from "./sla.server";

const OFFICE_DAY: [number, number][] = [[8 * 60, 18 * 60]];
const MONDAY_TO_FRIDAY: WeeklySchedule = [[], OFFICE_DAY, OFFICE_DAY, OFFICE_DAY, OFFICE_DAY, OFFICE_DAY, []];

/**
 * The demo team's SLA: the default promises, stored so they can be seen and
 * edited, worked from London Mon–Fri 08:00–18:00, closed over Christmas; then
 * a clock on every open conversation.
 */
export function seedDemoSla(db: TandemDatabase, workspaceId: number, now: Date): void {
  addSlaPolicies(db, workspaceId, DEFAULT_SLA_POLICIES);
  setBusinessHours(db, workspaceId, { timeZone: "Europe/London", weeklySchedule: MONDAY_TO_FRIDAY });
  // The demo's week can straddle New Year: list Christmas either side of it.
  const year = now.getUTCFullYear();
  addHolidays(
    db,
    workspaceId,
    [year - 1, year, year + 1].flatMap((y) => [
      { date: `${y}-12-25`, name: "Christmas Day" },
      { date: `${y}-12-26`, name: "Boxing Day" },
    ]),
  );
  refreshWorkspaceSla(db, workspaceId, now);
}
