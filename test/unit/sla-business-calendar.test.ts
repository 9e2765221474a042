import { describe, expect, it } from "vitest";
import { createBusinessCalendar, type WeeklySchedule } from "../../server/sla/business-calendar";

const HOUR = 60;
const nineToFive: [number, number][] = [[9 * HOUR, 17 * HOUR]];
const weekdays = (ranges: [number, number][]): WeeklySchedule => [[], ranges, ranges, ranges, ranges, ranges, []];
const everyDay = (ranges: [number, number][]): WeeklySchedule => Array.from({ length: 7 }, () => ranges);

const utc = (iso: string) => new Date(`${iso}Z`);

describe("a Mon–Fri 09:00–17:00 UTC calendar", () => {
  // 2026-11-23 is a Monday.
  const calendar = createBusinessCalendar({ timeZone: "UTC", weeklySchedule: weekdays(nineToFive), holidays: [] });

  it("adds minutes within the working day", () => {
    expect(calendar.addBusinessMinutes(utc("2026-11-23T10:00"), 90)).toEqual(utc("2026-11-23T11:30"));
  });

  it("starts counting at opening time when started before it", () => {
    expect(calendar.addBusinessMinutes(utc("2026-11-23T06:12"), 30)).toEqual(utc("2026-11-23T09:30"));
  });

  it("carries what is left at closing time over the night", () => {
    expect(calendar.addBusinessMinutes(utc("2026-11-23T16:00"), 120)).toEqual(utc("2026-11-24T10:00"));
  });

  it("starts the next working day when started after closing", () => {
    expect(calendar.addBusinessMinutes(utc("2026-11-23T19:45"), 60)).toEqual(utc("2026-11-24T10:00"));
  });

  it("skips the weekend: four hours from Friday 16:00 is Monday 12:00", () => {
    expect(calendar.addBusinessMinutes(utc("2026-11-27T16:00"), 4 * HOUR)).toEqual(utc("2026-11-30T12:00"));
    expect(calendar.addBusinessMinutes(utc("2026-11-28T11:00"), 30)).toEqual(utc("2026-11-30T09:30"));
  });

  it("falls due at closing time, not the next opening, when the minutes run out exactly then", () => {
    expect(calendar.addBusinessMinutes(utc("2026-11-27T16:30"), 30)).toEqual(utc("2026-11-27T17:00"));
  });

  it("returns the start itself for no minutes, even outside hours", () => {
    expect(calendar.addBusinessMinutes(utc("2026-11-28T11:00"), 0)).toEqual(utc("2026-11-28T11:00"));
  });

  it("spans several weeks", () => {
    // Ten 8-hour working days from Monday 09:00 end at closing time on the Friday of the following week.
    expect(calendar.addBusinessMinutes(utc("2026-11-23T09:00"), 10 * 8 * HOUR)).toEqual(utc("2026-12-04T17:00"));
  });

  it("counts business minutes between two instants", () => {
    expect(calendar.businessMinutesBetween(utc("2026-11-23T10:00"), utc("2026-11-23T11:15"))).toBe(75);
    expect(calendar.businessMinutesBetween(utc("2026-11-23T16:00"), utc("2026-11-24T10:00"))).toBe(120);
    expect(calendar.businessMinutesBetween(utc("2026-11-27T16:00"), utc("2026-11-30T12:00"))).toBe(4 * HOUR);
    expect(calendar.businessMinutesBetween(utc("2026-11-28T08:00"), utc("2026-11-29T20:00"))).toBe(0);
  });

  it("counts nothing when the end is not after the start", () => {
    expect(calendar.businessMinutesBetween(utc("2026-11-23T11:00"), utc("2026-11-23T10:00"))).toBe(0);
    expect(calendar.businessMinutesBetween(utc("2026-11-23T11:00"), utc("2026-11-23T11:00"))).toBe(0);
  });

  it("counts seconds as fractions of a minute", () => {
    expect(calendar.businessMinutesBetween(utc("2026-11-23T10:00:00"), utc("2026-11-23T10:00:30"))).toBe(0.5);
  });

  it("measures back exactly what it added, from any start", () => {
    const start = utc("2026-11-20T00:00").getTime();
    for (let i = 0; i < 200; i++) {
      // A deterministic spread of starts over two weeks and budgets up to three working days.
      const from = new Date(start + ((i * 7_919) % (14 * 24 * 60)) * 60_000);
      const minutes = (i * 613) % (3 * 8 * HOUR);
      expect(calendar.businessMinutesBetween(from, calendar.addBusinessMinutes(from, minutes))).toBe(minutes);
    }
  });
});

describe("holidays", () => {
  it("skips a holiday like a weekend", () => {
    const calendar = createBusinessCalendar({
      timeZone: "UTC",
      weeklySchedule: weekdays(nineToFive),
      holidays: ["2026-12-25", "2026-12-28"],
    });
    // Thursday 24th 16:00 + 2h: one hour on the 24th, Friday 25th and Monday 28th off, one hour on Tuesday 29th.
    expect(calendar.addBusinessMinutes(utc("2026-12-24T16:00"), 120)).toEqual(utc("2026-12-29T10:00"));
    expect(calendar.businessMinutesBetween(utc("2026-12-24T16:00"), utc("2026-12-29T10:00"))).toBe(120);
  });

  it("names local dates: Christmas in Auckland is mostly the 24th in UTC", () => {
    const calendar = createBusinessCalendar({
      timeZone: "Pacific/Auckland",
      weeklySchedule: everyDay([[0, 24 * HOUR]]),
      holidays: ["2026-12-25"],
    });
    // NZDT is UTC+13: the local 25th runs from 24th 11:00Z to 25th 11:00Z.
    expect(calendar.businessMinutesBetween(utc("2026-12-24T00:00"), utc("2026-12-26T00:00"))).toBe(24 * HOUR);
    expect(calendar.addBusinessMinutes(utc("2026-12-24T10:00"), 120)).toEqual(utc("2026-12-25T12:00"));
  });
});

describe("time zones and daylight saving", () => {
  const london = createBusinessCalendar({
    timeZone: "Europe/London",
    weeklySchedule: weekdays([[8 * HOUR, 18 * HOUR]]),
    holidays: [],
  });

  it("opens at 08:00 local: 08:00Z in winter, 07:00Z in summer", () => {
    expect(london.addBusinessMinutes(utc("2026-01-12T00:00"), 1)).toEqual(utc("2026-01-12T08:01"));
    expect(london.addBusinessMinutes(utc("2026-07-13T00:00"), 1)).toEqual(utc("2026-07-13T07:01"));
  });

  it("keeps a working day ten hours long across the spring change", () => {
    // Friday 27 March closes at 18:00 GMT; Monday 30 March opens at 08:00 BST (07:00Z).
    expect(london.addBusinessMinutes(utc("2026-03-27T17:00"), 120)).toEqual(utc("2026-03-30T08:00"));
    expect(london.businessMinutesBetween(utc("2026-03-27T00:00"), utc("2026-03-31T00:00"))).toBe(20 * HOUR);
  });

  it("keeps a working day ten hours long across the autumn change", () => {
    // Friday 23 October closes at 18:00 BST (17:00Z); Monday 26 October opens at 08:00 GMT.
    expect(london.addBusinessMinutes(utc("2026-10-23T16:00"), 120)).toEqual(utc("2026-10-26T09:00"));
  });

  it("counts the 23-hour and 25-hour days of a round-the-clock team as they are", () => {
    const allDay = createBusinessCalendar({
      timeZone: "Europe/London",
      weeklySchedule: everyDay([[0, 24 * HOUR]]),
      holidays: [],
    });
    expect(allDay.businessMinutesBetween(utc("2026-03-29T00:00"), utc("2026-03-29T23:00"))).toBe(23 * HOUR);
    expect(allDay.businessMinutesBetween(utc("2026-10-24T23:00"), utc("2026-10-26T00:00"))).toBe(25 * HOUR);
    // Elapsed time, not wall time: an hour after 00:30 GMT on the spring day is 02:30 BST.
    expect(allDay.addBusinessMinutes(utc("2026-03-29T00:30"), 60)).toEqual(utc("2026-03-29T01:30"));
  });

  it("gives no minutes to hours the clocks skip, and both to hours they repeat", () => {
    // 01:00–02:00 local on Sundays: skipped in London on 29 March, lived twice on 25 October.
    const nightShift = createBusinessCalendar({
      timeZone: "Europe/London",
      weeklySchedule: [[[1 * HOUR, 2 * HOUR]], [], [], [], [], [], []],
      holidays: [],
    });
    expect(nightShift.businessMinutesBetween(utc("2026-03-28T12:00"), utc("2026-03-30T00:00"))).toBe(0);
    expect(nightShift.businessMinutesBetween(utc("2026-10-24T12:00"), utc("2026-10-26T00:00"))).toBe(2 * HOUR);
  });

  it("handles zones west of UTC and half-hour offsets", () => {
    const newYork = createBusinessCalendar({
      timeZone: "America/New_York",
      weeklySchedule: weekdays(nineToFive),
      holidays: [],
    });
    // Friday 17:00 EST is 22:00Z: past closing, so the clock starts Monday 09:00 EST (14:00Z).
    expect(newYork.addBusinessMinutes(utc("2026-11-27T22:00"), 30)).toEqual(utc("2026-11-30T14:30"));
    // US clocks spring forward on 8 March 2026: Monday 9 March opens at 09:00 EDT (13:00Z).
    expect(newYork.addBusinessMinutes(utc("2026-03-06T21:30"), 60)).toEqual(utc("2026-03-09T13:30"));

    const kolkata = createBusinessCalendar({
      timeZone: "Asia/Kolkata",
      weeklySchedule: weekdays(nineToFive),
      holidays: [],
    });
    expect(kolkata.addBusinessMinutes(utc("2026-11-23T00:00"), 15)).toEqual(utc("2026-11-23T03:45"));
  });

  it("runs straight through midnight for a shift split over two days", () => {
    const nights = createBusinessCalendar({
      timeZone: "UTC",
      weeklySchedule: [[], [[22 * HOUR, 24 * HOUR]], [[0, 6 * HOUR]], [], [], [], []],
      holidays: [],
    });
    expect(nights.addBusinessMinutes(utc("2026-11-23T23:00"), 120)).toEqual(utc("2026-11-24T01:00"));
    expect(nights.businessMinutesBetween(utc("2026-11-23T00:00"), utc("2026-11-25T00:00"))).toBe(8 * HOUR);
  });

  it("merges overlapping ranges and honours a lunch break", () => {
    const calendar = createBusinessCalendar({
      timeZone: "UTC",
      weeklySchedule: weekdays([
        [13 * HOUR, 17 * HOUR],
        [9 * HOUR, 12 * HOUR],
        [11 * HOUR, 12 * HOUR],
      ]),
      holidays: [],
    });
    expect(calendar.addBusinessMinutes(utc("2026-11-23T11:30"), 60)).toEqual(utc("2026-11-23T13:30"));
    expect(calendar.businessMinutesBetween(utc("2026-11-23T00:00"), utc("2026-11-24T00:00"))).toBe(7 * HOUR);
  });
});

describe("settings it refuses", () => {
  const valid = { timeZone: "UTC", weeklySchedule: weekdays(nineToFive), holidays: [] };

  it("needs seven weekdays with ranges inside one day", () => {
    expect(() => createBusinessCalendar({ ...valid, weeklySchedule: [[[0, 60]]] })).toThrow(/7 weekdays/);
    expect(() => createBusinessCalendar({ ...valid, weeklySchedule: weekdays([[600, 500]]) })).toThrow(
      /within one day/,
    );
    expect(() => createBusinessCalendar({ ...valid, weeklySchedule: weekdays([[0, 1500]]) })).toThrow(/within one day/);
  });

  it("needs some working time, or no clock could ever fall due", () => {
    expect(() => createBusinessCalendar({ ...valid, weeklySchedule: everyDay([]) })).toThrow(/some working time/);
  });

  it("needs YYYY-MM-DD holidays and a real time zone", () => {
    expect(() => createBusinessCalendar({ ...valid, holidays: ["25/12/2026"] })).toThrow(/YYYY-MM-DD/);
    expect(() => createBusinessCalendar({ ...valid, timeZone: "Mars/Olympus_Mons" })).toThrow(RangeError);
  });
});
