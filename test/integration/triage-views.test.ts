import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countInboxViews, INBOX_VIEWS, listInboxView, parseInboxQuery, type InboxView } from "../../db/inbox-views.server";
import { findWorkspaceBySlug } from "../../db/workspaces.server";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let workspaceId: number;
const now = new Date();

beforeAll(async () => {
  server = await startTestServer();
  workspaceId = findWorkspaceBySlug(server.db, "demo")!.id;
});
afterAll(() => server.close());

function viewerFor(email: string) {
  const user = server.db.$client.prepare("select id, team_id as teamId from users where email = ?").get(email) as { id: number; teamId: number };
  return { workspaceId, userId: user.id, teamId: user.teamId };
}

/** What each view should hold, straight from SQL written independently of the query builder. */
function expectedIds(view: InboxView, viewer: ReturnType<typeof viewerFor>, where = "1 = 1", params: unknown[] = []): string[] {
  const condition = {
    unassigned: "status = 'open' and assignee_id is null",
    mine: `status = 'open' and assignee_id = ${viewer.userId}`,
    team: `status = 'open' and (team_id = ${viewer.teamId} or assignee_id in (select id from users where team_id = ${viewer.teamId}))`,
    open: "status = 'open'",
    sla: `status = 'open' and sla_warn_at is not null and sla_warn_at <= ${now.getTime()}`,
    snoozed: "status = 'snoozed'",
    closed: "status = 'closed'",
  }[view];
  return (
    server.db.$client
      .prepare(`select public_id from conversations where workspace_id = ? and ${condition} and ${where}`)
      .all(workspaceId, ...params) as { public_id: string }[]
  )
    .map((row) => row.public_id)
    .sort();
}

describe("inbox views on the demo workspace", () => {
  it.each(["ana@demo.example", "ben@demo.example"])("each view's count and rows match its definition (%s)", (email) => {
    const viewer = viewerFor(email);
    const counts = countInboxViews(server.db, viewer, {}, now);
    for (const view of INBOX_VIEWS) {
      const expected = expectedIds(view, viewer);
      expect(counts[view], view).toBe(expected.length);
      const rows = listInboxView(server.db, viewer, { view }, { now });
      expect(rows.map((row) => row.publicId).sort(), view).toEqual(expected);
    }
  });

  it("the demo's known numbers: 34 open, 30 unassigned, 15 closed; Ben holds 3", () => {
    const counts = countInboxViews(server.db, viewerFor("ben@demo.example"), {}, now);
    expect(counts).toMatchObject({ open: 34, unassigned: 30, closed: 15, snoozed: 0, mine: 3 });
    expect(counts.team).toBeGreaterThanOrEqual(3);
  });

  it("SLA at risk holds open conversations past their policy's warning time or overdue, soonest due first", () => {
    const viewer = viewerFor("ana@demo.example");
    const db = server.db.$client;
    const ids = (db.prepare("select id from conversations where workspace_id = ? and status = 'open' order by id limit 3").all(workspaceId) as { id: number }[]).map((r) => r.id);
    const before = db.prepare("select id, sla_due_at, sla_warn_at from conversations where id in (?, ?, ?)").all(...ids) as {
      id: number;
      sla_due_at: number | null;
      sla_warn_at: number | null;
    }[];
    const setClock = (id: number, dueAt: number | null, warnAt: number | null) =>
      db.prepare("update conversations set sla_due_at = ?, sla_warn_at = ? where id = ?").run(dueAt, warnAt, id);
    const minute = 60_000;
    try {
      setClock(ids[0]!, now.getTime() - 5 * minute, now.getTime() - 65 * minute); // breached
      setClock(ids[1]!, now.getTime() + 30 * minute, now.getTime() - 15 * minute); // warning since a quarter of an hour
      setClock(ids[2]!, now.getTime() + 30 * minute, now.getTime() + 10 * minute); // due as soon, but its policy warns later
      const rows = listInboxView(server.db, viewer, { view: "sla" }, { now });
      const due = rows.map((row) => row.slaDueAt!.getTime());
      expect(due).toEqual([...due].sort((a, b) => a - b));
      expect(rows.map((row) => row.publicId).sort()).toEqual(expectedIds("sla", viewer));
      expect(countInboxViews(server.db, viewer, {}, now).sla).toBe(expectedIds("sla", viewer).length);
      const listed = new Set(rows.map((row) => row.publicId));
      const publicIdOf = (id: number) => db.prepare("select public_id from conversations where id = ?").pluck().get(id) as string;
      expect(listed.has(publicIdOf(ids[0]!))).toBe(true);
      expect(listed.has(publicIdOf(ids[1]!))).toBe(true);
      expect(listed.has(publicIdOf(ids[2]!))).toBe(false);
    } finally {
      for (const row of before) setClock(row.id, row.sla_due_at, row.sla_warn_at);
    }
  });

  it("filters by channel, priority, account and tag, in every view", () => {
    const viewer = viewerFor("ana@demo.example");
    const db = server.db.$client;
    const channel = parseInboxQuery(new URLSearchParams("channel=slack"));
    expect(listInboxView(server.db, viewer, channel).map((r) => r.publicId).sort()).toEqual(expectedIds("open", viewer, "channel = 'slack'"));
    expect(countInboxViews(server.db, viewer, channel).closed).toBe(expectedIds("closed", viewer, "channel = 'slack'").length);

    const priority = parseInboxQuery(new URLSearchParams("priority=high&channel=email"));
    expect(listInboxView(server.db, viewer, priority).map((r) => r.publicId).sort()).toEqual(
      expectedIds("open", viewer, "priority = 'high' and channel = 'email'"),
    );

    const account = parseInboxQuery(new URLSearchParams("account=northwind&view=open"));
    const northwind = listInboxView(server.db, viewer, account);
    expect(northwind.length).toBeGreaterThan(0);
    expect(new Set(northwind.map((r) => r.accountName))).toEqual(new Set(["Northwind Logistics"]));

    const c1017 = (db.prepare("select id from conversations where public_id = 'c-1017'").get() as { id: number }).id;
    db.prepare("insert into conversation_tags (workspace_id, conversation_id, tag) values (?, ?, 'exports')").run(workspaceId, c1017);
    try {
      const tagged = listInboxView(server.db, viewer, parseInboxQuery(new URLSearchParams("tag=Exports")));
      expect(tagged.map((r) => [r.publicId, r.tags])).toEqual([["c-1017", ["exports"]]]);
      expect(countInboxViews(server.db, viewer, parseInboxQuery(new URLSearchParams("tag=exports")))).toMatchObject({ open: 1, unassigned: 1, closed: 0 });
    } finally {
      db.prepare("delete from conversation_tags where conversation_id = ?").run(c1017);
    }
  });

  it("All open keeps the classic inbox order: longest-waiting customer first", () => {
    const rows = listInboxView(server.db, viewerFor("ana@demo.example"), { view: "open" });
    const waits = rows.filter((row) => row.waitingSince).map((row) => row.waitingSince!.getTime());
    expect(waits).toEqual([...waits].sort((a, b) => a - b));
    // Conversations nobody waits on (the team spoke last) come after every waiting one.
    const firstAnswered = rows.findIndex((row) => !row.waitingSince);
    expect(firstAnswered === -1 ? rows.length : firstAnswered).toBe(waits.length);
  });

  it("the view query uses the conversations indexes", () => {
    const plan = (sql: string, ...params: unknown[]) =>
      (server.db.$client.prepare(`explain query plan ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail).join("\n");
    const viewer = viewerFor("ben@demo.example");
    expect(plan("select count(*) from conversations where workspace_id = ? and assignee_id = ? and status = 'open'", workspaceId, viewer.userId)).toMatch(
      /USING (COVERING )?INDEX conversations_assignee/,
    );
    expect(plan("select count(*) from conversations where workspace_id = ? and assignee_id is null and status = 'open'", workspaceId)).toMatch(
      /USING (COVERING )?INDEX conversations_assignee/,
    );
    expect(plan("select count(*) from conversations where workspace_id = ? and sla_due_at <= ? and status = 'open'", workspaceId, Date.now())).toMatch(
      /INDEX conversations_sla|INDEX conversations_inbox/,
    );
    expect(plan("select count(*) from conversations where workspace_id = ? and status = 'closed'", workspaceId)).toMatch(/INDEX conversations_inbox/);
  });
});
