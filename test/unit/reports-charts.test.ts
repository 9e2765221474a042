import { describe, expect, it } from "vitest";
import { formatPercent, formatScore, formatSpan, formatWeek, plural } from "../../app/components/charts/format";
import { niceCountTicks, niceDurationTicks } from "../../app/components/charts/scale";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe("niceCountTicks", () => {
  it("gives an axis from 0 to 1 when there is nothing to show", () => {
    expect(niceCountTicks(0)).toEqual([0, 1]);
    expect(niceCountTicks(Number.NaN)).toEqual([0, 1]);
  });

  it("steps in whole numbers for small counts", () => {
    expect(niceCountTicks(3)).toEqual([0, 1, 2, 3]);
    expect(niceCountTicks(1)).toEqual([0, 1]);
  });

  it("steps in 1, 2 or 5 × 10ⁿ and reaches at least the maximum", () => {
    expect(niceCountTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceCountTicks(26)).toEqual([0, 10, 20, 30]);
    expect(niceCountTicks(180)).toEqual([0, 50, 100, 150, 200]);
    for (const max of [5, 13, 99, 101, 999, 4321]) {
      const ticks = niceCountTicks(max);
      expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeLessThanOrEqual(7);
    }
  });
});

describe("niceDurationTicks", () => {
  it("uses clock-friendly steps", () => {
    expect(niceDurationTicks(45 * MINUTE)).toEqual([0, 15 * MINUTE, 30 * MINUTE, 45 * MINUTE]);
    expect(niceDurationTicks(2.5 * HOUR)).toEqual([0, HOUR, 2 * HOUR, 3 * HOUR]);
    expect(niceDurationTicks(20 * HOUR)).toEqual([0, 6 * HOUR, 12 * HOUR, 18 * HOUR, 24 * HOUR]);
  });

  it("reaches at least the maximum in at most four steps, even for weeks", () => {
    for (const max of [30_000, 7 * MINUTE, 5 * HOUR, 3 * DAY, 40 * DAY]) {
      const ticks = niceDurationTicks(max);
      expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeLessThanOrEqual(5);
    }
  });

  it("shows an hour's axis when there is nothing to show", () => {
    expect(niceDurationTicks(0)).toEqual([0, HOUR]);
  });
});

describe("report formats", () => {
  it("prints durations, with a dash for nothing measured", () => {
    expect(formatSpan(null)).toBe("—");
    expect(formatSpan(undefined)).toBe("—");
    expect(formatSpan(0)).toBe("<1m");
    expect(formatSpan(59_999)).toBe("<1m");
    expect(formatSpan(85 * MINUTE)).toBe("1h 25m");
    expect(formatSpan(2 * DAY + 3 * HOUR)).toBe("2d 3h");
  });

  it("prints percentages without rounding a miss up to 100% or a hit down to 0%", () => {
    expect(formatPercent(null)).toBe("—");
    expect(formatPercent(1)).toBe("100%");
    expect(formatPercent(0)).toBe("0%");
    expect(formatPercent(0.875)).toBe("87.5%");
    expect(formatPercent(2 / 3)).toBe("66.7%");
    expect(formatPercent(0.9999)).toBe("99.9%");
    expect(formatPercent(0.0001)).toBe("0.1%");
  });

  it("prints scores and weeks", () => {
    expect(formatScore(null)).toBe("—");
    expect(formatScore(4.444)).toBe("4.4");
    expect(formatScore(5)).toBe("5.0");
    expect(formatWeek(new Date("2026-11-02T00:00:00Z"))).toBe("2 Nov");
    expect(formatWeek("2026-12-28T00:00:00.000Z")).toBe("28 Dec");
  });

  it("pluralises", () => {
    expect(plural(1, "reply", "replies")).toBe("1 reply");
    expect(plural(2, "reply", "replies")).toBe("2 replies");
    expect(plural(0, "conversation")).toBe("0 conversations");
  });
});
