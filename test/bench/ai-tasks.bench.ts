/**
 * The local AI provider's tasks, timed: an account summary, a reply draft and
 * the at-risk list (every account's health score, from a seeded SQLite file),
 * on the demo workspace (always here), and,
 * when ../shared/data is present, summaries of the 643 TweetSumm dialogs with
 * how many of the human reference summary's words they contain (ROUGE-1
 * recall, stemmed, stop words out: a rough measure of coverage, not quality).
 *
 * Env knobs: BENCH_AI_ROUNDS (5): passes over the demo conversations.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { draftReply } from "../../ai/local/draft";
import { nlp } from "../../ai/local/facts";
import { groupByAccount, summarizeAccount } from "../../ai/local/summarize";
import { terms } from "../../ai/text";
import { InterchangeConversationSchema, parseConversationLines } from "../../db/interchange";
import { closeDatabase, openDatabase } from "../../db/connection.server";
import { buildMondayMorning, mondayMorningAnchor } from "../../db/seed/monday-morning";
import { listAccountRisk } from "../../server/account-risk.server";
import { seedDemoWorkspace } from "../../server/demo-seed.server";

const ROUNDS = Number(process.env.BENCH_AI_ROUNDS ?? 5);
const TWEETSUMM = join(dirname(fileURLToPath(import.meta.url)), "../../../shared/data/tweetsumm.jsonl");

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
function report(label: string, times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    `${label.padEnd(40)} n=${String(sorted.length).padStart(4)}  p50 ${percentile(sorted, 50).toFixed(2)} ms  p95 ${percentile(sorted, 95).toFixed(2)} ms  max ${sorted.at(-1)!.toFixed(2)} ms`,
  );
}
function timed<T>(times: number[], run: () => T): T {
  const started = performance.now();
  const result = run();
  times.push(performance.now() - started);
  return result;
}

const loading = performance.now();
nlp();
console.log(`English model loaded once per process in ${(performance.now() - loading).toFixed(0)} ms.\n`);

const demo = buildMondayMorning(mondayMorningAnchor(new Date()));
const conversations = demo.conversations.map((input: unknown) => InterchangeConversationSchema.parse(input));
const open = conversations.filter((conversation) => conversation.status !== "closed");
const summaries: number[] = [];
const drafts: number[] = [];
const riskList: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const group of groupByAccount(conversations)) timed(summaries, () => summarizeAccount(group));
  for (const conversation of open) timed(drafts, () => draftReply({ conversation, agentName: "Ana Lima", now: new Date().toISOString() }));
}
const dir = mkdtempSync(join(tmpdir(), "tandem-ai-bench-"));
const db = openDatabase(join(dir, "bench.db"));
const { workspace } = await seedDemoWorkspace(db);
for (let round = 0; round < ROUNDS * 4; round++) timed(riskList, () => listAccountRisk(db, workspace.id, new Date()));
closeDatabase(db);
rmSync(dir, { recursive: true, force: true });
console.log("Demo workspace, local provider:");
report("account summary (all channels)", summaries);
report("reply draft (one conversation)", drafts);
report("at-risk list (20 accounts, SQLite)", riskList);

if (existsSync(TWEETSUMM)) {
  const dialogs = parseConversationLines(readFileSync(TWEETSUMM, "utf8"));
  const references = new Map<string, string[]>(
    readFileSync(TWEETSUMM, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { id: string; referenceSummaries?: string[] })
      .map((row) => [row.id, row.referenceSummaries ?? []]),
  );
  const times: number[] = [];
  let recall = 0;
  let counted = 0;
  for (const dialog of dialogs.records) {
    const summary = timed(times, () => summarizeAccount({ account: null, conversations: [dialog] }));
    const produced = new Set(terms(`${summary.summary} ${summary.facts.map((fact) => fact.text).join(" ")}`).map((term) => term.key));
    for (const reference of references.get(dialog.id) ?? []) {
      const wanted = [...new Set(terms(reference).map((term) => term.key))];
      if (!wanted.length) continue;
      recall += wanted.filter((key) => produced.has(key)).length / wanted.length;
      counted++;
    }
  }
  console.log(`\nTweetSumm (${dialogs.records.length} dialogs from ../shared/data):`);
  report("summary of one dialog", times);
  console.log(`ROUGE-1 recall of the human reference summaries (summary and facts): ${(recall / (counted || 1)).toFixed(2)} over ${counted} references`);
} else {
  console.log(`\n${TWEETSUMM} is not here: TweetSumm coverage not measured.`);
}
