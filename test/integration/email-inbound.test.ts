import { eq } from "drizzle-orm";
import { createTransport } from "nodemailer";
import type Mail from "nodemailer/lib/mailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../db/api-tokens.server";
import { createChannelConnection } from "../../db/channel-connections.server";
import { getConversationThread } from "../../db/conversations.server";
import { openInbox } from "../support/inbox";
import { listOpenDeadLetters } from "../../db/dead-letters.server";
import { messages } from "../../db/schema";
import { findMessageByChannelId } from "../../db/threads.server";
import { createWorkspace, findWorkspaceBySlug } from "../../db/workspaces.server";
import { startSmtpListener } from "../../server/channels/email/smtp-listener.server";
import { DEMO_EMAIL_ADDRESS } from "../../server/demo-seed.server";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let workspaceId: number;
let token: string;

beforeAll(async () => {
  server = await startTestServer();
  workspaceId = findWorkspaceBySlug(server.db, "demo")!.id;
  token = createApiToken(server.db, workspaceId, "email test");
}, 180_000); // a server start may rebuild the web app first
afterAll(() => server?.close());

let counter = 0;
/** A fresh Message-ID and subject per test, so tests never thread into each other. */
const unique = (label: string) => {
  counter++;
  const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return { messageId: `<${slug}-${counter}-${Date.now()}@customer.example>`, subject: `${label} #${counter} ${Date.now()}` };
};

/** Sends real SMTP to a listener, as a customer's mail server would. */
async function send(port: number, mail: Mail.Options) {
  const client = createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
  try {
    return await client.sendMail({ to: DEMO_EMAIL_ADDRESS, from: "Priya Raman <priya@customer.example>", ...mail });
  } finally {
    client.close();
  }
}
const sendToTandem = (mail: Mail.Options) => send(server.smtpPort, mail);

/** The conversation (public id) and message a Message-ID was stored as. */
function stored(messageId: string) {
  const found = findMessageByChannelId(server.db, workspaceId, messageId);
  if (!found) throw new Error(`${messageId} was not stored`);
  return found;
}

const thread = (conversationId: string) => getConversationThread(server.db, workspaceId, conversationId)!;

async function apiConversations(): Promise<{ id: string; subject?: string }[]> {
  const all: { id: string; subject?: string }[] = [];
  let cursor: string | null = null;
  do {
    const response = await fetch(`${server.url}/api/v1/conversations?limit=200${cursor ? `&cursor=${cursor}` : ""}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { conversations: { id: string; subject?: string }[]; nextCursor: string | null };
    all.push(...body.conversations);
    cursor = body.nextCursor;
  } while (cursor);
  return all;
}

describe("inbound email over SMTP", () => {
  it("opens a conversation from a new email, once, visible in the inbox and the API", async () => {
    const { messageId, subject } = unique("New email");
    const info = await sendToTandem({
      messageId,
      subject,
      text: "Our exports have been failing since Friday.",
      html: "<p>Our exports have been <b>failing</b> since Friday.</p>",
    });
    expect(info.accepted).toEqual([DEMO_EMAIL_ADDRESS]);
    expect(info.response).toMatch(/^250 /);

    const { conversationId } = stored(messageId);
    const { conversation, messages: thread_, contact } = thread(conversationId);
    expect(conversation).toMatchObject({ channel: "email", subject, status: "open" });
    expect(contact?.name).toBe("Priya Raman");
    expect(thread_).toHaveLength(1);
    expect(thread_[0]).toMatchObject({
      direction: "inbound",
      text: "Our exports have been failing since Friday.",
      html: "<p>Our exports have been <b>failing</b> since Friday.</p>",
    });

    expect(openInbox(server.db, workspaceId).filter((row) => row.subject === subject)).toHaveLength(1);
    expect((await apiConversations()).filter((c) => c.subject === subject).map((c) => c.id)).toEqual([conversationId]);
  });

  it("stores the same email sent twice only once", async () => {
    const { messageId, subject } = unique("Sent twice");
    const mail = { messageId, subject, text: "Is anyone there?" };
    const first = await sendToTandem(mail);
    const second = await sendToTandem(mail);
    expect(first.response).toMatch(/^250 .*stored/);
    expect(second.response).toMatch(/^250 .*duplicate/);

    const { conversationId } = stored(messageId);
    expect(thread(conversationId).messages).toHaveLength(1);
    expect(server.db.select().from(messages).where(eq(messages.channelMessageId, messageId)).all()).toHaveLength(1);
    expect(openInbox(server.db, workspaceId).filter((row) => row.subject === subject)).toHaveLength(1);
  });

  it("stores an email without a Message-ID under a hash of it, so a redelivery is still recognised", async () => {
    const { subject } = unique("No Message-ID");
    const raw = `From: Priya Raman <priya@customer.example>\r\nTo: ${DEMO_EMAIL_ADDRESS}\r\nSubject: ${subject}\r\n\r\nNo id on this one.\r\n`;
    const envelope = { from: "priya@customer.example", to: [DEMO_EMAIL_ADDRESS] };
    expect((await sendToTandem({ envelope, raw })).response).toMatch(/stored/);
    expect((await sendToTandem({ envelope, raw })).response).toMatch(/duplicate/);
    const rows = openInbox(server.db, workspaceId).filter((row) => row.subject === subject);
    expect(rows).toHaveLength(1);
    const [message] = thread(rows[0]!.publicId).messages;
    expect(message?.text).toBe("No id on this one.");
    const channelId = server.db.select({ id: messages.channelMessageId }).from(messages).where(eq(messages.id, message!.id)).get()?.id;
    expect(channelId).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("threads a reply by In-Reply-To and References, whatever its subject", async () => {
    const first = unique("Threaded by headers");
    await sendToTandem({ messageId: first.messageId, subject: first.subject, text: "First message." });
    const second = unique("Completely different subject");
    await sendToTandem({ messageId: second.messageId, subject: second.subject, inReplyTo: first.messageId, text: "Following up." });
    const third = unique("Yet another subject");
    // Only References (as some clients do) still threads.
    await sendToTandem({ messageId: third.messageId, subject: third.subject, references: [first.messageId, second.messageId], text: "Any news?" });

    const { conversationId } = stored(first.messageId);
    expect(stored(second.messageId).conversationId).toBe(conversationId);
    expect(stored(third.messageId).conversationId).toBe(conversationId);
    expect(thread(conversationId).messages.map((m) => m.text)).toEqual(["First message.", "Following up.", "Any news?"]);
    expect(openInbox(server.db, workspaceId).filter((row) => row.publicId === conversationId)).toHaveLength(1);
  });

  it("threads a reply without headers by 'Re: <subject>' from the same sender, but not from someone else", async () => {
    const first = unique("Billing question");
    await sendToTandem({ messageId: first.messageId, subject: first.subject, text: "Why was I charged twice?" });
    const reply = unique("ignored");
    await sendToTandem({ messageId: reply.messageId, subject: `Re: ${first.subject}`, text: "Hello? Still waiting." });
    const stranger = unique("ignored");
    await sendToTandem({
      messageId: stranger.messageId,
      from: "Someone Else <someone@elsewhere.example>",
      subject: `RE: ${first.subject}`,
      text: "Same subject, different person.",
    });

    const { conversationId } = stored(first.messageId);
    expect(stored(reply.messageId).conversationId).toBe(conversationId);
    expect(stored(stranger.messageId).conversationId).not.toBe(conversationId);
    expect(thread(conversationId).messages).toHaveLength(2);
  });

  it("puts a new sender from a known company domain on that company's account", async () => {
    const { messageId, subject } = unique("Northwind newcomer");
    await sendToTandem({ messageId, subject, from: "Jo Newcomer <jo.newcomer@northwind.example>", text: "Hi, I'm new here." });
    const { account, contact, conversation } = thread(stored(messageId).conversationId);
    expect(account?.name).toBe("Northwind Logistics");
    expect(contact?.accountId).toBe(account?.id);
    expect(conversation.accountId).toBe(account?.id);
  });

  it("keeps attachments as metadata only (name, type, size), never their content", async () => {
    const { messageId, subject } = unique("With attachments");
    const pdf = Buffer.alloc(12_345, 7);
    await sendToTandem({
      messageId,
      subject,
      text: "Screenshots attached.",
      attachments: [
        { filename: "invoice.pdf", content: pdf, contentType: "application/pdf" },
        { filename: "notes.txt", content: "hello attachments", contentType: "text/plain" },
      ],
    });
    const row = server.db
      .select({ attachments: messages.attachments, text: messages.text, html: messages.html })
      .from(messages)
      .where(eq(messages.channelMessageId, messageId))
      .get()!;
    expect(row.attachments).toEqual([
      { filename: "invoice.pdf", contentType: "application/pdf", size: 12_345 },
      { filename: "notes.txt", contentType: "text/plain", size: "hello attachments".length },
    ]);
    expect(row.text).toBe("Screenshots attached.");
    expect(JSON.stringify(row)).not.toContain("hello attachments");
  });

  it("derives the text of an HTML-only email, and stores its HTML sanitised", async () => {
    const { messageId, subject } = unique("HTML only");
    await sendToTandem({
      messageId,
      subject,
      html: `<div><p>Hi team,</p><p>Click <a href="javascript:alert(1)" onclick="steal()">here</a> &amp; see.</p><script>alert("x")</script><img src="http://tracker.example/p.gif"></div>`,
    });
    const [message] = thread(stored(messageId).conversationId).messages;
    // mailparser's own HTML-to-text: words, with link targets as plain text.
    expect(message!.text).toMatch(/^Hi team,\s+Click here .*& see\./);
    expect(message!.text).not.toMatch(/<|>|alert\("x"\)/);
    expect(message!.html).not.toMatch(/script|onclick|javascript:|<img|tracker/i);
    expect(message!.html).toContain("<p>Hi team,</p>");
  });

  it("rejects mail for an address no workspace has with 550, and accepts the rest", async () => {
    const { messageId, subject } = unique("Unknown mailbox");
    const refused = await sendToTandem({ messageId, subject, to: "nobody@brightpath.example", text: "Hello?" }).catch((e) => e);
    expect(refused).toBeInstanceOf(Error);
    expect(refused.responseCode).toBe(550);
    expect(refused.message).toMatch(/No such mailbox/);
    expect(findMessageByChannelId(server.db, workspaceId, messageId)).toBeUndefined();

    const mixed = unique("Mixed recipients");
    const info = await sendToTandem({ messageId: mixed.messageId, subject: mixed.subject, to: ["nobody@brightpath.example", "SUPPORT@Brightpath.example"], text: "Hi" });
    expect(info.rejected).toEqual(["nobody@brightpath.example"]);
    expect(stored(mixed.messageId).conversationId).toMatch(/^c-\d+$/);
  });

  it("stores a message once per workspace, however many of its addresses it was sent to", async () => {
    createChannelConnection(server.db, { workspaceId, channel: "email", externalKey: "billing@brightpath.example" });
    const other = createWorkspace(server.db, { slug: `other-${Date.now()}`, name: "Other Co" });
    createChannelConnection(server.db, { workspaceId: other.id, channel: "email", externalKey: "help@other.example" });

    const { messageId, subject } = unique("Several addresses");
    await sendToTandem({ messageId, subject, to: [DEMO_EMAIL_ADDRESS, "billing@brightpath.example"], cc: "help@other.example", text: "To everyone." });
    expect(server.db.select().from(messages).where(eq(messages.channelMessageId, messageId)).all().map((m) => m.workspaceId).sort()).toEqual(
      [workspaceId, other.id].sort(),
    );
  });

  it("keeps an email without a sender as a dead letter, raw, and still acknowledges it", async () => {
    const { subject } = unique("No sender");
    const raw = `To: ${DEMO_EMAIL_ADDRESS}\r\nSubject: ${subject}\r\nMessage-ID: <no-sender-${Date.now()}@x>\r\n\r\nWho sent this?\r\n`;
    const info = await sendToTandem({ envelope: { from: "", to: [DEMO_EMAIL_ADDRESS] }, raw });
    expect(info.response).toMatch(/^250 /);
    const letter = listOpenDeadLetters(server.db, workspaceId).find((l) => l.payload.includes(subject));
    expect(letter).toMatchObject({ channel: "email", reason: expect.stringMatching(/no sender/i) });
    expect(letter!.payload).toBe(raw);
    expect(openInbox(server.db, workspaceId).filter((row) => row.subject === subject)).toHaveLength(0);
  });

  it("keeps an email that cannot be parsed as a dead letter with the raw message", async () => {
    const { subject } = unique("Unparseable");
    // More MIME parts than the parser allows.
    const parts = Array.from({ length: 1_100 }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`).join("");
    const raw = `From: p@customer.example\r\nTo: ${DEMO_EMAIL_ADDRESS}\r\nSubject: ${subject}\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${parts}--b--\r\n`;
    const info = await sendToTandem({ envelope: { from: "p@customer.example", to: [DEMO_EMAIL_ADDRESS] }, raw });
    expect(info.response).toMatch(/^250 /);
    const letter = listOpenDeadLetters(server.db, workspaceId).find((l) => l.payload.includes(subject));
    expect(letter?.reason).toMatch(/could not be parsed/i);
    expect(letter?.payload).toBe(raw);
  });
});

describe("the SMTP listener's durability", () => {
  it("answers 451 (try again later) when the message cannot be stored, so the sender keeps it", async () => {
    let calls = 0;
    const listener = await startSmtpListener({
      port: 0,
      db: server.db,
      services: {
        receiveDurably: async () => {
          calls++;
          throw new Error("disk full");
        },
      },
    });
    try {
      const { messageId, subject } = unique("Storage failure");
      const error = await send(listener.port, { messageId, subject, text: "hello" }).catch((e) => e);
      expect(error.responseCode).toBe(451);
      expect(calls).toBe(1);
      expect(findMessageByChannelId(server.db, workspaceId, messageId)).toBeUndefined();
    } finally {
      await listener.close();
    }
  });

  it("answers 250 only after the message is stored and on disk", async () => {
    const order: string[] = [];
    const listener = await startSmtpListener({
      port: 0,
      db: server.db,
      services: {
        receiveDurably: async (id, message) => {
          const result = await server.services.receiveDurably(id, message);
          order.push("stored");
          return result;
        },
      },
    });
    try {
      const { messageId, subject } = unique("Ack order");
      const info = await send(listener.port, { messageId, subject, text: "hello" });
      order.push("acknowledged");
      expect(info.response).toMatch(/^250 /);
      expect(order).toEqual(["stored", "acknowledged"]);
      expect(stored(messageId).conversationId).toMatch(/^c-/);
    } finally {
      await listener.close();
    }
  });

  it("refuses a message over the size limit with 552", async () => {
    const listener = await startSmtpListener({ port: 0, db: server.db, services: server.services, maxMessageBytes: 2_000 });
    try {
      const { messageId, subject } = unique("Too big");
      const error = await send(listener.port, { messageId, subject, text: "x".repeat(5_000) }).catch((e) => e);
      expect(error.responseCode).toBe(552);
      expect(findMessageByChannelId(server.db, workspaceId, messageId)).toBeUndefined();
    } finally {
      await listener.close();
    }
  });

  it("keeps the raw message when the parser fails", async () => {
    const listener = await startSmtpListener({
      port: 0,
      db: server.db,
      services: server.services,
      parse: () => Promise.reject(new Error("boom")),
    });
    try {
      const { messageId, subject } = unique("Parser throws");
      const info = await send(listener.port, { messageId, subject, text: "hello" });
      expect(info.response).toMatch(/^250 /);
      const letter = listOpenDeadLetters(server.db, workspaceId).find((l) => l.payload.includes(messageId));
      expect(letter?.reason).toBe("The email could not be parsed: boom");
    } finally {
      await listener.close();
    }
  });
});
