import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase, type TandemConnection } from "../../db/connection.server";
import { findConversation } from "../../db/conversations.server";
import { createWorkspace } from "../../db/workspaces.server";
import { createEmailTransport } from "../../server/channels/email/email-transport.server";
import { createInboxServices, type InboxServices } from "../../server/inbox/services.server";
import { wakeSnoozedConversations } from "../../server/inbox/snooze-waker.server";
import { changeTriage } from "../../server/inbox/triage.server";

let dir: string;
let db: TandemConnection;
let services: InboxServices;
let now: Date;
let workspaceId: number;
const hooked: number[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tandem-snooze-"));
  db = openDatabase(join(dir, "t.db"));
  now = new Date("2026-11-23T09:00:00Z");
  hooked.length = 0;
  services = createInboxServices({
    db,
    now: () => now,
    transports: [createEmailTransport({ messageIdDomain: "test.localhost" })],
    hooks: [(_db, conversationId) => hooked.push(conversationId)],
  });
  workspaceId = createWorkspace(db, { slug: "acme", name: "Acme" }).id;
});
afterEach(async () => {
  await services.close();
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

function snoozedConversation(until: Date | null, untilReply = false) {
  const received = services.receive(workspaceId, {
    channel: "email",
    channelMessageId: `<m-${Math.random()}@acme.example>`,
    contact: { email: "dana@acme.example" },
    subject: `Question ${Math.random()}`,
    text: "Hello",
  });
  if (received.status !== "stored") throw new Error(received.status);
  const result = changeTriage(services, {
    workspaceId,
    conversationId: received.conversationId,
    change: { status: "snoozed", snoozedUntil: until, snoozedUntilReply: untilReply },
    actor: { userId: null, source: "api" },
  });
  expect(result.status).toBe("changed");
  return received.conversationId;
}

describe("snoozed conversations", () => {
  it("wake when their time comes, rerun the conversation hooks and announce the change", () => {
    const early = snoozedConversation(new Date("2026-11-23T10:00:00Z"));
    const late = snoozedConversation(new Date("2026-11-24T09:00:00Z"));
    const changed: string[] = [];
    services.events.on("conversation.changed", (event) => changed.push(event.conversationId));
    hooked.length = 0;

    now = new Date("2026-11-23T10:00:01Z");
    expect(wakeSnoozedConversations(services)).toBe(1);
    expect(findConversation(db, workspaceId, early)!.status).toBe("open");
    expect(findConversation(db, workspaceId, early)!.snoozedUntil).toBeNull();
    expect(findConversation(db, workspaceId, late)!.status).toBe("snoozed");
    expect(changed).toEqual([early]);
    expect(hooked).toEqual([findConversation(db, workspaceId, early)!.id]);
    expect(wakeSnoozedConversations(services)).toBe(0);
  });

  it("snoozed until the customer replies stay snoozed until they do", () => {
    const waiting = snoozedConversation(null, true);
    now = new Date("2026-11-30T00:00:00Z");
    expect(wakeSnoozedConversations(services)).toBe(0);
    const conversation = findConversation(db, workspaceId, waiting)!;
    expect(conversation.status).toBe("snoozed");
    const reply = services.receive(workspaceId, {
      channel: "email",
      channelMessageId: "<reply@acme.example>",
      threadKeys: [],
      contact: { email: "dana@acme.example" },
      subject: `Re: ${conversation.subject}`,
      text: "Any news?",
    });
    expect(reply.status === "stored" && reply.conversationId).toBe(waiting);
    expect(findConversation(db, workspaceId, waiting)!.status).toBe("open");
  });
});
