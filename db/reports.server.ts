/**
 * Reports: volume, first response and resolution times, SLA attainment and
 * CSAT for a workspace, per week and overall, per rep and per team.
 *
 * Definitions (all times wall-clock, business hours not excluded):
 * - Volume: conversations created in the week, by channel.
 * - First response: created → first agent reply, counted in the week of the reply.
 * - Resolution: created → closed, counted in the week of the close (the latest close
 *   for a conversation that was reopened).
 * - SLA attainment: of the conversations with a first reply or a close in the slice,
 *   the share that never had an SLA breach event.
 * - CSAT: surveys sent in the week; the average and distribution of their answers,
 *   and the share answered.
 * - A conversation belongs to its assignee (rep) and to its team, or when it has no
 *   team of its own, to its assignee's team.
 *
 * Counting and bucketing into weeks happens in SQL; medians are taken in TS
 * over the fetched durations.
 */
import { and, asc, eq, gte, lt, or, sql, type SQL } from "drizzle-orm";
import { alias, type SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { TandemDatabase } from "./connection.server";
import { toCsv, type CsvValue } from "./csv";
import { CHANNELS, type Channel } from "./interchange";
import {
  DEFAULT_REPORT_WEEKS,
  emptyTally,
  FIRST_MONDAY_MS,
  isoDate,
  reportPeriod,
  summarise,
  WEEK_MS,
  weekStartUtc,
  type KeyFigures,
  type ReportPeriod,
  type Tally,
} from "./report-math";
import { conversations, csatSurveys, slaEvents, teams, users } from "./schema";

export interface ReportRep {
  /** null: conversations nobody is assigned to. */
  id: number | null;
  name: string;
  email: string | null;
  teamName: string | null;
}

export interface ReportTeam {
  /** null: conversations with no team and no assignee in a team. */
  id: number | null;
  name: string;
}

export interface Report {
  period: ReportPeriod;
  generatedAt: Date;
  overall: KeyFigures;
  weeks: { weekStart: Date; figures: KeyFigures }[];
  reps: { rep: ReportRep; figures: KeyFigures }[];
  teams: { team: ReportTeam; figures: KeyFigures }[];
  /** Every week × every rep in `reps`, week by week, for the CSV export. */
  repWeeks: { weekStart: Date; rep: ReportRep; figures: KeyFigures }[];
}

export const UNASSIGNED_LABEL = "Unassigned";
export const NO_TEAM_LABEL = "No team";

const assignee = alias(users, "report_assignee");
/** The conversation's own team, else its assignee's. */
const teamOfConversation = sql<number | null>`coalesce(${conversations.teamId}, ${assignee.teamId})`;

/** Monday 00:00 UTC of the week holding a millisecond timestamp column: the same arithmetic as weekStartUtc. */
const weekOf = (column: SQLiteColumn) =>
  sql<number>`(${column} - ((${column} - ${sql.raw(String(FIRST_MONDAY_MS))}) % ${sql.raw(String(WEEK_MS))}))`;

const within = (column: SQLiteColumn, period: ReportPeriod): SQL =>
  and(gte(column, period.start), lt(column, period.end))!;

function tallyFor<K>(map: Map<K, Tally>, key: K): Tally {
  let tally = map.get(key);
  if (!tally) map.set(key, (tally = emptyTally()));
  return tally;
}

/**
 * The report for the last `weeks` weeks (Monday-based, UTC) up to and including
 * the week holding `now`.
 */
export function buildReport(
  db: TandemDatabase,
  workspaceId: number,
  options: { now?: Date; weeks?: number } = {},
): Report {
  const generatedAt = options.now ?? new Date();
  const period = reportPeriod(generatedAt, options.weeks ?? DEFAULT_REPORT_WEEKS);

  const overall = emptyTally();
  const weekly = new Map(period.weekStarts.map((week) => [week.getTime(), emptyTally()]));
  const byRep = new Map<number | null, Tally>();
  const byTeam = new Map<number | null, Tally>();
  const byRepWeek = new Map<string, Tally>();
  /** The tallies one fact in a week counts towards; none for a week outside the period. */
  const talliesFor = (week: number, repId: number | null, teamId: number | null): Tally[] => {
    const week_ = weekly.get(week);
    if (!week_) return [];
    return [overall, week_, tallyFor(byRep, repId), tallyFor(byTeam, teamId), tallyFor(byRepWeek, `${repId}:${week}`)];
  };

  // Volume: counted in SQL by week, channel, rep and team.
  const createdWeek = weekOf(conversations.createdAt);
  const volume = db
    .select({
      week: createdWeek,
      channel: conversations.channel,
      assigneeId: conversations.assigneeId,
      teamId: teamOfConversation,
      n: sql<number>`count(*)`,
    })
    .from(conversations)
    .leftJoin(assignee, eq(assignee.id, conversations.assigneeId))
    .where(and(eq(conversations.workspaceId, workspaceId), within(conversations.createdAt, period)))
    .groupBy(createdWeek, conversations.channel, conversations.assigneeId, teamOfConversation)
    .all();
  for (const row of volume) {
    for (const tally of talliesFor(row.week, row.assigneeId, row.teamId)) {
      tally.conversations += row.n;
      tally.byChannel[row.channel as Channel] += row.n;
    }
  }

  // First response, resolution and SLA: the durations themselves, for medians.
  const measured = db
    .select({
      id: conversations.id,
      assigneeId: conversations.assigneeId,
      teamId: teamOfConversation,
      createdAt: conversations.createdAt,
      firstResponseAt: conversations.firstResponseAt,
      closedAt: conversations.closedAt,
      breached: sql<number>`exists (select 1 from ${slaEvents} where ${slaEvents.conversationId} = ${conversations.id} and ${slaEvents.kind} = 'breach')`,
    })
    .from(conversations)
    .leftJoin(assignee, eq(assignee.id, conversations.assigneeId))
    .where(
      and(
        eq(conversations.workspaceId, workspaceId),
        or(within(conversations.firstResponseAt, period), within(conversations.closedAt, period)),
      ),
    )
    .all();
  const inPeriod = (at: Date | null): at is Date =>
    at !== null && at.getTime() >= period.start.getTime() && at.getTime() < period.end.getTime();
  for (const row of measured) {
    const measure = (at: Date, add: (tally: Tally) => void) => {
      for (const tally of talliesFor(weekStartUtc(at), row.assigneeId, row.teamId)) {
        add(tally);
        tally.slaMeasured.add(row.id);
        if (row.breached) tally.slaBreached.add(row.id);
      }
    };
    if (inPeriod(row.firstResponseAt)) {
      const ms = Math.max(0, row.firstResponseAt.getTime() - row.createdAt.getTime());
      measure(row.firstResponseAt, (tally) => tally.firstResponseMs.push(ms));
    }
    if (inPeriod(row.closedAt)) {
      const ms = Math.max(0, row.closedAt.getTime() - row.createdAt.getTime());
      measure(row.closedAt, (tally) => tally.resolutionMs.push(ms));
    }
  }

  // CSAT: counted in SQL by week sent, rep, team and score (null: not answered).
  const sentWeek = weekOf(csatSurveys.sentAt);
  const surveys = db
    .select({
      week: sentWeek,
      assigneeId: conversations.assigneeId,
      teamId: teamOfConversation,
      score: csatSurveys.score,
      n: sql<number>`count(*)`,
    })
    .from(csatSurveys)
    .innerJoin(conversations, eq(conversations.id, csatSurveys.conversationId))
    .leftJoin(assignee, eq(assignee.id, conversations.assigneeId))
    .where(and(eq(csatSurveys.workspaceId, workspaceId), within(csatSurveys.sentAt, period)))
    .groupBy(sentWeek, conversations.assigneeId, teamOfConversation, csatSurveys.score)
    .all();
  for (const row of surveys) {
    for (const tally of talliesFor(row.week, row.assigneeId, row.teamId)) {
      tally.csatSent += row.n;
      if (row.score !== null && row.score >= 1 && row.score <= 5) tally.csatScores[row.score - 1]! += row.n;
    }
  }

  const { reps, teamList } = peopleInReport(db, workspaceId, byRep, byTeam);
  return {
    period,
    generatedAt,
    overall: summarise(overall),
    weeks: period.weekStarts.map((weekStart) => ({ weekStart, figures: summarise(weekly.get(weekStart.getTime())!) })),
    reps: reps.map((rep) => ({ rep, figures: summarise(byRep.get(rep.id) ?? emptyTally()) })),
    teams: teamList.map((team) => ({ team, figures: summarise(byTeam.get(team.id) ?? emptyTally()) })),
    repWeeks: period.weekStarts.flatMap((weekStart) =>
      reps.map((rep) => ({
        weekStart,
        rep,
        figures: summarise(byRepWeek.get(`${rep.id}:${weekStart.getTime()}`) ?? emptyTally()),
      })),
    ),
  };
}

/**
 * Who the per-rep and per-team tables list: every rep (so a quiet week shows as
 * zero, not as absence), anyone else with activity, every team, and the
 * "Unassigned" and "No team" rows only when they had activity. Sorted by name.
 */
function peopleInReport(
  db: TandemDatabase,
  workspaceId: number,
  byRep: Map<number | null, Tally>,
  byTeam: Map<number | null, Tally>,
) {
  const teamRows = db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(eq(teams.workspaceId, workspaceId))
    .orderBy(asc(teams.name))
    .all();
  const teamNames = new Map(teamRows.map((team) => [team.id, team.name]));
  const members = db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, teamId: users.teamId })
    .from(users)
    .where(eq(users.workspaceId, workspaceId))
    .orderBy(asc(users.name), asc(users.id))
    .all();

  const reps: ReportRep[] = members
    .filter((member) => member.role === "rep" || byRep.has(member.id))
    .map((member) => ({
      id: member.id,
      name: member.name,
      email: member.email,
      teamName: member.teamId === null ? null : (teamNames.get(member.teamId) ?? null),
    }));
  if (byRep.has(null)) reps.push({ id: null, name: UNASSIGNED_LABEL, email: null, teamName: null });

  const teamList: ReportTeam[] = [...teamRows];
  if (byTeam.has(null)) teamList.push({ id: null, name: NO_TEAM_LABEL });
  return { reps, teamList };
}

const minutes = (ms: number | null) => (ms === null ? null : Math.round(ms / 6_000) / 10);
const percent = (share: number | null) => (share === null ? null : Math.round(share * 1_000) / 10);
const twoDecimals = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

export const REPORT_CSV_HEADER = [
  "week_start",
  "rep",
  "rep_email",
  "team",
  "conversations",
  ...CHANNELS.map((channel) => `conversations_${channel}`),
  "first_responses",
  "first_response_median_minutes",
  "first_response_p90_minutes",
  "resolved",
  "resolution_median_minutes",
  "sla_measured",
  "sla_met",
  "sla_attainment_pct",
  "csat_sent",
  "csat_responses",
  "csat_response_rate_pct",
  "csat_average",
  "csat_1",
  "csat_2",
  "csat_3",
  "csat_4",
  "csat_5",
] as const;

/** One CSV line's values for a slice, in REPORT_CSV_HEADER's order after the first four columns. */
export function figuresToCsvValues(figures: KeyFigures): CsvValue[] {
  return [
    figures.conversations,
    ...CHANNELS.map((channel) => figures.byChannel[channel]),
    figures.firstResponse.count,
    minutes(figures.firstResponse.medianMs),
    minutes(figures.firstResponse.p90Ms),
    figures.resolution.count,
    minutes(figures.resolution.medianMs),
    figures.sla.measured,
    figures.sla.met,
    percent(figures.sla.attainment),
    figures.csat.sent,
    figures.csat.responses,
    percent(figures.csat.responseRate),
    twoDecimals(figures.csat.average),
    ...figures.csat.distribution,
  ];
}

/** The export: a header, then one row per week × rep; empty cells where nothing was measured. */
export function reportToCsv(report: Report): string {
  return toCsv(
    REPORT_CSV_HEADER,
    report.repWeeks.map(({ weekStart, rep, figures }) => [
      isoDate(weekStart),
      rep.name,
      rep.email,
      rep.teamName,
      ...figuresToCsvValues(figures),
    ]),
  );
}

/** "tandem-report-2026-09-28-to-2026-11-22.csv": the period's first and last day. */
export function reportCsvFileName(report: Report): string {
  return `tandem-report-${isoDate(report.period.start)}-to-${isoDate(report.period.end.getTime() - 1)}.csv`;
}
