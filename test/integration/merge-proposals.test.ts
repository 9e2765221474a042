import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mergesInto } from "../../db/merges.server";
import { createUser } from "../../db/users.server";
import { createWorkspace } from "../../db/workspaces.server";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let workspaceId: number;
let repId: number;
const at = (minutes: number) => new Date(Date.now() - (600 - minutes) * 60_000);

beforeAll(async () => {
  server = await startTestServer({ seed: "none" });
  workspaceId = createWorkspace(server.db, { slug: "acme", name: "Acme" }).id;
  repId = createUser(server.db, { workspaceId, email: "rep@acme.example", name: "Rep", role: "rep", passwordHash: "x" }).id;
});
afterAll(() => server.close());

const sql = <T>(query: string, ...params: unknown[]) => server.db.$client.prepare(query).all(...params) as T[];
const proposals = () =>
  sql<{ a: string; b: string; status: string }>(
    `select a.public_id a, b.public_id b, p.status from merge_proposals p join conversations a on a.id = p.first_id join conversations b on b.id = p.second_id where p.workspace_id = ? order by p.id`,
    workspaceId,
  );
/** Proposals are considered in the background, a share of every 100 ms: a few windows is enough. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

function customerWrites(channel: "email" | "chat" | "slack", threadKey: string, text: string, minutes: number, subject?: string) {
  const result = server.services.receive(workspaceId, {
    channel,
    channelMessageId: `${threadKey}-${minutes}`,
    threadKeys: [threadKey],
    contact: channel === "email" ? { name: "Dana Ruiz", email: "dana@acme.example" } : channel === "slack" ? { name: "Dana", slackUserId: "U042" } : { name: "Dana", chatVisitorId: "v-77" },
    account: { id: "acme", name: "Acme", plan: "enterprise" },
    subject,
    text,
    sentAt: at(minutes),
  });
  if (result.status !== "stored") throw new Error(JSON.stringify(result));
  return result.conversationId;
}

describe("merge proposals in the inbox", () => {
  let email: string;
  let slack: string;
  let billing: string;

  it("proposes the same failure reported on a second channel as soon as it arrives, and not the account's other problem", async () => {
    email = customerWrites("email", "<m1@acme.example>", "Our nightly CSV export to S3 has failed every night since Friday with ERR_EXPORT_TIMEOUT.", 0, "Nightly export failing");
    billing = customerWrites("email", "<m2@acme.example>", "Our invoice lists 40 seats but we only have 32 active users. Please correct it.", 5, "Invoice seat count");
    await settle();
    expect(proposals()).toEqual([]);
    slack = customerWrites("slack", "slack:C1:1700000000.1", "is anyone looking at the export? S3 export failed again, ERR_EXPORT_TIMEOUT", 30);
    await settle();
    expect(proposals()).toEqual([{ a: email, b: slack, status: "pending" }]);
    expect(server.merges.pendingFor(workspaceId, billing)).toEqual([]);
  });

  it("merges: the messages and the thread move, so the customer's next Slack message lands in the merged conversation; undo puts it all back", async () => {
    const [proposal] = server.merges.pendingFor(workspaceId, email);
    expect(server.merges.accept(workspaceId, proposal!.id, email, repId)).toEqual({ ok: true, mergedFrom: slack });
    const count = (publicId: string) => sql<{ n: number }>("select count(*) n from messages m join conversations c on c.id = m.conversation_id where c.public_id = ? and c.workspace_id = ?", publicId, workspaceId)[0]!.n;
    expect(count(email)).toBe(2);
    expect(count(slack)).toBe(0);
    expect(sql<{ status: string }>("select status from conversations where public_id = ? and workspace_id = ?", slack, workspaceId)[0]!.status).toBe("closed");

    const followUp = customerWrites("slack", "slack:C1:1700000000.1", "any news on the export?", 60);
    expect(followUp).toBe(email);

    const internal = (publicId: string) => sql<{ id: number }>("select id from conversations where public_id = ? and workspace_id = ?", publicId, workspaceId)[0]!.id;
    const [merge] = mergesInto(server.db, workspaceId, internal(email));
    expect(merge!.movedMessageIds).toHaveLength(1);
    expect(server.merges.undo(workspaceId, merge!.id)).toBe(true);
    expect(count(slack)).toBe(1);
    expect(sql<{ status: string }>("select status from conversations where public_id = ? and workspace_id = ?", slack, workspaceId)[0]!.status).toBe("open");
    // The Slack thread leads back to the Slack conversation; what arrived while merged stays where it was answered.
    expect(customerWrites("slack", "slack:C1:1700000000.1", "hello?", 90)).toBe(slack);
    expect(proposals().at(0)?.status).toBe("undone");
    expect(server.merges.undo(workspaceId, merge!.id)).toBe(false);
  });

  it("never proposes a rejected pair again", async () => {
    const chat = customerWrites("chat", "chat:v-77", "The S3 export still fails with ERR_EXPORT_TIMEOUT, third night now.", 120);
    await settle();
    const [proposal] = server.merges.pendingFor(workspaceId, chat);
    expect(proposal).toBeDefined();
    expect(server.merges.reject(workspaceId, proposal!.id, repId)).toBe(true);
    customerWrites("chat", "chat:v-77", "Export failed again. ERR_EXPORT_TIMEOUT.", 150);
    await settle();
    expect(server.merges.pendingFor(workspaceId, chat).map((pending) => pending.id)).not.toContain(proposal!.id);
    expect(proposals().filter((row) => row.status === "rejected")).toHaveLength(1);
  });
});
