/**
 * Real-time sync under load: N simulated reps on one server, each changing the
 * priority of a conversation in the demo workspace's inbox document every
 * 200 ms. Measures propagation latency from one rep's change to every other
 * rep's view (p50/p99/max, to the microsecond: the servers differ by less than
 * a millisecond), edits and deliveries per second (with how many of
 * the expected edits × (N-1) deliveries arrived), the server's memory (RSS at
 * the end of the window, and its peak under load) and CPU, and disconnects and errors.
 *
 * The same load generator (sync-load.ts, in processes of its own) runs
 * against three servers, each in its own process with its persistence on:
 *   tandem       Tandem's /sync endpoint (y-websocket protocol, SQLite), started like the app
 *   hocuspocus   @hocuspocus/server 3 with its database extension on SQLite (its own provider)
 *   y-websocket  @y/websocket-server 0.1.1 with y-leveldb
 * Tandem fills the inbox document itself; for the other two a seeding client
 * first writes the same open conversations, read from a demo-seeded database.
 * A server that refuses the connection, or does not sync within 10 s, is
 * reported as unavailable and the others still run.
 *
 * How the generator keeps up with N reps (sync-load.ts, sync-load-worker.ts):
 * every rep is a connection of its own that does the whole handshake, makes
 * its edits and receives every update the server relays, so the server works
 * as it would for N browsers. But only the observers (BENCH_SYNC_OBSERVERS,
 * 10: at 10 reps, all of them) run the stock client over a Y.Doc of their own
 * and measure latency; the other reps read just enough of each update to
 * count its delivery, and make their edits on one shared replica of the inbox
 * per process. Applying every update at every rep was N² work: at 200 reps,
 * 200,000 updates a second, more than this machine has. The reps are dealt to
 * one worker process per 100 (BENCH_SYNC_WORKERS to choose), observers spread
 * over them. The generator is behind its schedule when it made under 90% of
 * the planned edits; "load gen lag" is how late its event loops ran (p99 of
 * the worst worker).
 *
 * Each case runs BENCH_SYNC_ROUNDS times (5), the servers in a rotated order
 * each round. On two shared cores the tail comes in bursts (a few stalls a
 * window, tens of edits held up by each), so one window's p99 moves by
 * milliseconds from one round to the next, more than the servers differ: a
 * case's latencies are taken over the samples of all its rounds, with every
 * round's p99 beside them, and the rest of its figures from its median round
 * (by p99; by deliveries/s when it fell behind). The target's note gives
 * Tandem's p99 minus the best other's with a 95% interval (sync-stats.ts):
 * when it spans zero, this machine cannot tell the two apart.
 *
 * Target (the issue): Tandem's p99 no worse than the best of the other two at
 * every N, among the servers that delivered the window's edits within 10 s
 * after it; when none did, deliveries/s (what each relayed) are compared.
 * The machine has 2 cores, one for the server and one for the load generator:
 * a load average well above 2 means other work took CPU from the run. At 200
 * reps every edit is relayed to 199 sockets: one frame per edit per socket
 * is 200,000 frames a second to write and to read, about 9 µs each on the
 * reading side alone here, more than 2 cores carry. A server that relays
 * each edit on its own falls behind there, and then the comparison is on
 * how much of the load each carried; Tandem merges the edits that arrive in
 * one turn of its event loop into one frame per socket.
 *
 * What sets the 10-rep tail, from server timestamps joined to the reps' edits
 * and from the kernel's scheduler trace (perf sched): a few stalls a window of
 * 3 to 8 ms, each holding up one edit for every observer, in the generator or
 * in the server alike, and as many for the other servers; none came during a
 * projection or a checkpoint (with checkpoints off, Tandem's p99 was no
 * better). Tandem pays for storing before relaying: the SQLite commit, 150 to
 * 200 µs with the caches cold after 20 ms idle, 50 µs back to back. Then the
 * two cores make it dearer: the scheduler wakes the generator on the server's
 * core, where in the trace it preempted Tandem after each of its first
 * writes but waited for y-websocket's relay to end, so Tandem's first four
 * writes took 363, 180, 93 and 42 µs (p50) against y-websocket's 141, 45, 31
 * and 26. With the generator under SCHED_BATCH, which never preempts on
 * waking (as reps on other machines would not), Tandem's p99 went from 8.4
 * to 6.9 ms and y-websocket's stayed at 6.2. It did not help Tandem to
 * keep another thread busy after the relay, as y-websocket's LevelDB writes
 * do (p99 7.6 to 8.4 ms), or to commit on a worker thread while the update
 * is applied (7.7 to 7.9 ms).
 *
 * Env knobs: BENCH_SYNC_REPS ("10,50,200"), BENCH_SYNC_SECONDS (10: the measured
 * window, after 3 s of warm-up), BENCH_SYNC_SERVERS (all three; a subset such as
 * "hocuspocus,y-websocket"), BENCH_SYNC_OBSERVERS (10), BENCH_SYNC_WORKERS
 * (one per 100 reps), BENCH_SYNC_ROUNDS (5), BENCH_SYNC_PROFILE (a folder for each server's CPU profile).
 */
import { and, eq, inArray } from "drizzle-orm";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { closeDatabase, openDatabase } from "../../db/connection.server";
import { conversations } from "../../db/schema";
import { tagsOf } from "../../db/triage.server";
import { findWorkspaceBySlug } from "../../db/workspaces.server";
import { seedDemoWorkspace } from "../../server/demo-seed.server";
import { p99DifferenceInterval, pooledLatency } from "./sync-stats";
import { DRAIN_TIMEOUT_MS, EDIT_INTERVAL_MS, SERVER_KINDS, type LatencySamples, type LatencyStats, type ListeningServer, type LoadPlan, type LoadResult, type SeedConversation, type ServerKind } from "./sync-shared";

const here = dirname(fileURLToPath(import.meta.url));
const REPS = (process.env.BENCH_SYNC_REPS ?? "10,50,200").split(",").map(Number);
const MEASURE_SECONDS = Number(process.env.BENCH_SYNC_SECONDS ?? 10);
const WARMUP_SECONDS = 3;
const EDITS_PER_REP_PER_SECOND = 1000 / EDIT_INTERVAL_MS;
const SERVERS = (process.env.BENCH_SYNC_SERVERS?.split(",") ?? [...SERVER_KINDS]) as ServerKind[];
const OBSERVERS = Number(process.env.BENCH_SYNC_OBSERVERS ?? 10);
const ROUNDS = Number(process.env.BENCH_SYNC_ROUNDS ?? 5);
/** Load generator processes for N reps: one per REPS_PER_WORKER, unless BENCH_SYNC_WORKERS says how many. */
const REPS_PER_WORKER = 100;
const workersFor = (reps: number) => Number(process.env.BENCH_SYNC_WORKERS ?? Math.ceil(reps / REPS_PER_WORKER));
/** Tandem's first start in production mode builds the web app when its sources changed. */
const START_TIMEOUT_MS = { tandem: 180_000, hocuspocus: 30_000, "y-websocket": 30_000 } satisfies Record<ServerKind, number>;
/** The load generator's own budget (sync-load.ts), with room to spare. */
const LOAD_TIMEOUT_MS = (140 + WARMUP_SECONDS + MEASURE_SECONDS) * 1000;

if (!REPS.every((n) => Number.isInteger(n) && n >= 2)) throw new Error(`BENCH_SYNC_REPS: numbers of reps, at least 2 each (got ${process.env.BENCH_SYNC_REPS})`);
if (!(Number.isInteger(OBSERVERS) && OBSERVERS >= 1)) throw new Error(`BENCH_SYNC_OBSERVERS: a number of reps, at least 1 (got ${process.env.BENCH_SYNC_OBSERVERS})`);
if (!REPS.every((n) => Number.isInteger(workersFor(n)) && workersFor(n) >= 1)) throw new Error(`BENCH_SYNC_WORKERS: a number of processes, at least 1 (got ${process.env.BENCH_SYNC_WORKERS})`);
if (!(Number.isInteger(ROUNDS) && ROUNDS >= 1)) throw new Error(`BENCH_SYNC_ROUNDS: a number of rounds, at least 1 (got ${process.env.BENCH_SYNC_ROUNDS})`);
if (!(MEASURE_SECONDS > 0)) throw new Error(`BENCH_SYNC_SECONDS: a positive number (got ${process.env.BENCH_SYNC_SECONDS})`);
for (const server of SERVERS) if (!SERVER_KINDS.includes(server)) throw new Error(`BENCH_SYNC_SERVERS: ${server}? (one of ${SERVER_KINDS.join(", ")})`);

/* ───────────── child processes ───────────── */

const children = new Set<ChildProcess>();
const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** A script of this folder in its own process; stdout is read for its JSON line, the IPC channel ends it with us. */
function spawnChild(script: string, args: string[], env: Record<string, string>): ChildProcess {
  // BENCH_SYNC_PROFILE=DIR: each server writes a CPU profile there when it stops, to see where its time goes.
  const profile = process.env.BENCH_SYNC_PROFILE && script.startsWith("sync-server-") ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_SYNC_PROFILE] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", join(here, script), ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/** The first line of the child's stdout that is JSON; anything before it is the child's libraries talking. */
function firstJsonLine<T>(child: ChildProcess, timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} said nothing in ${timeoutMs / 1000} s`)), timeoutMs);
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (!line.startsWith("{")) return;
      clearTimeout(timer);
      resolve(JSON.parse(line) as T);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code ?? signal})`));
    });
  });
}

/** SIGTERM, and SIGKILL after 5 s: a server may be flushing its persistence. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (exited(child)) return;
  const gone = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await gone;
  clearTimeout(killer);
}

/* ───────────── one case: a server, N reps ───────────── */

type Outcome = LoadResult | { status: "failed"; reason: string };

async function startServer(kind: ServerKind, dir: string) {
  const env: Record<string, string> = { BENCH_SYNC_DIR: dir };
  if (kind === "y-websocket") env.YPERSISTENCE = join(dir, "leveldb");
  const child = spawnChild(`sync-server-${kind}.ts`, [], env);
  try {
    const listening = await firstJsonLine<ListeningServer>(child, START_TIMEOUT_MS[kind], `The ${kind} server`);
    return { ...listening, pid: child.pid!, stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

/** A fresh server (and persistence) per case, so each case's memory is its own. */
async function runCase(kind: ServerKind, reps: number, dir: string, seed: SeedConversation[] | null): Promise<Outcome> {
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(kind, dir);
  } catch (error) {
    return { status: "unavailable", reason: `did not start: ${(error as Error).message}` };
  }
  try {
    const plan: LoadPlan = {
      server: kind, port: server.port, token: server.token, serverPid: server.pid, reps, observers: OBSERVERS, workers: workersFor(reps),
      warmupSeconds: WARMUP_SECONDS, measureSeconds: MEASURE_SECONDS, seed: kind === "tandem" ? null : seed,
    };
    const generator = spawnChild("sync-load.ts", [JSON.stringify(plan)], {});
    try {
      return await firstJsonLine<LoadResult>(generator, LOAD_TIMEOUT_MS, "The load generator");
    } catch (error) {
      return { status: "failed", reason: (error as Error).message };
    } finally {
      await stopChild(generator);
    }
  } finally {
    await server.stop();
  }
}

/** The demo workspace's open and snoozed conversations as Tandem seeds them: what the seeding client writes for the other servers. */
async function demoConversations(path: string): Promise<SeedConversation[]> {
  const db = openDatabase(path);
  try {
    await seedDemoWorkspace(db);
    const workspace = findWorkspaceBySlug(db, "demo")!;
    const open = db
      .select()
      .from(conversations)
      .where(and(eq(conversations.workspaceId, workspace.id), inArray(conversations.status, ["open", "snoozed"])))
      .all();
    return open.map((conversation) => ({
      conversationId: conversation.publicId,
      triage: {
        assigneeId: conversation.assigneeId,
        teamId: conversation.teamId,
        status: conversation.status === "snoozed" ? "snoozed" : "open",
        priority: conversation.priority,
        tags: tagsOf(db, conversation.id),
        snoozedUntil: conversation.snoozedUntil?.getTime() ?? null,
        snoozedUntilReply: conversation.snoozedUntilReply,
      },
    }));
  } finally {
    closeDatabase(db);
  }
}

/* ───────────── the benchmark ───────────── */

/** Milliseconds as the table shows them: a tenth apart below 100, where the servers are compared. */
const ms = (x: number | null) => (x === null ? "–" : +x.toFixed(x < 100 ? 1 : 0));
const label = (kind: ServerKind, reps: number) => `${kind}, ${reps} reps`;

function resultRow({ outcome, rounds, latency }: CaseRounds): Record<string, unknown> {
  if (outcome.status !== "measured") return { "p50 ms": outcome.status };
  const r = outcome;
  return {
    "p50 ms": ms(latency.p50),
    "p99 ms": ms(latency.p99),
    "p99 by round": rounds.map((round) => (round.status === "measured" ? ms(round.latency.p99) : round.status)).join(" "),
    "max ms": ms(latency.max),
    samples: latency.n,
    "edits/s (planned)": `${Math.round(r.edits / r.measureSeconds)} (${r.repsSynced * EDITS_PER_REP_PER_SECOND})`,
    "deliveries/s": Math.round(r.deliveries / r.measureSeconds),
    delivered: `${r.deliveries}/${r.expectedDeliveries} (${((r.deliveries / Math.max(1, r.expectedDeliveries)) * 100).toFixed(1)}%)`,
    "server RSS MB": Math.round(r.serverRssMb),
    "peak RSS MB (load)": Math.round(r.serverPeakRssMb),
    "server CPU %": Math.round(r.serverCpuPercent),
    "load gen CPU %": Math.round(r.generatorCpuPercent),
    "load gen lag p99 ms": ms(r.generatorLoopDelayP99Ms),
    "load avg": +r.machineLoad.toFixed(1),
    "reps synced (observers, procs)": `${r.repsSynced}/${r.reps} (${r.observers}, ${r.workers})`,
    disconnects: r.disconnects,
    errors: r.errors,
  };
}

type Measured = Extract<Outcome, { status: "measured" }>;
const measuredOutcome = (outcome: Outcome | undefined): Measured | null => (outcome?.status === "measured" ? outcome : null);
const deliveredShare = (r: Measured) => r.deliveries / Math.max(1, r.expectedDeliveries);

/** A case's rounds, the one that stands for it, and the latency over all of them. */
interface CaseRounds {
  rounds: Outcome[];
  outcome: Outcome;
  latency: LatencyStats;
  samples: LatencySamples[];
}

function caseRounds(rounds: Outcome[]): CaseRounds {
  const samples = rounds.flatMap((round) => (round.status === "measured" ? [round.samples] : []));
  return { rounds, outcome: medianRound(rounds), latency: pooledLatency(samples), samples };
}

/**
 * The median round: by p99 when every round delivered the window's edits,
 * else by deliveries a second (more is better). A round that did not measure
 * stands for the case, so a failure is never hidden by the others.
 */
function medianRound(rounds: Outcome[]): Outcome {
  const unmeasured = rounds.find((round) => round.status !== "measured");
  if (unmeasured) return unmeasured;
  const measured = rounds as Measured[];
  const ranked = measured.every((r) => !serverBehind(r) && r.latency.p99 !== null)
    ? [...measured].sort((a, b) => a.latency.p99! - b.latency.p99!)
    : [...measured].sort((a, b) => b.deliveries - a.deliveries);
  return ranked[Math.floor((ranked.length - 1) / 2)]!;
}

/** When the generator could not keep its schedule, its backlog is part of the latency measured. */
const fellBehind = (outcome: Outcome | undefined) => {
  const r = measuredOutcome(outcome);
  return r !== null && r.edits / r.measureSeconds < 0.9 * r.repsSynced * EDITS_PER_REP_PER_SECOND;
};

/**
 * Tandem's p99 minus the best other's, with its 95% interval (sync-stats.ts):
 * an interval that spans zero says the two are within this machine's noise.
 */
function differenceNote(difference: number, tandem: LatencySamples[], best: LatencySamples[]): string {
  const interval = p99DifferenceInterval(tandem, best);
  const signed = (x: number) => `${x > 0 ? "+" : x < 0 ? "−" : "±"}${ms(Math.abs(x))}`;
  return `Tandem − best: ${signed(difference)} ms` + (interval ? `, 95% interval ${signed(interval[0])} to ${signed(interval[1])} ms` : "");
}

/** Past this, the generator's own delays (a busy machine) are a visible part of the latencies compared. */
const NOTED_GENERATOR_LAG_MS = 5;

/** A server that had not delivered the window's edits by the end of the drain: its latencies cover only those that arrived. */
const serverBehind = (r: Measured) => deliveredShare(r) < 0.99;

/**
 * Tandem against the best of the others, on p99 among the servers that
 * delivered the window's edits. When no server kept up with the load, p99s
 * of the few edits that arrived say little: the comparison is then on how
 * many deliveries each made a second.
 */
function targets(cases: Map<string, CaseRounds>): Record<string, Record<string, string>> {
  const table: Record<string, Record<string, string>> = {};
  const percent = (share: number) => `${(share * 100).toFixed(1)}% delivered`;
  const perSecond = (r: Measured) => Math.round(r.deliveries / r.measureSeconds);
  for (const reps of REPS) {
    const tandemCase = cases.get(label("tandem", reps));
    const tandem = measuredOutcome(tandemCase?.outcome);
    const others = SERVERS.filter((kind) => kind !== "tandem").flatMap((kind) => {
      const other = cases.get(label(kind, reps));
      const r = measuredOutcome(other?.outcome);
      return r && other?.latency.p99 != null ? [{ kind, r, p99: other.latency.p99, samples: other.samples }] : [];
    });
    const compared = [tandem, ...others.map((other) => other.r)].filter((r) => r !== null);
    const generatorBehind = compared.some((r) => fellBehind(r));
    const generatorLag = Math.max(0, ...compared.map((r) => r.generatorLoopDelayP99Ms));
    const row = (target: string, measured: string, result: string, note = "") => ({
      target,
      measured,
      result,
      note: [
        note,
        generatorBehind ? "load generator behind schedule" : "",
        generatorLag > NOTED_GENERATOR_LAG_MS ? `load generator lag p99 up to ${ms(generatorLag)} ms, part of the latencies` : "",
      ]
        .filter(Boolean)
        .join("; "),
    });
    const name = `Tandem p99, ${reps} reps`;
    const keptUp = others.filter((other) => !serverBehind(other.r)).sort((a, b) => a.p99 - b.p99);
    const p99 = tandemCase?.latency.p99 ?? null;
    if (!tandem || p99 === null) {
      table[name] = row("≤ the best of the others", "–", "unavailable");
    } else if (!serverBehind(tandem)) {
      const best = keptUp[0];
      table[name] = best
        ? row(`≤ ${ms(best.p99)} ms (best: ${best.kind})`, `${ms(p99)} ms`, p99 <= best.p99 ? "PASS" : "FAIL", differenceNote(p99 - best.p99, tandemCase!.samples, best.samples))
        : row("≤ the best of the others", `${ms(p99)} ms`, others.length ? "PASS" : "no comparison", others.length ? "the others fell behind" : "");
    } else if (keptUp.length) {
      table[name] = row(`≤ ${ms(keptUp[0]!.p99)} ms (best: ${keptUp[0]!.kind})`, `fell behind, ${percent(deliveredShare(tandem))}`, "FAIL");
    } else {
      const best = others.sort((a, b) => perSecond(b.r) - perSecond(a.r))[0];
      table[name] = row(
        best ? `≥ ${perSecond(best.r)} deliveries/s (best: ${best.kind})` : "≥ the best of the others",
        `${perSecond(tandem)} deliveries/s, ${percent(deliveredShare(tandem))}`,
        !best ? "no comparison" : perSecond(tandem) >= perSecond(best.r) ? "PASS" : "FAIL",
        "every server fell behind: compared on deliveries/s",
      );
    }
  }
  return table;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "tandem-sync-bench-"));
  const cleanup = () => {
    for (const child of children) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  const interrupt = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping every server and load generator.`);
    cleanup();
    process.exit(1);
  };
  process.once("SIGINT", interrupt);
  process.once("SIGTERM", interrupt);
  // A backstop over the per-step timeouts: whatever hangs, the bench ends.
  const runs = REPS.length * SERVERS.length * ROUNDS;
  const watchdog = setTimeout(() => {
    console.error("The sync benchmark ran out of time.");
    cleanup();
    process.exit(1);
  }, runs * (START_TIMEOUT_MS.tandem + LOAD_TIMEOUT_MS + 20_000));
  watchdog.unref();

  const rounds = new Map<string, Outcome[]>();
  try {
    const seed = SERVERS.some((kind) => kind !== "tandem") ? await demoConversations(join(dir, "demo-fixture.db")) : null;
    console.log(
      `${SERVERS.join(", ")}; ${REPS.join(", ")} reps, an edit each every ${EDIT_INTERVAL_MS} ms; ${WARMUP_SECONDS} s warm-up, ${MEASURE_SECONDS} s measured; ` +
        `${ROUNDS} round${ROUNDS === 1 ? "" : "s"}` +
        (seed ? `; ${seed.length} conversations seeded where the server does not fill the inbox itself.` : "."),
    );
    for (const reps of REPS) {
      for (let round = 0; round < ROUNDS; round++) {
        // Rotated, so no server always runs first (or last) on a machine that warms up or gets busy.
        const order = SERVERS.map((_, i) => SERVERS[(i + round) % SERVERS.length]!);
        for (const kind of order) {
          const caseDir = join(dir, `${kind}-${reps}-${round}`);
          mkdirSync(caseDir);
          console.log(`  ${label(kind, reps)}, round ${round + 1} of ${ROUNDS} …`);
          const outcome = await runCase(kind, reps, caseDir, seed);
          if (outcome.status !== "measured") console.log(`    ${outcome.status}: ${outcome.reason}`);
          else console.log(`    p99 ${ms(outcome.latency.p99)} ms, ${Math.round(outcome.deliveries / outcome.measureSeconds)} deliveries/s`);
          rounds.set(label(kind, reps), [...(rounds.get(label(kind, reps)) ?? []), outcome]);
        }
      }
    }
  } finally {
    await Promise.all([...children].map(stopChild));
    rmSync(dir, { recursive: true, force: true });
  }

  // Listed by N, then server, whatever order the rounds ran in.
  const outcomes = new Map<string, CaseRounds>();
  for (const reps of REPS) {
    for (const kind of SERVERS) {
      const ofCase = rounds.get(label(kind, reps));
      if (ofCase) outcomes.set(label(kind, reps), caseRounds(ofCase));
    }
  }
  console.log(`\nPropagation latency (a rep's edit until another rep sees it), throughput and server resources (latency over the samples of all ${ROUNDS} round${ROUNDS === 1 ? "" : "s"}, the rest from the median round):`);
  console.table(Object.fromEntries([...outcomes].map(([name, caseRounds]) => [name, resultRow(caseRounds)])));
  for (const [name, { outcome }] of outcomes) if (outcome.status !== "measured") console.log(`  ${name}: ${outcome.status} (${outcome.reason})`);
  const behind = [...outcomes].filter(([, { outcome }]) => fellBehind(outcome)).map(([name]) => name);
  if (behind.length) {
    console.log(
      `  The load generator fell behind its schedule (under 90% of the planned edits) in: ${behind.join("; ")}: ` +
        "there, latency includes the generator's own backlog (see load gen CPU % and lag; BENCH_SYNC_WORKERS, BENCH_SYNC_OBSERVERS).",
    );
  }
  const serversBehind = [...outcomes].filter(([, { outcome }]) => {
    const r = measuredOutcome(outcome);
    return r !== null && serverBehind(r);
  });
  if (serversBehind.length) {
    console.log(
      `  Servers that had not delivered the window's edits ${DRAIN_TIMEOUT_MS / 1000} s after it: ${serversBehind.map(([name]) => name).join("; ")}. ` +
        "Their latencies cover only the edits that arrived; deliveries/s is what they relayed.",
    );
  }
  console.log(
    "  Latency samples are the changes an observer saw; delivered counts every edit of the window that reached every other rep by the end " +
      "(by the Yjs clocks each rep received), including writes that lost to a concurrent edit of the same field and so never showed.",
  );

  if (SERVERS.includes("tandem")) {
    console.log("\n── Targets ──");
    console.table(targets(outcomes));
  }
  clearTimeout(watchdog);
  if ([...rounds.values()].flat().some((outcome) => outcome.status === "failed")) process.exitCode = 1;
}

await main();
