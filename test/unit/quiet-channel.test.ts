import { describe, expect, it } from "vitest";
import { judgeChannelSilence, QUIET_CHANNEL_RULES } from "../../server/channels/quiet-channel";

const HOUR = 3_600_000;
const start = Date.parse("2026-11-02T00:00:00Z");
const hourly = (count: number) => Array.from({ length: count }, (_, i) => new Date(start + i * HOUR));

describe("judgeChannelSilence", () => {
  it("knows no rhythm from too few messages", () => {
    expect(judgeChannelSilence(hourly(QUIET_CHANNEL_RULES.minimumMessages - 1), new Date(start + 100 * HOUR))).toBeUndefined();
  });

  it("is calm within the channel's usual gaps", () => {
    const arrivals = hourly(48);
    const verdict = judgeChannelSilence(arrivals, new Date(arrivals.at(-1)!.getTime() + 90 * 60_000))!;
    expect(verdict.usualGapMs).toBe(HOUR);
    expect(verdict.quiet).toBe(false);
  });

  it("calls a channel quiet when silence passes both the floor and twice the usual longest gap", () => {
    const arrivals = hourly(48);
    const last = arrivals.at(-1)!.getTime();
    expect(judgeChannelSilence(arrivals, new Date(last + 2 * HOUR - 1))!.quiet).toBe(false);
    expect(judgeChannelSilence(arrivals, new Date(last + 2 * HOUR + 60_000))!.quiet).toBe(true);
  });

  it("learns long gaps, such as weekends, as part of the rhythm", () => {
    const weekdays = [...hourly(10), ...Array.from({ length: 10 }, (_, i) => new Date(start + 60 * HOUR + i * HOUR))];
    const last = weekdays.at(-1)!.getTime();
    const verdict = judgeChannelSilence(weekdays, new Date(last + 40 * HOUR))!;
    expect(verdict.usualGapMs).toBe(51 * HOUR);
    expect(verdict.quiet).toBe(false);
  });

  it("ignores the order the arrivals come in", () => {
    const arrivals = hourly(20);
    const now = new Date(arrivals.at(-1)!.getTime() + 5 * HOUR);
    expect(judgeChannelSilence([...arrivals].reverse(), now)).toEqual(judgeChannelSilence(arrivals, now));
  });
});
