import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../db/api-tokens.server";
import { createChannelConnection, updateChannelConnectionSettings } from "../../db/channel-connections.server";
import { findChannelConnection, findMessageByChannelId } from "../../db/threads.server";
import { createWorkspace, findWorkspaceBySlug } from "../../db/workspaces.server";
import { DEMO_SLACK_TEAM } from "../../server/demo-seed.server";
import { signSlackRequest, startFakeSlackApi, type FakeSlackApi } from "../support/fake-slack-api";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let slack: FakeSlackApi;
let secret: string;
let token: string;
let workspaceId: number;

const BOT_USER = "U0TANDEMBOT";

beforeAll(async () => {
  [server, slack] = await Promise.all([startTestServer(), startFakeSlackApi()]);
  workspaceId = findWorkspaceBySlug(server.db, "demo")!.id;
  token = createApiToken(server.db, workspaceId, "slack events test");
  const connection = findChannelConnection(server.db, "slack", DEMO_SLACK_TEAM)!;
  secret = (connection.settings as { signingSecret: string }).signingSecret;
  updateChannelConnectionSettings(server.db, "slack", DEMO_SLACK_TEAM, { apiBaseUrl: slack.url, botUserId: BOT_USER });
  slack.users.set("U0MAYA", { realName: "Maya Lindqvist" });
});
afterAll(async () => {
  await server?.close();
  await slack?.close();
});

let tsCounter = 0;
/** A fresh Slack message ts, unique within this file. */
const nextTs = () => `${1_712_000_000 + ++tsCounter}.000${100 + tsCounter}`;

function messageEvent(event: Record<string, unknown>, team = DEMO_SLACK_TEAM) {
  return {
    token: "legacy-verification-token",
    team_id: team,
    api_app_id: "A0TANDEM",
    type: "event_callback",
    event_id: `Ev${tsCounter}${Math.random().toString(36).slice(2, 8)}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: "message", channel_type: "channel", ...event },
  };
}

async function post(
  body: unknown,
  options: { secret?: string; timestamp?: number; headers?: Record<string, string>; query?: string; sign?: boolean } = {},
) {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const headers = {
    "content-type": "application/json",
    ...(options.sign === false ? {} : signSlackRequest(options.secret ?? secret, raw, options.timestamp)),
    ...options.headers,
  };
  const response = await fetch(`${server.url}/webhooks/slack/events${options.query ?? ""}`, { method: "POST", headers, body: raw });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", body: json };
}

function expectError(result: { status: number; contentType: string; body: any }, status: number, code: string) {
  expect(result.status).toBe(status);
  expect(result.contentType).toMatch(/^application\/json/);
  expect(result.body).toEqual({ error: { code, message: expect.any(String) } });
}

async function api(path: string) {
  const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as any;
}

/** Every conversation id in the inbox listing (all pages). */
async function listedConversationIds(): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await api(`/api/v1/conversations?limit=200${cursor ? `&cursor=${cursor}` : ""}`);
    ids.push(...page.conversations.map((c: { id: string }) => c.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

const stored = (channel: string, ts: string, team = DEMO_SLACK_TEAM) =>
  findMessageByChannelId(server.db, workspaceId, `slack:${team}:${channel}:${ts}`);

describe("Slack url_verification", () => {
  const challenge = { token: "legacy", challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", type: "url_verification" };

  it("answers the challenge when the team is named in the Request URL", async () => {
    const result = await post(challenge, { query: `?team=${DEMO_SLACK_TEAM}` });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ challenge: challenge.challenge });
  });

  it("answers the challenge when the body names the team", async () => {
    const result = await post({ ...challenge, team_id: DEMO_SLACK_TEAM });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ challenge: challenge.challenge });
  });

  it("refuses an unsigned or wrongly signed challenge with 401", async () => {
    expectError(await post(challenge, { query: `?team=${DEMO_SLACK_TEAM}`, sign: false }), 401, "unauthorized");
    expectError(await post(challenge, { query: `?team=${DEMO_SLACK_TEAM}`, secret: "not-the-secret" }), 401, "unauthorized");
  });

  it("refuses a challenge naming no team with 400", async () => {
    expectError(await post(challenge), 400, "invalid_request");
  });
});

describe("Slack message events", () => {
  it("stores a signed message as a new conversation, once even when Slack retries it", async () => {
    const ts = nextTs();
    const body = messageEvent({ user: "U0MAYA", channel: "C0SUPPORT", ts, text: "Our exports &lt;nightly&gt; are stuck &amp; late" });
    const before = await listedConversationIds();

    const first = await post(body);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ ok: true, outcome: "stored" });
    // Slack retries with the very same body (and a new signature) when it did not see our 200 in time.
    const retry = await post(body, { headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual({ ok: true, outcome: "duplicate" });

    const message = stored("C0SUPPORT", ts)!;
    expect(message).toBeDefined();
    const after = await listedConversationIds();
    expect(after.filter((id) => !before.includes(id))).toEqual([message.conversationId]);

    const conversation = await api(`/api/v1/conversations/${message.conversationId}`);
    expect(conversation).toMatchObject({
      id: message.conversationId,
      channel: "slack",
      status: "open",
      contact: { slackUserId: "U0MAYA", name: "Maya Lindqvist" },
    });
    expect(conversation.messages).toHaveLength(1);
    expect(conversation.messages[0]).toMatchObject({
      author: "customer",
      text: "Our exports <nightly> are stuck & late",
      at: new Date(Number(ts) * 1000).toISOString(),
    });
    // The name came from users.info once; the retry did not ask again.
    expect(slack.requests.filter((r) => r.method === "users.info" && r.body.user === "U0MAYA")).toHaveLength(1);
    expect(slack.requests.find((r) => r.method === "users.info")!.authorization).toBe("Bearer xoxb-demo");
  });

  it("threads a reply in the Slack thread (thread_ts) into the same conversation", async () => {
    const root = nextTs();
    expect((await post(messageEvent({ user: "U0OLAF", channel: "C0SUPPORT", ts: root, text: "Dashboards are blank" }))).status).toBe(200);
    const reply = nextTs();
    const threaded = messageEvent({ user: "U0OLAF", channel: "C0SUPPORT", ts: reply, thread_ts: root, text: "Still blank after a reload" });
    expect((await post(threaded)).body).toEqual({ ok: true, outcome: "stored" });
    const elsewhere = nextTs();
    expect((await post(messageEvent({ user: "U0OLAF", channel: "C0SUPPORT", ts: elsewhere, text: "Unrelated: invoices?" }))).status).toBe(
      200,
    );

    const conversationId = stored("C0SUPPORT", root)!.conversationId;
    expect(stored("C0SUPPORT", reply)!.conversationId).toBe(conversationId);
    expect(stored("C0SUPPORT", elsewhere)!.conversationId).not.toBe(conversationId);
    const conversation = await api(`/api/v1/conversations/${conversationId}`);
    expect(conversation.messages.map((m: { text: string }) => m.text)).toEqual(["Dashboards are blank", "Still blank after a reload"]);
    // users.info did not know U0OLAF: the contact has no name, and the message was stored anyway.
    expect(conversation.contact).toEqual({ slackUserId: "U0OLAF" });
  });

  it.each([
    ["a bot's message (bot_id)", { user: "U0OTHERBOT", bot_id: "B0123", text: "Build passed" }],
    ["a bot_message subtype", { subtype: "bot_message", bot_id: "B0123", username: "CI", text: "Build failed" }],
    ["our own bot user's message", { user: BOT_USER, text: "Thanks, we're on it" }],
    ["an edit (message_changed)", { subtype: "message_changed", message: { user: "U0MAYA", text: "edited" }, hidden: true }],
    ["a deletion (message_deleted)", { subtype: "message_deleted", deleted_ts: "1712000000.000100", hidden: true }],
    ["a channel join notice", { subtype: "channel_join", user: "U0NEW", text: "<@U0NEW> has joined the channel" }],
  ])("ignores %s", async (_what, event) => {
    const ts = nextTs();
    const result = await post(messageEvent({ channel: "C0SUPPORT", ts, ...event }));
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ ok: true, outcome: "ignored" });
    expect(stored("C0SUPPORT", ts)).toBeUndefined();
  });

  it("acknowledges other event types without storing anything", async () => {
    const result = await post(messageEvent({ type: "reaction_added", user: "U0MAYA", reaction: "thumbsup", item: {} }));
    expect(result.body).toEqual({ ok: true, outcome: "ignored" });
  });
});

describe("Slack requests that are refused", () => {
  it("refuses a bad signature with 401 and stores nothing", async () => {
    const ts = nextTs();
    const body = messageEvent({ user: "U0MAYA", channel: "C0SUPPORT", ts, text: "forged" });
    expectError(await post(body, { secret: "someone-elses-secret" }), 401, "unauthorized");
    expectError(await post(body, { sign: false }), 401, "unauthorized");
    expectError(await post(body, { headers: { "x-slack-signature": "v0=abc" } }), 401, "unauthorized");
    expectError(await post(body, { headers: { "x-slack-request-timestamp": "not-a-number" } }), 401, "unauthorized");
    expect(stored("C0SUPPORT", ts)).toBeUndefined();
  });

  it("refuses a body changed after signing with 401", async () => {
    const ts = nextTs();
    const body = JSON.stringify(messageEvent({ user: "U0MAYA", channel: "C0SUPPORT", ts, text: "original" }));
    const headers = signSlackRequest(secret, body);
    const response = await fetch(`${server.url}/webhooks/slack/events`, {
      method: "POST",
      headers,
      body: body.replace("original", "tampered"),
    });
    expect(response.status).toBe(401);
    expect(stored("C0SUPPORT", ts)).toBeUndefined();
  });

  it("refuses a correctly signed request older than five minutes (a replay) with 401", async () => {
    const ts = nextTs();
    const body = messageEvent({ user: "U0MAYA", channel: "C0SUPPORT", ts, text: "replayed" });
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    expectError(await post(body, { timestamp: stale }), 401, "unauthorized");
    expectError(await post(body, { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 }), 401, "unauthorized");
    expect(stored("C0SUPPORT", ts)).toBeUndefined();
  });

  it("answers an unknown team with 404, signed or not, without naming it", async () => {
    const body = messageEvent({ user: "U0MAYA", channel: "C0SUPPORT", ts: nextTs(), text: "hi" }, "T0UNKNOWN");
    const result = await post(body);
    expectError(result, 404, "not_found");
    expect(JSON.stringify(result.body)).not.toContain("T0UNKNOWN");
    expectError(await post(body, { sign: false }), 404, "not_found");
  });

  it("keeps workspaces apart: another team's event signed with this team's secret is refused", async () => {
    const other = createWorkspace(server.db, { slug: "slack-other", name: "Other Co" });
    createChannelConnection(server.db, {
      workspaceId: other.id,
      channel: "slack",
      externalKey: "T0OTHERCO",
      settings: { signingSecret: "other-company-secret", botToken: "xoxb-other" },
    });
    const ts = nextTs();
    const body = messageEvent({ user: "U0MAYA", channel: "C0OTHER", ts, text: "cross-workspace" }, "T0OTHERCO");
    expectError(await post(body), 401, "unauthorized");
    const result = await post(body, { secret: "other-company-secret" });
    expect(result.body).toEqual({ ok: true, outcome: "stored" });
    expect(findMessageByChannelId(server.db, other.id, `slack:T0OTHERCO:C0OTHER:${ts}`)).toBeDefined();
    expect(stored("C0OTHER", ts, "T0OTHERCO")).toBeUndefined();
  });

  it("refuses malformed JSON and bodies that are not Events API requests with 400", async () => {
    expectError(await post("{not json", { headers: { "x-slack-retry-num": "2" } }), 400, "invalid_request");
    expectError(await post(""), 400, "invalid_request");
    expectError(await post([1, 2, 3]), 400, "invalid_request");
    expectError(await post({ team_id: DEMO_SLACK_TEAM }), 400, "invalid_request");
  });

  it("refuses a body over 1 MB with 413", async () => {
    const body = messageEvent({ user: "U0MAYA", channel: "C0SUPPORT", ts: nextTs(), text: "x".repeat(1_100_000) });
    expectError(await post(body), 413, "payload_too_large");
  });

  it("answers other paths under /webhooks/slack with a JSON 404", async () => {
    const response = await fetch(`${server.url}/webhooks/slack/events`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: "not_found", message: expect.any(String) } });
  });

  it("stays up after all of that and still stores the next good event", async () => {
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    const ts = nextTs();
    const result = await post(messageEvent({ user: "U0MAYA", channel: "C0SUPPORT", ts, text: "still there?" }));
    expect(result.body).toEqual({ ok: true, outcome: "stored" });
    expect(stored("C0SUPPORT", ts)).toBeDefined();
  });
});
