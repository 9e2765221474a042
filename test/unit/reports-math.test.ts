import { describe, expect, it } from "vitest";
import {
  emptyTally,
  median,
  parseReportWeeks,
  percentile,
  ratio,
  reportPeriod,
  summarise,
  weekStartUtc,
  WEEK_MS,
} from "../../db/report-math";

const utc = (iso: string) => new Date(`${iso}Z`);
const iso = (ms: number | Date) => new Date(ms).toISOString();

describe("weekStartUtc", () => {
  it("keeps Monday 00:00 UTC as the start of its own week", () => {
    expect(iso(weekStartUtc(utc("2026-11-23T00:00:00")))).toBe("2026-11-23T00:00:00.000Z");
  });

  it("takes any moment of the week back to its Monday, Sunday's last millisecond included", () => {
    for (const moment of ["2026-11-23T00:00:00.001", "2026-11-25T13:45:00", "2026-11-29T23:59:59.999"]) {
      expect(iso(weekStartUtc(utc(moment)))).toBe("2026-11-23T00:00:00.000Z");
    }
    expect(iso(weekStartUtc(utc("2026-11-30T00:00:00")))).toBe("2026-11-30T00:00:00.000Z");
  });

  it("uses UTC, not the machine's zone: late Sunday in New York is already next week", () => {
    // 2026-11-29 20:00 in New York is Monday 01:00 UTC.
    expect(iso(weekStartUtc(new Date("2026-11-29T20:00:00-05:00")))).toBe("2026-11-30T00:00:00.000Z");
  });

  it("works before 1970 too (no negative remainder)", () => {
    expect(iso(weekStartUtc(utc("1969-12-31T12:00:00")))).toBe("1969-12-29T00:00:00.000Z");
  });

  it("takes numbers as well as dates", () => {
    expect(weekStartUtc(utc("2026-11-25T10:00:00").getTime())).toBe(utc("2026-11-23T00:00:00").getTime());
  });
});

describe("reportPeriod", () => {
  it("covers the current week and the weeks before it, Monday to Monday", () => {
    const period = reportPeriod(utc("2026-11-25T10:00:00"), 8);
    expect(period.weeks).toBe(8);
    expect(iso(period.start)).toBe("2026-10-05T00:00:00.000Z");
    expect(iso(period.end)).toBe("2026-11-30T00:00:00.000Z");
    expect(period.weekStarts.map((week) => iso(week).slice(0, 10))).toEqual([
      "2026-10-05",
      "2026-10-12",
      "2026-10-19",
      "2026-10-26",
      "2026-11-02",
      "2026-11-09",
      "2026-11-16",
      "2026-11-23",
    ]);
    expect(period.end.getTime() - period.start.getTime()).toBe(8 * WEEK_MS);
  });

  it("defaults to 8 weeks", () => {
    expect(reportPeriod(utc("2026-11-25T10:00:00")).weeks).toBe(8);
  });

  it("can be a single week", () => {
    const period = reportPeriod(utc("2026-11-23T00:00:00"), 1);
    expect(period.weekStarts.map(iso)).toEqual(["2026-11-23T00:00:00.000Z"]);
  });

  it("refuses zero, negative or fractional weeks", () => {
    for (const weeks of [0, -1, 1.5, Number.NaN]) expect(() => reportPeriod(new Date(), weeks)).toThrow(RangeError);
  });
});

describe("percentile and median", () => {
  it("have no value for no values", () => {
    expect(median([])).toBeNull();
    expect(percentile([], 0.9)).toBeNull();
  });

  it("take the middle value, or the mean of the two middle values", () => {
    expect(median([7])).toBe(7);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("interpolate between closest ranks (PERCENTILE.INC)", () => {
    const oneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(oneToTen, 0.9)).toBeCloseTo(9.1, 10);
    expect(percentile(oneToTen, 0)).toBe(1);
    expect(percentile(oneToTen, 1)).toBe(10);
    expect(percentile([10, 20], 0.9)).toBeCloseTo(19, 10);
  });

  it("do not reorder the caller's array", () => {
    const values = [5, 1, 4];
    median(values);
    expect(values).toEqual([5, 1, 4]);
  });

  it("refuse a percentile outside 0–1", () => {
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
    expect(() => percentile([1], -0.1)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe("ratio", () => {
  it("is null rather than 0 when nothing was measured", () => {
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(0, 4)).toBe(0);
    expect(ratio(3, 4)).toBe(0.75);
  });
});

describe("summarise", () => {
  it("reports nothing measured as null, not zero", () => {
    const figures = summarise(emptyTally());
    expect(figures).toEqual({
      conversations: 0,
      byChannel: { email: 0, chat: 0, slack: 0 },
      firstResponse: { count: 0, medianMs: null, p90Ms: null },
      resolution: { count: 0, medianMs: null },
      sla: { measured: 0, met: 0, attainment: null },
      csat: { sent: 0, responses: 0, average: null, responseRate: null, distribution: [0, 0, 0, 0, 0] },
    });
  });

  it("turns a tally into key figures", () => {
    const tally = emptyTally();
    tally.conversations = 5;
    tally.byChannel = { email: 3, chat: 1, slack: 1 };
    tally.firstResponseMs.push(60_000, 180_000, 120_000);
    tally.resolutionMs.push(3_600_000, 7_200_000);
    for (const id of [1, 2, 3, 4]) tally.slaMeasured.add(id);
    tally.slaBreached.add(3);
    tally.csatSent = 4;
    tally.csatScores = [0, 1, 0, 1, 1];
    const figures = summarise(tally);
    expect(figures.firstResponse).toEqual({ count: 3, medianMs: 120_000, p90Ms: 168_000 });
    expect(figures.resolution).toEqual({ count: 2, medianMs: 5_400_000 });
    expect(figures.sla).toEqual({ measured: 4, met: 3, attainment: 0.75 });
    expect(figures.csat).toEqual({
      sent: 4,
      responses: 3,
      average: 11 / 3,
      responseRate: 0.75,
      distribution: [0, 1, 0, 1, 1],
    });
    expect(figures.byChannel).toEqual({ email: 3, chat: 1, slack: 1 });
  });

  it("counts a conversation measured twice (replied one week, closed the next) once", () => {
    const tally = emptyTally();
    tally.slaMeasured.add(7).add(7);
    tally.slaBreached.add(7);
    expect(summarise(tally).sla).toEqual({ measured: 1, met: 0, attainment: 0 });
  });

  it("returns copies, so changing the figures cannot change the tally", () => {
    const tally = emptyTally();
    const figures = summarise(tally);
    figures.csat.distribution[0] = 9;
    figures.byChannel.email = 9;
    expect(tally.csatScores[0]).toBe(0);
    expect(tally.byChannel.email).toBe(0);
  });
});

describe("parseReportWeeks", () => {
  it("accepts the offered periods", () => {
    expect(parseReportWeeks("4")).toBe(4);
    expect(parseReportWeeks("8")).toBe(8);
    expect(parseReportWeeks("12")).toBe(12);
  });

  it("falls back to 8 weeks for anything else", () => {
    for (const value of [null, undefined, "", "7", "52", "-4", "4.0", " 4", "four", "12abc"]) {
      expect(parseReportWeeks(value)).toBe(8);
    }
  });
});
