/**
 * What the sync benchmark's processes tell each other: the orchestrator
 * (sync.bench.ts), the servers (sync-server-*.ts), the load generator
 * (sync-load.ts) and its worker processes (sync-load-worker.ts). Each child of
 * the orchestrator prints one JSON line on stdout when it has something to
 * say; the load generator and its workers talk over the IPC channel. Every
 * child exits when its parent goes away.
 */
import type { TriageFields } from "../../sync/inbox-doc";

/** Each rep edits this often (from a random phase). */
export const EDIT_INTERVAL_MS = 200;
/** After the measured window, how long its edits may still take to reach every rep. */
export const DRAIN_TIMEOUT_MS = 10_000;

export const SERVER_KINDS = ["tandem", "hocuspocus", "y-websocket"] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

/** A server's line once it listens; `token` only for Tandem, which admits nobody without one. */
export interface ListeningServer {
  port: number;
  token?: string;
}

/** A conversation the seeding client writes, for the servers that do not fill the inbox document themselves. */
export interface SeedConversation {
  conversationId: string;
  triage: TriageFields;
}

/** What the orchestrator asks of one load generator run (argv[2], as JSON). */
export interface LoadPlan {
  server: ServerKind;
  port: number;
  token?: string;
  /** Whose memory and CPU to read at the end of the window. */
  serverPid: number;
  reps: number;
  /** How many reps keep a whole document and measure latency (all of them when fewer). */
  observers: number;
  /** How many worker processes the reps are dealt to. */
  workers: number;
  warmupSeconds: number;
  measureSeconds: number;
  /** Conversations to write before the reps connect; null when the server fills the document itself. */
  seed: SeedConversation[] | null;
}

/** One worker's share of the reps (argv[2], as JSON). */
export interface WorkerPlan {
  server: ServerKind;
  port: number;
  token?: string;
  /** Its reps' user ids, and which of them observe. */
  reps: { userId: number; observer: boolean }[];
  /** A rep is connected once its view holds this many conversations. */
  minConversations: number;
  connectTimeoutMs: number;
}

/** A Yjs client id, and the clock each of its edits in the window started at, in order. */
export type WindowEdits = [clientId: number, startClocks: number[]][];

/** The window's edits a worker's reps made: userId, the edit's stamp (ms), and when it was made (ms, to the microsecond), for each. */
export type EditTimes = number[];
/** The window's edits by others a worker's observers saw: the stamp's userId and ms, and when it was seen (to the microsecond), for each. */
export type Sightings = number[];

/** From the load generator to a worker. */
export type ToWorker =
  /** Start editing now; the window is [measureStart, measureEnd) in Unix ms. */
  | { type: "start"; measureStart: number; measureEnd: number }
  /** Every rep's edits in the window, then: how many (edit, other rep) pairs have your reps received? Without `edits`, the same edits as last time. */
  | { type: "count"; edits?: WindowEdits }
  | { type: "finish" };

/** From a worker to the load generator, in this order. */
export type FromWorker =
  | { type: "connected"; reps: number; failures: string[] }
  | { type: "window"; edits: WindowEdits }
  | { type: "delivered"; count: number }
  | { type: "done"; editTimes: EditTimes; sightings: Sightings; disconnects: number; errors: number; loopDelayP99Ms: number };

/** Latency samples as flat pairs: the second of the measured window the edit was made in (from 0), and its latency in ms. */
export type LatencySamples = number[];

/** In ms; null without samples. */
export interface LatencyStats {
  n: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

export type LoadResult =
  | { status: "unavailable"; reason: string }
  | {
      status: "measured";
      reps: number;
      repsSynced: number;
      /** How many of the synced reps observed (kept a whole document), and in how many processes the reps ran. */
      observers: number;
      workers: number;
      /** Edits made in the measured window, and how many reached every other synced rep by the end of the drain. */
      edits: number;
      expectedDeliveries: number;
      deliveries: number;
      measureSeconds: number;
      latency: LatencyStats;
      /** Every sample behind `latency`, for statistics over several rounds. */
      samples: LatencySamples;
      /** At the end of the window, and the highest of the samples taken every 250 ms from the first edit. */
      serverRssMb: number;
      serverPeakRssMb: number;
      /** Share of one core over the window: 100 means one core busy throughout. */
      serverCpuPercent: number;
      /** Of every load generator process (workers and their coordinator), summed: can exceed 100 with several. */
      generatorCpuPercent: number;
      /** The worst of the workers' event-loop delay p99 over the window: how late the generator ran its timers and read its sockets. */
      generatorLoopDelayP99Ms: number;
      /** The machine's 1-minute load average at the end of the window: other work on it competes for the same cores. */
      machineLoad: number;
      disconnects: number;
      errors: number;
    };

/** A child of the benchmark ends with it, even when the orchestrator is killed. */
export function exitWithParent(onExit: () => void | Promise<void> = () => {}): void {
  process.on("disconnect", () => void Promise.resolve(onExit()).finally(() => process.exit(0)));
}

export function printLine(value: ListeningServer | LoadResult): void {
  process.stdout.write(JSON.stringify(value) + "\n");
}
