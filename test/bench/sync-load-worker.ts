/**
 * One process of the sync benchmark's load generator (sync-load.ts deals the
 * reps to several): its share of the reps, each with a connection of its own.
 *
 * Observer reps run a stock client over a Y.Doc of their own and measure
 * latency: when an entry's stamp changes to one written by another rep, the
 * change is in the observer's view. The stamp is the edit's millisecond; the
 * rep that made it keeps the time to the microsecond, and the orchestrator
 * pairs the two (every process reads the same clock): the servers differ by
 * less than a millisecond, which whole milliseconds would round away.
 *
 * The other reps are wire clients (sync-load-clients.ts): a socket each,
 * every relayed update received on it, no document. They make their edits on
 * one replica of the inbox per process, kept current by applying what the
 * first of them receives; each edit is made under the rep's own Yjs client
 * id, and its update goes out on the rep's socket only.
 *
 * Every rep changes the priority of a random conversation every 200 ms from a
 * random phase, and records the clock each edit in the window started at. An
 * edit has reached a rep once the rep has received that client's updates up to
 * that clock: deliveries count arrivals, not views (a write that lost to a
 * concurrent one on the same field never shows, yet it was delivered).
 *
 * Argument: the WorkerPlan as JSON (sync-shared.ts); messages both ways on the
 * IPC channel (ToWorker, FromWorker).
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import * as Y from "yjs";
import { PRIORITIES } from "../../db/interchange";
import { listTriage, readTriage, writeTriage } from "../../sync/inbox-doc";
import { stockClient, WireClient, type Connection, type ConnectionEvents } from "./sync-load-clients";
import { EDIT_INTERVAL_MS, exitWithParent, type EditTimes, type FromWorker, type Sightings, type ToWorker, type WindowEdits, type WorkerPlan } from "./sync-shared";

interface Rep {
  userId: number;
  /** The Yjs client id its edits carry. */
  clientId: number;
  /** Where its edits are made: its own document (observers) or the process's replica (wire reps). */
  doc: Y.Doc;
  /** The edit's transaction origin: for wire reps, the client that sends it. */
  origin: WireClient | null;
  /** The conversations it picks from: what its view held once connected. */
  conversationIds: string[];
  /** The highest clock of a client's updates this rep has received, -1 for none. */
  covered(clientId: number): number;
  windowEditStarts: number[];
  timer?: NodeJS.Timeout;
  close(): void;
}

const window = { start: Infinity, end: -Infinity };
const inWindow = (at: number) => at >= window.start && at < window.end;
/** The wall clock to the microsecond: the process's start, to the microsecond, plus the monotonic time since. */
const clock = () => performance.timeOrigin + performance.now();
/** The window's edits made here and its edits by others seen here, as flat triples (see EditTimes, Sightings). */
const editTimes: EditTimes = [];
const sightings: Sightings = [];
let disconnects = 0;
let errors = 0;

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/* ───────────── connecting ───────────── */

/**
 * Opens a connection and settles once it has synced and `ready()` holds
 * (checked on every change `watch` reports), or fails with the reason.
 * Losing the connection after that is a disconnect, unless we closed it.
 */
function whenReady(
  open: (events: ConnectionEvents) => Connection,
  ready: () => boolean,
  watch: (check: () => void) => () => void,
  timeoutMs: number,
): Promise<Connection> {
  return new Promise((resolve, reject) => {
    let synced = false;
    let settled = false;
    let closing = false;
    const close = () => {
      closing = true;
      connection.destroy();
    };
    const settle = (reason?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unwatch();
      if (reason === undefined) return resolve({ destroy: close });
      close();
      reject(new Error(reason));
    };
    const check = () => synced && ready() && settle();
    const connection = open({
      synced: () => {
        synced = true;
        check();
      },
      lost: (reason) => {
        if (!settled) settle(reason);
        else if (!closing) disconnects++;
      },
    });
    const unwatch = watch(check);
    const timer = setTimeout(() => settle(synced ? `synced, but its view stayed short of the inbox for ${timeoutMs / 1000} s` : `no sync in ${timeoutMs / 1000} s`), timeoutMs);
  });
}

/** Calls `check` after every change to `doc`, until the returned function is called. */
const onUpdates = (doc: Y.Doc) => (check: () => void) => {
  doc.on("update", check);
  return () => doc.off("update", check);
};

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
    const seenAt = clock();
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
      if (inWindow(updatedAt)) sightings.push(updatedBy, updatedAt, seenAt);
    }
  });
}

async function connectObserver(plan: WorkerPlan, userId: number): Promise<Rep> {
  const doc = new Y.Doc();
  observeOthers(doc, userId);
  const enough = () => listTriage(doc).size >= plan.minConversations;
  const connection = await whenReady((events) => stockClient(plan)(doc, events), enough, onUpdates(doc), plan.connectTimeoutMs);
  return {
    userId,
    clientId: doc.clientID,
    doc,
    origin: null,
    conversationIds: [...listTriage(doc).keys()],
    covered: (clientId) => Y.getState(doc.store, clientId) - 1,
    windowEditStarts: [],
    close: () => connection.destroy(),
  };
}

/** The origin of updates the replica takes in: never sent anywhere. */
const FEED = Symbol("feed");

/** A wire rep; the one that `feeds` applies what it receives to the replica. */
async function connectWire(plan: WorkerPlan, userId: number, replica: Y.Doc, feeds: boolean): Promise<Rep> {
  const feed = feeds ? (update: Uint8Array) => Y.applyUpdate(replica, update, FEED) : undefined;
  let wire!: WireClient;
  const enough = () => listTriage(replica).size >= plan.minConversations;
  const connection = await whenReady(
    (events) => {
      wire = new WireClient(plan, { ...events, onUpdate: feed });
      return { destroy: () => wire.close() };
    },
    enough,
    onUpdates(replica),
    plan.connectTimeoutMs,
  );
  return {
    userId,
    clientId: wire.clientId,
    doc: replica,
    origin: wire,
    conversationIds: [...listTriage(replica).keys()],
    covered: (clientId) => wire.covered.get(clientId) ?? -1,
    windowEditStarts: [],
    close: () => connection.destroy(),
  };
}

/** Connects every rep of the plan; the reasons of those that did not connect. */
async function connectAll(plan: WorkerPlan): Promise<{ reps: Rep[]; failures: string[] }> {
  const replica = new Y.Doc();
  replica.on("update", (update: Uint8Array, origin: unknown) => origin instanceof WireClient && origin.sendUpdate(update));
  const observers = plan.reps.filter((rep) => rep.observer).map((rep) => connectObserver(plan, rep.userId));
  const [feeder, ...others] = plan.reps.filter((rep) => !rep.observer);
  // The replica fills from the first wire rep's socket: the others wait for it, to have conversations to edit.
  const first = feeder ? connectWire(plan, feeder.userId, replica, true) : undefined;
  const rest = others.map(async (rep) => {
    await first;
    return connectWire(plan, rep.userId, replica, false);
  });
  const outcomes = await Promise.allSettled([...observers, ...(first ? [first] : []), ...rest]);
  const reps: Rep[] = [];
  const failures: string[] = [];
  for (const outcome of outcomes) {
    if (outcome.status === "fulfilled") reps.push(outcome.value);
    else failures.push((outcome.reason as Error).message);
  }
  return { reps, failures };
}

/* ───────────── editing and counting ───────────── */

function edit(rep: Rep): void {
  const conversationId = pick(rep.conversationIds);
  const current = readTriage(rep.doc, conversationId);
  if (!current) return; // it left the inbox (closed) meanwhile
  const editedAt = clock();
  const at = Math.floor(editedAt);
  // The replica's own id is nobody's: for this edit it carries the rep's.
  const own = rep.doc.clientID;
  rep.doc.clientID = rep.clientId;
  const start = Y.getState(rep.doc.store, rep.clientId);
  try {
    writeTriage(rep.doc, conversationId, { priority: pick(PRIORITIES.filter((p) => p !== current.priority)) }, { by: rep.userId, at }, rep.origin);
  } catch (error) {
    errors++;
    console.error(`rep ${rep.userId}: ${(error as Error).message}`);
    return;
  } finally {
    rep.doc.clientID = own;
  }
  if (!inWindow(at)) return;
  rep.windowEditStarts.push(start);
  editTimes.push(rep.userId, at, editedAt);
}

/** How many (edit, other rep) pairs have arrived at this process's reps. */
function countDeliveries(reps: Rep[], edits: WindowEdits): number {
  let delivered = 0;
  for (const receiver of reps) {
    for (const [clientId, starts] of edits) {
      if (clientId === receiver.clientId) continue;
      const covered = receiver.covered(clientId);
      let low = 0;
      let high = starts.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (starts[middle]! <= covered) low = middle + 1;
        else high = middle;
      }
      delivered += low;
    }
  }
  return delivered;
}

/* ───────────── the run ───────────── */

const plan = JSON.parse(process.argv[2] ?? "null") as WorkerPlan | null;
if (!plan) throw new Error("usage: sync-load-worker.ts WORKER_PLAN_JSON");
exitWithParent();
// Each y-websocket provider adds an exit listener of its own.
process.setMaxListeners(plan.reps.length + 10);
const tell = (message: FromWorker, then?: () => void) => process.send!(message, undefined, undefined, then);

const { reps, failures } = await connectAll(plan);
tell({ type: "connected", reps: reps.length, failures });

/** The loop-delay timer's period: what it records is the period plus the delay, so the period is taken off. */
const LOOP_DELAY_RESOLUTION_MS = 10;
const loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
let edits: WindowEdits = [];
process.on("message", (message: ToWorker) => {
  switch (message.type) {
    case "start": {
      window.start = message.measureStart;
      window.end = message.measureEnd;
      for (const rep of reps) {
        rep.timer = setTimeout(() => {
          rep.timer = setInterval(() => edit(rep), EDIT_INTERVAL_MS);
          edit(rep);
        }, Math.random() * EDIT_INTERVAL_MS);
      }
      setTimeout(() => loopDelay.enable(), message.measureStart - Date.now());
      setTimeout(() => {
        loopDelay.disable();
        for (const rep of reps) clearInterval(rep.timer);
        tell({ type: "window", edits: reps.map((rep) => [rep.clientId, rep.windowEditStarts]) });
      }, message.measureEnd - Date.now());
      return;
    }
    case "count":
      if (message.edits) edits = message.edits;
      return tell({ type: "delivered", count: countDeliveries(reps, edits) });
    case "finish":
      for (const rep of reps) rep.close();
      return tell({ type: "done", editTimes, sightings, disconnects, errors, loopDelayP99Ms: Math.max(0, loopDelay.percentile(99) / 1e6 - LOOP_DELAY_RESOLUTION_MS) }, () =>
        // Let the close frames go out before the process ends.
        setTimeout(() => process.exit(0), 200),
      );
  }
});
