import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listOpenChannelAlerts } from "../../db/channel-alerts.server";
import { listOpenDeadLetters, recordDeadLetter } from "../../db/dead-letters.server";
import { findWorkspaceBySlug } from "../../db/workspaces.server";
import { startChannelMonitor } from "../../server/channels/channel-monitor.server";
import { signIn, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let workspaceId: number;
let cookie: string;
beforeAll(async () => {
  server = await startTestServer();
  workspaceId = findWorkspaceBySlug(server.db, "demo")!.id;
  cookie = await signIn(server.url, "maya@demo.example");
});
afterAll(() => server.close());

const channelsPage = () => fetch(`${server.url}/channels`, { headers: { cookie } }).then((r) => r.text());
const act = (form: Record<string, string>) =>
  fetch(`${server.url}/channels`, { method: "POST", headers: { cookie }, body: new URLSearchParams(form) });

describe("dead letters", () => {
  it("keeps a message that cannot be processed, with the reason, and shows it", async () => {
    const result = server.services.receive(workspaceId, {
      channel: "email",
      channelMessageId: "<broken@example>",
      contact: { email: "not-an-address" },
      text: "Our exports are failing",
    });
    expect(result.status).toBe("dead_lettered");
    const letter = listOpenDeadLetters(server.db, workspaceId).find((l) => l.payload.includes("broken@example"));
    expect(letter?.reason).toMatch(/contact\.email/);
    const page = await channelsPage();
    expect(page).toContain("Dead letters");
    expect(page).toContain("broken@example");
  });

  it("stores a dead letter on retry once its message can be processed, and resolves it", async () => {
    const letter = recordDeadLetter(server.db, {
      workspaceId,
      channel: "chat",
      reason: "database was locked",
      payload: JSON.stringify({
        channel: "chat",
        channelMessageId: "chat:v-retry:1",
        threadKeys: ["visitor:v-retry"],
        contact: { chatVisitorId: "v-retry", name: "Remy" },
        text: "Is anyone there?",
        sentAt: "2026-11-23T09:00:00.000Z",
      }),
    });
    const flushes = server.walFlusher.flushes;
    const response = await act({ intent: "retry", deadLetterId: String(letter.id) });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/Stored in c-\d+/);
    // Answered once the message is written out to the disk, as a channel's would be.
    expect(server.walFlusher.flushes).toBeGreaterThan(flushes);
    expect(listOpenDeadLetters(server.db, workspaceId).some((l) => l.id === letter.id)).toBe(false);
    // Retrying again finds nothing to do rather than storing twice.
    expect((await act({ intent: "retry", deadLetterId: String(letter.id) })).status).toBe(404);
  });

  it("keeps a dead letter that still fails, saying why", async () => {
    const letter = recordDeadLetter(server.db, { workspaceId, channel: "email", reason: "unparseable", payload: "%%%" });
    const response = await act({ intent: "retry", deadLetterId: String(letter.id) });
    expect(response.status).toBe(422);
    expect(listOpenDeadLetters(server.db, workspaceId).some((l) => l.id === letter.id)).toBe(true);
  });

  it("answers a malformed action with 400 and another workspace's letter with 404", async () => {
    expect((await act({ intent: "explode" })).status).toBe(400);
    const foreign = recordDeadLetter(server.db, { workspaceId: null, channel: "email", reason: "no workspace", payload: "{}" });
    expect((await act({ intent: "dismiss", deadLetterId: String(foreign.id) })).status).toBe(404);
  });

  it("requires a session", async () => {
    const response = await fetch(`${server.url}/channels`, { redirect: "manual" });
    expect(response.status).toBe(302);
  });
});

describe("quiet channels", () => {
  it("raises one visible alert when a channel falls silent beyond its rhythm, and clears it when messages flow", async () => {
    const start = Date.parse("2027-03-01T00:00:00Z");
    for (let hour = 0; hour < 24; hour++) {
      server.services.receive(workspaceId, {
        channel: "slack",
        channelMessageId: `slack:rhythm:${hour}`,
        threadKeys: [`C1:${hour}`],
        contact: { slackUserId: "U-RHYTHM" },
        text: `message ${hour}`,
        sentAt: new Date(start + hour * 3_600_000),
      });
    }
    let now = new Date(start + 23 * 3_600_000 + 30 * 60_000);
    const raised: string[] = [];
    server.services.events.on("alert.raised", (alert) => raised.push(`${alert.channel}:${alert.kind}`));
    const monitor = startChannelMonitor({ db: server.db, events: server.services.events, now: () => now });
    try {
      monitor.scanNow();
      expect(listOpenChannelAlerts(server.db, workspaceId).filter((a) => a.channel === "slack")).toEqual([]);

      now = new Date(start + 30 * 3_600_000);
      monitor.scanNow();
      monitor.scanNow();
      const open = listOpenChannelAlerts(server.db, workspaceId).filter((a) => a.channel === "slack");
      expect(open).toHaveLength(1);
      expect(open[0]!.kind).toBe("quiet");
      expect(raised.filter((r) => r === "slack:quiet")).toHaveLength(1);
      expect(await channelsPage()).toContain("No slack message for");

      server.services.receive(workspaceId, {
        channel: "slack",
        channelMessageId: "slack:rhythm:back",
        threadKeys: ["C1:back"],
        contact: { slackUserId: "U-RHYTHM" },
        text: "we are back",
        sentAt: now,
      });
      monitor.scanNow();
      expect(listOpenChannelAlerts(server.db, workspaceId).filter((a) => a.channel === "slack")).toEqual([]);
    } finally {
      monitor.stop();
    }
  });
});
