import { formatDate } from "../../lib/format";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long ago, as a rep says it: "just now", "45m ago", "3h ago", "yesterday",
 * "5 days ago", "3 weeks ago", then the date. `now` comes from the loader so the
 * server render and the hydrated page print the same words.
 */
export function formatAgo(then: Date, now: Date): string {
  const ms = now.getTime() - then.getTime();
  if (ms < MINUTE) return "just now";
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)}m ago`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)}h ago`;
  const days = Math.floor(ms / DAY);
  if (days === 1) return "yesterday";
  if (days < 14) return `${days} days ago`;
  if (days < 63) return `${Math.floor(days / 7)} weeks ago`;
  return formatDate(then);
}

/** Whole days from `now` until `then`, rounding up: a renewal later today is "in 1 day", not 0. */
export function daysUntil(then: Date, now: Date): number {
  return Math.ceil((then.getTime() - now.getTime()) / DAY);
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
