import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addKnowledge, listKnowledge } from "../../db/knowledge.server";
import { createWorkspace, findWorkspaceBySlug } from "../../db/workspaces.server";
import { signIn, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let workspaceId: number;
let maya: string;
let ana: string;
beforeAll(async () => {
  server = await startTestServer();
  workspaceId = findWorkspaceBySlug(server.db, "demo")!.id;
  [maya, ana] = await Promise.all([signIn(server.url, "maya@demo.example"), signIn(server.url, "ana@demo.example")]);
});
afterAll(() => server.close());

const ADMIN_TRANSFER = "Transferring the admin role when an admin has left";
const snippetNamed = (title: string) => listKnowledge(server.db, workspaceId).find((snippet) => snippet.title === title);

function post(fields: Record<string, string>, cookie: string) {
  return fetch(`${server.url}/knowledge`, { method: "POST", body: new URLSearchParams(fields), headers: { cookie }, redirect: "manual" });
}

describe("the team's knowledge in AI drafts", () => {
  it("grounds a draft in the snippet about the customer's problem, and cites it", async () => {
    const drafted = await server.copilot.draft(workspaceId, "c-1044", "Ana Lima", new Date());
    const snippet = snippetNamed(ADMIN_TRANSFER)!;
    expect(drafted!.draft.citations).toContainEqual({ kind: "knowledge", snippetId: snippet.id, title: ADMIN_TRANSFER });
    expect(drafted!.draft.draft).toContain("written confirmation by email from an executive");
    // Nothing else the team knows is dragged in: no other snippet is cited.
    expect(drafted!.draft.citations.filter((citation) => citation.kind === "knowledge")).toHaveLength(1);
  });

  it("says what a manager's edit says from the next draft on", async () => {
    const snippet = snippetNamed(ADMIN_TRANSFER)!;
    const text = "We transfer the admin role once the customer's CEO or CFO confirms it from their company email. It takes at most four business hours.";
    const response = await post({ intent: "update", id: snippet.id, title: snippet.title, text }, maya);
    expect(response.status).toBe(200);
    const drafted = await server.copilot.draft(workspaceId, "c-1044", "Ana Lima", new Date());
    expect(drafted!.draft.draft).toContain("We transfer the admin role once the customer's CEO or CFO confirms it from their company email.");
  });

  it("lets managers add and remove snippets, and reps only read them", async () => {
    const added = await post({ intent: "add", title: "Audit log exports", text: "The audit log keeps 365 days on Enterprise; an admin exports it as CSV under Settings, Audit log." }, maya);
    expect(added.status).toBe(200);
    const audit = snippetNamed("Audit log exports")!;
    expect(audit).toBeDefined();

    const refused = await post({ intent: "remove", id: audit.id }, ana);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("Only managers and admins change the team");
    expect(snippetNamed("Audit log exports")).toBeDefined();

    const page = await fetch(`${server.url}/knowledge`, { headers: { cookie: ana } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Audit log exports");

    expect((await post({ intent: "remove", id: audit.id }, maya)).status).toBe(200);
    expect(snippetNamed("Audit log exports")).toBeUndefined();
  });

  it("refuses bad input and a second snippet of the same title with a clear error, changing nothing", async () => {
    const before = listKnowledge(server.db, workspaceId);
    const empty = await post({ intent: "add", title: "  ", text: "Something" }, maya);
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Give the snippet a title");
    const long = await post({ intent: "add", title: "Too long", text: "x".repeat(4_001) }, maya);
    expect(long.status).toBe(400);
    const twice = await post({ intent: "add", title: "Password reset links", text: "Another take." }, maya);
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain("A snippet with this title already exists.");
    expect((await post({ intent: "nonsense" }, maya)).status).toBe(400);
    expect(listKnowledge(server.db, workspaceId)).toEqual(before);
  });

  it("keeps each workspace's knowledge to itself", async () => {
    const other = createWorkspace(server.db, { slug: "knowledge-other", name: "Other Co" });
    const theirs = addKnowledge(server.db, other.id, { title: "Their secret process", text: "Only for Other Co." }, null);
    const response = await post({ intent: "update", id: theirs.id, title: "Taken over", text: "Rewritten." }, maya);
    expect(response.status).toBe(404);
    expect(listKnowledge(server.db, other.id)).toEqual([theirs]);
    const page = await fetch(`${server.url}/knowledge`, { headers: { cookie: maya } });
    expect(await page.text()).not.toContain("Their secret process");
    const signedOut = await fetch(`${server.url}/knowledge`, { redirect: "manual" });
    expect(signedOut.status).toBe(302);
  });
});
