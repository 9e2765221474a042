import type { ChildProcess } from "node:child_process";
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { spawnTandem, type TandemProcess } from "../support/spawn-tandem";

const dir = mkdtempSync(join(tmpdir(), "tandem-crash-"));
const children: ChildProcess[] = [];
const providers: WebsocketProvider[] = [];
afterAll(() => {
  for (const provider of providers) provider.destroy();
  for (const child of children) child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

/** Starts Tandem in its own process on the test's database file. */
async function startTandemProcess(): Promise<TandemProcess> {
  const started = await spawnTandem(join(dir, "tandem.db"));
  children.push(started.child);
  return started;
}

/** Kills the server as a crash would, and lets its clients go. */
async function crash(server: TandemProcess, ...clients: { provider: WebsocketProvider }[]): Promise<void> {
  server.child.kill("SIGKILL");
  await server.exited;
  for (const client of clients) client.provider.destroy();
}

/** A client of a draft; `doc` is the client's own copy, which outlives its connections. */
function connect(port: number, token: string, documentName = "draft/c-1017", doc = new Y.Doc()) {
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/sync`, documentName, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token },
    disableBc: true,
    maxBackoffTime: 200,
  });
  providers.push(provider);
  const synced = new Promise<void>((resolve) => provider.once("sync", () => resolve()));
  return { doc, provider, synced };
}

describe("sync durability", () => {
  it("keeps every update another client saw when the server is killed mid-burst", async () => {
    const first = await startTandemProcess();
    const writer = connect(first.port, first.token);
    const observer = connect(first.port, first.token);
    await Promise.all([writer.synced, observer.synced]);

    // What reached the observer went through the server, which stores before it relays.
    const seen = new Set<string>();
    observer.doc.getMap("edits").observe((event) => {
      for (const key of event.keysChanged) seen.add(key);
    });
    const burst = (async () => {
      for (let i = 0; i < 2_000 && first.child.exitCode === null; i++) {
        writer.doc.getMap("edits").set(`edit-${i}`, i);
        if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      }
    })();
    await expect.poll(() => seen.size, { timeout: 10_000 }).toBeGreaterThan(100);
    await crash(first, writer, observer);
    await burst;
    expect(seen.size).toBeGreaterThan(100);

    const second = await startTandemProcess();
    const reader = connect(second.port, second.token);
    await reader.synced;
    const stored = reader.doc.getMap("edits");
    const missing = [...seen].filter((key) => !stored.has(key));
    expect(missing).toEqual([]);
    second.child.kill("SIGTERM");
  }, 60_000);

  it("gets back from its clients what a power cut took before the WAL reached the disk", async () => {
    const name = "draft/c-1018";
    const first = await startTandemProcess();
    const writer = connect(first.port, first.token, name);
    await writer.synced;
    for (let i = 0; i < 20; i++) writer.doc.getMap("edits").set(`edit-${i}`, i);
    const observer = connect(first.port, first.token, name);
    await observer.synced;
    await expect.poll(() => observer.doc.getMap("edits").size).toBe(20);
    await crash(first, writer, observer);

    // The power cut: every commit of the document since the last checkpoint is gone from the disk.
    const file = new Database(join(dir, "tandem.db"));
    expect(file.prepare("delete from sync_updates where document_name = ?").run(name).changes).toBeGreaterThan(0);
    file.close();

    const second = await startTandemProcess();
    const reader = connect(second.port, second.token, name);
    await reader.synced;
    expect(reader.doc.getMap("edits").size).toBe(0);
    // The writer comes back with its copy; the server asks it for what it lacks, stores it and relays it.
    const returning = connect(second.port, second.token, name, writer.doc);
    await returning.synced;
    await expect.poll(() => reader.doc.getMap("edits").size).toBe(20);
    await crash(second, returning, reader);

    const third = await startTandemProcess();
    const later = connect(third.port, third.token, name);
    await later.synced;
    expect(later.doc.getMap("edits").toJSON()).toEqual(writer.doc.getMap("edits").toJSON());
    third.child.kill("SIGTERM");
  }, 60_000);
});
