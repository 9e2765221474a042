import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countInboxViews, listInboxView, parseInboxQuery } from "../../db/inbox-views.server";
import { findWorkspaceBySlug } from "../../db/workspaces.server";
import { signIn, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let workspaceId: number;
let cookie: string;
let viewer: { workspaceId: number; userId: number; teamId: number | null };

beforeAll(async () => {
  server = await startTestServer();
  workspaceId = findWorkspaceBySlug(server.db, "demo")!.id;
  cookie = await signIn(server.url, "ana@demo.example");
  const ana = server.db.$client.prepare("select id, team_id as teamId from users where email = ?").get("ana@demo.example") as {
    id: number;
    teamId: number;
  };
  viewer = { workspaceId, userId: ana.id, teamId: ana.teamId };
});
afterAll(() => server.close());

const search = (q: string, view = "open") => listInboxView(server.db, viewer, parseInboxQuery(new URLSearchParams({ view, q })));

describe("message search", () => {
  it('finds "AccessDenied" in Northwind\'s Slack conversation c-1017, with the match highlighted', () => {
    const rows = search("AccessDenied");
    expect(rows.map((row) => row.publicId)).toEqual(["c-1017"]);
    expect(rows[0]!.accountName).toBe("Northwind Logistics");
    expect(rows[0]!.channel).toBe("slack");
    expect(rows[0]!.snippet?.filter((part) => part.match).map((part) => part.text)).toEqual(["AccessDenied"]);
  });

  it("matches word forms and prefixes (porter stemming, last word as a prefix)", () => {
    expect(search("exports").map((row) => row.publicId)).toContain("c-1017");
    expect(search("AccessDen").map((row) => row.publicId)).toEqual(["c-1017"]);
    expect(search("accessdenied s3").map((row) => row.publicId)).toEqual(["c-1017"]);
  });

  it("counts every view under the search", () => {
    const counts = countInboxViews(server.db, viewer, parseInboxQuery(new URLSearchParams({ q: "AccessDenied" })));
    expect(counts).toMatchObject({ open: 1, unassigned: 1, closed: 0, snoozed: 0 });
  });

  it.each(['"', "NEAR(", "*", 'AccessDenied"', "NEAR(a b", "a AND", "OR", "text:AccessDenied", "^", "(", "-", "'; drop table messages; --"])(
    "is safe against FTS syntax: %j",
    (input) => {
      expect(() => search(input)).not.toThrow();
      expect(() => countInboxViews(server.db, viewer, parseInboxQuery(new URLSearchParams({ q: input })))).not.toThrow();
    },
  );

  it("treats operators as words, not syntax", () => {
    // Without quoting, "AccessDenied OR refund" would match either; quoted, all three words are required.
    expect(search("AccessDenied OR refund")).toEqual([]);
    expect(search('"AccessDenied"').map((row) => row.publicId)).toEqual(["c-1017"]);
    // "s3:PutObject" is one phrase (s3, putobject), not a column filter.
    expect(search("s3:PutObject").map((row) => row.publicId)).toEqual(["c-1017"]);
    expect(search("text:AccessDenied")).toEqual([]);
  });

  it("finds a conversation whose words sit in different messages, and shows the message holding most of them", () => {
    const send = (channelMessageId: string, text: string) =>
      server.services.receive(workspaceId, {
        channel: "chat",
        channelMessageId,
        threadKeys: ["chat:search-thread"],
        contact: { name: "Rosa Quill", email: "rosa@quillworks.example" },
        text,
      });
    const first = send("search-1", "Our zephyrine webhook stopped firing yesterday.");
    send("search-2", "Also the zephyrine signature check rejects every zephyrine retry.");
    expect(first.status).toBe("stored");
    const conversationId = (first as { conversationId: string }).conversationId;

    const rows = search("webhook signature");
    expect(rows.map((row) => row.publicId)).toEqual([conversationId]);
    expect(rows[0]!.snippet?.filter((part) => part.match).map((part) => part.text)).toEqual(["signature"]);
    expect(search("zephyrine retry")[0]!.snippet?.map((part) => part.text).join("")).toBe(
      "Also the zephyrine signature check rejects every zephyrine retry.",
    );
  });

  it("follows a message moved to another conversation (a merge) and one deleted", () => {
    const moved = server.services.receive(workspaceId, {
      channel: "chat",
      channelMessageId: "search-move",
      threadKeys: ["chat:search-move-thread"],
      contact: { name: "Rosa Quill", email: "rosa@quillworks.example" },
      text: "The quasarflux importer hangs at 99 percent.",
    }) as { conversationId: string; messageId: number };
    const target = server.db.$client.prepare("select id from conversations where public_id = 'c-1017'").pluck().get() as number;
    expect(search("quasarflux").map((row) => row.publicId)).toEqual([moved.conversationId]);

    server.db.$client.prepare("update messages set conversation_id = ? where id = ?").run(target, moved.messageId);
    expect(search("quasarflux").map((row) => row.publicId)).toEqual(["c-1017"]);
    expect(search("AccessDenied").map((row) => row.publicId)).toEqual(["c-1017"]);

    server.db.$client.prepare("delete from messages where id = ?").run(moved.messageId);
    expect(search("quasarflux")).toEqual([]);
    expect(search("AccessDenied").map((row) => row.publicId)).toEqual(["c-1017"]);
  });

  it("stays inside the signed-in workspace", () => {
    expect(listInboxView(server.db, { ...viewer, workspaceId: workspaceId + 1 }, parseInboxQuery(new URLSearchParams({ q: "AccessDenied" })))).toEqual([]);
  });

  it("the page answers searches, hostile ones included, and highlights matches", async () => {
    const page = await fetch(`${server.url}/inbox?q=AccessDenied`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('href="/inbox/c-1017?q=AccessDenied"');
    expect(html).toContain("<mark>AccessDenied</mark>");
    for (const q of ['"', "NEAR(", "*", "<script>alert(1)</script>"]) {
      const response = await fetch(`${server.url}/inbox?${new URLSearchParams({ q })}`, { headers: { cookie } });
      expect(response.status, q).toBe(200);
      expect(await response.text()).not.toContain("<script>alert(1)</script>");
    }
  });
});
