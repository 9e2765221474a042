/**
 * The arithmetic behind Reports, free of the database so it can be tested on
 * its own: report periods and Monday-based UTC weeks, medians and percentiles,
 * and the tally that turns measured facts into key figures.
 *
 * Durations are wall-clock time: nights, weekends and holidays count in full.
 */
import { z } from "zod";
import { CHANNELS, type Channel } from "./interchange";

export const DAY_MS = 24 * 60 * 60 * 1000;
export const WEEK_MS = 7 * DAY_MS;
/** 1970-01-01 was a Thursday; the first Monday of the epoch is four days later. */
export const FIRST_MONDAY_MS = 4 * DAY_MS;

export const REPORT_WEEK_OPTIONS = [4, 8, 12] as const;
export type ReportWeeks = (typeof REPORT_WEEK_OPTIONS)[number];
export const DEFAULT_REPORT_WEEKS: ReportWeeks = 8;

/** `?weeks=` as the Reports page and CSV take it: 4, 8 or 12; anything else is the default. */
export const ReportWeeksSchema = z
  .enum(["4", "8", "12"])
  .transform((weeks) => Number(weeks) as ReportWeeks)
  .catch(DEFAULT_REPORT_WEEKS);

export const parseReportWeeks = (value: string | null | undefined): ReportWeeks => ReportWeeksSchema.parse(value);

/** The Monday 00:00 UTC that starts the week holding `at`, in ms. */
export function weekStartUtc(at: Date | number): number {
  const ms = typeof at === "number" ? at : at.getTime();
  const into = (((ms - FIRST_MONDAY_MS) % WEEK_MS) + WEEK_MS) % WEEK_MS;
  return ms - into;
}

export interface ReportPeriod {
  weeks: number;
  /** Monday 00:00 UTC of the first week, inclusive. */
  start: Date;
  /** Monday 00:00 UTC after the last (current) week, exclusive. */
  end: Date;
  /** Each week's Monday, oldest first. */
  weekStarts: Date[];
}

/** The last `weeks` weeks up to and including the week holding `now`. */
export function reportPeriod(now: Date, weeks: number = DEFAULT_REPORT_WEEKS): ReportPeriod {
  if (!Number.isInteger(weeks) || weeks < 1) throw new RangeError(`A report covers at least one whole week, not ${weeks}.`);
  const current = weekStartUtc(now);
  const start = current - (weeks - 1) * WEEK_MS;
  return {
    weeks,
    start: new Date(start),
    end: new Date(current + WEEK_MS),
    weekStarts: Array.from({ length: weeks }, (_, i) => new Date(start + i * WEEK_MS)),
  };
}

/**
 * The p-th percentile (0 ≤ p ≤ 1) by linear interpolation between closest
 * ranks, as spreadsheets' PERCENTILE.INC does; null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`A percentile is between 0 and 1, not ${p}.`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const low = sorted[lower]!;
  return low + (sorted[upper]! - low) * (rank - lower);
}

/** The middle value, or the mean of the two middle values; null for no values. */
export const median = (values: readonly number[]) => percentile(values, 0.5);

/** A ratio, or null when nothing was measured (not zero: zero would read as failure). */
export const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

export const CSAT_SCORES = [1, 2, 3, 4, 5] as const;
export type CsatScore = (typeof CSAT_SCORES)[number];
export const isCsatScore = (value: unknown): value is CsatScore =>
  typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 5;

/** The facts gathered for one slice of a report (a week, a rep, a rep's week…). */
export interface Tally {
  /** Conversations created. */
  conversations: number;
  byChannel: Record<Channel, number>;
  /** Created → first agent reply, for first replies sent in the slice. */
  firstResponseMs: number[];
  /** Created → closed, for conversations closed in the slice. */
  resolutionMs: number[];
  /** Conversations with a first reply or a close in the slice, by id: counted once each. */
  slaMeasured: Set<number>;
  /** Of those, the ones that ever had an SLA breach. */
  slaBreached: Set<number>;
  /** Surveys sent in the slice. */
  csatSent: number;
  /** How many of those surveys were answered with 1, 2, 3, 4 and 5. */
  csatScores: [number, number, number, number, number];
}

export function emptyTally(): Tally {
  return {
    conversations: 0,
    byChannel: Object.fromEntries(CHANNELS.map((channel) => [channel, 0])) as Record<Channel, number>,
    firstResponseMs: [],
    resolutionMs: [],
    slaMeasured: new Set(),
    slaBreached: new Set(),
    csatSent: 0,
    csatScores: [0, 0, 0, 0, 0],
  };
}

/** What Reports shows for a slice; every average is null when there was nothing to average. */
export interface KeyFigures {
  conversations: number;
  byChannel: Record<Channel, number>;
  firstResponse: { count: number; medianMs: number | null; p90Ms: number | null };
  resolution: { count: number; medianMs: number | null };
  sla: { measured: number; met: number; attainment: number | null };
  csat: {
    sent: number;
    responses: number;
    average: number | null;
    responseRate: number | null;
    /** Answers with 1, 2, 3, 4 and 5. */
    distribution: [number, number, number, number, number];
  };
}

export function summarise(tally: Tally): KeyFigures {
  const responses = tally.csatScores.reduce((sum, n) => sum + n, 0);
  const scoreSum = tally.csatScores.reduce((sum, n, i) => sum + n * (i + 1), 0);
  const measured = tally.slaMeasured.size;
  const met = [...tally.slaMeasured].filter((id) => !tally.slaBreached.has(id)).length;
  return {
    conversations: tally.conversations,
    byChannel: { ...tally.byChannel },
    firstResponse: {
      count: tally.firstResponseMs.length,
      medianMs: median(tally.firstResponseMs),
      p90Ms: percentile(tally.firstResponseMs, 0.9),
    },
    resolution: { count: tally.resolutionMs.length, medianMs: median(tally.resolutionMs) },
    sla: { measured, met, attainment: ratio(met, measured) },
    csat: {
      sent: tally.csatSent,
      responses,
      average: ratio(scoreSum, responses),
      responseRate: ratio(responses, tally.csatSent),
      distribution: [...tally.csatScores],
    },
  };
}

/** A calendar date in UTC, "2026-11-23": for file names and CSV cells. */
export const isoDate = (at: Date | number) => new Date(at).toISOString().slice(0, 10);
