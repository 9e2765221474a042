import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../db/api-tokens.server";
import { findWorkspaceBySlug } from "../../db/workspaces.server";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let headers: Record<string, string>;
beforeAll(async () => {
  server = await startTestServer();
  const workspace = findWorkspaceBySlug(server.db, "demo")!;
  headers = { authorization: `Bearer ${createApiToken(server.db, workspace.id, "csat")}`, "content-type": "application/json" };
});
afterAll(() => server.close());

const patch = (id: string, body: unknown) =>
  fetch(`${server.url}/api/v1/conversations/${id}`, { method: "PATCH", headers, body: JSON.stringify(body) });
const conversation = (id: string) =>
  fetch(`${server.url}/api/v1/conversations/${id}`, { headers }).then(
    (r) => r.json() as Promise<{ status: string; messages: { author: string; text: string }[] }>,
  );

describe("closing a conversation", () => {
  it("sends the customer a one-click CSAT survey on its own channel, once", async () => {
    expect((await patch("c-1040", { status: "closed" })).status).toBe(200);
    const closed = await conversation("c-1040");
    expect(closed.status).toBe("closed");
    const survey = closed.messages.at(-1)!;
    expect(survey.author).toBe("bot");
    const links = survey.text.match(/http:\/\/localhost:\d+\/csat\/[\w-]+\?score=[1-5]/g) ?? [];
    expect(links).toHaveLength(5);

    const deliveries = server.db.$client
      .prepare(
        "select d.channel, d.envelope from outbound_deliveries d join messages m on m.id = d.message_id join conversations c on c.id = m.conversation_id where c.public_id = 'c-1040'",
      )
      .all() as { channel: string; envelope: string }[];
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.channel).toBe("email");
    expect(JSON.parse(deliveries[0]!.envelope).to).toBe("dana@northwind.example");

    // The link records the customer's score.
    const rated = await fetch(links[0]!.replace(/score=\d/, "score=4"), {
      headers: { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126 Safari/537.36" },
    });
    expect(rated.status).toBe(200);

    // Closing again (already closed) sends nothing more.
    expect((await patch("c-1040", { status: "closed" })).status).toBe(200);
    expect((await conversation("c-1040")).messages.filter((m) => m.author === "bot")).toHaveLength(1);
  });
});
