/**
 * Business time: the minutes a support team is at work, in its own time zone.
 * SLA clocks only run inside these minutes, so "4 hours" posted on Friday at
 * 16:00 falls due on Monday morning. Pure: time zones come from Intl.
 */

/** For each weekday 0 (Sunday)–6, the [startMinute, endMinute) ranges worked, local time; 1440 is midnight at the end of the day. */
export type WeeklySchedule = [number, number][][];

export interface BusinessHours {
  /** An IANA time zone: "Europe/London". */
  timeZone: string;
  weeklySchedule: WeeklySchedule;
  /** Local calendar dates nobody works: "2026-12-25". */
  holidays: string[];
}

export interface BusinessCalendar {
  /** The earliest instant at which `minutes` business minutes have passed since `start`; `start` itself for 0. */
  addBusinessMinutes(start: Date, minutes: number): Date;
  /** Business minutes from `a` to `b`, 0 when `b` is not after `a`. */
  businessMinutesBetween(a: Date, b: Date): number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const MINUTES_PER_DAY = 24 * 60;
const QUARTER_HOUR = 15 * MINUTE;
/** About three months of quarter hours per zone, then start again. */
const MAX_REMEMBERED_QUARTERS = 10_000;
/** About five years of days per calendar, then start again. */
const MAX_REMEMBERED_DAYS = 2_000;

/** A date on the wall calendar of the team's time zone; month 1–12. */
interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** Business time on one local day, as [start, end) in Unix ms. */
type Span = [number, number];

export function createBusinessCalendar(hours: BusinessHours): BusinessCalendar {
  const schedule = normaliseSchedule(hours.weeklySchedule);
  const holidays = new Set(hours.holidays.map(checkHoliday));
  const zone = timeZoneOf(hours.timeZone);
  // Converting local times to instants is the costly part, and a calendar serves many scans and
  // refreshes: remember each day's spans.
  const spansByDay = new Map<string, Span[]>();

  function spansOn(date: LocalDate): Span[] {
    const key = dateKey(date);
    let spans = spansByDay.get(key);
    if (!spans) {
      const ranges = holidays.has(key) ? [] : schedule[weekdayOf(date)]!;
      spans = ranges
        .map(([from, to]): Span => [zone.instantOf(date, from), zone.instantOf(date, to)])
        // A range swallowed by a DST gap has no minutes left.
        .filter(([from, to]) => to > from);
      if (spansByDay.size >= MAX_REMEMBERED_DAYS) spansByDay.clear();
      spansByDay.set(key, spans);
    }
    return spans;
  }

  return {
    addBusinessMinutes(start, minutes) {
      let remaining = Math.round(minutes * MINUTE);
      if (remaining <= 0) return start;
      const cursor = start.getTime();
      // The schedule has working time every week and holidays are finite, so this ends.
      for (let date = zone.dateOf(cursor); ; date = nextDay(date)) {
        for (const [from, to] of spansOn(date)) {
          const begin = Math.max(from, cursor);
          if (to <= begin) continue;
          if (remaining <= to - begin) return new Date(begin + remaining);
          remaining -= to - begin;
        }
      }
    },

    businessMinutesBetween(a, b) {
      const from = a.getTime();
      const to = b.getTime();
      if (to <= from) return 0;
      const last = dateKey(zone.dateOf(to));
      let total = 0;
      for (let date = zone.dateOf(from); dateKey(date) <= last; date = nextDay(date)) {
        for (const [start, end] of spansOn(date)) total += Math.max(0, Math.min(end, to) - Math.max(start, from));
      }
      return total / MINUTE;
    },
  };
}

/** Sorted, merged ranges per weekday; rejects a schedule that could never end a clock. */
function normaliseSchedule(weekly: WeeklySchedule): WeeklySchedule {
  if (weekly.length !== 7) throw new Error("Business hours need a schedule for each of the 7 weekdays");
  const normalised = weekly.map((ranges) => {
    const sorted = [...ranges].sort((x, y) => x[0] - y[0]);
    for (const [from, to] of sorted) {
      if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > MINUTES_PER_DAY || from >= to) {
        throw new Error(`Business hours range [${from}, ${to}] is not within one day`);
      }
    }
    const merged: [number, number][] = [];
    for (const [from, to] of sorted) {
      const previous = merged.at(-1);
      if (previous && from <= previous[1]) previous[1] = Math.max(previous[1], to);
      else merged.push([from, to]);
    }
    return merged;
  });
  if (normalised.every((ranges) => ranges.length === 0))
    throw new Error("Business hours must include some working time");
  return normalised;
}

function checkHoliday(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`Holiday "${date}" is not a YYYY-MM-DD date`);
  return date;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const dateKey = ({ year, month, day }: LocalDate) => `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
const weekdayOf = ({ year, month, day }: LocalDate) => new Date(Date.UTC(year, month - 1, day)).getUTCDay();

function nextDay({ year, month, day }: LocalDate): LocalDate {
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

const zones = new Map<string, ReturnType<typeof createTimeZone>>();

/** Wall-clock arithmetic for one IANA zone, built once per zone: an Intl formatter is costly to create. Throws a RangeError for an unknown zone. */
function timeZoneOf(timeZone: string) {
  let zone = zones.get(timeZone);
  if (!zone) {
    zone = createTimeZone(timeZone);
    zones.set(timeZone, zone);
  }
  return zone;
}

function createTimeZone(timeZone: string) {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });

  function wallClock(instant: number) {
    const parts: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(instant))) {
      if (part.type !== "literal") parts[part.type] = Number(part.value);
    }
    return parts as Record<"year" | "month" | "day" | "hour" | "minute" | "second", number>;
  }

  // Asking Intl is the slow part. Offsets are whole quarter hours and change on a local quarter
  // hour, so they change only on a quarter hour in UTC too: one answer serves a whole quarter.
  const offsetsByQuarter = new Map<number, number>();

  /** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
  function offsetAt(instant: number): number {
    const quarter = Math.floor(instant / QUARTER_HOUR);
    let offset = offsetsByQuarter.get(quarter);
    if (offset === undefined) {
      const start = quarter * QUARTER_HOUR;
      const wall = wallClock(start);
      offset = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - start;
      if (offsetsByQuarter.size >= MAX_REMEMBERED_QUARTERS) offsetsByQuarter.clear();
      offsetsByQuarter.set(quarter, offset);
    }
    return offset;
  }

  return {
    dateOf(instant: number): LocalDate {
      const local = new Date(instant + offsetAt(instant));
      return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
    },

    /**
     * The instant a local wall time names. A time skipped by a DST jump means
     * the same wall time after the jump (01:30 becomes 02:30 BST); a time that
     * happens twice means its first occurrence.
     */
    instantOf(date: LocalDate, minuteOfDay: number): number {
      const wall = Date.UTC(date.year, date.month - 1, date.day, 0, minuteOfDay);
      // Offsets either side of any transition near this time (zones change at most once in a day).
      const before = offsetAt(wall - 12 * HOUR);
      const after = offsetAt(wall + 12 * HOUR);
      const candidates = [wall - before, wall - after].filter((instant, i) => offsetAt(instant) === [before, after][i]);
      return candidates.length ? Math.min(...candidates) : wall - before;
    },
  };
}
