/**
 * What the sync benchmark's processes tell each other: the orchestrator
 * (sync.bench.ts), the servers (sync-server-*.ts) and the load generator
 * (sync-load.ts). Each child prints one JSON line on stdout when it has
 * something to say, and exits when the orchestrator goes away.
 */
import type { TriageFields } from "../../sync/inbox-doc";

/** Each rep edits this often (from a random phase). */
export const EDIT_INTERVAL_MS = 200;

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
  warmupSeconds: number;
  measureSeconds: number;
  /** Conversations to write before the reps connect; null when the server fills the document itself. */
  seed: SeedConversation[] | null;
}

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
      /** Edits made in the measured window, and how many reached every other synced rep by the end of the drain. */
      edits: number;
      expectedDeliveries: number;
      deliveries: number;
      measureSeconds: number;
      latency: LatencyStats;
      /** At the end of the window, and the highest of the samples taken every 250 ms from the first edit. */
      serverRssMb: number;
      serverPeakRssMb: number;
      /** Share of one core over the window: 100 means one core busy throughout. */
      serverCpuPercent: number;
      generatorCpuPercent: number;
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
