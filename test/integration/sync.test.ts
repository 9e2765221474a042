import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { createApiToken } from "../../db/api-tokens.server";
import { countDocumentUpdates, loadDocumentUpdates } from "../../db/sync-documents.server";
import { createWorkspace, findWorkspaceBySlug } from "../../db/workspaces.server";
import { listTriage, readTriage, writeTriage } from "../../sync/inbox-doc";
import { createSyncServer } from "../../sync/sync-server.server";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { Awareness, encodeAwarenessUpdate } from "y-protocols/awareness";
import { signIn, startTestServer, type TestServer } from "../support/server";
import { connectSync, synced } from "../support/sync-client";

let server: TestServer;
let demoToken: string;
let otherToken: string;
let demoId: number;
let otherId: number;
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
  server = await startTestServer();
  demoId = findWorkspaceBySlug(server.db, "demo")!.id;
  otherId = createWorkspace(server.db, { slug: "other", name: "Other Co" }).id;
  demoToken = createApiToken(server.db, demoId, "sync test");
  otherToken = createApiToken(server.db, otherId, "other");
});
afterEach(() => {
  for (const provider of providers.splice(0)) provider.destroy();
});
afterAll(() => server.close());

function connect(documentName: string, token = demoToken, doc = new Y.Doc()) {
  const client = connectSync(server.port, documentName, { token }, doc);
  providers.push(client.provider);
  return client;
}

const stamp = (by: number) => ({ by, at: Date.now() });

/** A sync update message (messageSync, messageYjsUpdate) that writes `text` into a new client's notes. */
function edit(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText("notes").insert(0, text);
  return updateMessage(Y.encodeStateAsUpdate(doc));
}

/**
 * A raw socket on a document, so every frame the server sends is seen: the updates it relays
 * (messageSync, messageYjsUpdate), and how it closed. Resolves once the handshake is done.
 */
async function openRaw(documentName: string) {
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/sync/${documentName}?token=${demoToken}`);
  const updates: Uint8Array[] = [];
  const closed = new Promise<[number, string]>((resolve) => socket.once("close", (code, reason) => resolve([code, reason.toString()])));
  let handshakeDone = () => {};
  socket.on("message", (data: Buffer) => {
    if (data[0] === 0 && data[1] === 2) updates.push(decoding.readVarUint8Array(decoding.createDecoder(data.subarray(2))));
    // Sync step 2 (1) answers ours: it comes turns after anything the server relayed on loading the document.
    if (data[0] === 0 && data[1] === 1) handshakeDone();
  });
  await new Promise((resolve) => socket.once("open", resolve));
  await new Promise<void>((resolve) => {
    handshakeDone = resolve;
    // Sync step 1 with an empty state vector.
    socket.send(new Uint8Array([0, 0, 1, 0]));
  });
  return { socket, updates, closed };
}

/** The notes text of a document made of these updates. */
function notesIn(updates: Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc.getText("notes").toString();
}

/** A sync update message (messageSync, messageYjsUpdate) carrying this update. */
function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

describe("sync over y-websocket", () => {
  it("converges two clients' concurrent edits to the same state", async () => {
    const a = connect("draft/c-1017");
    const b = connect("draft/c-1017");
    await Promise.all([synced(a.provider), synced(b.provider)]);
    a.doc.getMap("composer").set("startedBy", 1);
    b.doc.getText("notes").insert(0, "Ben was here. ");
    a.doc.getText("notes").insert(0, "Ana was here. ");
    await expect.poll(() => b.doc.getText("notes").toString()).toHaveLength("Ana was here. Ben was here. ".length);
    await expect.poll(() => a.doc.getText("notes").toString()).toBe(b.doc.getText("notes").toString());
    expect(b.doc.getMap("composer").get("startedBy")).toBe(1);
  });

  it("merges edits made offline when the client reconnects", async () => {
    const a = connect("draft/c-1020");
    const b = connect("draft/c-1020");
    await Promise.all([synced(a.provider), synced(b.provider)]);
    a.provider.disconnect();
    a.doc.getMap("composer").set("offline", "written on the train");
    b.doc.getMap("composer").set("online", "written at the desk");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(b.doc.getMap("composer").get("offline")).toBeUndefined();
    a.provider.connect();
    await expect.poll(() => b.doc.getMap("composer").get("offline")).toBe("written on the train");
    await expect.poll(() => a.doc.getMap("composer").get("online")).toBe("written at the desk");
  });

  it("keeps every accepted update across a server restart", async () => {
    const a = connect("draft/c-1022");
    await synced(a.provider);
    a.doc.getText("reply").insert(0, "Hi Priya, the export fix is live.");
    const b = connect("draft/c-1022");
    await expect.poll(() => b.doc.getText("reply").toString()).toBe("Hi Priya, the export fix is live.");
    a.provider.destroy();
    b.provider.destroy();
    // Everyone left: the document was folded into one stored row.
    await expect.poll(() => countDocumentUpdates(server.db, demoId, "draft/c-1022")).toBe(1);
    const later = connect("draft/c-1022");
    await synced(later.provider);
    expect(later.doc.getText("reply").toString()).toBe("Hi Priya, the export fix is live.");
  });

  it("folds a busy document's stored updates in the background while it is edited, losing nothing", async () => {
    const a = connect("draft/c-1030");
    const b = connect("draft/c-1030");
    await Promise.all([synced(a.provider), synced(b.provider)]);
    // Past 2,000 stored updates a document is folded; the edits go on meanwhile, in one burst,
    // so the fold ends with the burst's rows past the limit again: it must go on by itself.
    for (let i = 0; i < 4800; i++) a.doc.getMap("composer").set(`edit-${i % 40}`, i);
    await expect.poll(() => b.doc.getMap("composer").get("edit-39"), { timeout: 5_000 }).toBe(4799);
    await expect.poll(() => countDocumentUpdates(server.db, demoId, "draft/c-1030"), { timeout: 10_000 }).toBeLessThan(2100);
    // The folded rows and those appended since hold the whole document.
    const expected = b.doc.getMap("composer").toJSON();
    const stored = new Y.Doc();
    Y.applyUpdate(stored, Y.mergeUpdates(loadDocumentUpdates(server.db, demoId, "draft/c-1030").updates));
    expect(stored.getMap("composer").toJSON()).toEqual(expected);
    // And a new client loads it from them once everyone has gone.
    a.provider.destroy();
    b.provider.destroy();
    await expect.poll(() => countDocumentUpdates(server.db, demoId, "draft/c-1030")).toBe(1);
    const later = connect("draft/c-1030");
    await synced(later.provider);
    expect(later.doc.getMap("composer").toJSON()).toEqual(expected);
  });

  it("keeps two workspaces' drafts of the same conversation number apart", async () => {
    const received = server.services.receive(otherId, {
      channel: "email",
      channelMessageId: "<first@other.example>",
      contact: { name: "Ola Nowak", email: "ola@other.example" },
      subject: "Hello",
      text: "First message in another workspace.",
      sentAt: new Date(),
    });
    if (received.status !== "stored") throw new Error(JSON.stringify(received));
    const publicId = received.conversationId;
    // Conversation numbers are per workspace: the demo has one with the same id.
    expect(server.db.$client.prepare("select count(*) from conversations where public_id = ?").pluck().get(publicId)).toBe(2);
    const ours = connect(`draft/${publicId}`);
    const theirs = connect(`draft/${publicId}`, otherToken);
    await Promise.all([synced(ours.provider), synced(theirs.provider)]);
    theirs.doc.getText("reply").insert(0, "Other Co's private reply");
    ours.doc.getText("reply").insert(0, "Demo's reply");
    await expect.poll(() => countDocumentUpdates(server.db, otherId, `draft/${publicId}`)).toBeGreaterThan(0);
    const again = connect(`draft/${publicId}`, otherToken);
    await synced(again.provider);
    expect(again.doc.getText("reply").toString()).toBe("Other Co's private reply");
    expect(ours.doc.getText("reply").toString()).toBe("Demo's reply");
  });

  it("refuses another workspace's token before sending any document data", async () => {
    const doc = new Y.Doc();
    const { provider } = connect("inbox/demo", otherToken, doc);
    const closed = await new Promise<boolean>((resolve) => {
      provider.on("connection-error", () => resolve(true));
      provider.on("connection-close", () => resolve(true));
    });
    expect(closed).toBe(true);
    expect(provider.synced).toBe(false);
    expect(doc.share.size).toBe(0);
  });

  it("closes a connection that sends a malformed update with a reason, and keeps serving the document", async () => {
    const good = connect("draft/c-1038");
    await synced(good.provider);
    let goodClosed = 0;
    good.provider.on("connection-close", () => goodClosed++);
    const raw = new WebSocket(`ws://127.0.0.1:${server.port}/sync/draft/c-1038?token=${demoToken}`);
    await new Promise((resolve) => raw.once("open", resolve));
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      raw.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    // messageSync (0), messageYjsUpdate (2), then bytes that are no Yjs update.
    raw.send(new Uint8Array([0, 2, 6, 255, 255, 255, 255, 255, 1]));
    expect(await closed).toEqual({ code: 1007, reason: "Malformed sync message" });

    good.doc.getText("reply").insert(0, "still here");
    const other = connect("draft/c-1038");
    await expect.poll(() => other.doc.getText("reply").toString()).toBe("still here");
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    // It changed nothing: the others stayed on.
    expect(goodClosed).toBe(0);
  });

  it("refuses an update that breaks off halfway through applying: nothing of it is stored or relayed, and the document starts again from storage", async () => {
    const open = () => openRaw("draft/c-1048");
    const [observer, ana] = await Promise.all([open(), open()]);
    ana.socket.send(edit("kept|"));
    await expect.poll(() => observer.updates.length).toBe(1);

    // Two items of one client: text for the notes, then one that follows an item of its own client that
    // never existed. Yjs reads both, places the first, then breaks off on the second.
    const encoder = encoding.createEncoder();
    for (const field of [1, 2, 4242, 0]) encoding.writeVarUint(encoder, field); // one client, two structs from clock 0
    encoding.writeUint8(encoder, 4); // a string, its parent named
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarString(encoder, "notes");
    encoding.writeVarString(encoder, "half|");
    encoding.writeUint8(encoder, 0x80 | 8); // plain values after a left origin
    for (const field of [4242, 99, 1]) encoding.writeVarUint(encoder, field); // the origin, then one value
    encoding.writeAny(encoder, "broken");
    encoding.writeVarUint(encoder, 0); // no deletions
    ana.socket.send(updateMessage(encoding.toUint8Array(encoder)));

    expect(await ana.closed).toEqual([1007, "Malformed sync message"]);
    // Memory may hold half of it: the others are sent back to storage, which never saw it.
    expect(await observer.closed).toEqual([1011, "Reloading the document"]);
    expect(observer.updates).toHaveLength(1);
    expect(notesIn(loadDocumentUpdates(server.db, demoId, "draft/c-1048").updates)).toBe("kept|");
    const again = connect("draft/c-1048");
    await expect.poll(() => again.doc.getText("notes").toString()).toBe("kept|");
  });

  it("stores and relays only updates that apply whole: corrupted copies of real edits leave storage loadable and every client on it", async () => {
    const documentName = "draft/c-1034";
    const [observer, ana] = [connect(documentName), connect(documentName)];
    await synced(observer.provider);
    let reloads = 0;
    observer.provider.on("connection-close", (event: { code: number } | null) => event?.code === 1011 && reloads++);
    const writer = new Y.Doc();
    const written: Uint8Array[] = [];
    writer.on("update", (update: Uint8Array) => written.push(update));
    // A fixed seed (mulberry32): the same corruptions on every run.
    let seed = 20261127;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    let refused = 0;
    for (let round = 0; round < 40; round++) {
      const notes = writer.getText("notes");
      notes.insert(Math.floor(random() * (notes.length + 1)), `edit ${round}|`);
      if (round % 2 === 0) notes.delete(Math.floor(random() * (notes.length - 3)), 3);
      const update = Y.mergeUpdates(written.splice(0));
      // Cut short in its deletions (the end), or a byte changed anywhere, or both.
      const kind = round % 3;
      const corrupted = kind === 1 ? update.slice() : update.slice(0, update.length - 1 - Math.floor(random() * 4));
      if (kind > 0) corrupted[Math.floor(random() * corrupted.length)] = Math.floor(random() * 256);
      const mallory = await openRaw(documentName);
      mallory.socket.send(updateMessage(corrupted));
      // Asking for presence after it: the answer comes once the server has dealt with the update.
      const answered = new Promise((resolve) => mallory.socket.once("message", resolve));
      mallory.socket.send(new Uint8Array([3]));
      const outcome = await Promise.race([mallory.closed, answered.then(() => null)]);
      if (outcome) refused++;
      else mallory.socket.close();
      // The real edit, through a client that comes back after a reload; the next round starts once the observer has it.
      Y.applyUpdate(ana.doc, update);
      await expect.poll(() => Y.getState(observer.doc.store, writer.clientID)).toBe(Y.getState(writer.store, writer.clientID));
    }
    // Most were refused; some after they had changed the document, which then started again from storage.
    expect(refused).toBeGreaterThan(20);
    expect(reloads).toBeGreaterThan(0);

    // What storage holds loads, and every client that loads it comes to hold just that.
    const stored = () => notesIn(loadDocumentUpdates(server.db, demoId, documentName).updates);
    const again = connect(documentName);
    await expect.poll(() => new Set([stored(), again.doc.getText("notes").toString(), observer.doc.getText("notes").toString()]).size).toBe(1);
    expect(stored()).toContain("edit");
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  }, 60_000);

  it("closes a connection whose presence speaks for another user", async () => {
    const cookie = await signIn(server.url, "ana@demo.example");
    const benId = server.db.$client.prepare("select id from users where email = 'ben@demo.example'").pluck().get() as number;
    const anaId = server.db.$client.prepare("select id from users where email = 'ana@demo.example'").pluck().get() as number;
    const presence = (userId: number) => {
      const awareness = new Awareness(new Y.Doc());
      awareness.setLocalState({ user: { id: userId, name: "Someone" }, viewing: "c-1017", composing: null });
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 1); // messageAwareness
      encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, [awareness.clientID]));
      return encoding.toUint8Array(encoder);
    };
    const open = async () => {
      const raw = new WebSocket(`ws://127.0.0.1:${server.port}/sync/draft/c-1017`, { headers: { cookie } });
      await new Promise((resolve) => raw.once("open", resolve));
      return raw;
    };

    const honest = await open();
    const honestClosed = new Promise<number>((resolve) => honest.once("close", (code) => resolve(code)));
    honest.send(presence(anaId));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(honest.readyState).toBe(WebSocket.OPEN);
    honest.close();
    await honestClosed;

    const spoofer = await open();
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      spoofer.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    spoofer.send(presence(benId));
    expect(await closed).toEqual({ code: 1007, reason: "Presence for another user" });
  });

  it("keeps a rep's presence when their old connection times out after they reconnected", async () => {
    const cookie = await signIn(server.url, "ana@demo.example");
    const anaId = server.db.$client.prepare("select id from users where email = 'ana@demo.example'").pluck().get() as number;
    const observer = connect("draft/c-1019");
    await synced(observer.provider);
    // One browser tab: one awareness id, first on a connection that drops silently, then on its reconnection.
    const tab = new Awareness(new Y.Doc());
    const say = (viewing: string) => {
      tab.setLocalState({ user: { id: anaId, name: "Ana Lima" }, viewing });
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 1); // messageAwareness
      encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(tab, [tab.clientID]));
      return encoding.toUint8Array(encoder);
    };
    const open = async () => {
      const raw = new WebSocket(`ws://127.0.0.1:${server.port}/sync/draft/c-1019`, { headers: { cookie } });
      await new Promise((resolve) => raw.once("open", resolve));
      return raw;
    };
    const before = await open();
    before.send(say("c-1019"));
    await expect.poll(() => (observer.provider.awareness.getStates().get(tab.clientID) as { viewing?: string } | undefined)?.viewing).toBe("c-1019");
    const after = await open();
    after.send(say("c-1019 again"));
    await expect.poll(() => (observer.provider.awareness.getStates().get(tab.clientID) as { viewing?: string } | undefined)?.viewing).toBe("c-1019 again");
    before.terminate();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(observer.provider.awareness.getStates().has(tab.clientID)).toBe(true);
    after.close();
    await expect.poll(() => observer.provider.awareness.getStates().has(tab.clientID)).toBe(false);
  });

  it("closes a connection that sends an oversized message", async () => {
    const raw = new WebSocket(`ws://127.0.0.1:${server.port}/sync/draft/c-1040?token=${demoToken}`);
    await new Promise((resolve) => raw.once("open", resolve));
    const closed = new Promise<number>((resolve) => raw.once("close", (code) => resolve(code)));
    raw.send(new Uint8Array(2 * 1024 * 1024));
    expect(await closed).toBe(1009);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it("relays an edit at once, the rest of a busy turn's edits as one message, and never a sender's own edit back", async () => {
    // The server runs in this process, so what the sockets send in one tick is read by it in one turn of its event loop.
    const open = () => openRaw("draft/c-1042");
    const [observer, ana, ben] = await Promise.all([open(), open(), open()]);
    for (const { updates } of [observer, ana, ben]) updates.length = 0;
    const notesOf = (updates: Uint8Array[]) => notesIn(updates).split("|").filter(Boolean).sort();

    // The turn's first edit goes out as soon as it is stored; the two after it wait for the turn's end, merged.
    ana.socket.send(edit("ana 1|"));
    ana.socket.send(edit("ana 2|"));
    ben.socket.send(edit("ben 1|"));
    await expect.poll(() => notesOf(observer.updates)).toEqual(["ana 1", "ana 2", "ben 1"]);
    expect(observer.updates.map((update) => notesOf([update]).length)).toEqual([1, 2]);
    // Each sender gets the others' edits, not its own back.
    await expect.poll(() => notesOf(ben.updates)).toEqual(["ana 1", "ana 2"]);
    await expect.poll(() => notesOf(ana.updates)).toEqual(["ben 1"]);
    expect(ana.updates).toHaveLength(1);

    // A later edit goes out alone, and so does the next: one message each.
    const benHad = ben.updates.length;
    ben.socket.send(edit("ben 2|"));
    await expect.poll(() => observer.updates.length).toBe(3);
    ana.socket.send(edit("ana 3|"));
    await expect.poll(() => observer.updates.length).toBe(4);
    await expect.poll(() => notesOf(ana.updates)).toEqual(["ben 1", "ben 2"]);
    await expect.poll(() => notesOf(ben.updates)).toEqual(["ana 1", "ana 2", "ana 3"]);
    expect([ana.updates.length, ben.updates.length - benHad]).toEqual([2, 1]);

    // Past a few senders, merging anew for each costs more than it spares: all get the one merge
    // of the turn's edits after its first, which went out alone.
    const crowd = await Promise.all(Array.from({ length: 6 }, open));
    for (const { updates } of [observer, ...crowd]) updates.length = 0;
    crowd.forEach(({ socket }, index) => socket.send(edit(`rep ${index}|`)));
    const all = crowd.map((_, index) => `rep ${index}`);
    await expect.poll(() => notesOf(observer.updates)).toEqual(all);
    expect(observer.updates.map((update) => notesOf([update]).length)).toEqual([1, 5]);
    // The merge goes back to its senders too (applying one's own edit again changes nothing).
    for (const [index, { updates }] of crowd.entries()) {
      const others = all.filter((_, other) => other !== index);
      await expect.poll(() => notesOf(updates).filter((note) => others.includes(note))).toEqual(others);
    }
    expect(crowd.map(({ updates }) => updates.length).sort()).toEqual([1, 2, 2, 2, 2, 2]);
    for (const { socket } of [observer, ana, ben, ...crowd]) socket.close();
  });

  it("relays nothing it could not store: the document starts again from storage", async () => {
    const open = () => openRaw("draft/c-1044");
    const storedNotes = () => notesIn(loadDocumentUpdates(server.db, demoId, "draft/c-1044").updates);
    const [observer, ana] = await Promise.all([open(), open()]);
    // The disk refuses: the turn's first edit (stored at once) and the two after it (stored together at its end).
    server.db.$client.exec("create temp trigger refuse_sync_updates before insert on sync_updates begin select raise(abort, 'disk full'); end");
    try {
      ana.socket.send(edit("lost 1|"));
      ana.socket.send(edit("lost 2|"));
      ana.socket.send(edit("lost 3|"));
      expect(await observer.closed).toEqual([1011, "Could not store the change"]);
      expect(await ana.closed).toEqual([1011, "Could not store the change"]);
    } finally {
      server.db.$client.exec("drop trigger refuse_sync_updates");
    }
    expect(observer.updates).toHaveLength(0);
    expect(storedNotes()).not.toContain("lost");
    // Clients reconnect to what storage holds, and what is stored goes out again.
    const [again, ben] = await Promise.all([open(), open()]);
    ben.socket.send(edit("kept|"));
    await expect.poll(() => again.updates.length).toBe(1);
    expect(storedNotes()).toBe("kept|");
    for (const { socket } of [again, ben]) socket.close();
  });

  it("relays and stores an update that waited on an earlier one once that arrives, and nothing for one it already has", async () => {
    const open = () => openRaw("draft/c-1046");
    const [observer, ana, ben] = await Promise.all([open(), open(), open()]);
    const rows = () => countDocumentUpdates(server.db, demoId, "draft/c-1046");
    const before = rows();
    const writer = new Y.Doc();
    const written: Uint8Array[] = [];
    writer.on("update", (update: Uint8Array) => written.push(update));
    writer.getText("notes").insert(0, "first ");
    writer.getText("notes").insert(6, "second");
    const [first, second] = written as [Uint8Array, Uint8Array];

    // The second edit builds on the first, which comes after it: it waits, and goes out with the first.
    ana.socket.send(updateMessage(second));
    ana.socket.send(updateMessage(first));
    await expect.poll(() => notesIn(observer.updates)).toBe("first second");
    expect(notesIn(ben.updates)).toBe("first second");
    expect(notesIn(loadDocumentUpdates(server.db, demoId, "draft/c-1046").updates)).toBe("first second");

    // An update the document already holds changes nothing: it is neither stored nor relayed.
    const [relayed, stored] = [observer.updates.length, rows()];
    expect(stored).toBeGreaterThan(before);
    ana.socket.send(updateMessage(first));
    ben.socket.send(edit("after|"));
    await expect.poll(() => notesIn(observer.updates)).toContain("after|");
    expect([observer.updates.length, rows()]).toEqual([relayed + 1, stored + 1]);
    for (const { socket } of [observer, ana, ben]) socket.close();
  });
});

describe("changes made on the server", () => {
  it("stores every change to a document nobody has open, however many come in one turn", () => {
    // A second sync server on the same database: its documents are its own, and nobody connects to them.
    const sync = createSyncServer({ db: server.db, log: () => {} });
    sync.change(demoId, "draft/c-1036", (shared) => {
      shared.doc.getText("notes").insert(0, "first|");
      shared.doc.getText("notes").insert(6, "second|");
    });
    expect(sync.loaded(demoId, "draft/c-1036")).toBeUndefined();
    expect(notesIn(loadDocumentUpdates(server.db, demoId, "draft/c-1036").updates)).toBe("first|second|");
  });
});

describe("the inbox document", () => {
  const sqlTriage = (publicId: string) =>
    server.db.$client
      .prepare(
        `select c.priority, c.assignee_id as assigneeId, c.status, (select group_concat(tag) from conversation_tags t where t.conversation_id = c.id) as tags
         from conversations c join workspaces w on w.id = c.workspace_id where w.slug = 'demo' and c.public_id = ?`,
      )
      .get(publicId) as { priority: string; assigneeId: number | null; status: string; tags: string | null };

  it("holds the open and snoozed conversations, and no closed ones", async () => {
    const { doc, provider } = connect("inbox/demo");
    await synced(provider);
    const live = listTriage(doc);
    expect(live.size).toBe(34);
    expect(live.get("c-1017")).toMatchObject({ status: "open", updatedBy: null });
    expect(live.has("c-1001")).toBe(false);
  });

  it("carries a rep's triage edit to the other clients and into the database, tags merged per tag", async () => {
    const a = connect("inbox/demo");
    const b = connect("inbox/demo");
    await Promise.all([synced(a.provider), synced(b.provider)]);
    writeTriage(a.doc, "c-1022", { priority: "urgent" }, stamp(1));
    await expect.poll(() => readTriage(b.doc, "c-1022")?.priority).toBe("urgent");
    await expect.poll(() => sqlTriage("c-1022").priority).toBe("urgent");

    writeTriage(a.doc, "c-1022", { tags: ["billing"] }, stamp(1));
    writeTriage(b.doc, "c-1022", { tags: ["churn-risk"] }, stamp(2));
    await expect.poll(() => readTriage(a.doc, "c-1022")?.tags).toEqual(["billing", "churn-risk"]);
    await expect.poll(() => readTriage(b.doc, "c-1022")?.tags).toEqual(["billing", "churn-risk"]);
    await expect.poll(() => sqlTriage("c-1022").tags?.split(",").sort()).toEqual(["billing", "churn-risk"]);
  });

  it("writes every conversation to the database as it last stands while two reps keep editing, and after they stop", async () => {
    const a = connect("inbox/demo");
    const b = connect("inbox/demo");
    await Promise.all([synced(a.provider), synced(b.provider)]);
    const edited = ["c-1023", "c-1024", "c-1025", "c-1026", "c-1027", "c-1028"];
    const priorities = ["low", "normal", "high", "urgent"] as const;
    // Two reps, an edit every 10 ms for over three windows, across conversations and back to the same ones.
    for (let i = 0; i < 200; i++) {
      const [doc, rep] = i % 2 ? [a.doc, 1] : [b.doc, 2];
      writeTriage(doc, edited[(i * 5) % edited.length]!, { priority: priorities[(i * 7) % 4] }, stamp(rep));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await expect.poll(() => edited.map((id) => readTriage(b.doc, id)?.priority)).toEqual(edited.map((id) => readTriage(a.doc, id)?.priority));
    const live = edited.map((id) => readTriage(a.doc, id)?.priority);
    await expect.poll(() => edited.map((id) => sqlTriage(id).priority)).toEqual(live);
  });

  it("shows a change made through the API live, and lets a closed conversation leave", async () => {
    const { doc, provider } = connect("inbox/demo");
    await synced(provider);
    const patch = (body: unknown) =>
      fetch(`${server.url}/api/v1/conversations/c-1041`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${demoToken}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await patch({ priority: "high" })).status).toBe(200);
    await expect.poll(() => readTriage(doc, "c-1041")?.priority).toBe("high");
    expect((await patch({ status: "closed" })).status).toBe(200);
    await expect.poll(() => readTriage(doc, "c-1041")).toBeNull();
  });

  it("puts back an assignment the database refuses (a user of another workspace)", async () => {
    const { doc, provider } = connect("inbox/demo");
    await synced(provider);
    const before = sqlTriage("c-1030").assigneeId;
    writeTriage(doc, "c-1030", { assigneeId: 999_999 }, stamp(1));
    await expect.poll(() => readTriage(doc, "c-1030")?.assigneeId).toBe(before);
    expect(sqlTriage("c-1030").assigneeId).toBe(before);
  });
});
