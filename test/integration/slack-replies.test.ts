import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../db/api-tokens.server";
import { updateChannelConnectionSettings } from "../../db/channel-connections.server";
import { listOpenChannelAlerts } from "../../db/channel-alerts.server";
import { outboundDeliveries } from "../../db/schema";
import { findChannelConnection, findMessageByChannelId } from "../../db/threads.server";
import { findWorkspaceBySlug } from "../../db/workspaces.server";
import { DEMO_SLACK_TEAM } from "../../server/demo-seed.server";
import { signSlackRequest, startFakeSlackApi, type FakeSlackApi } from "../support/fake-slack-api";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let slack: FakeSlackApi;
let secret: string;
let token: string;
let workspaceId: number;

const BOT_TOKEN = "xoxb-replies-test-token";

beforeAll(async () => {
  [server, slack] = await Promise.all([startTestServer(), startFakeSlackApi()]);
  workspaceId = findWorkspaceBySlug(server.db, "demo")!.id;
  token = createApiToken(server.db, workspaceId, "slack replies test");
  secret = (findChannelConnection(server.db, "slack", DEMO_SLACK_TEAM)!.settings as { signingSecret: string }).signingSecret;
  updateChannelConnectionSettings(server.db, "slack", DEMO_SLACK_TEAM, { apiBaseUrl: slack.url, botToken: BOT_TOKEN });
});
afterAll(async () => {
  await server?.close();
  await slack?.close();
});

let tsCounter = 0;
const nextTs = () => `${1_713_000_000 + ++tsCounter}.000200`;

/** A customer's Slack message through the signed webhook; returns its conversation id. */
async function customerWrites(event: { channel: string; ts: string; thread_ts?: string; text: string; user?: string }) {
  const body = JSON.stringify({
    team_id: DEMO_SLACK_TEAM,
    type: "event_callback",
    event_id: `Ev${event.ts}`,
    event: { type: "message", user: event.user ?? "U0KENJI", ...event },
  });
  const response = await fetch(`${server.url}/webhooks/slack/events`, { method: "POST", headers: signSlackRequest(secret, body), body });
  expect(response.status).toBe(200);
  return findMessageByChannelId(server.db, workspaceId, `slack:${DEMO_SLACK_TEAM}:${event.channel}:${event.ts}`)!.conversationId;
}

async function reply(conversationId: string, text: string, key = `key-${Math.random().toString(36).slice(2)}`) {
  const response = await fetch(`${server.url}/api/v1/conversations/${conversationId}/replies`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": key },
    body: JSON.stringify({ text }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

const deliveryOf = (messageId: string) =>
  server.db
    .select()
    .from(outboundDeliveries)
    .where(and(eq(outboundDeliveries.workspaceId, workspaceId), eq(outboundDeliveries.messageId, Number(messageId))))
    .get()!;

const postsOf = (text: string) => slack.postedMessages().filter((r) => r.body.text === text);

describe("Slack replies", () => {
  it("posts a reply with chat.postMessage into the customer's thread, with the bot token", async () => {
    const root = nextTs();
    const conversationId = await customerWrites({ channel: "C0NORTHWIND", ts: root, text: "Exports are late again" });
    const sent = await reply(conversationId, "Looking into it now: the <export> queue & workers.");
    expect(sent.status).toBe(201);
    await server.services.deliveries.kick();

    const posts = postsOf("Looking into it now: the &lt;export&gt; queue &amp; workers.");
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({
      httpMethod: "POST",
      authorization: `Bearer ${BOT_TOKEN}`,
      contentType: expect.stringMatching(/^application\/json/),
      body: { channel: "C0NORTHWIND", thread_ts: root, text: "Looking into it now: the &lt;export&gt; queue &amp; workers." },
    });
    const delivery = deliveryOf(sent.body.messageId);
    expect(delivery).toMatchObject({ channel: "slack", transport: "slack", status: "sent", attempts: 1 });
    // The envelope is shown on the outbox page: it holds no secrets.
    expect(delivery.envelope).toEqual({ workspaceId, team: DEMO_SLACK_TEAM, channel: "C0NORTHWIND", threadTs: root });
    expect(JSON.stringify(delivery.envelope)).not.toContain("xoxb");
  });

  it("answers in the thread's root even when the customer wrote inside the thread", async () => {
    const root = nextTs();
    const conversationId = await customerWrites({ channel: "C0NORTHWIND", ts: root, text: "Quick question" });
    const inThread = nextTs();
    expect(await customerWrites({ channel: "C0NORTHWIND", ts: inThread, thread_ts: root, text: "…about SSO" })).toBe(conversationId);
    const sent = await reply(conversationId, "Happy to help with SSO.");
    expect(sent.status).toBe(201);
    await server.services.deliveries.kick();
    expect(postsOf("Happy to help with SSO.").map((p) => p.body)).toEqual([
      { channel: "C0NORTHWIND", thread_ts: root, text: "Happy to help with SSO." },
    ]);
  });

  it("sends a reply once when the API client retries it with the same Idempotency-Key", async () => {
    const conversationId = await customerWrites({ channel: "C0NORTHWIND", ts: nextTs(), text: "Are you there?" });
    const first = await reply(conversationId, "Yes, here!", "slack-idem-1");
    const again = await reply(conversationId, "Yes, here!", "slack-idem-1");
    expect(first.status).toBe(201);
    expect(again).toEqual(first);
    await server.services.deliveries.kick();
    expect(postsOf("Yes, here!")).toHaveLength(1);
  });

  it("refuses a reply to a Slack conversation with no Slack thread (an imported one) as undeliverable", async () => {
    // c-1005 is a demo Slack conversation imported without its Slack thread.
    const result = await reply("c-1005", "Following up");
    expect(result.status).toBe(409);
    expect(result.body.error.code).toBe("conflict");
    expect(postsOf("Following up")).toHaveLength(0);
  });

  it("retries a failing Slack API and delivers once it recovers", async () => {
    const conversationId = await customerWrites({ channel: "C0NORTHWIND", ts: nextTs(), text: "Any news?" });
    slack.failNext(1, { status: 503 });
    slack.failNext(1, { error: "ratelimited" });
    const sent = await reply(conversationId, "News: fixed.");
    // The reply itself wakes the worker too, so rounds are counted by outcome, not by kicks.
    for (let round = 0; round < 10 && deliveryOf(sent.body.messageId).status === "pending"; round++) {
      await server.services.deliveries.kick();
    }
    expect(deliveryOf(sent.body.messageId)).toMatchObject({ status: "sent", attempts: 3, lastError: null });
    expect(postsOf("News: fixed.")).toHaveLength(3);
    expect(listOpenChannelAlerts(server.db, workspaceId).filter((a) => a.channel === "slack")).toEqual([]);
  });

  it("marks a reply failed and raises a Slack channel alert when Slack keeps answering ok:false", async () => {
    const conversationId = await customerWrites({ channel: "C0GONE", ts: nextTs(), text: "Hello?" });
    slack.failNext(100, { error: "channel_not_found" });
    const sent = await reply(conversationId, "Sorry for the wait!");
    expect(sent.status).toBe(201);

    for (let round = 0; round < 10 && deliveryOf(sent.body.messageId).status === "pending"; round++) {
      await server.services.deliveries.kick();
    }
    const delivery = deliveryOf(sent.body.messageId);
    expect(delivery).toMatchObject({ status: "failed", attempts: 5 });
    expect(delivery.lastError).toMatch(/channel_not_found/);
    expect(postsOf("Sorry for the wait!")).toHaveLength(5);

    const alerts = listOpenChannelAlerts(server.db, workspaceId).filter((a) => a.channel === "slack");
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: "delivery_failed", message: expect.stringMatching(/slack.*5 attempts.*channel_not_found/) });

    // Once Slack accepts replies again, the next delivered one clears the alert.
    slack.clearFailures();
    const next = await reply(await customerWrites({ channel: "C0NORTHWIND", ts: nextTs(), text: "Still there?" }), "Yes, back now.");
    await server.services.deliveries.kick();
    expect(deliveryOf(next.body.messageId).status).toBe("sent");
    expect(listOpenChannelAlerts(server.db, workspaceId).filter((a) => a.channel === "slack")).toEqual([]);
  });
});
