/** How Reports prints its figures: the same text on the server and in the browser. */
import { formatDuration } from "../../lib/format";

/** A duration, "—" when nothing was measured and "<1m" rather than "now" for under a minute. */
export function formatSpan(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  return ms < 60_000 ? "<1m" : formatDuration(ms);
}

/** 0.875 → "87.5%", 1 → "100%"; never rounds a miss up to 100% or a hit down to 0%. */
export function formatPercent(share: number | null | undefined): string {
  if (share === null || share === undefined) return "—";
  const pct = share * 100;
  if (Number.isInteger(pct)) return `${pct}%`;
  const rounded = Math.round(pct * 10) / 10;
  return `${rounded >= 100 ? 99.9 : rounded <= 0 ? 0.1 : rounded}%`;
}

/** A CSAT average on the 1–5 scale, "4.4". */
export function formatScore(average: number | null | undefined): string {
  return average === null || average === undefined ? "—" : average.toFixed(1);
}

const dayMonth = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

/** A week by its Monday: "3 Nov". */
export const formatWeek = (weekStart: Date | string) => dayMonth.format(new Date(weekStart));

const monthOnly = new Intl.DateTimeFormat("en-GB", { month: "short", timeZone: "UTC" });

/** A week on a chart's axis: its Monday's day, grouped by month ({ label: "3", group: "Nov" }). */
export function weekTick(weekStart: Date | string) {
  const date = new Date(weekStart);
  return { label: String(date.getUTCDate()), group: monthOnly.format(date) };
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
