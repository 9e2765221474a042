/** Display formats shared by server render and browser, so both print the same text. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A compact duration a rep reads at a glance: "45m", "3h 20m", "2d 4h". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, ms);
  if (total < MINUTE) return "now";
  if (total < HOUR) return `${Math.floor(total / MINUTE)}m`;
  if (total < DAY) {
    const minutes = Math.floor((total % HOUR) / MINUTE);
    return `${Math.floor(total / HOUR)}h${minutes ? ` ${minutes}m` : ""}`;
  }
  const hours = Math.floor((total % DAY) / HOUR);
  return `${Math.floor(total / DAY)}d${hours ? ` ${hours}h` : ""}`;
}

const dateTime = new Intl.DateTimeFormat("en-GB", {
  weekday: "short",
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
});
const dateOnly = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

export const formatDateTime = (date: Date | string) => `${dateTime.format(new Date(date))} UTC`;
export const formatDate = (date: Date | string) => dateOnly.format(new Date(date));

export function formatMoney(cents: number | null | undefined): string | null {
  if (cents === null || cents === undefined) return null;
  return new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 }).format(
    cents / 100,
  );
}

export function initials(name: string | null | undefined): string {
  if (!name) return "?";
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? "") + (parts.length > 1 ? (parts.at(-1)?.[0] ?? "") : "")).toUpperCase() || "?";
}

export const CHANNEL_LABELS = { email: "Email", chat: "Chat", slack: "Slack" } as const;
