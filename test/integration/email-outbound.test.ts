import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { createTransport } from "nodemailer";
import type Mail from "nodemailer/lib/mailer";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../db/api-tokens.server";
import { getConversationThread } from "../../db/conversations.server";
import { listRecentDeliveries } from "../../db/deliveries.server";
import { findMessageByChannelId } from "../../db/threads.server";
import { findWorkspaceBySlug } from "../../db/workspaces.server";
import { DEMO_EMAIL_ADDRESS } from "../../server/demo-seed.server";
import { startTestServer, type TestServer } from "../support/server";

interface Relayed {
  envelope: { from: string; to: string[] };
  mail: ParsedMail;
}

/** A stand-in for the company's SMTP relay, in process: records what Tandem hands it. */
async function startFakeRelay() {
  const received: Relayed[] = [];
  const relay = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    hideSTARTTLS: true,
    logger: false,
    closeTimeout: 1_000,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push({
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              to: session.envelope.rcptTo.map((r) => r.address),
            },
            mail,
          });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  return {
    received,
    port: (relay.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => relay.close(() => resolve())),
  };
}

async function sendTo(port: number, mail: Mail.Options) {
  const client = createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
  try {
    return await client.sendMail({ to: DEMO_EMAIL_ADDRESS, from: "Omar Haddad <omar@customer.example>", ...mail });
  } finally {
    client.close();
  }
}

async function eventually<T>(probe: () => T | undefined, what: string, timeoutMs = 8_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function reply(server: TestServer, token: string, conversationId: string, text: string) {
  const response = await fetch(`${server.url}/api/v1/conversations/${conversationId}/replies`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": `k-${Math.random()}` },
    body: JSON.stringify({ text }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { conversationId: string; messageId: string };
}

function setUp(env: Record<string, string> = {}) {
  const ctx = {} as { server: TestServer; token: string; workspaceId: number };
  beforeAll(async () => {
    ctx.server = await startTestServer({ env });
    ctx.workspaceId = findWorkspaceBySlug(ctx.server.db, "demo")!.id;
    ctx.token = createApiToken(ctx.server.db, ctx.workspaceId, "email outbound test");
  }, 180_000); // a server start may rebuild the web app first
  afterAll(() => ctx.server?.close());
  return ctx;
}

describe("email replies through an SMTP relay (SMTP_RELAY_URL)", () => {
  let relay: Awaited<ReturnType<typeof startFakeRelay>>;
  const env: Record<string, string> = {};
  beforeAll(async () => {
    relay = await startFakeRelay();
    env.SMTP_RELAY_URL = `smtp://127.0.0.1:${relay.port}`;
  });
  afterAll(() => relay.close());
  const ctx = setUp(env);

  it("sends the reply to the customer, threaded on their email, and threads their answer back", async () => {
    const { server, token, workspaceId } = ctx;
    const customerId = `<relay-${Date.now()}@customer.example>`;
    await sendTo(server.smtpPort, { messageId: customerId, subject: "Exports stuck at 99%", text: "Our export is stuck." });
    const { conversationId } = findMessageByChannelId(server.db, workspaceId, customerId)!;

    const sent = await reply(server, token, conversationId, "We're on it: the export queue is moving again.");
    const relayed = await eventually(() => relay.received.at(-1), "the relay to receive the reply");
    expect(relay.received).toHaveLength(1);
    expect(relayed.envelope).toEqual({ from: DEMO_EMAIL_ADDRESS, to: ["omar@customer.example"] });
    const { mail } = relayed;
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((a) => a.address) : undefined).toEqual(["omar@customer.example"]);
    expect(mail.from?.value[0]?.address).toBe(DEMO_EMAIL_ADDRESS);
    expect(mail.subject).toBe("Re: Exports stuck at 99%");
    expect(mail.inReplyTo).toBe(customerId);
    expect([mail.references ?? []].flat()).toContain(customerId);
    expect(mail.text?.trim()).toBe("We're on it: the export queue is moving again.");
    expect(mail.messageId).toMatch(/^<reply-\d+\.c-\d+@tandem\.localhost>$/);

    const delivery = await eventually(
      () => listRecentDeliveries(server.db, workspaceId).find((d) => d.conversationId === conversationId && d.status === "sent"),
      "the delivery to be marked sent",
    );
    expect(delivery).toMatchObject({ transport: "smtp", status: "sent", attempts: 1, lastError: null });

    // The customer answers our email: their client sets In-Reply-To to our Message-ID, and changes the subject.
    const answerId = `<answer-${Date.now()}@customer.example>`;
    await sendTo(server.smtpPort, { messageId: answerId, inReplyTo: mail.messageId, subject: "thanks!", text: "Works now, thanks." });
    expect(findMessageByChannelId(server.db, workspaceId, answerId)?.conversationId).toBe(conversationId);
    const thread = getConversationThread(server.db, workspaceId, conversationId)!;
    expect(thread.messages.map((m) => [m.direction, m.text])).toEqual([
      ["inbound", "Our export is stuck."],
      ["outbound", "We're on it: the export queue is moving again."],
      ["inbound", "Works now, thanks."],
    ]);
    expect(sent.conversationId).toBe(conversationId);
  });
});

describe("email replies without a relay (the default)", () => {
  const ctx = setUp();

  it("keeps the reply in the outbox: delivered with transport 'outbox', nothing sent anywhere", async () => {
    const { server, token, workspaceId } = ctx;
    const customerId = `<outbox-${Date.now()}@customer.example>`;
    await sendTo(server.smtpPort, { messageId: customerId, subject: "Invoice copy", text: "Can I get a copy of my invoice?" });
    const { conversationId } = findMessageByChannelId(server.db, workspaceId, customerId)!;
    await reply(server, token, conversationId, "Attached to your account page now.");

    const delivery = await eventually(
      () => listRecentDeliveries(server.db, workspaceId).find((d) => d.conversationId === conversationId && d.status === "sent"),
      "the outbox delivery",
    );
    expect(delivery).toMatchObject({ transport: "outbox", status: "sent", text: "Attached to your account page now." });
    expect(delivery.envelope).toMatchObject({
      from: DEMO_EMAIL_ADDRESS,
      to: "omar@customer.example",
      subject: "Re: Invoice copy",
      inReplyTo: customerId,
      references: [customerId],
    });
  });
});

describe("email replies when the relay is down", () => {
  const ctx = setUp({ SMTP_RELAY_URL: "smtp://127.0.0.1:9" });

  it("keeps the reply pending with the error, to retry: never marked sent", async () => {
    const { server, token, workspaceId } = ctx;
    const customerId = `<down-${Date.now()}@customer.example>`;
    await sendTo(server.smtpPort, { messageId: customerId, subject: "Relay down", text: "Hello?" });
    const { conversationId } = findMessageByChannelId(server.db, workspaceId, customerId)!;
    await reply(server, token, conversationId, "Hi!");

    const delivery = await eventually(
      () => listRecentDeliveries(server.db, workspaceId).find((d) => d.conversationId === conversationId && d.attempts > 0),
      "a failed attempt",
    );
    expect(delivery).toMatchObject({ transport: "smtp", status: "pending", sentAt: null });
    expect(delivery.lastError).toMatch(/ECONNREFUSED|connect/i);
  });
});
