/**
 * The inbox at scale: 100,000 conversations and 1,000,000 messages in one
 * workspace. Measures what the inbox page reads (each view's list, the
 * sidebar counts), full-text search as the page runs it (list with snippets
 * plus counts), and sustained ingest through POST /api/v1/messages on a real
 * server, then checks that every acknowledged message survived a kill -9.
 *
 * Targets (the issue): list p95 ≤ 50 ms, search p95 ≤ 100 ms, ingest ≥ 500 messages/s (2 cores).
 *
 * Env knobs: BENCH_INBOX_CONVERSATIONS (100000), BENCH_INBOX_MESSAGES (1000000),
 * BENCH_ITERATIONS (200), BENCH_CASE_SECONDS (30: cap per case), BENCH_INGEST_SECONDS (15),
 * BENCH_INGEST_CLIENTS (8), BENCH_KEEP_DB=1 (keep the file), BENCH_SERVER_MODE (see inbox-server.ts).
 */
import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { closeDatabase, openDatabase, type TandemDatabase } from "../../db/connection.server";
import { countInboxViews, listInboxView, type InboxQuery } from "../../db/inbox-views.server";
import * as schema from "../../db/schema";
import { CHANNELS, customerText, generateInboxFixture, PRODUCT_TERMS, prng, type Fixture } from "./inbox-fixture";

const here = dirname(fileURLToPath(import.meta.url));
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const CONVERSATIONS = env("BENCH_INBOX_CONVERSATIONS", 100_000);
const MESSAGES = env("BENCH_INBOX_MESSAGES", 1_000_000);
const ITERATIONS = env("BENCH_ITERATIONS", 200);
const CASE_SECONDS = env("BENCH_CASE_SECONDS", 30);
const INGEST_SECONDS = env("BENCH_INGEST_SECONDS", 15);
const INGEST_WARMUP_SECONDS = 5;
const INGEST_CLIENTS = env("BENCH_INGEST_CLIENTS", 8);
const TARGET = { listP95: 50, searchP95: 100, ingestPerSecond: 500 };

/** What reps search for: common and rare product words, two-word searches, a prefix being typed, an order number no one wrote. */
const SEARCHES = [
  "export", "error", "invoice", "salesforce", "refund", "access denied",
  "sso login", "notif", "kubernetes", "hipaa", "terraform timeout", "ORD-424242",
];

/* ───────────── measuring ───────────── */

interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}
function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? NaN };
}
const ms = (x: number) => (Number.isFinite(x) ? +x.toFixed(x < 10 ? 2 : 1) : x);
const row = (s: Stats, extra: Record<string, unknown> = {}) => ({
  n: s.n, "p50 ms": ms(s.p50), "p95 ms": ms(s.p95), "p99 ms": ms(s.p99), "max ms": ms(s.max), ...extra,
});

/** Warm-up, then up to `iterations` timed calls, stopping early at the per-case time cap. */
function measure(fn: () => unknown, iterations = ITERATIONS, warmup = 3): { samples: number[]; result: unknown } {
  let result: unknown;
  for (let i = 0; i < warmup; i++) result = fn();
  const samples: number[] = [];
  const stopAt = performance.now() + CASE_SECONDS * 1000;
  for (let i = 0; i < iterations && performance.now() < stopAt; i++) {
    const t0 = performance.now();
    result = fn();
    samples.push(performance.now() - t0);
  }
  return { samples, result };
}

/** Each statement a call runs, with SQLite's plan: to see which index answers it. */
function queryPlans(db: TandemDatabase & { $client: Database.Database }, run: (db: TandemDatabase) => unknown): string {
  const statements: { sql: string; params: unknown[] }[] = [];
  const recording = drizzle(db.$client, { schema, logger: { logQuery: (sql, params) => void statements.push({ sql, params }) } });
  run(recording as unknown as TandemDatabase);
  return statements
    .map(({ sql, params }) => {
      const driverParams = params.map((p) => (p instanceof Date ? p.getTime() : typeof p === "boolean" ? Number(p) : p));
      const plan = db.$client.prepare(`explain query plan ${sql}`).all(...driverParams) as { detail: string }[];
      return `  ${sql.replace(/\s+/g, " ").slice(0, 160)}…\n${plan.map((step) => `      ${step.detail}`).join("\n")}`;
    })
    .join("\n");
}

/* ───────────── ingest through the API ───────────── */

interface IngestResult {
  synchronous: string;
  messagesPerSecond: number;
  latency: Stats;
  acked: number;
  otherStatuses: Record<string, number>;
  errors: number;
  missing: number;
}

async function startServer(path: string, synchronous?: string) {
  const child = spawn(process.execPath, ["--import", "tsx", join(here, "inbox-server.ts")], {
    env: { ...process.env, BENCH_DB: path, ...(synchronous ? { BENCH_SYNCHRONOUS: synchronous } : {}) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  // The server prints one JSON line once it listens; anything before it is the app build talking.
  const listening = new Promise<string>((resolve) => lines.on("line", (line) => line.startsWith("{") && resolve(line)));
  const first = await Promise.race([
    listening,
    new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`server exited (${code}) before listening`)))),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error("server did not start in 180 s")), 180_000).unref()),
  ]);
  const info = JSON.parse(first) as { port: number; token: string; synchronous: string };
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  /** SIGKILL: a process crash. Nothing is flushed or checkpointed on the way out. */
  const kill = async () => {
    child.kill("SIGKILL");
    await exited;
  };
  return { ...info, url: `http://127.0.0.1:${info.port}`, kill };
}

/** Half new conversations from new contacts, half follow-ups in existing threads (closed and snoozed ones reopen). */
function inboundMessage(r: ReturnType<typeof prng>, fixture: Fixture, externalId: string, n: number) {
  if (r.next() < 0.5) {
    const channel = CHANNELS[r.int(3)]!;
    const product = r.zipf(PRODUCT_TERMS);
    return {
      channel, externalId, threadId: `${externalId}-thread`,
      contact: { name: `New Customer ${n}`, email: `new-${externalId}@newco${n % 500}.example` },
      ...(channel === "email" ? { subject: `Problem with ${product}` } : {}),
      text: customerText(r, product),
    };
  }
  const k = r.int(fixture.conversationChannel.length);
  return {
    channel: CHANNELS[fixture.conversationChannel[k]!]!, externalId, threadId: `thread-${fixture.firstConversationId + k}`,
    contact: { email: fixture.contactEmails[fixture.conversationContact[k]!]! },
    text: customerText(r, r.zipf(PRODUCT_TERMS)),
  };
}

/**
 * One POST on a keep-alive connection. node:http rather than fetch: the load
 * generator shares the machine's two cores with the server, and fetch spends
 * about twice the CPU per request.
 */
function post(url: string, agent: Agent, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: "POST", agent, timeout: 10_000, headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode!));
    });
    outgoing.on("timeout", () => outgoing.destroy(new Error("timed out")));
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

async function ingest(path: string, fixture: Fixture, runTag: string, synchronous?: string): Promise<IngestResult> {
  const server = await startServer(path, synchronous);
  const r = prng(runTag.length * 7919 + 17);
  const endpoint = `${server.url}/api/v1/messages`;
  const headers = { authorization: `Bearer ${server.token}`, "content-type": "application/json" };
  const agent = new Agent({ keepAlive: true, maxSockets: INGEST_CLIENTS });
  const acked: string[] = [];
  const latencies: number[] = [];
  const otherStatuses: Record<string, number> = {};
  let errors = 0;
  let sequence = 0;
  let measuredAcked = 0;
  const warmupEnds = performance.now() + INGEST_WARMUP_SECONDS * 1000;
  const deadline = warmupEnds + INGEST_SECONDS * 1000;

  const client = async (clientIndex: number) => {
    while (performance.now() < deadline) {
      const n = sequence++;
      const externalId = `bench-${runTag}-${clientIndex}-${n}`;
      const payload = JSON.stringify(inboundMessage(r, fixture, externalId, n));
      const t0 = performance.now();
      try {
        const status = await post(endpoint, agent, headers, payload);
        if (status === 201) {
          acked.push(externalId);
          if (t0 >= warmupEnds) {
            latencies.push(performance.now() - t0);
            measuredAcked++;
          }
        } else otherStatuses[status] = (otherStatuses[status] ?? 0) + 1;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: INGEST_CLIENTS }, (_, i) => client(i)));
  const measuredSeconds = (performance.now() - warmupEnds) / 1000;
  agent.destroy();
  await server.kill();

  // Reopen the file after the crash: WAL recovery runs, then every acknowledged message must be there.
  const check = new Database(path);
  const find = check.prepare("select 1 from messages where workspace_id = ? and channel_message_id = ?");
  const missing = acked.filter((externalId) => !find.get(fixture.workspaceId, `api:${externalId}`)).length;
  check.close();
  return {
    synchronous: server.synchronous, messagesPerSecond: measuredAcked / measuredSeconds, latency: stats(latencies),
    acked: acked.length, otherStatuses, errors, missing,
  };
}

/* ───────────── the benchmark ───────────── */

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "tandem-inbox-bench-"));
  const path = join(dir, "inbox.db");
  try {
    console.log(`Generating ${CONVERSATIONS.toLocaleString("en")} conversations, ${MESSAGES.toLocaleString("en")} messages into ${path} …`);
    const fixture = generateInboxFixture(path, { conversations: CONVERSATIONS, messages: MESSAGES, accounts: 2_000, users: 4 });
    const c = fixture.counts;
    console.log(
      `Generated in ${fixture.seconds.toFixed(1)} s: ${c.conversations} conversations (${c.open} open, ${c.unassignedOpen} of them unassigned; ` +
        `${c.snoozed} snoozed; ${c.closed} closed), ${c.messages} messages; file ${(statSync(path).size / 1e6).toFixed(0)} MB.`,
    );

    const db = openDatabase(path);
    const viewer = { workspaceId: fixture.workspaceId, userId: fixture.userIds[1]!, teamId: null };
    const view = (query: Partial<InboxQuery>): InboxQuery => ({ view: "open", ...query });

    /* ── the list ── */
    const listCases: [string, Partial<InboxQuery>][] = [
      ["All open", {}],
      ["Unassigned", { view: "unassigned" }],
      ["Mine", { view: "mine" }],
      ["SLA at risk", { view: "sla" }],
      ["Snoozed", { view: "snoozed" }],
      ["Closed", { view: "closed" }],
      ["All open, channel = slack", { channel: "slack" }],
      ["All open, priority = urgent", { priority: "urgent" }],
    ];
    const listResults: Record<string, ReturnType<typeof row>> = {};
    const listSamples: number[] = [];
    for (const [label, query] of listCases) {
      const { samples, result } = measure(() => listInboxView(db, viewer, view(query)));
      listSamples.push(...samples);
      listResults[label] = row(stats(samples), { rows: (result as unknown[]).length });
    }
    const counts = measure(() => countInboxViews(db, viewer, {}));
    listResults["Sidebar counts (every view)"] = row(stats(counts.samples));
    const list = stats(listSamples);
    console.log(`\nThe inbox list: listInboxView, a page of 200 (after 3 warm-ups; up to ${ITERATIONS} calls or ${CASE_SECONDS} s per view):`);
    console.table(listResults);

    /* ── search ── */
    const perSearch = Math.max(20, Math.ceil(ITERATIONS / SEARCHES.length));
    const searchResults: Record<string, ReturnType<typeof row>> = {};
    const searchSamples: number[] = [];
    for (const q of SEARCHES) {
      // The page's reads for a search: the open view's first page with snippets, and every view's count.
      const { samples, result } = measure(() => {
        const rows = listInboxView(db, viewer, view({ q }));
        return { rows, counts: countInboxViews(db, viewer, { q }) };
      }, perSearch);
      searchSamples.push(...samples);
      const { rows, counts: found } = result as { rows: unknown[]; counts: Record<string, number> };
      searchResults[q] = row(stats(samples), { rows: rows.length, "conversations matching": found.open! + found.snoozed! + found.closed! });
    }
    const search = stats(searchSamples);
    searchResults["ALL (the mix)"] = row(search);
    console.log(`\nSearch as the inbox page runs it: first page with snippets + every view's count (${perSearch} calls per search):`);
    console.table(searchResults);

    console.log("\nQuery plans: the All open list, then a search");
    console.log(queryPlans(db, (recording) => listInboxView(recording, viewer, view({}))));
    console.log(queryPlans(db, (recording) => {
      listInboxView(recording, viewer, view({ q: "access denied" }));
      countInboxViews(recording, viewer, { q: "access denied" });
    }));
    closeDatabase(db);

    /* ── ingest ── */
    console.log(`\nIngest: ${INGEST_CLIENTS} keep-alive clients POST /api/v1/messages to a real server (its own process) on 127.0.0.1 for ` +
      `${INGEST_WARMUP_SECONDS} s warm-up + ${INGEST_SECONDS} s; half new conversations, half follow-ups; then kill -9 and recount.`);
    const shipped = await ingest(path, fixture, "shipped");
    const full = await ingest(path, fixture, "full", "FULL");
    const ingestTable: Record<string, Record<string, unknown>> = {};
    for (const [label, result] of [["as shipped", shipped], ["fsync every commit", full]] as const) {
      ingestTable[`${label} (synchronous=${result.synchronous})`] = {
        "messages/s": Math.round(result.messagesPerSecond), "p50 ms": ms(result.latency.p50), "p95 ms": ms(result.latency.p95),
        "p99 ms": ms(result.latency.p99), "201s (incl. warm-up)": result.acked, "missing after kill -9": result.missing,
        "other statuses": JSON.stringify(result.otherStatuses), errors: result.errors,
      };
    }
    console.table(ingestTable);

    /* ── verdict ── */
    const verdict = (ok: boolean) => (ok ? "PASS" : "FAIL");
    const missing = shipped.missing + full.missing;
    console.log("\n── Targets ──");
    console.table({
      "list p95 (every view above)": { target: `≤ ${TARGET.listP95} ms`, measured: `${ms(list.p95)} ms`, result: verdict(list.p95 <= TARGET.listP95) },
      "search p95 (the mix)": { target: `≤ ${TARGET.searchP95} ms`, measured: `${ms(search.p95)} ms`, result: verdict(search.p95 <= TARGET.searchP95) },
      "ingest, as shipped": { target: `≥ ${TARGET.ingestPerSecond}/s`, measured: `${Math.round(shipped.messagesPerSecond)}/s`, result: verdict(shipped.messagesPerSecond >= TARGET.ingestPerSecond) },
      "every 201 present after kill -9": { target: "0 missing", measured: `${missing} of ${shipped.acked + full.acked}`, result: verdict(missing === 0) },
    });
    console.log(
      "Durability: the server commits a message's transaction before it answers 201. In WAL mode synchronous=NORMAL does not fsync each commit: " +
        "a commit survives a crash of the process (checked above with kill -9), but the last commits may be lost if the OS crashes or the power fails. " +
        "synchronous=FULL fsyncs the WAL on every commit and survives that too (not testable here without pulling the plug).",
    );
  } finally {
    if (process.env.BENCH_KEEP_DB === "1") console.log(`Kept ${path}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main();
