/**
 * The SLA engine: keeps each conversation's clock stored, and watches the
 * clocks so warnings and breaches are recorded once and announced live.
 */
import type { TandemDatabase } from "../../db/connection.server";
import type { Priority } from "../../db/interchange";
import { perConnection } from "../../db/prepared.server";
import {
  loadSlaSettings,
  loadSlaSubject,
  loadSlaSubjectsOfWorkspace,
  loadSlaSubjectsToWatch,
  notifyOfSla,
  recordSlaEvent,
  slaSettingsVersion,
  storeConversationSla,
  type SlaEventKind,
  type SlaSubject,
  type WorkspaceSlaSettings,
} from "../../db/sla.server";
import type { InboxEventBus } from "../inbox/events.server";
import { createBusinessCalendar, type BusinessCalendar } from "./business-calendar";
import { customerWaits, runningSlaClocks, SLA_TARGET_LABELS, type SlaClock } from "./clock";
import { DEFAULT_BUSINESS_HOURS, DEFAULT_SLA_POLICIES } from "./defaults";
import { choosePolicy, type SlaPolicy } from "./policy";

/** A workspace's SLA rules, ready to apply: its own hours and policies, or the defaults. */
export interface SlaRules {
  calendar: BusinessCalendar;
  policyFor(priority: Priority, plan: string | null): SlaPolicy;
}

export function slaRules(settings: WorkspaceSlaSettings): SlaRules {
  const hours = settings.hours ?? DEFAULT_BUSINESS_HOURS;
  return {
    calendar: createBusinessCalendar({ ...hours, holidays: settings.holidays }),
    // The workspace's own policies first; the defaults cover every priority, so something always applies.
    policyFor: (priority, plan) =>
      choosePolicy(settings.policies, priority, plan) ?? choosePolicy(DEFAULT_SLA_POLICIES, priority, plan)!,
  };
}

// Per workspace, the rules last built and the settings version they were built from.
const builtRules = perConnection(() => new Map<number, { version: string; rules: SlaRules }>());

/**
 * A workspace's rules as its settings stand. Loading the settings and building
 * the calendar cost more than the rest of a conversation's refresh, which runs
 * for every triage edit: they are built again only once the settings may have
 * changed, and the calendar keeps the days it has worked out.
 */
function rulesOf(db: TandemDatabase, workspaceId: number): SlaRules {
  const version = slaSettingsVersion(db);
  const built = builtRules(db);
  const known = built.get(workspaceId);
  if (known?.version === version) return known.rules;
  const rules = slaRules(loadSlaSettings(db, workspaceId));
  built.set(workspaceId, { version, rules });
  return rules;
}

function clocksOf(subject: SlaSubject, rules: SlaRules): SlaClock[] {
  const policy = rules.policyFor(subject.priority, subject.accountPlan);
  return runningSlaClocks({ status: subject.status, waits: customerWaits(subject.thread) }, policy, rules.calendar);
}

/**
 * Stores the clock to show: the first of the running clocks. A stored clock
 * that stopped running (the agent replied, the conversation closed, triage
 * changed the promise) after its due time was broken: its breach is recorded
 * here, as the monitor may not have seen it yet. Returns whether the stored clock changed.
 */
function settleClock(db: TandemDatabase, subject: SlaSubject, running: SlaClock[], now: Date): boolean {
  const shown = running[0] ?? null;
  const stored = subject.slaTarget && subject.slaDueAt ? { target: subject.slaTarget, dueAt: subject.slaDueAt } : null;
  const isStored = (clock: SlaClock) =>
    stored !== null && clock.target === stored.target && clock.dueAt.getTime() === stored.dueAt.getTime();
  // The same promise with another warning time (its policy changed, or it predates stored warnings) is stored again, silently.
  if (shown && isStored(shown) && subject.slaWarnAt?.getTime() !== shown.warnAt.getTime()) {
    storeConversationSla(db, subject.id, shown);
    return true;
  }
  if (shown ? isStored(shown) : !stored) return false;
  // A promise broken once is recorded once: triage that changes it back and forth does not write again.
  if (stored && stored.dueAt <= now && !running.some(isStored) && !wasRecorded(subject, stored, "breach")) {
    recordSlaEvent(db, {
      workspaceId: subject.workspaceId,
      conversationId: subject.id,
      kind: "breach",
      ...stored,
      at: now,
    });
  }
  storeConversationSla(db, subject.id, shown);
  return true;
}

/**
 * Recomputes and stores a conversation's SLA clock. Synchronous, for use inside
 * the transaction that changed the conversation: after a message is stored,
 * a reply is sent, or triage (priority, status, snooze, account) changes.
 * Returns the clock now shown, or null while paused or met.
 */
export function refreshConversationSla(db: TandemDatabase, conversationId: number, now: Date): SlaClock | null {
  const subject = loadSlaSubject(db, conversationId);
  if (!subject) return null;
  const running = clocksOf(subject, rulesOf(db, subject.workspaceId));
  settleClock(db, subject, running, now);
  return running[0] ?? null;
}

/** Recomputes every open conversation's clock in a workspace: after its policies, hours or holidays change, or an import. */
export function refreshWorkspaceSla(db: TandemDatabase, workspaceId: number, now: Date): void {
  const rules = rulesOf(db, workspaceId);
  for (const subject of loadSlaSubjectsOfWorkspace(db, workspaceId)) {
    settleClock(db, subject, clocksOf(subject, rules), now);
  }
}

export interface SlaMonitor {
  /** Checks every clock now; the timer calls this every `intervalMs`. */
  scanNow(): void;
  stop(): void;
}

/**
 * Watches every running clock: once a clock reaches its warning time, and
 * again at its due time, records the sla_event (once per promise), announces
 * it on the bus, and notifies the assignee.
 */
export function startSlaMonitor(options: {
  db: TandemDatabase;
  events: InboxEventBus;
  now?: () => Date;
  intervalMs: number;
}): SlaMonitor {
  const { db, events } = options;
  const now = options.now ?? (() => new Date());

  function scanNow(): void {
    const at = now();
    // Announced only after the transaction commits, so listeners never hear of what was rolled back.
    const announcements: (() => void)[] = [];
    db.transaction((tx) => {
      const rulesByWorkspace = new Map<number, SlaRules | null>();
      for (const subject of loadSlaSubjectsToWatch(tx)) {
        const rules = rulesFor(tx, subject.workspaceId, rulesByWorkspace);
        if (!rules) continue;
        const clocks = clocksOf(subject, rules);
        let changed = settleClock(tx, subject, clocks, at);
        for (const clock of clocks) {
          const kind: SlaEventKind | null = at >= clock.dueAt ? "breach" : at >= clock.warnAt ? "warning" : null;
          if (!kind || wasRecorded(subject, clock, kind)) continue;
          const { workspaceId, id: conversationId } = subject;
          const event = { workspaceId, conversationId, target: clock.target, kind, dueAt: clock.dueAt, at };
          if (!recordSlaEvent(tx, event)) continue;
          announcements.push(...raiseSlaAlert(tx, events, subject, clock, kind, at));
          changed = true;
        }
        if (changed) {
          const change = { workspaceId: subject.workspaceId, conversationId: subject.publicId, reason: "sla" as const };
          announcements.push(() => events.emit("conversation.changed", change));
        }
      }
    });
    for (const announce of announcements) announce();
  }

  const timer = setInterval(() => {
    try {
      scanNow();
    } catch (error) {
      console.error("SLA scan failed:", error);
    }
  }, options.intervalMs);
  // A pending scan should not keep a stopping process alive.
  timer.unref();
  return { scanNow, stop: () => clearInterval(timer) };
}

const NOTIFICATION = {
  warning: { kind: "sla_warning", wording: "due soon", event: "sla.warning" },
  breach: { kind: "sla_breach", wording: "overdue", event: "sla.breach" },
} as const;

/** Notifies the assignee (if any) of a warning or breach just recorded; returns the announcements to make once committed. */
function raiseSlaAlert(
  db: TandemDatabase,
  events: InboxEventBus,
  subject: SlaSubject,
  clock: SlaClock,
  kind: SlaEventKind,
  at: Date,
): (() => void)[] {
  const { kind: notificationKind, wording, event } = NOTIFICATION[kind];
  const alert = {
    workspaceId: subject.workspaceId,
    conversationId: subject.publicId,
    target: clock.target,
    dueAt: clock.dueAt,
  };
  const announcements = [() => void events.emit(event, alert)];
  if (subject.assigneeId !== null) {
    const about = subject.subject ? ` “${subject.subject}”` : "";
    const notification = {
      workspaceId: subject.workspaceId,
      userId: subject.assigneeId,
      kind: notificationKind,
      text: `${SLA_TARGET_LABELS[clock.target]} ${wording}: ${subject.publicId}${about}`,
    };
    notifyOfSla(db, { ...notification, conversationId: subject.id, at });
    announcements.push(
      () => void events.emit("notification.created", { ...notification, conversationId: subject.publicId }),
    );
  }
  return announcements;
}

/** One workspace's rules for a scan; a workspace with broken settings is skipped (and reported once per scan), not the whole scan. */
function rulesFor(db: TandemDatabase, workspaceId: number, cache: Map<number, SlaRules | null>): SlaRules | null {
  if (!cache.has(workspaceId)) {
    try {
      cache.set(workspaceId, rulesOf(db, workspaceId));
    } catch (error) {
      console.error(`SLA settings of workspace ${workspaceId} are unusable:`, error);
      cache.set(workspaceId, null);
    }
  }
  return cache.get(workspaceId)!;
}

function wasRecorded(subject: SlaSubject, clock: Pick<SlaClock, "target" | "dueAt">, kind: SlaEventKind): boolean {
  return subject.events.some(
    (event) => event.kind === kind && event.target === clock.target && event.dueAt.getTime() === clock.dueAt.getTime(),
  );
}
