import { $createTextNode, $getRoot, type ParagraphNode } from "lexical";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { createApiToken } from "../../db/api-tokens.server";
import { findWorkspaceBySlug } from "../../db/workspaces.server";
import { handleReplyForm } from "../../server/inbox/reply-form.server";
import { claimReply, readClaim } from "../../sync/inbox-doc";
import { draftText, editDraft, isUnstarted } from "../../sync/reply-draft.server";
import { signIn, startTestServer, type TestServer } from "../support/server";
import { connectSync, synced, type SyncCredentials } from "../support/sync-client";

let server: TestServer;
let token: string;
type Rep = { id: number; name: string; workspaceId: number; cookie: string };
let ana: Rep;
let ben: Rep;
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
  server = await startTestServer();
  const workspaceId = findWorkspaceBySlug(server.db, "demo")!.id;
  token = createApiToken(server.db, workspaceId, "reply drafts test");
  const rep = async (email: string) => ({
    ...(server.db.$client.prepare("select id, name from users where email = ?").get(email) as { id: number; name: string }),
    workspaceId,
    cookie: await signIn(server.url, email),
  });
  ana = await rep("ana@demo.example");
  ben = await rep("ben@demo.example");
});
afterEach(() => {
  for (const provider of providers.splice(0)) provider.destroy();
});
afterAll(() => server.close());

async function open(documentName: string, credentials: SyncCredentials = { token }) {
  const client = connectSync(server.port, documentName, credentials);
  providers.push(client.provider);
  await synced(client.provider);
  return client;
}

/** Types at the end of the draft, as a rep's editor does. */
const type = (doc: Y.Doc, text: string) =>
  editDraft(doc, () => ($getRoot().getLastChildOrThrow() as ParagraphNode).append($createTextNode(text)));

const lastMessageId = (publicId: string) =>
  String(
    server.db.$client
      .prepare("select max(m.id) from messages m join conversations c on c.id = m.conversation_id where c.public_id = ?")
      .pluck()
      .get(publicId),
  );

describe("the shared reply draft", () => {
  it("is ready to type into the first time anyone opens it", async () => {
    const { doc } = await open("draft/c-1024");
    expect(isUnstarted(doc)).toBe(false);
    expect(draftText(doc)).toBe("");
  });

  it("is co-written by two reps and emptied for both once one of them sends it", async () => {
    const a = await open("draft/c-1026", { cookie: ana.cookie });
    const b = await open("draft/c-1026", { cookie: ben.cookie });
    type(a.doc, "Hi Marta, ");
    await expect.poll(() => draftText(b.doc)).toBe("Hi Marta, ");
    type(b.doc, "the sync fix ships tonight.");
    await expect.poll(() => draftText(a.doc)).toBe("Hi Marta, the sync fix ships tonight.");

    const sent = handleReplyForm(server.services, ana, "c-1026", {
      intent: "reply",
      text: draftText(a.doc),
      lastMessageId: lastMessageId("c-1026"),
      fromSharedDraft: "true",
    });
    expect(sent.ok).toBe(true);
    await expect.poll(() => draftText(b.doc)).toBe("");
    expect(draftText(a.doc)).toBe("");
  });

  it("is emptied on disk too when nobody has it open as it is sent", async () => {
    const publicId = server.db.$client
      .prepare("select public_id from conversations where channel = 'email' and status = 'open' and public_id > 'c-1026' order by public_id")
      .pluck()
      .get() as string;
    const a = await open(`draft/${publicId}`, { cookie: ana.cookie });
    type(a.doc, "Sent from a tab that then closed.");
    await expect.poll(async () => draftText((await open(`draft/${publicId}`)).doc)).toBe("Sent from a tab that then closed.");
    for (const provider of providers.splice(0)) provider.destroy();
    const sent = handleReplyForm(server.services, ana, publicId, {
      intent: "reply",
      text: "Sent from a tab that then closed.",
      lastMessageId: lastMessageId(publicId),
      fromSharedDraft: "true",
    });
    expect(sent).toMatchObject({ ok: true });
    expect(draftText((await open(`draft/${publicId}`)).doc)).toBe("");
  });
});

describe("the reply lock", () => {
  it("shows every rep who holds the reply, and releases it when the holder's last connection goes", async () => {
    const anaInbox = await open("inbox/demo", { cookie: ana.cookie });
    const benInbox = await open("inbox/demo", { cookie: ben.cookie });
    claimReply(anaInbox.doc, "c-1030", ana, Date.now());
    await expect.poll(() => readClaim(benInbox.doc, "c-1030", Date.now())?.name).toBe(ana.name);
    // Ben's composer would not take a live claim from Ana.
    expect(claimReply(benInbox.doc, "c-1030", ben, Date.now()).userId).toBe(ana.id);
    anaInbox.provider.destroy();
    await expect.poll(() => readClaim(benInbox.doc, "c-1030", Date.now())).toBeNull();
  });

  it("puts back a claim written for someone else, and someone else's claim removed", async () => {
    const anaInbox = await open("inbox/demo", { cookie: ana.cookie });
    const benInbox = await open("inbox/demo", { cookie: ben.cookie });
    // Ben's client writes a claim in Ana's name: the server takes it back.
    benInbox.doc.getMap("claims").set("c-1032", { userId: ana.id, name: ana.name, at: Date.now() });
    await new Promise((resolve) => setTimeout(resolve, 150));
    await expect.poll(() => readClaim(anaInbox.doc, "c-1032", Date.now())).toBeNull();
    expect(readClaim(benInbox.doc, "c-1032", Date.now())).toBeNull();

    claimReply(anaInbox.doc, "c-1032", ana, Date.now());
    await expect.poll(() => readClaim(benInbox.doc, "c-1032", Date.now())?.userId).toBe(ana.id);
    benInbox.doc.getMap("claims").delete("c-1032");
    await new Promise((resolve) => setTimeout(resolve, 150));
    await expect.poll(() => readClaim(benInbox.doc, "c-1032", Date.now())?.userId).toBe(ana.id);
    expect(readClaim(anaInbox.doc, "c-1032", Date.now())?.userId).toBe(ana.id);
  });
});
