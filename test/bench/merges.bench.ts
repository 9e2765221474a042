/**
 * Merge proposals: how long the local index takes to find the matches of one
 * new conversation among 10,000 open ones (target: under 50 ms), when they
 * are spread over 200 accounts and when all of them belong to one account
 * (every conversation in scope, the worst case); and how right the
 * proposals are (precision and recall of pairs) on the labelled duplicate
 * reports in ../shared/data, when that folder is present.
 *
 * Env knobs: BENCH_MERGE_OPEN (10000), BENCH_MERGE_QUERIES (300).
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { MergeIndex } from "../../ai/merges/merge-index";
import { MERGE_THRESHOLD, mergeDocumentOf } from "../../ai/merges/propose";
import { InterchangeConversationSchema } from "../../db/interchange";
import { loadPublicMergeSets } from "../../evals/datasets.server";
import { matchMergeProposals } from "../../evals/graders/merges";
import { generateConversations } from "./generate-conversations";

const OPEN = Number(process.env.BENCH_MERGE_OPEN ?? 10_000);
const QUERIES = Number(process.env.BENCH_MERGE_QUERIES ?? 300);
const TARGET_MS = 50;
const SHARED_DATA = join(dirname(fileURLToPath(import.meta.url)), "../../../shared/data");

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

function latency(label: string, oneAccount: boolean) {
  const all = generateConversations(OPEN + QUERIES).map((input) => {
    const conversation = InterchangeConversationSchema.parse(input);
    return mergeDocumentOf(oneAccount ? { ...conversation, account: { id: "acme" } } : conversation);
  });
  const index = new MergeIndex();
  const built = performance.now();
  for (const document of all.slice(0, OPEN)) index.add(document);
  const buildMs = performance.now() - built;
  const times: number[] = [];
  for (const document of all.slice(OPEN)) {
    const started = performance.now();
    index.matches(document, { limit: 1, minSimilarity: MERGE_THRESHOLD });
    times.push(performance.now() - started);
    // Arriving conversations join the inbox, as they do live.
    index.add(document);
  }
  times.sort((a, b) => a - b);
  const p95 = percentile(times, 95);
  console.log(
    `${label.padEnd(34)} ${String(OPEN).padStart(6)} open  build ${(buildMs / 1000).toFixed(2)} s (${((buildMs / OPEN) * 1000).toFixed(0)} µs each)` +
      `  match p50 ${percentile(times, 50).toFixed(2)} ms  p95 ${p95.toFixed(2)} ms  max ${times.at(-1)!.toFixed(2)} ms  ${p95 < TARGET_MS ? "PASS" : "FAIL"} (< ${TARGET_MS} ms)`,
  );
}

/** Pair precision and recall of the proposals against the labelled groups. */
function quality() {
  const sets = loadPublicMergeSets(SHARED_DATA);
  if (!sets.length) {
    console.log(`\nQuality: ${SHARED_DATA} is not here; no labelled sets to measure on.`);
    return;
  }
  console.log(`\nQuality at threshold ${MERGE_THRESHOLD} (pairs of conversations proposed together):`);
  let [truePositives, proposed, expected] = [0, 0, 0];
  for (const { name, conversations, groups } of sets) {
    const started = performance.now();
    const { truth, predicted, hits } = matchMergeProposals(conversations, groups);
    const ms = performance.now() - started;
    truePositives += hits;
    proposed += predicted.size;
    expected += truth.size;
    console.log(
      `  ${name.padEnd(18)} ${String(conversations.length).padStart(4)} conversations  ${String(truth.size).padStart(3)} true pairs  ` +
        `precision ${(hits / (predicted.size || 1)).toFixed(2)}  recall ${(hits / truth.size).toFixed(2)}  (${ms.toFixed(0)} ms)`,
    );
  }
  console.log(`  ${"all".padEnd(18)} precision ${(truePositives / (proposed || 1)).toFixed(2)}  recall ${(truePositives / (expected || 1)).toFixed(2)}`);
}

console.log(`Merge proposals, local provider: one new conversation against ${OPEN} open ones (${QUERIES} arrivals)\n`);
latency("spread over 200 accounts", false);
latency("all in one account (worst case)", true);
quality();
