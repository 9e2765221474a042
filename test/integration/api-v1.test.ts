import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../db/api-tokens.server";
import { InterchangeConversationSchema } from "../../db/interchange";
import { createWorkspace, findWorkspaceBySlug } from "../../db/workspaces.server";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let demoToken: string;
let otherToken: string;

beforeAll(async () => {
  server = await startTestServer();
  demoToken = createApiToken(server.db, findWorkspaceBySlug(server.db, "demo")!.id, "api-v1 test");
  const other = createWorkspace(server.db, { slug: "other", name: "Other Co" });
  otherToken = createApiToken(server.db, other.id, "other workspace");
});
afterAll(() => server.close());

const ListItemSchema = InterchangeConversationSchema.omit({ messages: true }).strict();

/** `token` null sends no Authorization header (beyond any in `init`). */
async function api(path: string, token: string | null = demoToken, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (token !== null) headers.set("authorization", `Bearer ${token}`);
  const response = await fetch(`${server.url}${path}`, { ...init, headers });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", body: body as any };
}

function expectApiError(result: { status: number; contentType: string; body: any }, status: number, code: string) {
  expect(result.status).toBe(status);
  expect(result.contentType).toMatch(/^application\/json/);
  expect(result.body).toEqual({
    error: { code, message: expect.any(String), ...(result.body?.error?.details === undefined ? {} : { details: expect.anything() }) },
  });
  expect(result.body.error.message.length).toBeGreaterThan(0);
}

/** Walks every page of a listing and returns the ids in order and how many pages it took. */
async function walk(query: string) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const result = await api(`/api/v1/conversations?${query}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(result.status).toBe(200);
    ids.push(...result.body.conversations.map((c: { id: string }) => c.id));
    cursor = result.body.nextCursor;
    pages++;
    expect(pages).toBeLessThan(100);
  } while (cursor !== null);
  return { ids, pages };
}

describe("GET /health", () => {
  it("answers 200 {ok: true} without auth", async () => {
    const result = await api("/health", null);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ ok: true });
  });
});

describe("API v1 authentication", () => {
  it("refuses a request without a token with 401 in the error shape", async () => {
    expectApiError(await api("/api/v1/conversations", null), 401, "unauthorized");
  });

  it.each([
    ["an unknown token", "Bearer tdm_not-a-real-token"],
    ["a token without the prefix", "Bearer not-a-real-token"],
    ["an empty bearer", "Bearer "],
    ["another scheme", `Basic ${Buffer.from("maya@demo.example:tandem-demo").toString("base64")}`],
  ])("refuses %s with 401", async (_what, authorization) => {
    const result = await api("/api/v1/conversations", null, { headers: { authorization } });
    expectApiError(result, 401, "unauthorized");
  });

  it("refuses a token that is a valid token with extra characters", async () => {
    expectApiError(await api("/api/v1/conversations", `${demoToken}x`), 401, "unauthorized");
  });

  it("accepts the bearer scheme in any case", async () => {
    const result = await api("/api/v1/conversations?limit=1", null, {
      headers: { authorization: `bearer ${demoToken}` },
    });
    expect(result.status).toBe(200);
  });
});

describe("GET /api/v1/conversations", () => {
  it("lists the workspace's conversations as interchange headers, without messages or internal ids", async () => {
    const result = await api("/api/v1/conversations");
    expect(result.status).toBe(200);
    expect(Object.keys(result.body).sort()).toEqual(["conversations", "nextCursor"]);
    expect(result.body.conversations).toHaveLength(49);
    expect(result.body.nextCursor).toBeNull();
    for (const conversation of result.body.conversations) {
      expect(() => ListItemSchema.parse(conversation), JSON.stringify(conversation)).not.toThrow();
    }
  });

  it("filters by status: 34 open, 15 closed, no snoozed", async () => {
    const open = await api("/api/v1/conversations?status=open");
    expect(open.body.conversations).toHaveLength(34);
    expect(new Set(open.body.conversations.map((c: { status: string }) => c.status))).toEqual(new Set(["open"]));
    expect(open.body.conversations.map((c: { id: string }) => c.id).sort()).toEqual(
      Array.from({ length: 34 }, (_, i) => `c-${1016 + i}`),
    );

    const closed = await api("/api/v1/conversations?status=closed");
    expect(closed.body.conversations.map((c: { id: string }) => c.id).sort()).toEqual(
      Array.from({ length: 15 }, (_, i) => `c-${1001 + i}`),
    );

    const snoozed = await api("/api/v1/conversations?status=snoozed");
    expect(snoozed.body).toEqual({ conversations: [], nextCursor: null });
  });

  it("walks every page with limit=10: no duplicates, nothing missed, ending with nextCursor null", async () => {
    const all = await api("/api/v1/conversations?limit=200");
    const expected = all.body.conversations.map((c: { id: string }) => c.id);

    const { ids, pages } = await walk("limit=10");
    expect(pages).toBe(5);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expected);
  });

  it("ends without an empty extra page when the total is a multiple of the limit", async () => {
    const { ids, pages } = await walk("limit=7");
    expect(ids).toHaveLength(49);
    expect(pages).toBe(7);
  });

  it("pages within a status filter", async () => {
    const { ids, pages } = await walk("status=open&limit=10");
    expect(ids).toHaveLength(34);
    expect(new Set(ids).size).toBe(34);
    expect(pages).toBe(4);
  });

  it("returns exactly limit items with a cursor on a page that is not the last", async () => {
    const result = await api("/api/v1/conversations?limit=10");
    expect(result.body.conversations).toHaveLength(10);
    expect(result.body.nextCursor).toEqual(expect.any(String));
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=201", "limit"],
    ["limit=ten", "limit"],
    ["limit=2.5", "limit"],
    ["limit=-1", "limit"],
    ["status=pending", "status"],
    ["status=OPEN", "status"],
    ["status=open&status=closed", "status"],
    ["cursor=not%20a%20cursor", "cursor"],
    ["cursor=%2F%2F", "cursor"],
    [`cursor=${Buffer.from("-5").toString("base64url")}`, "cursor"],
    [`cursor=${Buffer.from("abc").toString("base64url")}`, "cursor"],
  ])("answers 400 with the zod issues in details for %s", async (query, field) => {
    const result = await api(`/api/v1/conversations?${query}`);
    expectApiError(result, 400, "invalid_request");
    expect(Array.isArray(result.body.error.details)).toBe(true);
    expect(result.body.error.details.length).toBeGreaterThan(0);
    expect(result.body.error.details.some((issue: { path: unknown[] }) => issue.path[0] === field)).toBe(true);
    for (const issue of result.body.error.details) expect(issue).toMatchObject({ message: expect.any(String) });
  });
});

describe("GET /api/v1/conversations/:id", () => {
  it("returns the conversation in the interchange format, messages included", async () => {
    const result = await api("/api/v1/conversations/c-1017");
    expect(result.status).toBe(200);
    const parsed = InterchangeConversationSchema.strict().parse(result.body);
    expect(parsed.id).toBe("c-1017");
    expect(parsed.status).toBe("open");
    expect(parsed.messages.length).toBeGreaterThan(0);
    const times = parsed.messages.map((message) => Date.parse(message.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("agrees with the listing on the conversation's header", async () => {
    const list = await api("/api/v1/conversations?status=open");
    const header = list.body.conversations.find((c: { id: string }) => c.id === "c-1017");
    const { messages: _messages, ...one } = (await api("/api/v1/conversations/c-1017")).body;
    expect(one).toEqual(header);
  });

  it("answers 404 in the error shape for an unknown id", async () => {
    expectApiError(await api("/api/v1/conversations/c-nope"), 404, "not_found");
  });

  it("needs a token too", async () => {
    expectApiError(await api("/api/v1/conversations/c-1017", null), 401, "unauthorized");
  });
});

describe("workspace isolation", () => {
  it("hides the demo conversations from another workspace's token", async () => {
    expectApiError(await api("/api/v1/conversations/c-1017", otherToken), 404, "not_found");
    const list = await api("/api/v1/conversations", otherToken);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ conversations: [], nextCursor: null });
  });

  it("does not let a cursor from one workspace reveal another's conversations", async () => {
    const page = await api("/api/v1/conversations?limit=5");
    const cursor = page.body.nextCursor as string;
    const result = await api(`/api/v1/conversations?cursor=${cursor}`, otherToken);
    expect(result.status).toBe(200);
    expect(result.body.conversations).toEqual([]);
  });
});

describe("unknown routes and bad bodies", () => {
  it("answers an unknown /api/v1 route with 404 JSON", async () => {
    expectApiError(await api("/api/v1/nope"), 404, "not_found");
    expectApiError(await api("/api/v1/conversations/c-1017/nope"), 404, "not_found");
    expectApiError(await api("/api/v1/conversations", demoToken, { method: "DELETE" }), 404, "not_found");
  });

  it("answers a body that is not JSON with 400 JSON, not a stack trace", async () => {
    const result = await api("/api/v1/conversations", demoToken, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"text": ',
    });
    expectApiError(result, 400, "invalid_request");
    expect(JSON.stringify(result.body)).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it("answers a body over the size limit with 413 JSON", async () => {
    const result = await api("/api/v1/conversations", demoToken, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "x".repeat(1_100_000) }),
    });
    expectApiError(result, 413, "payload_too_large");
  });
});

describe("POST /api/v1/messages", () => {
  const post = (body: unknown, token = demoToken) =>
    api("/api/v1/messages", token, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const message = (externalId: string, extra: Record<string, unknown> = {}) => ({
    channel: "chat",
    externalId,
    contact: { name: "Ines Duarte", email: "ines@harborline.example" },
    text: `Our CSV import stalls (${externalId}).`,
    ...extra,
  });

  it("stores a message once: 201 with its ids, then 200 with the same ids for the same externalId", async () => {
    const first = await post(message("api-once"));
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ conversationId: expect.stringMatching(/^c-\d+$/), messageId: expect.any(String) });
    const again = await post(message("api-once"));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const conversation = (await api(`/api/v1/conversations/${first.body.conversationId}`)).body;
    expect(conversation.messages.filter((m: { text: string }) => m.text.includes("api-once"))).toHaveLength(1);
  });

  it("is answered only once the message is written out to the disk, not merely committed", async () => {
    const workspaceId = findWorkspaceBySlug(server.db, "demo")!.id;
    const before = server.walFlusher.flushes;
    const received = await server.services.receiveDurably(workspaceId, {
      channel: "chat",
      channelMessageId: "chat:durable-1",
      contact: { name: "Ines Duarte", email: "ines@harborline.example" },
      text: "Is this on disk yet?",
      sentAt: new Date(),
    });
    expect(received.status).toBe("stored");
    // Resolved by the flush's own callback: an answer on commit alone would come before it.
    expect(server.walFlusher.flushes).toBeGreaterThan(before);
  });

  it("threads messages with the same threadId into one conversation", async () => {
    const opening = await post(message("api-thread-1", { threadId: "harborline-import" }));
    const followUp = await post(message("api-thread-2", { threadId: "harborline-import", text: "Still stalled at 40%." }));
    expect(followUp.status).toBe(201);
    expect(followUp.body.conversationId).toBe(opening.body.conversationId);
  });

  it("answers a burst sent at once, duplicates included: each message stored once, each duplicate told so", async () => {
    const ids = Array.from({ length: 24 }, (_, i) => `api-burst-${i}`);
    const results = await Promise.all([...ids, ...ids.slice(0, 8)].map((id) => post(message(id))));
    expect(results.filter((result) => result.status === 201)).toHaveLength(24);
    expect(results.filter((result) => result.status === 200)).toHaveLength(8);
    const byId = new Map<string, string>();
    results.forEach((result, i) => {
      const id = [...ids, ...ids.slice(0, 8)][i]!;
      if (byId.has(id)) expect(result.body.messageId).toBe(byId.get(id));
      else byId.set(id, result.body.messageId);
    });
    const stored = server.db.$client
      .prepare("select count(*) from messages where channel_message_id like 'api:api-burst-%'")
      .pluck()
      .get();
    expect(stored).toBe(24);
  });

  it("refuses a message without text or with an unknown channel, with the field named", async () => {
    const noText = await post({ channel: "chat", externalId: "api-bad-1", contact: { email: "x@y.example" } });
    expectApiError(noText, 400, "invalid_request");
    expect(JSON.stringify(noText.body)).toContain("text");
    expectApiError(await post(message("api-bad-2", { channel: "fax" })), 400, "invalid_request");
  });

  it("stores messages only in the token's own workspace", async () => {
    const result = await post(message("api-other-ws"), otherToken);
    expect(result.status).toBe(201);
    const own = await api(`/api/v1/conversations/${result.body.conversationId}`, otherToken);
    expect(own.body.messages.map((m: { text: string }) => m.text)).toEqual([expect.stringContaining("api-other-ws")]);
    // Ids are per workspace: the demo workspace may have its own conversation with that id, never this message.
    const demo = await api(`/api/v1/conversations/${result.body.conversationId}`);
    expect(JSON.stringify(demo.body)).not.toContain("api-other-ws");
  });
});
