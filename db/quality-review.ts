/** Rules of the weekly quality review shared by the server and its pages: who reviews, which week, how big a sample. */
import { z } from "zod";
import { isoDate, WEEK_MS, weekStartUtc } from "./report-math";

/** Only managers and admins review the team's conversations. */
export const canReview = (role: string) => role === "manager" || role === "admin";

/** The week managers review by default: the last full one. */
export const defaultReviewWeek = (now: Date) => weekStartUtc(now) - WEEK_MS;

/** `?week=2026-11-16`: any day of the week names it; anything else, or a week not yet begun, is the default week. */
export function parseReviewWeek(value: string | null, now: Date): number {
  const parsed = z.iso.date().safeParse(value);
  if (!parsed.success) return defaultReviewWeek(now);
  const weekStart = weekStartUtc(new Date(`${parsed.data}T00:00:00Z`));
  return weekStart > weekStartUtc(now) ? defaultReviewWeek(now) : weekStart;
}
export const weekParam = (weekStart: number) => isoDate(weekStart);

/** Whether a message was sent in the week a review is of: only that week's replies are under review. */
export const sentInWeek =
  (weekStart: number) =>
  (message: { at: string }): boolean => {
    const at = Date.parse(message.at);
    return at >= weekStart && at < weekStart + WEEK_MS;
  };

/** How many conversations per rep a week's queue holds, when the manager has not said. */
export const DEFAULT_SAMPLE_PER_REP = 5;
export const SampleSizeSchema = z.coerce.number().int().min(1, "Review at least one conversation per rep").max(30, "Keep it to 30 per rep at most");

/** How many weeks the results page looks back over. */
export const RESULT_WEEKS = 8;
