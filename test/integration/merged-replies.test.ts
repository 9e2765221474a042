import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateChannelConnectionSettings } from "../../db/channel-connections.server";
import { mergeConversations, mergesInto, undoMerge } from "../../db/merges.server";
import { conversations, outboundDeliveries } from "../../db/schema";
import { findChannelConnection, findMessageByChannelId } from "../../db/threads.server";
import { findWorkspaceBySlug } from "../../db/workspaces.server";
import { DEMO_SLACK_TEAM } from "../../server/demo-seed.server";
import { handleReplyForm } from "../../server/inbox/reply-form.server";
import { signSlackRequest, startFakeSlackApi, type FakeSlackApi } from "../support/fake-slack-api";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let slack: FakeSlackApi;
let secret: string;
let workspaceId: number;
let ana: { id: number; name: string; workspaceId: number };

beforeAll(async () => {
  [server, slack] = await Promise.all([startTestServer(), startFakeSlackApi()]);
  workspaceId = findWorkspaceBySlug(server.db, "demo")!.id;
  secret = (findChannelConnection(server.db, "slack", DEMO_SLACK_TEAM)!.settings as { signingSecret: string }).signingSecret;
  updateChannelConnectionSettings(server.db, "slack", DEMO_SLACK_TEAM, { apiBaseUrl: slack.url, botToken: "xoxb-merged-replies" });
  ana = { ...(server.db.$client.prepare("select id, name from users where email = 'ana@demo.example'").get() as { id: number; name: string }), workspaceId };
});
afterAll(async () => {
  await server?.close();
  await slack?.close();
});

const SLACK_ROOT = "1713100000.000100";

async function kenjiOnSlack(ts: string, text: string, threadTs?: string): Promise<string> {
  const body = JSON.stringify({
    team_id: DEMO_SLACK_TEAM,
    type: "event_callback",
    event_id: `Ev${ts}`,
    event: { type: "message", user: "U0KENJI", channel: "C0NORTHWIND", ts, text, ...(threadTs ? { thread_ts: threadTs } : {}) },
  });
  const response = await fetch(`${server.url}/webhooks/slack/events`, { method: "POST", headers: signSlackRequest(secret, body), body });
  expect(response.status).toBe(200);
  return findMessageByChannelId(server.db, workspaceId, `slack:${DEMO_SLACK_TEAM}:C0NORTHWIND:${ts}`)!.conversationId;
}

function danaByEmail(): string {
  const stored = server.services.receive(workspaceId, {
    channel: "email",
    channelMessageId: "<dana-1@northwind.example>",
    threadKeys: ["<dana-1@northwind.example>"],
    contact: { name: "Dana Whitfield", email: "dana@northwind.example" },
    subject: "Scheduled exports failing since Friday",
    text: "None of our scheduled exports reached S3 since Friday's release.",
    sentAt: new Date(),
  });
  if (stored.status !== "stored") throw new Error(JSON.stringify(stored));
  return stored.conversationId;
}

const internalId = (publicId: string) =>
  server.db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.publicId, publicId)))
    .get()!.id;

function answer(conversationId: string, text: string, via?: string) {
  return handleReplyForm(server.services, ana, conversationId, { intent: "reply", text, lastMessageId: "", sendAnyway: "true", ...(via === undefined ? {} : { via }) });
}

const deliveryOfText = (text: string) =>
  server.db.$client
    .prepare(
      `select d.channel, d.envelope, c.public_id as storedIn from outbound_deliveries d join messages m on m.id = d.message_id
       join conversations c on c.id = m.conversation_id where m.text = ? and d.workspace_id = ?`,
    )
    .get(text, workspaceId) as { channel: string; envelope: string; storedIn: string } | undefined;

describe("answering a merged conversation on the channel of the customer's choice", () => {
  let email: string;
  let onSlack: string;

  it("keeps one conversation and answers on the thread the rep picks: its own email, or the Slack thread merged into it", async () => {
    email = danaByEmail();
    onSlack = await kenjiOnSlack(SLACK_ROOT, "our S3 exports have failed since friday's release");
    mergeConversations(server.db, { workspaceId, targetId: internalId(email), sourceId: internalId(onSlack), proposalId: null, userId: ana.id, now: new Date() });

    expect(answer(email, "By email: we are on the export failure.")).toMatchObject({ ok: true });
    const byEmail = deliveryOfText("By email: we are on the export failure.")!;
    expect(byEmail.channel).toBe("email");
    expect(byEmail.storedIn).toBe(email);
    expect(JSON.parse(byEmail.envelope)).toMatchObject({ to: "dana@northwind.example", inReplyTo: "<dana-1@northwind.example>", subject: "Re: Scheduled exports failing since Friday" });

    expect(answer(email, "On Slack: we are on the export failure.", onSlack)).toMatchObject({ ok: true });
    const bySlack = deliveryOfText("On Slack: we are on the export failure.")!;
    expect(bySlack.channel).toBe("slack");
    expect(bySlack.storedIn).toBe(email);
    await server.services.deliveries.kick();
    const posted = slack.postedMessages().filter((request) => request.body.text === "On Slack: we are on the export failure.");
    expect(posted).toHaveLength(1);
    expect(posted[0]!.body).toMatchObject({ channel: "C0NORTHWIND", thread_ts: SLACK_ROOT });

    // Kenji answers in his Slack thread: it lands in the one conversation.
    expect(await kenjiOnSlack("1713100100.000200", "thanks, watching this thread", SLACK_ROOT)).toBe(email);
  });

  it("refuses to answer on a thread that is not merged in, or no longer is, and stores nothing", async () => {
    const before = server.db.select().from(outboundDeliveries).all().length;
    expect(answer(email, "Wrong thread.", "c-1016")).toMatchObject({ ok: false, status: 422, error: expect.stringContaining("c-1016 is not merged into") });
    const [merge] = mergesInto(server.db, workspaceId, internalId(email));
    undoMerge(server.db, workspaceId, merge!.id, new Date());
    expect(answer(email, "After the undo.", onSlack)).toMatchObject({ ok: false, status: 422 });
    expect(server.db.select().from(outboundDeliveries).all().length).toBe(before);
    // Undone, the Slack conversation answers on its own thread again.
    expect(answer(onSlack, "Back on your own thread.")).toMatchObject({ ok: true });
    expect(deliveryOfText("Back on your own thread.")).toMatchObject({ channel: "slack", storedIn: onSlack });
  });
});
