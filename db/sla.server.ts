/**
 * SLA storage: a workspace's policies and business calendar, each
 * conversation's running clock, and the warnings and breaches as they happened.
 */
import { and, asc, eq, gte, inArray, isNotNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { TandemDatabase } from "./connection.server";
import { perConnection, preparedQuery, updatePlaceholders } from "./prepared.server";
import {
  accounts,
  businessHours,
  conversations,
  holidays,
  messages,
  notifications,
  slaEvents,
  slaPolicies,
  SLA_EVENT_KINDS,
  type SlaTarget,
} from "./schema";

export type SlaPolicyRow = typeof slaPolicies.$inferSelect;
export type NewSlaPolicy = Omit<typeof slaPolicies.$inferInsert, "id" | "workspaceId">;
export type SlaEventKind = (typeof SLA_EVENT_KINDS)[number];

export interface WorkspaceSlaSettings {
  /** In the order they were created, which breaks ties between equally specific policies. */
  policies: SlaPolicyRow[];
  /** Undefined when the workspace has not set its hours. */
  hours: { timeZone: string; weeklySchedule: [number, number][][] } | undefined;
  holidays: string[];
}

const slaSettingsQueries = preparedQuery((db) => {
  const workspaceId = sql.placeholder("workspaceId");
  return {
    policies: db.select().from(slaPolicies).where(eq(slaPolicies.workspaceId, workspaceId)).orderBy(asc(slaPolicies.id)).prepare(),
    hours: db
      .select({ timeZone: businessHours.timeZone, weeklySchedule: businessHours.weeklySchedule })
      .from(businessHours)
      .where(eq(businessHours.workspaceId, workspaceId))
      .prepare(),
    holidays: db.select({ date: holidays.date }).from(holidays).where(eq(holidays.workspaceId, workspaceId)).prepare(),
  };
});

export function loadSlaSettings(db: TandemDatabase, workspaceId: number): WorkspaceSlaSettings {
  const queries = slaSettingsQueries(db);
  return {
    policies: queries.policies.all({ workspaceId }),
    hours: queries.hours.get({ workspaceId }),
    holidays: queries.holidays.all({ workspaceId }).map((row) => row.date),
  };
}

/** This process's writes of SLA settings, per connection: every one goes through the functions below. */
const settingsWrites = perConnection(() => ({ count: 0 }));
const dataVersion = preparedQuery((db) => db.select({ version: sql<number>`data_version` }).from(sql`pragma_data_version`).prepare());

/**
 * Differs whenever some workspace's SLA settings may have changed since it was
 * last taken: written here, or committed by another connection (which is what
 * SQLite's data_version counts). What is built from the settings is kept while
 * it stays the same.
 */
export function slaSettingsVersion(db: TandemDatabase): string {
  return `${settingsWrites(db).count}.${dataVersion(db).get()!.version}`;
}

export function addSlaPolicies(db: TandemDatabase, workspaceId: number, policies: readonly NewSlaPolicy[]): void {
  if (policies.length === 0) return;
  settingsWrites(db).count++;
  db.insert(slaPolicies)
    .values(policies.map((policy) => ({ ...policy, workspaceId })))
    .run();
}

export function setBusinessHours(
  db: TandemDatabase,
  workspaceId: number,
  hours: { timeZone: string; weeklySchedule: [number, number][][] },
): void {
  settingsWrites(db).count++;
  db.insert(businessHours)
    .values({ workspaceId, ...hours })
    .onConflictDoUpdate({ target: businessHours.workspaceId, set: hours })
    .run();
}

/** Adds holidays; a date already listed keeps its name. */
export function addHolidays(
  db: TandemDatabase,
  workspaceId: number,
  days: readonly { date: string; name: string }[],
): void {
  if (days.length === 0) return;
  settingsWrites(db).count++;
  db.insert(holidays)
    .values(days.map((day) => ({ workspaceId, ...day })))
    .onConflictDoNothing()
    .run();
}

/** What the SLA engine reads of one conversation. */
export interface SlaSubject {
  id: number;
  workspaceId: number;
  publicId: string;
  subject: string | null;
  status: typeof conversations.$inferSelect.status;
  priority: typeof conversations.$inferSelect.priority;
  accountPlan: string | null;
  assigneeId: number | null;
  /** The clock stored now. */
  slaTarget: SlaTarget | null;
  slaDueAt: Date | null;
  slaWarnAt: Date | null;
  /** Customer and agent messages, oldest first: bots answer nothing. */
  thread: { authorKind: "customer" | "agent"; sentAt: Date }[];
  /** Warnings and breaches already recorded. */
  events: { target: SlaTarget; kind: SlaEventKind; dueAt: Date }[];
}

const slaSubjectById = preparedQuery((db) => {
  const queries = slaSubjectQueries(db, eq(conversations.id, sql.placeholder("id")));
  return { rows: queries.rows.prepare(), thread: queries.thread.prepare(), events: queries.events.prepare() };
});

/** One conversation's SLA facts: read after every message, so its queries are prepared once. */
export function loadSlaSubject(db: TandemDatabase, conversationId: number): SlaSubject | undefined {
  const queries = slaSubjectById(db);
  const rows = queries.rows.all({ id: conversationId });
  if (!rows.length) return undefined;
  return assembleSlaSubjects(rows, queries.thread.all({ id: conversationId }), queries.events.all({ id: conversationId }))[0];
}

/**
 * Every conversation whose clock may need attention: the open ones with a
 * waiting customer, and any with a clock stored (which may have stopped).
 */
export function loadSlaSubjectsToWatch(db: TandemDatabase): SlaSubject[] {
  return loadSlaSubjects(
    db,
    or(
      and(eq(conversations.status, "open"), isNotNull(conversations.waitingSince)),
      isNotNull(conversations.slaDueAt),
    )!,
  );
}

/** A workspace's conversations that are open or still show a clock: what a change of its SLA settings affects. */
export function loadSlaSubjectsOfWorkspace(db: TandemDatabase, workspaceId: number): SlaSubject[] {
  return loadSlaSubjects(
    db,
    and(
      eq(conversations.workspaceId, workspaceId),
      or(eq(conversations.status, "open"), isNotNull(conversations.slaDueAt)),
    )!,
  );
}

function loadSlaSubjects(db: TandemDatabase, which: SQL): SlaSubject[] {
  const queries = slaSubjectQueries(db, which);
  const rows = queries.rows.all();
  if (!rows.length) return [];
  return assembleSlaSubjects(rows, queries.thread.all(), queries.events.all());
}

/** The conversations `which` selects, their customer and agent messages, and their recorded warnings and breaches. */
function slaSubjectQueries(db: TandemDatabase, which: SQL) {
  const ids = db.select({ id: conversations.id }).from(conversations).where(which);
  return {
    rows: db
      .select({
        id: conversations.id,
        workspaceId: conversations.workspaceId,
        publicId: conversations.publicId,
        subject: conversations.subject,
        status: conversations.status,
        priority: conversations.priority,
        accountPlan: accounts.plan,
        assigneeId: conversations.assigneeId,
        slaTarget: conversations.slaTarget,
        slaDueAt: conversations.slaDueAt,
        slaWarnAt: conversations.slaWarnAt,
      })
      .from(conversations)
      .leftJoin(accounts, eq(accounts.id, conversations.accountId))
      .where(which),
    thread: db
      .select({ conversationId: messages.conversationId, authorKind: messages.authorKind, sentAt: messages.sentAt })
      .from(messages)
      .where(and(inArray(messages.conversationId, ids), inArray(messages.authorKind, ["customer", "agent"])))
      .orderBy(asc(messages.conversationId), asc(messages.sentAt), asc(messages.id)),
    events: db
      .select({ conversationId: slaEvents.conversationId, target: slaEvents.target, kind: slaEvents.kind, dueAt: slaEvents.dueAt })
      .from(slaEvents)
      .where(inArray(slaEvents.conversationId, ids)),
  };
}

type SlaSubjectRow = Omit<SlaSubject, "thread" | "events">;

function assembleSlaSubjects(
  rows: SlaSubjectRow[],
  thread: { conversationId: number; authorKind: string; sentAt: Date }[],
  events: ({ conversationId: number } & SlaSubject["events"][number])[],
): SlaSubject[] {
  const subjects = new Map<number, SlaSubject>(rows.map((row) => [row.id, { ...row, thread: [], events: [] }]));
  for (const { conversationId, authorKind, sentAt } of thread) {
    subjects.get(conversationId)?.thread.push({ authorKind: authorKind as "customer" | "agent", sentAt });
  }
  for (const { conversationId, ...event } of events) subjects.get(conversationId)?.events.push(event);
  return [...subjects.values()];
}

/** Stores the clock a conversation shows; null while paused or met. */
export function storeConversationSla(
  db: TandemDatabase,
  conversationId: number,
  clock: { target: SlaTarget; dueAt: Date; warnAt: Date } | null,
): void {
  updateSla(db).run({ id: conversationId, ...slaColumns.encode({ slaTarget: clock?.target ?? null, slaDueAt: clock?.dueAt ?? null, slaWarnAt: clock?.warnAt ?? null }) });
}
// Written after every message and triage edit: prepared once per connection.
const slaColumns = updatePlaceholders({ slaTarget: conversations.slaTarget, slaDueAt: conversations.slaDueAt, slaWarnAt: conversations.slaWarnAt });
const updateSla = preparedQuery((db) => db.update(conversations).set(slaColumns.set).where(eq(conversations.id, sql.placeholder("id"))).prepare());

/** Records a warning or breach; false when it was already recorded (the same promise warns and breaches once). */
export function recordSlaEvent(
  db: TandemDatabase,
  event: { workspaceId: number; conversationId: number; target: SlaTarget; kind: SlaEventKind; dueAt: Date; at: Date },
): boolean {
  return db.insert(slaEvents).values(event).onConflictDoNothing().run().changes > 0;
}

export function notifyOfSla(
  db: TandemDatabase,
  input: {
    workspaceId: number;
    userId: number;
    kind: "sla_warning" | "sla_breach";
    conversationId: number;
    text: string;
    at: Date;
  },
): void {
  const { at, ...notification } = input;
  db.insert(notifications)
    .values({ ...notification, createdAt: at })
    .run();
}

export interface SlaDueRow {
  publicId: string;
  subject: string | null;
  priority: SlaSubject["priority"];
  assigneeId: number | null;
  slaTarget: SlaTarget;
  slaDueAt: Date;
}

/** "SLA at risk": open conversations whose clock falls due before `before` (overdue ones included), soonest first. */
export function listConversationsDueBefore(db: TandemDatabase, workspaceId: number, before: Date): SlaDueRow[] {
  const rows = db
    .select({
      publicId: conversations.publicId,
      subject: conversations.subject,
      priority: conversations.priority,
      assigneeId: conversations.assigneeId,
      slaTarget: conversations.slaTarget,
      slaDueAt: conversations.slaDueAt,
    })
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, workspaceId),
        lt(conversations.slaDueAt, before),
        isNotNull(conversations.slaTarget),
        eq(conversations.status, "open"),
      ),
    )
    .orderBy(asc(conversations.slaDueAt))
    .all();
  // The filter above guarantees both.
  return rows.map((row) => ({ ...row, slaTarget: row.slaTarget!, slaDueAt: row.slaDueAt! }));
}

export interface SlaBreachRow {
  publicId: string;
  subject: string | null;
  priority: SlaSubject["priority"];
  assigneeId: number | null;
  target: SlaTarget;
  dueAt: Date;
  /** When the breach was recorded. */
  at: Date;
}

/** Breaches recorded in [from, to], oldest first, for reports. */
export function listSlaBreaches(
  db: TandemDatabase,
  workspaceId: number,
  range: { from: Date; to: Date },
): SlaBreachRow[] {
  return db
    .select({
      publicId: conversations.publicId,
      subject: conversations.subject,
      priority: conversations.priority,
      assigneeId: conversations.assigneeId,
      target: slaEvents.target,
      dueAt: slaEvents.dueAt,
      at: slaEvents.at,
    })
    .from(slaEvents)
    .innerJoin(conversations, eq(conversations.id, slaEvents.conversationId))
    .where(
      and(
        eq(slaEvents.workspaceId, workspaceId),
        eq(slaEvents.kind, "breach"),
        gte(slaEvents.at, range.from),
        lte(slaEvents.at, range.to),
      ),
    )
    .orderBy(asc(slaEvents.at), asc(slaEvents.id))
    .all();
}
