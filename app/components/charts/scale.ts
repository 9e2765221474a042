/** Axis ticks for the hand-drawn SVG charts: round numbers a reader can take in at a glance. */

/** 0 up to at least `max` in steps of 1, 2 or 5 × 10ⁿ, about `target` steps; whole numbers only. */
export function niceCountTicks(max: number, target = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / target;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude);
  const top = Math.ceil(max / step) * step;
  return Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const DURATION_STEPS = [
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  4 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
];

/** 0 up to at least `maxMs` in clock-friendly steps (15m, 1h, 6h, 1d…), at most `maxTicks` steps. */
export function niceDurationTicks(maxMs: number, maxTicks = 4): number[] {
  if (!(maxMs > 0)) return [0, HOUR];
  const step =
    DURATION_STEPS.find((s) => Math.ceil(maxMs / s) <= maxTicks) ?? Math.ceil(maxMs / maxTicks / (7 * DAY)) * 7 * DAY;
  const top = Math.ceil(maxMs / step) * step;
  return Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
}
