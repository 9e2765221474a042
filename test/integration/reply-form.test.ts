import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findWorkspaceBySlug } from "../../db/workspaces.server";
import { handleReplyForm } from "../../server/inbox/reply-form.server";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
type Rep = { id: number; name: string; workspaceId: number };
let ana: Rep;
let ben: Rep;

beforeAll(async () => {
  server = await startTestServer();
  const workspaceId = findWorkspaceBySlug(server.db, "demo")!.id;
  const rep = (email: string) => ({ ...(server.db.$client.prepare("select id, name from users where email = ?").get(email) as Rep), workspaceId });
  ana = rep("ana@demo.example");
  ben = rep("ben@demo.example");
});
afterAll(() => server.close());

/** What the conversation page's reply form submits (the browser test drives the page itself). */
async function reply(conversationId: string, fields: Record<string, string>, rep = ana) {
  const result = handleReplyForm(server.services, rep, conversationId, { intent: "reply", ...fields });
  return { status: result.status, body: result as unknown as Record<string, unknown> };
}

const lastMessageId = (publicId: string) =>
  server.db.$client
    .prepare("select max(m.id) from messages m join conversations c on c.id = m.conversation_id where c.public_id = ?")
    .pluck()
    .get(publicId) as number;
const outbound = (publicId: string) =>
  server.db.$client
    .prepare("select m.text from messages m join conversations c on c.id = m.conversation_id where c.public_id = ? and m.direction = 'outbound' order by m.id")
    .pluck()
    .all(publicId) as string[];

describe("the reply form", () => {
  it("sends a reply and queues its delivery on the conversation's channel", async () => {
    const sent = await reply("c-1044", { text: "Hi! Thanks for waiting.", lastMessageId: String(lastMessageId("c-1044")) });
    expect(sent).toMatchObject({ status: 200, body: { ok: true, message: "Reply sent." } });
    expect(outbound("c-1044")).toContain("Hi! Thanks for waiting.");
    const delivery = server.db.$client
      .prepare("select d.channel from outbound_deliveries d join messages m on m.id = d.message_id where m.text = ?")
      .get("Hi! Thanks for waiting.") as { channel: string } | undefined;
    expect(delivery).toEqual({ channel: "email" });
  });

  it("refuses a reply written against an older thread, says what is new, and sends it when asked to anyway", async () => {
    const seen = lastMessageId("c-1046");
    expect((await reply("c-1046", { text: "Ben's answer.", lastMessageId: String(seen) }, ben)).status).toBe(200);
    const refused = await reply("c-1046", { text: "Ana's answer.", lastMessageId: String(seen) });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      ok: false,
      error: "Ben Carter replied while you were writing. Nothing was sent.",
      unseen: [expect.objectContaining({ authorName: "Ben Carter", text: "Ben's answer." })],
    });
    expect(outbound("c-1046")).not.toContain("Ana's answer.");
    const forced = await reply("c-1046", { text: "Ana's answer.", lastMessageId: String(seen), sendAnyway: "true" });
    expect(forced.status).toBe(200);
    expect(outbound("c-1046").slice(-2)).toEqual(["Ben's answer.", "Ana's answer."]);
  });

  it("refuses an empty reply and an unknown conversation with a message a person can act on", async () => {
    const empty = await reply("c-1045", { text: "   ", lastMessageId: "1" });
    expect(empty).toMatchObject({ status: 400, body: { ok: false, error: expect.stringContaining("write something to send") } });
    expect((await reply("c-9999", { text: "Hello", lastMessageId: "1" })).status).toBe(404);
    // A Slack message that came without a thread to answer in: nothing is stored, and the rep is told why.
    const unreachable = await reply("c-1045", { text: "Hello", lastMessageId: String(lastMessageId("c-1045")) });
    expect(unreachable).toMatchObject({ status: 422, body: { ok: false, error: expect.stringMatching(/^Not sent: /) } });
    expect(outbound("c-1045")).toEqual([]);
  });
});
