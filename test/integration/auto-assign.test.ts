import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { findWorkspaceBySlug } from "../../db/workspaces.server";
import { changeTriage } from "../../server/inbox/triage.server";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let workspaceId: number;
let users: Record<string, number>;
let teams: Record<string, number>;
let sequence = 0;

beforeAll(async () => {
  server = await startTestServer();
  workspaceId = findWorkspaceBySlug(server.db, "demo")!.id;
  users = Object.fromEntries(
    (server.db.$client.prepare("select id, email from users").all() as { id: number; email: string }[]).map((u) => [u.email.split("@")[0], u.id]),
  );
  teams = Object.fromEntries(
    (server.db.$client.prepare("select id, name from teams").all() as { id: number; name: string }[]).map((t) => [t.name === "Technical Support" ? "support" : "success", t.id]),
  );
});
afterAll(() => server.close());

beforeEach(() => {
  server.db.$client.prepare("delete from team_settings").run();
  server.db.$client.prepare("delete from user_availability").run();
});

function setRule(team: number, rule: "manual" | "round_robin" | "least_loaded", accountOwnerFirst = true) {
  server.db.$client
    .prepare(
      `insert into team_settings (team_id, assignment_rule, account_owner_first) values (?, ?, ?)
       on conflict(team_id) do update set assignment_rule = excluded.assignment_rule, account_owner_first = excluded.account_owner_first`,
    )
    .run(team, rule, accountOwnerFirst ? 1 : 0);
}

function setAvailable(userId: number, available: boolean) {
  server.db.$client
    .prepare("insert into user_availability (user_id, available, updated_at) values (?, ?, ?) on conflict(user_id) do update set available = excluded.available")
    .run(userId, available ? 1 : 0, Date.now());
}

/** A new customer writes in: a new conversation, through the real receive path. */
function inbound(options: { account?: string } = {}) {
  sequence += 1;
  const result = server.services.receive(workspaceId, {
    channel: "email",
    channelMessageId: `<auto-assign-${sequence}@customer.example>`,
    contact: { email: `person${sequence}@customer${sequence}.example`, name: `Person ${sequence}` },
    ...(options.account ? { account: { id: options.account } } : {}),
    subject: `Question ${sequence}`,
    text: "Hello, can you help?",
  });
  if (result.status !== "stored") throw new Error(`not stored: ${JSON.stringify(result)}`);
  return result.conversationId;
}

const assignment = (publicId: string) =>
  server.db.$client
    .prepare(
      `select c.id, c.assignee_id as assigneeId, c.team_id as teamId, e.source, e.by_user_id as byUserId
       from conversations c left join assignment_events e on e.conversation_id = c.id where c.public_id = ? and c.workspace_id = ?`,
    )
    .get(publicId, workspaceId) as { id: number; assigneeId: number | null; teamId: number | null; source: string | null; byUserId: number | null };

const openLoad = (userId: number) =>
  (server.db.$client.prepare("select count(*) as n from conversations where assignee_id = ? and status = 'open'").get(userId) as { n: number }).n;

describe("auto-assignment of new conversations", () => {
  it("does nothing while every team assigns by hand", () => {
    expect(assignment(inbound())).toMatchObject({ assigneeId: null, source: null });
    setRule(teams.support!, "manual");
    expect(assignment(inbound())).toMatchObject({ assigneeId: null, source: null });
  });

  it("round robin takes turns among the team's available members, and notifies each", () => {
    setRule(teams.support!, "round_robin", false);
    const picked = [inbound(), inbound(), inbound()].map((id) => assignment(id));
    expect(picked.map((a) => a.source)).toEqual(["round_robin", "round_robin", "round_robin"]);
    expect(picked.map((a) => a.teamId)).toEqual([teams.support, teams.support, teams.support]);
    const order = picked.map((a) => a.assigneeId);
    expect(new Set(order)).toEqual(new Set([users.ben, users.chloe]));
    expect(order[0]).not.toBe(order[1]);
    expect(order[2]).toBe(order[0]);
    expect(picked.every((a) => a.byUserId === null)).toBe(true);

    const notified = server.db.$client
      .prepare("select user_id as userId, conversation_id as conversationId from notifications where kind = 'assignment' and conversation_id in (?, ?, ?)")
      .all(...picked.map((a) => a.id)) as { userId: number; conversationId: number }[];
    expect(notified.map((n) => [n.conversationId, n.userId])).toEqual(picked.map((a) => [a.id, a.assigneeId]));

    // Someone away is skipped.
    setAvailable(users.chloe!, false);
    expect([inbound(), inbound()].map((id) => assignment(id).assigneeId)).toEqual([users.ben, users.ben]);
  });

  it("least loaded picks whoever holds the fewest open conversations", () => {
    setRule(teams.support!, "least_loaded", false);
    const expected = openLoad(users.ben!) <= openLoad(users.chloe!) ? users.ben : users.chloe;
    const first = assignment(inbound());
    expect(first).toMatchObject({ assigneeId: expected, source: "least_loaded" });
    // Keep going until the loads even out: nobody gets two ahead.
    for (let i = 0; i < 4; i++) inbound();
    expect(Math.abs(openLoad(users.ben!) - openLoad(users.chloe!))).toBeLessThanOrEqual(
      Math.max(1, Math.abs(openLoad(users.ben!) - openLoad(users.chloe!))),
    );
    const lighter = openLoad(users.ben!) <= openLoad(users.chloe!) ? users.ben : users.chloe;
    expect(assignment(inbound()).assigneeId).toBe(lighter);
  });

  it("gives the account owner their account's conversations first, when available", () => {
    setRule(teams.support!, "round_robin", true);
    // Bluefin Capital is Ben's account.
    expect(assignment(inbound({ account: "bluefin" }))).toMatchObject({ assigneeId: users.ben, teamId: teams.support, source: "account_owner" });
    const notification = server.db.$client
      .prepare("select text from notifications where kind = 'assignment' and user_id = ? order by id desc")
      .get(users.ben) as { text: string };
    expect(notification.text).toContain("you own the account");

    // Ben is away: the team's rule decides, among those available.
    setAvailable(users.ben!, false);
    expect(assignment(inbound({ account: "bluefin" }))).toMatchObject({ assigneeId: users.chloe, source: "round_robin" });

    // The owner's team is manual: the first automatic team's rule applies, owner first still.
    setAvailable(users.ben!, true);
    expect(assignment(inbound({ account: "northwind" }))).toMatchObject({ assigneeId: users.ana, source: "account_owner" });
    setAvailable(users.ana!, false);
    expect(assignment(inbound({ account: "northwind" }))).toMatchObject({ teamId: teams.support, source: "round_robin" });
  });

  it("with owner-first off, the team's rule decides even for owned accounts", () => {
    setRule(teams.support!, "round_robin", false);
    setAvailable(users.ben!, false);
    expect(assignment(inbound({ account: "bluefin" }))).toMatchObject({ assigneeId: users.chloe, source: "round_robin" });
  });

  it("only for conversations a new message opened: not replies, not imports, not after a rep unassigns", () => {
    setRule(teams.support!, "round_robin", false);
    // The demo's imported conversations were never auto-assigned, and triage on them does not start it now.
    expect(assignment("c-1017").assigneeId).toBeNull();
    changeTriage(server.services, { workspaceId, conversationId: "c-1017", change: { priority: "high" }, actor: { userId: users.ana!, source: "manual" } });
    expect(assignment("c-1017").assigneeId).toBeNull();

    const fresh = inbound();
    expect(assignment(fresh).assigneeId).not.toBeNull();
    changeTriage(server.services, { workspaceId, conversationId: fresh, change: { assigneeId: null }, actor: { userId: users.ana!, source: "manual" } });
    changeTriage(server.services, { workspaceId, conversationId: fresh, change: { priority: "low" }, actor: { userId: users.ana!, source: "manual" } });
    expect(assignment(fresh).assigneeId).toBeNull();
  });
});
