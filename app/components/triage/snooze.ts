/** The snooze menu's choices, in the rep's own time zone (the browser's). */
export const SNOOZE_PRESETS = [
  { id: "1h", label: "1 hour", shortcut: "1" },
  { id: "tomorrow", label: "Tomorrow, 9:00", shortcut: "2" },
  { id: "next-week", label: "Next week, Monday 9:00", shortcut: "3" },
  { id: "reply", label: "Until the customer replies", shortcut: "4" },
] as const;
export type SnoozePreset = (typeof SNOOZE_PRESETS)[number]["id"];

/** The form fields for a snooze preset, computed from `now`. */
export function snoozeFields(preset: SnoozePreset, now = new Date()): Record<string, string> {
  if (preset === "reply") return { intent: "snooze", untilReply: "true" };
  const until = new Date(now);
  if (preset === "1h") {
    until.setTime(now.getTime() + 60 * 60 * 1000);
  } else if (preset === "tomorrow") {
    until.setDate(now.getDate() + 1);
    until.setHours(9, 0, 0, 0);
  } else {
    // The coming Monday (a week from today when today is Monday).
    const daysToMonday = ((8 - now.getDay()) % 7) || 7;
    until.setDate(now.getDate() + daysToMonday);
    until.setHours(9, 0, 0, 0);
  }
  return { intent: "snooze", until: until.toISOString() };
}
