import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findWorkspaceBySlug } from "../../db/workspaces.server";
import { addNote } from "../../server/inbox/notes.server";
import { signIn, startTestServer, type TestServer } from "../support/server";
import { connectSync, synced } from "../support/sync-client";
import { draftText } from "../../sync/reply-draft.server";

let server: TestServer;
let workspaceId: number;
let anaId: number;
beforeAll(async () => {
  server = await startTestServer();
  workspaceId = findWorkspaceBySlug(server.db, "demo")!.id;
  anaId = server.db.$client.prepare("select id from users where email = 'ana@demo.example'").pluck().get() as number;
});
afterAll(() => server.close());

const SECRET = "Internal: legal says do not admit fault, account flagged for price increase";

describe("the copilot in Tandem", () => {
  it("never puts internal notes into a summary or a customer-facing draft", async () => {
    addNote(server.services, { workspaceId, conversationId: "c-1043", authorUserId: anaId, text: SECRET });
    const summary = await server.copilot.summarize(workspaceId, "c-1043");
    const drafted = await server.copilot.draft(workspaceId, "c-1043", "Ana Lima", new Date());
    for (const text of [JSON.stringify(summary), drafted!.draft.draft]) {
      expect(text).not.toContain("legal says");
      expect(text).not.toContain("price increase");
    }
  });

  it("streams a draft into the conversation's shared draft, where every co-writer sees it, and records it with its provenance", async () => {
    const cookie = await signIn(server.url, "ben@demo.example");
    const ben = connectSync(server.port, "draft/c-1045", { cookie });
    try {
      await synced(ben.provider);
      const drafted = await server.copilot.draft(workspaceId, "c-1045", "Ana Lima", new Date());
      await expect.poll(() => draftText(ben.doc)).toBe(drafted!.draft.draft);
      const stored = server.db.$client
        .prepare("select task, provider, model, prompt_version as promptVersion from ai_outputs where id = ?")
        .get(drafted!.aiOutputId);
      expect(stored).toEqual({ task: "draft", provider: "local", model: "tandem-local-1", promptVersion: "draft-reply@v1" });
    } finally {
      ben.provider.destroy();
    }
  });

  it("keeps a draft written into a conversation's draft that nobody has opened yet", async () => {
    const drafted = await server.copilot.draft(workspaceId, "c-1041", "Ana Lima", new Date());
    const ana = connectSync(server.port, "draft/c-1041", { cookie: await signIn(server.url, "ana@demo.example") });
    try {
      await synced(ana.provider);
      expect(draftText(ana.doc)).toBe(drafted!.draft.draft);
    } finally {
      ana.provider.destroy();
    }
  });

  it("grades a draft by what the rep did with it: sent as is, edited (with the edit distance), or thrown away, once", async () => {
    const first = await server.copilot.draft(workspaceId, "c-1047", "Ana Lima", new Date());
    expect(server.copilot.review(workspaceId, anaId, first!.aiOutputId, first!.draft.draft)).toBe("accepted");
    const second = await server.copilot.draft(workspaceId, "c-1047", "Ana Lima", new Date());
    expect(server.copilot.review(workspaceId, anaId, second!.aiOutputId, `${second!.draft.draft} Thanks!`)).toBe("edited");
    const third = await server.copilot.draft(workspaceId, "c-1047", "Ana Lima", new Date());
    expect(server.copilot.review(workspaceId, anaId, third!.aiOutputId, null)).toBe("rejected");
    const reviews = server.db.$client
      .prepare("select decision, edit_distance as editDistance from ai_draft_reviews where ai_output_id in (?, ?, ?) order by id")
      .all(first!.aiOutputId, second!.aiOutputId, third!.aiOutputId);
    expect(reviews).toEqual([
      { decision: "accepted", editDistance: 0 },
      { decision: "edited", editDistance: " Thanks!".length },
      { decision: "rejected", editDistance: null },
    ]);
    // Another workspace cannot grade this workspace's drafts.
    expect(server.copilot.review(workspaceId + 1000, anaId, first!.aiOutputId, "x")).toBeUndefined();
  });
});
