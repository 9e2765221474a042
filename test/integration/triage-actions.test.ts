import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findWorkspaceBySlug } from "../../db/workspaces.server";
import { signIn, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let workspaceId: number;
let ana: string;
let users: Record<string, number>;

beforeAll(async () => {
  server = await startTestServer();
  workspaceId = findWorkspaceBySlug(server.db, "demo")!.id;
  ana = await signIn(server.url, "ana@demo.example");
  users = Object.fromEntries(
    (server.db.$client.prepare("select id, email from users").all() as { id: number; email: string }[]).map((u) => [u.email.split("@")[0], u.id]),
  );
});
afterAll(() => server.close());

/** Submits the conversation page's form as a browser without JavaScript would. */
async function post(conversationId: string, fields: Record<string, string>, cookie = ana) {
  const response = await fetch(`${server.url}/inbox/${conversationId}`, {
    method: "POST",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
  return { status: response.status, body: await response.text() };
}

const row = (publicId: string) =>
  server.db.$client.prepare("select * from conversations where public_id = ? and workspace_id = ?").get(publicId, workspaceId) as {
    id: number;
    status: string;
    priority: string;
    assignee_id: number | null;
    team_id: number | null;
    snoozed_until: number | null;
    snoozed_until_reply: number;
    closed_at: number | null;
  };
const tags = (id: number) => (server.db.$client.prepare("select tag from conversation_tags where conversation_id = ? order by tag").all(id) as { tag: string }[]).map((t) => t.tag);
const notificationsOf = (userId: number, kind: string) =>
  server.db.$client.prepare("select * from notifications where user_id = ? and kind = ? order by id").all(userId, kind) as { text: string; conversation_id: number }[];

describe("triage actions on /inbox/:conversationId", () => {
  it("assigns to a rep (with their team), records who did it, and notifies the assignee", async () => {
    const before = notificationsOf(users.ben!, "assignment").length;
    const response = await post("c-1017", { intent: "assign", assigneeId: String(users.ben) });
    expect(response.status).toBe(200);
    const conversation = row("c-1017");
    expect(conversation.assignee_id).toBe(users.ben);
    const benTeam = (server.db.$client.prepare("select team_id from users where id = ?").get(users.ben) as { team_id: number }).team_id;
    expect(conversation.team_id).toBe(benTeam);
    const events = server.db.$client.prepare("select * from assignment_events where conversation_id = ?").all(conversation.id) as {
      assignee_id: number;
      by_user_id: number;
      source: string;
    }[];
    expect(events.at(-1)).toMatchObject({ assignee_id: users.ben, by_user_id: users.ana, source: "manual" });
    const notes = notificationsOf(users.ben!, "assignment");
    expect(notes.length).toBe(before + 1);
    expect(notes.at(-1)!.text).toContain("Ana Lima assigned c-1017");

    // The page shows the history: who assigned whom, by hand.
    const page = await fetch(`${server.url}/inbox/c-1017`, { headers: { cookie: ana } }).then((r) => r.text());
    expect(page).toContain("Assignment history");
    expect(page).toMatch(/Ana Lima.*assigned.*Ben Carter/s);

    expect((await post("c-1017", { intent: "assign", assigneeId: "" })).status).toBe(200);
    expect(row("c-1017").assignee_id).toBeNull();
  });

  it("two reps assigning at once: the first stands, the second is told who got there first and nothing changes", async () => {
    const ben = await signIn(server.url, "ben@demo.example");
    const seen = row("c-1019").assignee_id;
    const expectedAssigneeId = seen === null ? "" : String(seen);
    const [byAna, byBen] = await Promise.all([
      post("c-1019", { intent: "assign", assigneeId: String(users.chloe), expectedAssigneeId }),
      post("c-1019", { intent: "assign", assigneeId: String(users.ben), expectedAssigneeId }, ben),
    ]);
    expect([byAna.status, byBen.status].sort()).toEqual([200, 409]);
    const anaFirst = byAna.status === 200;
    expect((anaFirst ? byBen : byAna).body).toContain(
      anaFirst ? "Ana Lima just assigned this to Chloe Park; nothing changed." : "Ben Carter just assigned this to Ben Carter; nothing changed.",
    );
    const winner = anaFirst ? users.chloe : users.ben;
    expect(row("c-1019").assignee_id).toBe(winner);
    // Seen afresh, a change goes through.
    expect((await post("c-1019", { intent: "assign", assigneeId: "", expectedAssigneeId: String(winner) }, ben)).status).toBe(200);
    expect(row("c-1019").assignee_id).toBeNull();
  });

  it("assigns to a team queue", async () => {
    const team = (server.db.$client.prepare("select id from teams where name = 'Technical Support'").get() as { id: number }).id;
    expect((await post("c-1018", { intent: "assign", teamId: String(team) })).status).toBe(200);
    expect(row("c-1018")).toMatchObject({ team_id: team, assignee_id: null });
  });

  it("closes and reopens", async () => {
    expect((await post("c-1018", { intent: "status", status: "closed" })).status).toBe(200);
    expect(row("c-1018").status).toBe("closed");
    expect(row("c-1018").closed_at).not.toBeNull();
    expect((await post("c-1018", { intent: "status", status: "open" })).status).toBe(200);
    expect(row("c-1018")).toMatchObject({ status: "open", closed_at: null });
  });

  it("snoozes until a time, or until the customer replies", async () => {
    const until = new Date(Date.now() + 3_600_000);
    expect((await post("c-1019", { intent: "snooze", until: until.toISOString() })).status).toBe(200);
    expect(row("c-1019")).toMatchObject({ status: "snoozed", snoozed_until: until.getTime(), snoozed_until_reply: 0 });
    expect((await post("c-1019", { intent: "status", status: "open" })).status).toBe(200);
    expect(row("c-1019")).toMatchObject({ status: "open", snoozed_until: null, snoozed_until_reply: 0 });
    expect((await post("c-1021", { intent: "snooze", untilReply: "true" })).status).toBe(200);
    expect(row("c-1021")).toMatchObject({ status: "snoozed", snoozed_until: null, snoozed_until_reply: 1 });
    expect((await post("c-1021", { intent: "status", status: "open" })).status).toBe(200);
  });

  it("sets priority and adds and removes tags", async () => {
    expect((await post("c-1020", { intent: "priority", priority: "urgent" })).status).toBe(200);
    expect(row("c-1020").priority).toBe("urgent");
    const id = row("c-1020").id;
    expect((await post("c-1020", { intent: "tags", add: "Billing" })).status).toBe(200);
    expect((await post("c-1020", { intent: "tags", add: "refund" })).status).toBe(200);
    expect(tags(id)).toEqual(["billing", "refund"]);
    expect((await post("c-1020", { intent: "tags", remove: "billing" })).status).toBe(200);
    expect(tags(id)).toEqual(["refund"]);
  });

  it("adds internal notes; @mentions notify teammates and announce it", async () => {
    const announced: { userId: number; kind: string }[] = [];
    const listener = (event: { userId: number; kind: string }) => announced.push(event);
    server.services.events.on("notification.created", listener);
    try {
      const response = await post("c-1017", { intent: "note", text: "@ben can you check? cc @chloe.park and not owen@tidewaterlabs.example" });
      expect(response.status).toBe(200);
    } finally {
      server.services.events.off("notification.created", listener);
    }
    const note = server.db.$client.prepare("select * from notes where conversation_id = ? order by id desc").get(row("c-1017").id) as {
      text: string;
      author_user_id: number;
    };
    expect(note).toMatchObject({ author_user_id: users.ana, text: "@ben can you check? cc @chloe.park and not owen@tidewaterlabs.example" });
    expect(notificationsOf(users.ben!, "mention").at(-1)!.text).toContain("Ana Lima mentioned you on c-1017");
    expect(notificationsOf(users.chloe!, "mention")).toHaveLength(1);
    expect(notificationsOf(users.maya!, "mention")).toHaveLength(0);
    expect(announced.map((event) => [event.userId, event.kind]).sort()).toEqual(
      [
        [users.ben, "mention"],
        [users.chloe, "mention"],
      ].sort(),
    );

    // The bell in Ben's header counts them.
    const ben = await signIn(server.url, "ben@demo.example");
    const page = await fetch(`${server.url}/inbox`, { headers: { cookie: ben } }).then((r) => r.text());
    expect(page).toMatch(/Notifications, \d+ unread/);
  });

  it("answers bad input with 400 and a clear message", async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ intent: "explode" }, /intent is one of assign, status, priority, tags, snooze, note/],
      [{ intent: "status", status: "snoozed" }, /to snooze, use intent=snooze/],
      [{ intent: "priority", priority: "whenever" }, /priority/],
      [{ intent: "assign", assigneeId: "999999" }, /no user 999999 in your workspace/],
      [{ intent: "assign", assigneeId: "abc" }, /must be a user or team id/],
      [{ intent: "snooze" }, /snooze until a time, or until the customer replies/],
      [{ intent: "snooze", until: "tomorrow-ish" }, /until is an ISO date and time/],
      [{ intent: "snooze", until: new Date(Date.now() - 60_000).toISOString() }, /in the future/],
      [{ intent: "tags", add: "!!!" }, /tags are letters, digits/],
      [{ intent: "note", text: "   " }, /a note needs some text/],
    ];
    for (const [fields, message] of cases) {
      const response = await post("c-1017", fields);
      expect(response.status, JSON.stringify(fields)).toBe(400);
      expect(response.body.replace(/&quot;/g, '"').replace(/&#x27;/g, "'"), JSON.stringify(fields)).toMatch(message);
    }
    expect(row("c-1017").status).toBe("open");
  });

  it("is scoped to the signed-in rep's workspace", async () => {
    expect((await post("c-nope", { intent: "status", status: "closed" })).status).toBe(404);
    const anonymous = await fetch(`${server.url}/inbox/c-1017`, {
      method: "POST",
      body: new URLSearchParams({ intent: "status", status: "closed" }),
      redirect: "manual",
    });
    expect(anonymous.status).toBe(302);
    expect(row("c-1017").status).toBe("open");
  });
});
