/**
 * The sync benchmark's load generator: N simulated reps on one server, in a
 * process of its own (the server has another). Every rep has its own Y.Doc and
 * its own connection; only how a connection is made differs between servers
 * (the adapters below), the reps, their edits and the measuring do not.
 *
 * A rep changes the priority of a random conversation every 200 ms (starting
 * at a random phase) and observes the `conversations` map: when an entry's
 * stamp changes to one written by another rep, the change is in its view, and
 * `Date.now() - updatedAt` is one latency sample (one process, one clock).
 *
 * Deliveries are counted on Yjs state vectors, not on views: when two reps
 * change the same conversation at once, the losing write never shows (last
 * writer wins per field), yet it was delivered. An edit made in the window has
 * reached a rep once that rep's state for the editor's client covers it.
 *
 * Argument: the LoadPlan as JSON (sync-shared.ts). Prints one LoadResult line.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { PRIORITIES } from "../../db/interchange";
import { inboxDocName, listTriage, readTriage, writeTriage } from "../../sync/inbox-doc";
import { EDIT_INTERVAL_MS, exitWithParent, printLine, type LatencyStats, type LoadPlan, type LoadResult, type SeedConversation } from "./sync-shared";

/** How long the first connection may take to sync before the server counts as unavailable. */
const PROBE_TIMEOUT_MS = 10_000;
const CONNECT_TIMEOUT_MS = 30_000;
/** After the window, how long its edits may still take to reach every rep. */
const DRAIN_TIMEOUT_MS = 10_000;
const DOC_NAME = inboxDocName("demo");

/* ───────────── one adapter per server: how a connection is made ───────────── */

interface Connection {
  destroy(): void;
}
interface ConnectionEvents {
  synced(): void;
  /** The connection failed or closed (the client retries by itself); why, when the client knows. */
  lost(reason: string): void;
}
type Connect = (doc: Y.Doc, events: ConnectionEvents) => Connection;

/** y-websocket's own client: for Tandem (`/sync/DOCNAME?token=`) and the reference server (`/DOCNAME`). */
function yWebsocketClient(serverUrl: string, params: Record<string, string>): Connect {
  return (doc, events) => {
    const provider = new WebsocketProvider(serverUrl, DOC_NAME, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params,
      // Every rep lives in this process: lib0's in-process broadcast channel would sync them past the server.
      disableBc: true,
    });
    let lastError = "";
    // ws reports a refused upgrade as "Unexpected server response: 503", then closes.
    provider.on("connection-error", (event) => void (lastError = (event as Event & { message?: string }).message ?? "connection error"));
    provider.on("connection-close", (event) => {
      events.lost(lastError || `closed (${event?.code ?? "by the client"})`);
      lastError = "";
    });
    provider.on("sync", (synced) => synced && events.synced());
    return { destroy: () => provider.destroy() };
  };
}

/** Hocuspocus speaks its own protocol (document names and authentication in every message): its own provider. */
function hocuspocusClient(url: string): Connect {
  return (doc, events) => {
    // A socket per rep, as with the other clients: Hocuspocus could multiplex documents over one.
    const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
    const provider = new HocuspocusProvider({ websocketProvider: socket, name: DOC_NAME, document: doc });
    provider.on("synced", ({ state }: { state: boolean }) => state && events.synced());
    provider.on("close", ({ event }: { event: { code: number } }) => events.lost(`closed (${event.code})`));
    provider.on("authenticationFailed", ({ reason }: { reason: string }) => events.lost(reason));
    provider.attach();
    return {
      destroy: () => {
        provider.destroy();
        socket.destroy();
      },
    };
  };
}

function clientFor(plan: LoadPlan): Connect {
  const host = `ws://127.0.0.1:${plan.port}`;
  switch (plan.server) {
    case "tandem":
      return yWebsocketClient(`${host}/sync`, { token: plan.token ?? "" });
    case "hocuspocus":
      return hocuspocusClient(host);
    case "y-websocket":
      return yWebsocketClient(host, {});
  }
}

/* ───────────── the reps ───────────── */

interface Client {
  doc: Y.Doc;
  conversationIds: string[];
  /** Closes the connection; losing it after this is no disconnect. */
  close(): void;
}
interface Rep extends Client {
  userId: number;
  /** The rep's own clock after each edit it made in the window. */
  windowEditClocks: number[];
  timer?: NodeJS.Timeout;
}

const measured = { start: Infinity, end: -Infinity };
const latencies: number[] = [];
let disconnects = 0;
let errors = 0;

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/**
 * Connects a client and waits until it has synced and its document holds at
 * least `minConversations` conversations; rejects with the reason when the
 * connection is lost first or `timeoutMs` passes.
 */
function connectClient(connect: Connect, doc: Y.Doc, minConversations: number, timeoutMs: number): Promise<Client> {
  return new Promise((resolve, reject) => {
    let synced = false;
    let settled = false;
    let closing = false;
    const close = () => {
      closing = true;
      connection.destroy();
    };
    const settle = (outcome: { client: Client } | { reason: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      doc.off("update", check);
      if ("client" in outcome) return resolve(outcome.client);
      close();
      reject(new Error(outcome.reason));
    };
    const check = () => {
      if (!synced) return;
      const conversationIds = [...listTriage(doc).keys()];
      if (conversationIds.length >= minConversations) settle({ client: { doc, conversationIds, close } });
    };
    const connection = connect(doc, {
      synced: () => {
        synced = true;
        check();
      },
      lost: (reason) => {
        if (!settled) settle({ reason });
        else if (!closing) disconnects++;
      },
    });
    const timer = setTimeout(
      () => settle({ reason: synced ? `synced, but fewer than ${minConversations} conversations in ${timeoutMs / 1000} s` : `no sync in ${timeoutMs / 1000} s` }),
      timeoutMs,
    );
    doc.on("update", check);
  });
}

/** Records a latency sample whenever another rep's change to a conversation becomes what this rep sees. */
function observeOthers(doc: Y.Doc, userId: number): void {
  // Per conversation, the last stamp of another rep seen here: each change is counted once.
  const seen = new Map<string, string>();
  const conversations = doc.getMap<Y.Map<unknown>>("conversations");
  conversations.observeDeep((events, transaction) => {
    if (transaction.local) return;
    const changed = new Set<string>();
    for (const event of events) {
      if (event.target === conversations) for (const key of (event as Y.YMapEvent<unknown>).keysChanged) changed.add(key);
      else changed.add(String(event.path[0]));
    }
    const now = Date.now();
    for (const conversationId of changed) {
      // Only the stamp, not readTriage: validating whole entries, N² times a second, was a fifth of this process's CPU.
      const entry = conversations.get(conversationId);
      if (!(entry instanceof Y.Map)) continue;
      const updatedAt = entry.get("updatedAt");
      const updatedBy = entry.get("updatedBy");
      if (typeof updatedAt !== "number" || typeof updatedBy !== "number" || updatedBy === userId) continue;
      const stamp = `${updatedBy}@${updatedAt}`;
      if (seen.get(conversationId) === stamp) continue;
      seen.set(conversationId, stamp);
      if (updatedAt >= measured.start && updatedAt < measured.end) latencies.push(now - updatedAt);
    }
  });
}

async function connectRep(connect: Connect, userId: number, minConversations: number, timeoutMs: number): Promise<Rep> {
  const doc = new Y.Doc();
  observeOthers(doc, userId);
  const client = await connectClient(connect, doc, minConversations, timeoutMs);
  return { ...client, userId, windowEditClocks: [] };
}

function edit(rep: Rep): void {
  const conversationId = pick(rep.conversationIds);
  const current = readTriage(rep.doc, conversationId);
  if (!current) return; // it left the inbox (closed) meanwhile
  const at = Date.now();
  try {
    writeTriage(rep.doc, conversationId, { priority: pick(PRIORITIES.filter((p) => p !== current.priority)) }, { by: rep.userId, at });
  } catch (error) {
    errors++;
    console.error(`rep ${rep.userId}: ${(error as Error).message}`);
    return;
  }
  if (at >= measured.start && at < measured.end) rep.windowEditClocks.push(Y.getState(rep.doc.store, rep.doc.clientID));
}

/** How many (edit, other rep) pairs of the window have arrived: the receiver's state for the editor covers the edit's clock. */
function countDeliveries(reps: Rep[]): number {
  let delivered = 0;
  for (const receiver of reps) {
    for (const sender of reps) {
      if (sender === receiver) continue;
      const state = Y.getState(receiver.doc.store, sender.doc.clientID);
      const clocks = sender.windowEditClocks;
      let low = 0;
      let high = clocks.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (clocks[middle]! <= state) low = middle + 1;
        else high = middle;
      }
      delivered += low;
    }
  }
  return delivered;
}

/* ───────────── measuring the server ───────────── */

/** CPU time a process has used, in ms: /proc/PID/stat utime + stime, in clock ticks of 10 ms (USER_HZ on Linux). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident memory (VmRSS) in MB. */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN) / 1024;
}

function latencyStats(samples: number[]): LatencyStats {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : null);
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? null };
}

const sleepUntil = (time: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));

/* ───────────── the run ───────────── */

async function seedInbox(connect: Connect, seed: SeedConversation[]): Promise<Client> {
  const seeder = await connectClient(connect, new Y.Doc(), 0, PROBE_TIMEOUT_MS);
  const at = Date.now();
  seeder.doc.transact(() => {
    for (const { conversationId, triage } of seed) writeTriage(seeder.doc, conversationId, triage, { by: null, at });
  });
  return seeder;
}

async function run(plan: LoadPlan): Promise<{ result: LoadResult; reps: Rep[] }> {
  const connect = clientFor(plan);
  const minConversations = plan.seed?.length ?? 1;
  // The first connection probes the server: refused, closed or silent for 10 s, and it is unavailable.
  let seeder: Client | undefined;
  let probe: Rep;
  try {
    if (plan.seed) seeder = await seedInbox(connect, plan.seed);
    probe = await connectRep(connect, 1, minConversations, PROBE_TIMEOUT_MS);
  } catch (error) {
    seeder?.close();
    return { result: { status: "unavailable", reason: (error as Error).message }, reps: [] };
  }
  const others = await Promise.allSettled(
    Array.from({ length: plan.reps - 1 }, (_, i) => connectRep(connect, i + 2, minConversations, CONNECT_TIMEOUT_MS)),
  );
  const reps = [probe];
  for (const outcome of others) {
    if (outcome.status === "fulfilled") reps.push(outcome.value);
    else if (errors++ === 0) console.error(`A rep did not connect: ${(outcome.reason as Error).message}`);
  }
  seeder?.close();

  // The server's memory under load: its high-water mark (VmHWM) would be its start-up's.
  let serverPeakRssMb = rssMb(plan.serverPid);
  const sampler = setInterval(() => (serverPeakRssMb = Math.max(serverPeakRssMb, rssMb(plan.serverPid))), 250);
  const start = Date.now();
  measured.start = start + plan.warmupSeconds * 1000;
  measured.end = measured.start + plan.measureSeconds * 1000;
  for (const rep of reps) {
    rep.timer = setTimeout(() => {
      rep.timer = setInterval(() => edit(rep), EDIT_INTERVAL_MS);
      edit(rep);
    }, Math.random() * EDIT_INTERVAL_MS);
  }
  await sleepUntil(measured.start);
  const serverCpuAtStart = cpuMs(plan.serverPid);
  const generatorCpuAtStart = process.cpuUsage();
  const wallAtStart = performance.now();
  await sleepUntil(measured.end);
  const wallMs = performance.now() - wallAtStart;
  const serverCpuPercent = ((cpuMs(plan.serverPid) - serverCpuAtStart) / wallMs) * 100;
  const generatorCpu = process.cpuUsage(generatorCpuAtStart);
  const serverRssMb = rssMb(plan.serverPid);
  const machineLoad = loadavg()[0]!;
  clearInterval(sampler);
  for (const rep of reps) clearInterval(rep.timer);

  const edits = reps.reduce((sum, rep) => sum + rep.windowEditClocks.length, 0);
  const expectedDeliveries = edits * (reps.length - 1);
  const drainStart = performance.now();
  let deliveries = countDeliveries(reps);
  while (deliveries < expectedDeliveries && performance.now() - drainStart < DRAIN_TIMEOUT_MS) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    deliveries = countDeliveries(reps);
  }
  return {
    reps,
    result: {
      status: "measured",
      reps: plan.reps,
      repsSynced: reps.length,
      edits,
      expectedDeliveries,
      deliveries,
      measureSeconds: plan.measureSeconds,
      latency: latencyStats(latencies),
      serverRssMb,
      serverPeakRssMb: Math.max(serverPeakRssMb, serverRssMb),
      serverCpuPercent,
      generatorCpuPercent: ((generatorCpu.user + generatorCpu.system) / 1000 / wallMs) * 100,
      machineLoad,
      disconnects,
      errors,
    },
  };
}

const plan = JSON.parse(process.argv[2] ?? "null") as LoadPlan | null;
if (!plan) throw new Error("usage: sync-load.ts LOAD_PLAN_JSON");
exitWithParent();
// Each y-websocket provider adds an exit listener of its own.
process.setMaxListeners(plan.reps + 10);
// Whatever happens to the server, this process ends: the orchestrator reads a missing line as a failure.
const budgetMs = (2 * PROBE_TIMEOUT_MS + CONNECT_TIMEOUT_MS + DRAIN_TIMEOUT_MS) + (plan.warmupSeconds + plan.measureSeconds + 10) * 1000;
setTimeout(() => {
  console.error(`The load generator ran out of time (${budgetMs / 1000} s).`);
  process.exit(2);
}, budgetMs).unref();

const { result, reps } = await run(plan);
for (const rep of reps) rep.close();
printLine(result);
// Let the close frames go out before the process ends.
setTimeout(() => process.exit(0), 200);
