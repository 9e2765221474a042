import { and, eq } from "drizzle-orm";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase, type TandemConnection } from "../../db/connection.server";
import { refreshConversationTimeline } from "../../db/conversations.server";
import { insertMessage } from "../../db/messages.server";
import { conversations, notifications, slaEvents } from "../../db/schema";
import { addSlaPolicies, listConversationsDueBefore, listSlaBreaches, setBusinessHours } from "../../db/sla.server";
import { createUser } from "../../db/users.server";
import { createWorkspace } from "../../db/workspaces.server";
import { createInboxEventBus, type InboxEventBus, type InboxEvents } from "../../server/inbox/events.server";
import { receiveMessage } from "../../server/inbox/receive-message.server";
import { refreshConversationSla, startSlaMonitor, type SlaMonitor } from "../../server/sla/sla.server";

let dir: string;
let db: TandemConnection;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tandem-sla-"));
  db = openDatabase(join(dir, "tandem.db"));
});
afterAll(() => {
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

/** The fake clock every part reads: the receive path, replies and the monitor. */
let now: Date;
const setClock = (iso: string) => {
  now = new Date(iso);
};

let workspaceId: number;
let agentId: number;
let events: InboxEventBus;
let heard: { name: keyof InboxEvents; payload: Record<string, unknown> }[];
let monitor: SlaMonitor;
let slug = 0;

beforeEach(() => {
  workspaceId = createWorkspace(db, { slug: `sla-${++slug}`, name: "Support" }).id;
  agentId = createUser(db, {
    workspaceId,
    email: `sam${slug}@tandem.example`,
    name: "Sam",
    role: "rep",
    passwordHash: "-",
  }).id;
  // A London team, Mon–Fri 08:00–18:00.
  const day: [number, number][] = [[8 * 60, 18 * 60]];
  setBusinessHours(db, workspaceId, { timeZone: "Europe/London", weeklySchedule: [[], day, day, day, day, day, []] });
  addSlaPolicies(db, workspaceId, [
    {
      name: "Normal",
      priority: "normal",
      firstResponseMinutes: 60,
      nextResponseMinutes: 120,
      resolutionMinutes: 600,
      warnBeforeMinutes: 15,
    },
  ]);

  events = createInboxEventBus();
  heard = [];
  for (const name of ["sla.warning", "sla.breach", "conversation.changed", "notification.created"] as const) {
    // The monitor watches every workspace in the file: listen to this test's only.
    events.on(name, (payload: InboxEvents[typeof name][0]) => {
      if (payload.workspaceId === workspaceId) heard.push({ name, payload: { ...payload } });
    });
  }
  // An interval far beyond the test: every scan here is an explicit scanNow().
  monitor = startSlaMonitor({ db, events, now: () => now, intervalMs: 3_600_000 });
});
afterEach(() => monitor.stop());

/** A customer email in the one thread, stored as the channels do, with the SLA refreshed in the same transaction. */
function customerWrites(n: number, text: string) {
  const result = receiveMessage(
    { db, events: createInboxEventBus(), now: () => now, afterStore: refreshConversationSla },
    workspaceId,
    {
      channel: "email",
      channelMessageId: `<m${n}-${slug}@customer.example>`,
      threadKeys: [`<m1-${slug}@customer.example>`, `<m${n}-${slug}@customer.example>`],
      contact: { name: "Dana Ruiz", email: "dana@customer.example" },
      subject: "Exports failing",
      text,
      sentAt: now,
    },
  );
  if (result.status !== "stored") throw new Error(`not stored: ${JSON.stringify(result)}`);
  return result.conversationId;
}

/** A rep's reply, as the reply path will store it: message, timeline and SLA in one transaction. */
function agentReplies(conversationId: number, text: string) {
  db.transaction((tx) => {
    insertMessage(tx, {
      workspaceId,
      conversationId,
      authorKind: "agent",
      authorUserId: agentId,
      direction: "outbound",
      text,
      sentAt: now,
    });
    refreshConversationTimeline(tx, conversationId);
    refreshConversationSla(tx, conversationId, now);
  });
}

const conversationRow = (publicId: string) =>
  db
    .select()
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.publicId, publicId)))
    .get()!;
const recorded = (conversationId: number) =>
  db
    .select({ target: slaEvents.target, kind: slaEvents.kind, dueAt: slaEvents.dueAt })
    .from(slaEvents)
    .where(eq(slaEvents.conversationId, conversationId))
    .orderBy(slaEvents.id)
    .all();
const heardNames = () => heard.map((event) => event.name);

describe("an SLA clock on a fake clock", () => {
  it("warns, pauses while waiting on the customer, and breaches the next response once", () => {
    // Monday 23 November 2026, 09:00 in London (GMT, so UTC): Dana writes in.
    setClock("2026-11-23T09:00:00Z");
    const publicId = customerWrites(1, "Our nightly export has failed three times.");
    const { id } = conversationRow(publicId);
    db.update(conversations).set({ assigneeId: agentId }).where(eq(conversations.id, id)).run();
    expect(conversationRow(publicId)).toMatchObject({
      slaTarget: "first_response",
      slaDueAt: new Date("2026-11-23T10:00:00Z"),
      // The policy warns 15 minutes ahead: the inbox's chip and "SLA at risk" view read this.
      slaWarnAt: new Date("2026-11-23T09:45:00Z"),
    });

    // Running, not yet at risk: the scan stays quiet.
    setClock("2026-11-23T09:30:00Z");
    monitor.scanNow();
    expect(heard).toEqual([]);
    expect(
      listConversationsDueBefore(db, workspaceId, new Date("2026-11-23T10:30:00Z")).map((row) => row.publicId),
    ).toEqual([publicId]);

    // 15 minutes before it is due: one warning, recorded, announced, and sent to the assignee.
    setClock("2026-11-23T09:46:00Z");
    monitor.scanNow();
    monitor.scanNow();
    expect(recorded(id)).toEqual([
      { target: "first_response", kind: "warning", dueAt: new Date("2026-11-23T10:00:00Z") },
    ]);
    expect(heard).toEqual([
      {
        name: "sla.warning",
        payload: {
          workspaceId,
          conversationId: publicId,
          target: "first_response",
          dueAt: new Date("2026-11-23T10:00:00Z"),
        },
      },
      {
        name: "notification.created",
        payload: {
          workspaceId,
          userId: agentId,
          kind: "sla_warning",
          text: `First reply due soon: ${publicId} “Exports failing”`,
          conversationId: publicId,
        },
      },
      { name: "conversation.changed", payload: { workspaceId, conversationId: publicId, reason: "sla" } },
    ]);

    // Sam replies in time: the clock pauses while the customer has the ball, however long that takes.
    setClock("2026-11-23T09:50:00Z");
    agentReplies(id, "Looking now: could you send the export id?");
    expect(conversationRow(publicId)).toMatchObject({ slaTarget: null, slaDueAt: null });
    heard = [];
    setClock("2026-11-23T16:00:00Z");
    monitor.scanNow();
    expect(heard).toEqual([]);
    expect(recorded(id)).toHaveLength(1);

    // Dana answers at 17:30: the next response is due in 2 business hours: 30 minutes today, 90 from Tuesday 08:00.
    setClock("2026-11-23T17:30:00Z");
    customerWrites(2, "Here it is: exp_4481.");
    const nextDue = new Date("2026-11-24T09:30:00Z");
    expect(conversationRow(publicId)).toMatchObject({
      slaTarget: "next_response",
      slaDueAt: nextDue,
      slaWarnAt: new Date("2026-11-24T09:15:00Z"),
    });

    // Overnight the clock stands still.
    setClock("2026-11-24T07:59:00Z");
    monitor.scanNow();
    expect(heard).toEqual([]);

    setClock("2026-11-24T09:16:00Z");
    monitor.scanNow();
    expect(heardNames()).toEqual(["sla.warning", "notification.created", "conversation.changed"]);
    heard = [];

    // Nobody answers: the breach is recorded and announced once, however often the monitor looks.
    setClock("2026-11-24T09:31:00Z");
    monitor.scanNow();
    monitor.scanNow();
    setClock("2026-11-24T10:15:00Z");
    monitor.scanNow();
    expect(heard).toEqual([
      {
        name: "sla.breach",
        payload: { workspaceId, conversationId: publicId, target: "next_response", dueAt: nextDue },
      },
      {
        name: "notification.created",
        payload: {
          workspaceId,
          userId: agentId,
          kind: "sla_breach",
          text: `Next reply overdue: ${publicId} “Exports failing”`,
          conversationId: publicId,
        },
      },
      { name: "conversation.changed", payload: { workspaceId, conversationId: publicId, reason: "sla" } },
    ]);
    expect(recorded(id)).toEqual([
      { target: "first_response", kind: "warning", dueAt: new Date("2026-11-23T10:00:00Z") },
      { target: "next_response", kind: "warning", dueAt: nextDue },
      { target: "next_response", kind: "breach", dueAt: nextDue },
    ]);
    expect(
      db.select({ kind: notifications.kind }).from(notifications).where(eq(notifications.userId, agentId)).all(),
    ).toEqual([{ kind: "sla_warning" }, { kind: "sla_warning" }, { kind: "sla_breach" }]);
    // The conversation stays on the "at risk" list, overdue, until someone replies.
    expect(listConversationsDueBefore(db, workspaceId, now)).toMatchObject([
      { publicId, slaTarget: "next_response", slaDueAt: nextDue },
    ]);

    // The late reply stops the clock without recording the breach again; the report has it once.
    agentReplies(id, "Found it, fixing.");
    expect(recorded(id)).toHaveLength(3);
    expect(listSlaBreaches(db, workspaceId, { from: new Date("2026-11-23T00:00:00Z"), to: now })).toEqual([
      {
        publicId,
        subject: "Exports failing",
        priority: "normal",
        assigneeId: agentId,
        target: "next_response",
        dueAt: nextDue,
        at: new Date("2026-11-24T09:31:00Z"),
      },
    ]);
    expect(listConversationsDueBefore(db, workspaceId, now)).toEqual([]);
  });

  it("records a breach the monitor never saw when a late reply stops the clock", () => {
    setClock("2026-11-23T09:00:00Z");
    const publicId = customerWrites(1, "Hello?");
    const { id } = conversationRow(publicId);

    // Due at 10:00; the reply comes at 10:10 and no scan ran in between.
    setClock("2026-11-23T10:10:00Z");
    agentReplies(id, "Sorry for the wait.");
    expect(recorded(id)).toEqual([
      { target: "first_response", kind: "breach", dueAt: new Date("2026-11-23T10:00:00Z") },
    ]);

    // Already over: nothing to announce live.
    monitor.scanNow();
    expect(heard).toEqual([]);
  });

  it("catches up a clock the writing path did not refresh", () => {
    setClock("2026-11-23T09:00:00Z");
    const publicId = customerWrites(1, "Hello?");
    const { id } = conversationRow(publicId);
    // A change made without refreshing the SLA (an import, a path not wired yet): the clock still shows.
    db.update(conversations).set({ slaTarget: null, slaDueAt: null }).where(eq(conversations.id, id)).run();

    monitor.scanNow();
    expect(conversationRow(publicId)).toMatchObject({
      slaTarget: "first_response",
      slaDueAt: new Date("2026-11-23T10:00:00Z"),
    });
    expect(heard).toEqual([
      { name: "conversation.changed", payload: { workspaceId, conversationId: publicId, reason: "sla" } },
    ]);
  });

  it("applies changed business hours from the next refresh, whether this connection or another wrote them", () => {
    // Written before the team starts: the first reply is due an hour after it does.
    setClock("2026-11-23T07:00:00Z");
    const publicId = customerWrites(1, "Hello?");
    const { id } = conversationRow(publicId);
    expect(conversationRow(publicId).slaDueAt).toEqual(new Date("2026-11-23T09:00:00Z"));
    const startingAt = (hour: number): [number, number][][] => {
      const day: [number, number][] = [[hour * 60, 18 * 60]];
      return [[], day, day, day, day, day, []];
    };

    setBusinessHours(db, workspaceId, { timeZone: "Europe/London", weeklySchedule: startingAt(9) });
    refreshConversationSla(db, id, now);
    expect(conversationRow(publicId).slaDueAt).toEqual(new Date("2026-11-23T10:00:00Z"));

    const other = openDatabase(join(dir, "tandem.db"));
    try {
      setBusinessHours(other, workspaceId, { timeZone: "Europe/London", weeklySchedule: startingAt(10) });
    } finally {
      closeDatabase(other);
    }
    refreshConversationSla(db, id, now);
    expect(conversationRow(publicId).slaDueAt).toEqual(new Date("2026-11-23T11:00:00Z"));
  });

  it("uses the default policies and hours when a workspace has none", () => {
    const bare = createWorkspace(db, { slug: `bare-${slug}`, name: "Bare" }).id;
    setClock("2026-11-27T16:00:00Z");
    const result = receiveMessage(
      { db, events: createInboxEventBus(), now: () => now, afterStore: refreshConversationSla },
      bare,
      {
        channel: "chat",
        channelMessageId: `chat-${slug}`,
        threadKeys: [`session-${slug}`],
        contact: { name: "Lee", chatVisitorId: `visitor-${slug}` },
        text: "Is anyone there?",
      },
    );
    expect(result.status).toBe("stored");
    const row = db.select().from(conversations).where(eq(conversations.workspaceId, bare)).get()!;
    // Normal priority: a first reply within 4 business hours, Mon–Fri 09:00–17:00 UTC: one hour on Friday, three on Monday.
    expect(row).toMatchObject({ slaTarget: "first_response", slaDueAt: new Date("2026-11-30T12:00:00Z") });
  });
});
