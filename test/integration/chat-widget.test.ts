import { randomUUID } from "node:crypto";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createApiToken } from "../../db/api-tokens.server";
import { outboundDeliveries } from "../../db/schema";
import { findWorkspaceBySlug } from "../../db/workspaces.server";
import type { ChatHistory, ChatMessagePayload, ChatSendAck, VisitorHello } from "../../server/channels/chat/protocol";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let token: string;
beforeAll(async () => {
  server = await startTestServer();
  const workspace = findWorkspaceBySlug(server.db, "demo")!;
  token = createApiToken(server.db, workspace.id, "chat widget test");
});
afterAll(() => server.close());

const opened: Socket[] = [];
afterEach(() => {
  for (const socket of opened.splice(0)) socket.close();
});

interface Visitor {
  socket: Socket;
  hello: VisitorHello;
  history: ChatHistory;
  /** Agent replies (and own messages from other tabs) received live, in order. */
  live: ChatMessagePayload[];
}

type Outcome = { connected: true; visitor: Visitor } | { connected: false; message: string };

/** A widget's socket: connects to /chat with the given handshake and waits for hello and history. */
function openWidget(auth: Record<string, unknown>): Promise<Outcome> {
  const socket = connect(`${server.url}/chat`, {
    transports: ["websocket"],
    auth,
    reconnection: false,
    forceNew: true,
    timeout: 5_000,
  });
  opened.push(socket);
  const live: ChatMessagePayload[] = [];
  socket.on("chat:message", (message: ChatMessagePayload) => live.push(message));
  return new Promise((resolve) => {
    let hello: VisitorHello | undefined;
    socket.once("visitor:hello", (h: VisitorHello) => (hello = h));
    socket.once("chat:history", (history: ChatHistory) => resolve({ connected: true, visitor: { socket, hello: hello!, history, live } }));
    socket.once("connect_error", (error) => resolve({ connected: false, message: error.message }));
  });
}

async function newVisitor(): Promise<Visitor> {
  const outcome = await openWidget({ workspace: "demo" });
  if (!outcome.connected) throw new Error(`did not connect: ${outcome.message}`);
  return outcome.visitor;
}

const send = (socket: Socket, payload: unknown): Promise<ChatSendAck> =>
  socket.timeout(5_000).emitWithAck("chat:message", payload) as Promise<ChatSendAck>;

async function api(path: string, init: RequestInit = {}) {
  const response = await fetch(`${server.url}/api/v1${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function openConversations(): Promise<{ id: string; channel: string; preview?: string }[]> {
  const all: { id: string; channel: string }[] = [];
  let cursor: string | null = null;
  do {
    const page = await api(`/conversations?status=open&limit=100${cursor ? `&cursor=${cursor}` : ""}`);
    expect(page.status).toBe(200);
    all.push(...(page.body.conversations as { id: string; channel: string }[]));
    cursor = page.body.nextCursor as string | null;
  } while (cursor);
  return all;
}

const until = async (check: () => boolean, ms = 5_000) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe("chat widget namespace", () => {
  it("greets a first-time visitor with a new id, a signed token and an empty history", async () => {
    const visitor = await newVisitor();
    expect(visitor.hello.visitorId).toMatch(/^v_[a-f0-9]{32}$/);
    expect(visitor.hello.visitorToken.length).toBeGreaterThan(20);
    expect(visitor.history).toEqual({ conversationId: null, messages: [] });
  });

  it("stores a visitor message once in the inbox, even when the widget retries it", async () => {
    const visitor = await newVisitor();
    const before = (await openConversations()).length;
    const clientMessageId = randomUUID();
    const payload = { text: "Hi! My export to CSV keeps timing out.", clientMessageId, name: "Priya Shah", email: "priya@example.com" };

    const first = await send(visitor.socket, payload);
    expect(first).toEqual({ conversationId: expect.stringMatching(/^c-/), messageId: expect.any(Number) });
    const retry = await send(visitor.socket, payload);
    expect(retry).toEqual(first);

    const open = await openConversations();
    expect(open.length).toBe(before + 1);
    if (!("conversationId" in first)) throw new Error("no conversation");
    expect(open.filter((c) => c.id === first.conversationId)).toHaveLength(1);
    const detail = await api(`/conversations/${first.conversationId}`);
    expect(detail.body).toMatchObject({ channel: "chat", contact: { name: "Priya Shah", email: "priya@example.com", chatVisitorId: visitor.hello.visitorId } });
    const messages = detail.body.messages as { text: string }[];
    expect(messages.map((m) => m.text)).toEqual([payload.text]);

    // A second message from the same visitor stays in the same conversation.
    const second = await send(visitor.socket, { text: "Any news?", clientMessageId: randomUUID() });
    expect(second).toMatchObject({ conversationId: first.conversationId });
    expect((await openConversations()).length).toBe(before + 1);
  });

  it("delivers a rep's API reply live to the visitor, and keeps it in their history", async () => {
    const visitor = await newVisitor();
    const ack = await send(visitor.socket, { text: "Is anyone there?", clientMessageId: randomUUID() });
    if (!("conversationId" in ack)) throw new Error(ack.error);

    const reply = await api(`/conversations/${ack.conversationId}/replies`, {
      method: "POST",
      headers: { "idempotency-key": randomUUID() },
      body: JSON.stringify({ text: "Hi! Ana here, happy to help.", authorName: "Ana" }),
    });
    expect(reply.status).toBe(201);
    await until(() => visitor.live.length > 0);
    expect(visitor.live).toEqual([
      { id: Number(reply.body.messageId), author: "agent", authorName: "Ana", text: "Hi! Ana here, happy to help.", at: expect.any(String) },
    ]);

    // Back later with the stored identity: the whole conversation comes as history.
    const again = await openWidget({ workspace: "demo", visitorId: visitor.hello.visitorId, visitorToken: visitor.hello.visitorToken });
    if (!again.connected) throw new Error(again.message);
    expect(again.visitor.hello).toEqual(visitor.hello);
    expect(again.visitor.history.conversationId).toBe(ack.conversationId);
    expect(again.visitor.history.messages.map((m) => [m.author, m.text])).toEqual([
      ["customer", "Is anyone there?"],
      ["agent", "Hi! Ana here, happy to help."],
    ]);
    expect(again.visitor.history.messages[0]!.clientMessageId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("counts a reply to an offline visitor as delivered; they read it on their next visit", async () => {
    const visitor = await newVisitor();
    const ack = await send(visitor.socket, { text: "Leaving now, email me", clientMessageId: randomUUID() });
    if (!("conversationId" in ack)) throw new Error(ack.error);
    visitor.socket.close();
    const reply = await api(`/conversations/${ack.conversationId}/replies`, {
      method: "POST",
      headers: { "idempotency-key": randomUUID() },
      body: JSON.stringify({ text: "Answered while you were away." }),
    });
    expect(reply.status).toBe(201);
    await server.services.deliveries.kick();
    const delivery = server.db
      .select()
      .from(outboundDeliveries)
      .where(eq(outboundDeliveries.messageId, Number(reply.body.messageId)))
      .get();
    expect(delivery).toMatchObject({ channel: "chat", transport: "chat", status: "sent" });
    const detail = await api(`/conversations/${ack.conversationId}`);
    expect(JSON.stringify(detail.body)).toContain("Answered while you were away.");
    const back = await openWidget({ workspace: "demo", ...visitor.hello });
    if (!back.connected) throw new Error(back.message);
    expect(back.visitor.history.messages.at(-1)).toMatchObject({ author: "agent", text: "Answered while you were away." });
  });

  it("replies on chat conversations that came in before the widget (demo data) go to the contact's visitor", async () => {
    const ravi = await openWidget({ workspace: "demo", visitorId: "v-0fa9c2", visitorToken: "x".repeat(43) });
    expect(ravi).toEqual({ connected: false, message: "invalid_visitor_token" });
    const reply = await api(`/conversations/c-1009/replies`, {
      method: "POST",
      headers: { "idempotency-key": randomUUID() },
      body: JSON.stringify({ text: "Following up on your login issue." }),
    });
    expect(reply.status).toBe(201);
    await server.services.deliveries.kick();
    const delivery = server.db
      .select()
      .from(outboundDeliveries)
      .where(eq(outboundDeliveries.messageId, Number(reply.body.messageId)))
      .get();
    expect(delivery).toMatchObject({ status: "sent", envelope: { visitorId: "v-0fa9c2" } });
  });

  it("keeps visitors apart: a forged or borrowed token cannot open another visitor's chat", async () => {
    const alice = await newVisitor();
    const ack = await send(alice.socket, { text: "My card number is private", clientMessageId: randomUUID() });
    expect(ack).toHaveProperty("conversationId");
    const mallory = await newVisitor();

    expect(await openWidget({ workspace: "demo", visitorId: alice.hello.visitorId, visitorToken: "forged-token-value-xxxxxxxxxxxxxxxxxx" })).toEqual({
      connected: false,
      message: "invalid_visitor_token",
    });
    expect(await openWidget({ workspace: "demo", visitorId: alice.hello.visitorId, visitorToken: mallory.hello.visitorToken })).toEqual({
      connected: false,
      message: "invalid_visitor_token",
    });
    // An id without its token is not trusted: the server hands out a fresh visitor instead.
    const guess = await openWidget({ workspace: "demo", visitorId: alice.hello.visitorId });
    if (!guess.connected) throw new Error(guess.message);
    expect(guess.visitor.hello.visitorId).not.toBe(alice.hello.visitorId);
    expect(guess.visitor.history.messages).toEqual([]);

    // And a reply to Alice reaches Alice only.
    if (!("conversationId" in ack)) throw new Error(ack.error);
    await api(`/conversations/${ack.conversationId}/replies`, {
      method: "POST",
      headers: { "idempotency-key": randomUUID() },
      body: JSON.stringify({ text: "For Alice only" }),
    });
    await until(() => alice.live.length === 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(mallory.live).toEqual([]);
    expect(guess.visitor.live).toEqual([]);
  });

  it("answers bad payloads with an error ack and stays up", async () => {
    const visitor = await newVisitor();
    const bad: unknown[] = [
      null,
      "hello",
      42,
      {},
      { text: "", clientMessageId: randomUUID() },
      { text: "   ", clientMessageId: randomUUID() },
      { text: "x".repeat(10_001), clientMessageId: randomUUID() },
      { text: "hi", clientMessageId: "not-a-uuid" },
      { text: "hi", clientMessageId: randomUUID(), email: "not an email" },
      { text: ["array"], clientMessageId: randomUUID() },
    ];
    for (const payload of bad) {
      const ack = await send(visitor.socket, payload);
      expect(ack, JSON.stringify(payload)?.slice(0, 80)).toHaveProperty("error");
    }
    // No ack callback at all, and unknown events: ignored.
    visitor.socket.emit("chat:message", { text: "no ack" });
    visitor.socket.emit("chat:message");
    visitor.socket.emit("something:else", { a: 1 });
    // Exactly 10 000 characters is fine, and the same socket still works.
    expect(await send(visitor.socket, { text: "y".repeat(10_000), clientMessageId: randomUUID() })).toHaveProperty("conversationId");
    expect(visitor.socket.connected).toBe(true);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it("refuses an unknown workspace and a malformed handshake", async () => {
    expect(await openWidget({ workspace: "no-such-workspace" })).toEqual({ connected: false, message: "unknown_workspace" });
    expect(await openWidget({})).toEqual({ connected: false, message: "invalid_handshake" });
    expect(await openWidget({ workspace: "demo", visitorId: "../../etc", visitorToken: "x" })).toEqual({
      connected: false,
      message: "invalid_handshake",
    });
  });

  it("does not let a visitor onto the staff namespace or into a workspace room", async () => {
    const visitor = await newVisitor();
    const chatSockets = await server.io.of("/chat").fetchSockets();
    const mine = chatSockets.find((s) => s.id === visitor.socket.id)!;
    expect([...mine.rooms].filter((room) => room !== mine.id)).toEqual([
      `visitor:${findWorkspaceBySlug(server.db, "demo")!.id}:${visitor.hello.visitorId}`,
    ]);
    const staff = connect(server.url, { transports: ["websocket"], reconnection: false, forceNew: true, auth: visitor.hello });
    opened.push(staff);
    const error = await new Promise<Error>((resolve) => staff.once("connect_error", resolve));
    expect(error.message).toBe("unauthorized");
  });

  it("shows the visitor's message in their other open tabs", async () => {
    const tab1 = await newVisitor();
    const tab2 = await openWidget({ workspace: "demo", ...tab1.hello });
    if (!tab2.connected) throw new Error(tab2.message);
    const clientMessageId = randomUUID();
    await send(tab1.socket, { text: "from tab one", clientMessageId });
    await until(() => tab2.visitor.live.length === 1);
    expect(tab2.visitor.live[0]).toMatchObject({ author: "customer", text: "from tab one", clientMessageId });
    expect(tab1.live).toEqual([]);
  });
});
