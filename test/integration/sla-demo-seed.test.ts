import { eq } from "drizzle-orm";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase, type TandemConnection } from "../../db/connection.server";
import { conversations, notifications, slaEvents } from "../../db/schema";
import { loadSlaSettings } from "../../db/sla.server";
import { seedDemoWorkspace } from "../../server/demo-seed.server";
import { createInboxEventBus } from "../../server/inbox/events.server";
import { startSlaMonitor } from "../../server/sla/sla.server";

let dir: string;
let db: TandemConnection;
let workspaceId: number;
/** A Tuesday: the demo's Monday-morning story is timed from the day before, 08:00 UTC. */
const seededAt = new Date("2026-11-24T12:00:00Z");

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tandem-sla-demo-"));
  db = openDatabase(join(dir, "tandem.db"));
  workspaceId = (await seedDemoWorkspace(db, seededAt)).workspace.id;
});
afterAll(() => {
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

describe("the demo workspace's SLA", () => {
  it("works London office hours, closed over Christmas, under the default promises", () => {
    const settings = loadSlaSettings(db, workspaceId);
    expect(settings.hours?.timeZone).toBe("Europe/London");
    expect(settings.hours?.weeklySchedule).toEqual([
      [],
      [[480, 1080]],
      [[480, 1080]],
      [[480, 1080]],
      [[480, 1080]],
      [[480, 1080]],
      [],
    ]);
    expect(settings.holidays).toEqual(expect.arrayContaining(["2026-12-25", "2026-12-26", "2027-12-25"]));
    expect(
      settings.policies.map((policy) => [policy.priority, policy.accountPlan, policy.firstResponseMinutes]),
    ).toContainEqual(["urgent", "enterprise", 15]);
  });

  it("has a clock on exactly the open conversations where a customer is waiting", () => {
    const rows = db.select().from(conversations).where(eq(conversations.workspaceId, workspaceId)).all();
    const waiting = rows.filter((row) => row.status === "open" && row.waitingSince);
    expect(waiting.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.slaDueAt !== null, row.publicId).toBe(waiting.includes(row));
      if (row.slaDueAt) expect(row.slaDueAt.getTime()).toBeGreaterThan(row.waitingSince!.getTime());
    }
  });

  it("breaches the clocks nobody answered, once, notifying their assignees", () => {
    const events = createInboxEventBus();
    const breaches: string[] = [];
    events.on("sla.breach", ({ conversationId, target }) => breaches.push(`${conversationId} ${target}`));
    const monitor = startSlaMonitor({ db, events, now: () => seededAt, intervalMs: 3_600_000 });
    monitor.scanNow();
    monitor.scanNow();
    monitor.stop();

    const recorded = db.select().from(slaEvents).where(eq(slaEvents.workspaceId, workspaceId)).all();
    expect(breaches.length).toBeGreaterThan(0);
    expect(recorded.filter((event) => event.kind === "breach")).toHaveLength(breaches.length);
    expect(new Set(breaches).size).toBe(breaches.length);
    const assigned = db
      .select({ kind: notifications.kind })
      .from(notifications)
      .where(eq(notifications.workspaceId, workspaceId))
      .all();
    expect(
      assigned.every((notification) => notification.kind === "sla_breach" || notification.kind === "sla_warning"),
    ).toBe(true);
  });
});
