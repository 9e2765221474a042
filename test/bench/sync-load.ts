/**
 * The sync benchmark's load generator: N simulated reps on one server, in
 * processes of their own (the server has another). This process probes the
 * server, deals the reps to worker processes (sync-load-worker.ts), starts
 * them together, and adds up what they measured; the workers do the rest.
 * Only how a connection is made differs between servers
 * (sync-load-clients.ts); the reps, their edits and the measuring do not.
 *
 * Why not N documents in one process: every rep applying every other rep's
 * edit is N² updates a second, 40,000 a second at 200 reps on top of the
 * 200,000 frames to read, more than a core. So only the observers (10 by
 * default, spread over the workers) keep a whole document and measure
 * latency; the other reps are wire clients that send their edits and receive
 * every relayed update on their own socket, reading just its header. Each rep
 * is a connection of its own doing the protocol's whole handshake, so the
 * server's work is what it would be with N browsers; deliveries are counted
 * at every rep, observer or not.
 *
 * Argument: the LoadPlan as JSON (sync-shared.ts). Prints one LoadResult line.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as Y from "yjs";
import { listTriage, writeTriage } from "../../sync/inbox-doc";
import { stockClient, type Connection } from "./sync-load-clients";
import { pooledLatency } from "./sync-stats";
import { DRAIN_TIMEOUT_MS, exitWithParent, printLine, type EditTimes, type FromWorker, type LatencySamples, type LoadPlan, type LoadResult, type SeedConversation, type Sightings, type ToWorker, type WindowEdits, type WorkerPlan } from "./sync-shared";

const here = dirname(fileURLToPath(import.meta.url));
/** How long the first connection may take to sync before the server counts as unavailable. */
const PROBE_TIMEOUT_MS = 10_000;
const CONNECT_TIMEOUT_MS = 30_000;
/** A worker's own start (loading TypeScript) on top of its reps' connecting. */
const WORKER_START_MS = 20_000;
/** How long a worker may take to answer anything else. */
const ANSWER_TIMEOUT_MS = 10_000;

/* ───────────── the probe: a first stock client, which also seeds ───────────── */

/** A stock client that waits until it has synced and its document holds `minConversations`; rejects with why it did not. */
function connectProbe(doc: Y.Doc, plan: LoadPlan, minConversations: number): Promise<Connection> {
  return new Promise((resolve, reject) => {
    let synced = false;
    let settled = false;
    const settle = (reason?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      doc.off("update", check);
      if (reason === undefined) return resolve(connection);
      connection.destroy();
      reject(new Error(reason));
    };
    const check = () => synced && listTriage(doc).size >= minConversations && settle();
    const connection = stockClient(plan)(doc, {
      synced: () => {
        synced = true;
        check();
      },
      lost: (reason) => settle(reason),
    });
    const timer = setTimeout(() => settle(synced ? `synced, but fewer than ${minConversations} conversations in ${PROBE_TIMEOUT_MS / 1000} s` : `no sync in ${PROBE_TIMEOUT_MS / 1000} s`), PROBE_TIMEOUT_MS);
    doc.on("update", check);
  });
}

/** Connects, and writes the seed conversations when there are any (the server does not fill the inbox itself). */
async function probe(plan: LoadPlan, seed: SeedConversation[] | null): Promise<Connection> {
  const doc = new Y.Doc();
  const connection = await connectProbe(doc, plan, seed ? 0 : 1);
  const at = Date.now();
  doc.transact(() => {
    for (const { conversationId, triage } of seed ?? []) writeTriage(doc, conversationId, triage, { by: null, at });
  });
  return connection;
}

/* ───────────── the workers ───────────── */

/** A worker process and the messages it sent that nobody has read yet. */
class Worker {
  private readonly inbox: FromWorker[] = [];
  private waiting: ((message: FromWorker) => void) | null = null;
  private gone: string | null = null;
  private onGone: ((reason: string) => void) | null = null;

  constructor(private readonly child: ChildProcess) {
    child.on("message", (message: FromWorker) => {
      if (this.waiting) this.waiting(message);
      else this.inbox.push(message);
    });
    child.once("exit", (code, signal) => {
      this.gone = `a load generator worker exited (${code ?? signal})`;
      this.onGone?.(this.gone);
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  tell(message: ToWorker): void {
    this.child.send(message);
  }

  /** The next message, which must be of this type. */
  next<T extends FromWorker["type"]>(type: T, timeoutMs: number): Promise<Extract<FromWorker, { type: T }>> {
    return new Promise((resolve, reject) => {
      const done = (outcome: FromWorker | Error) => {
        clearTimeout(timer);
        this.waiting = this.onGone = null;
        if (outcome instanceof Error) reject(outcome);
        else if (outcome.type !== type) reject(new Error(`a load generator worker said "${outcome.type}", "${type}" expected`));
        else resolve(outcome as Extract<FromWorker, { type: T }>);
      };
      const timer = setTimeout(() => done(new Error(`a load generator worker did not say "${type}" in ${timeoutMs / 1000} s`)), timeoutMs);
      const queued = this.inbox.shift();
      if (queued) return done(queued);
      if (this.gone) return done(new Error(this.gone));
      this.waiting = done;
      this.onGone = (reason) => done(new Error(reason));
    });
  }

  stop(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
  }
}

/** Deals reps 1…N round-robin, so the observers (the first ones) spread over the workers. */
function workerPlans(plan: LoadPlan, minConversations: number): WorkerPlan[] {
  const workers = Math.min(plan.workers, plan.reps);
  const plans: WorkerPlan[] = Array.from({ length: workers }, () => ({
    server: plan.server, port: plan.port, token: plan.token, reps: [], minConversations, connectTimeoutMs: CONNECT_TIMEOUT_MS,
  }));
  for (let i = 0; i < plan.reps; i++) plans[i % workers]!.reps.push({ userId: i + 1, observer: i < plan.observers });
  return plans;
}

function startWorker(workerPlan: WorkerPlan): Worker {
  const child = spawn(process.execPath, ["--import", "tsx", join(here, "sync-load-worker.ts"), JSON.stringify(workerPlan)], {
    // Our stdout is the orchestrator's to read: a worker's goes to stderr.
    stdio: ["ignore", 2, "inherit", "ipc"],
  });
  return new Worker(child);
}

/* ───────────── measuring ───────────── */

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

/**
 * One sample per sighting: from when the edit was made until the observer saw
 * it, matched on the edit's stamp, with the second of the window it was made in.
 */
function latencySamples(answers: { editTimes: EditTimes; sightings: Sightings }[], measureStart: number): LatencySamples {
  const madeAt = new Map<string, number>();
  for (const { editTimes } of answers) {
    for (let i = 0; i < editTimes.length; i += 3) madeAt.set(`${editTimes[i]}@${editTimes[i + 1]}`, editTimes[i + 2]!);
  }
  const samples: LatencySamples = [];
  for (const { sightings } of answers) {
    for (let i = 0; i < sightings.length; i += 3) {
      const made = madeAt.get(`${sightings[i]}@${sightings[i + 1]}`);
      if (made !== undefined) samples.push(Math.floor((made - measureStart) / 1000), sightings[i + 2]! - made);
    }
  }
  return samples;
}

const sleepUntil = (time: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/* ───────────── the run ───────────── */

async function run(plan: LoadPlan, workers: Worker[]): Promise<LoadResult> {
  let first: Connection;
  try {
    first = await probe(plan, plan.seed);
  } catch (error) {
    return { status: "unavailable", reason: (error as Error).message };
  }
  const plans = workerPlans(plan, plan.seed?.length ?? 1);
  workers.push(...plans.map(startWorker));
  const connected = await Promise.all(workers.map((worker) => worker.next("connected", CONNECT_TIMEOUT_MS + WORKER_START_MS)));
  const failures = connected.flatMap((answer) => answer.failures);
  if (failures.length) console.error(`${failures.length} reps did not connect, the first because: ${failures[0]}`);
  // The probe is no rep: it leaves before the first edit.
  first.destroy();
  const repsSynced = sum(connected.map((answer) => answer.reps));
  const cpuOfGenerator = () => sum(workers.map((worker) => cpuMs(worker.pid))) + cpuMs(process.pid);

  // The server's memory under load: its high-water mark (VmHWM) would be its start-up's.
  let serverPeakRssMb = rssMb(plan.serverPid);
  const sampler = setInterval(() => (serverPeakRssMb = Math.max(serverPeakRssMb, rssMb(plan.serverPid))), 250);
  const measureStart = Date.now() + plan.warmupSeconds * 1000;
  const measureEnd = measureStart + plan.measureSeconds * 1000;
  for (const worker of workers) worker.tell({ type: "start", measureStart, measureEnd });
  await sleepUntil(measureStart);
  const serverCpuAtStart = cpuMs(plan.serverPid);
  const generatorCpuAtStart = cpuOfGenerator();
  const wallAtStart = performance.now();
  await sleepUntil(measureEnd);
  const wallMs = performance.now() - wallAtStart;
  const serverCpuPercent = ((cpuMs(plan.serverPid) - serverCpuAtStart) / wallMs) * 100;
  const generatorCpuPercent = ((cpuOfGenerator() - generatorCpuAtStart) / wallMs) * 100;
  const serverRssMb = rssMb(plan.serverPid);
  const machineLoad = loadavg()[0]!;
  clearInterval(sampler);

  const windows = await Promise.all(workers.map((worker) => worker.next("window", ANSWER_TIMEOUT_MS)));
  const edits: WindowEdits = windows.flatMap((answer) => answer.edits);
  const editCount = sum(edits.map(([, starts]) => starts.length));
  const expectedDeliveries = editCount * (repsSynced - 1);
  const countDeliveries = async (withEdits: boolean) => {
    for (const worker of workers) worker.tell({ type: "count", edits: withEdits ? edits : undefined });
    return sum((await Promise.all(workers.map((worker) => worker.next("delivered", ANSWER_TIMEOUT_MS)))).map((answer) => answer.count));
  };
  const drainStart = performance.now();
  let deliveries = await countDeliveries(true);
  while (deliveries < expectedDeliveries && performance.now() - drainStart < DRAIN_TIMEOUT_MS) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    deliveries = await countDeliveries(false);
  }

  for (const worker of workers) worker.tell({ type: "finish" });
  const done = await Promise.all(workers.map((worker) => worker.next("done", ANSWER_TIMEOUT_MS)));
  const samples = latencySamples(done, measureStart);
  return {
    status: "measured",
    reps: plan.reps,
    repsSynced,
    observers: Math.min(plan.observers, repsSynced),
    workers: workers.length,
    edits: editCount,
    expectedDeliveries,
    deliveries,
    measureSeconds: plan.measureSeconds,
    latency: pooledLatency([samples]),
    samples,
    serverRssMb,
    serverPeakRssMb: Math.max(serverPeakRssMb, serverRssMb),
    serverCpuPercent,
    generatorCpuPercent,
    generatorLoopDelayP99Ms: Math.max(...done.map((answer) => answer.loopDelayP99Ms)),
    machineLoad,
    disconnects: sum(done.map((answer) => answer.disconnects)),
    errors: failures.length + sum(done.map((answer) => answer.errors)),
  };
}

const plan = JSON.parse(process.argv[2] ?? "null") as LoadPlan | null;
if (!plan) throw new Error("usage: sync-load.ts LOAD_PLAN_JSON");
const workers: Worker[] = [];
const stopWorkers = () => workers.forEach((worker) => worker.stop());
exitWithParent(stopWorkers);
// Whatever happens to the server, this process ends: the orchestrator reads a missing line as a failure.
const budgetMs = PROBE_TIMEOUT_MS + CONNECT_TIMEOUT_MS + WORKER_START_MS + DRAIN_TIMEOUT_MS + 3 * ANSWER_TIMEOUT_MS + (plan.warmupSeconds + plan.measureSeconds + 10) * 1000;
setTimeout(() => {
  console.error(`The load generator ran out of time (${budgetMs / 1000} s).`);
  stopWorkers();
  process.exit(2);
}, budgetMs).unref();

try {
  printLine(await run(plan, workers));
  // The workers have closed their reps and are on their way out.
  setTimeout(() => {
    stopWorkers();
    process.exit(0);
  }, 500);
} catch (error) {
  console.error(error);
  stopWorkers();
  process.exit(1);
}
