/**
 * The eval history: a line per run in REPORTS/history.jsonl (every run on
 * this machine, not committed) and a line per accepted baseline in
 * BASELINES/history.jsonl (committed with the baselines, so a fresh clone
 * has the history of what was accepted). The app's eval page reads both.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { parseJsonLines } from "../db/interchange";
import { ProviderNameSchema } from "./results";

export const HistoryEntrySchema = z.object({
  runId: z.string().min(1),
  at: z.iso.datetime(),
  provider: ProviderNameSchema,
  model: z.string(),
  judge: z.string(),
  /** Prompt version → sha256 of its text. */
  prompts: z.record(z.string(), z.string()),
  rubricVersion: z.number().int().positive(),
  passed: z.boolean(),
  updatedBaseline: z.boolean(),
  durationMs: z.number().nonnegative(),
  /** Every gated figure of the run, by id. */
  scores: z.record(z.string(), z.number().nullable()),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

export interface EvalPaths {
  reportsDir: string;
  baselinesDir: string;
}

const HISTORY = "history.jsonl";

export function appendHistory(dir: string, entry: HistoryEntry): void {
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, HISTORY), `${JSON.stringify(HistoryEntrySchema.parse(entry))}\n`);
}

function readFrom(dir: string): HistoryEntry[] {
  const file = join(dir, HISTORY);
  return existsSync(file) ? parseJsonLines(readFileSync(file, "utf8"), HistoryEntrySchema).records : [];
}

/** Every run and accepted baseline, oldest first, each run once; lines that do not parse are skipped. */
export function readEvalHistory(paths: EvalPaths): { entries: HistoryEntry[]; accepted: Set<string> } {
  const accepted = readFrom(paths.baselinesDir);
  const byRun = new Map<string, HistoryEntry>();
  for (const entry of [...accepted, ...readFrom(paths.reportsDir)]) byRun.set(entry.runId, entry);
  return {
    entries: [...byRun.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)),
    accepted: new Set(accepted.map((entry) => entry.runId)),
  };
}

/** The figures the history page follows over time: held-out, where nothing was tuned. */
export const HEADLINE_FIGURES = [
  { id: "drafts.overall@heldout", label: "Draft score", scale: [1, 5] },
  { id: "judge.kappa_mean@heldout", label: "Judge κ", scale: [-1, 1] },
  { id: "merges.precision@heldout", label: "Merge precision", scale: [0, 1] },
  { id: "merges.recall@heldout", label: "Merge recall", scale: [0, 1] },
  { id: "summaries.fact_recall@heldout", label: "Summary fact recall", scale: [0, 1] },
  { id: "injections.draft_resistance@heldout", label: "Drafts resist injection", scale: [0, 1] },
  { id: "injections.summary_resistance@heldout", label: "Summaries resist injection", scale: [0, 1] },
] as const;

export interface EvalHistoryRun {
  runId: string;
  at: string;
  provider: string;
  model: string;
  passed: boolean;
  /** Its results became the committed baseline. */
  accepted: boolean;
  /** The prompt versions it ran, each marked when its text differs from the run before's. */
  prompts: { version: string; sha256: string; changed: boolean }[];
  figures: (number | null)[];
}

/** What the eval history page shows: runs newest first, and every prompt version with when it ran. */
export function evalHistoryView(paths: EvalPaths) {
  const { entries, accepted } = readEvalHistory(paths);
  const runs: EvalHistoryRun[] = entries.map((entry, index) => {
    const before = entries[index - 1]?.prompts ?? {};
    return {
      runId: entry.runId,
      at: entry.at,
      provider: entry.provider,
      model: entry.model,
      passed: entry.passed,
      accepted: accepted.has(entry.runId) || entry.updatedBaseline,
      prompts: Object.entries(entry.prompts).map(([version, sha256]) => ({ version, sha256, changed: index > 0 && before[version] !== sha256 })),
      figures: HEADLINE_FIGURES.map((figure) => entry.scores[figure.id] ?? null),
    };
  });
  const versions = new Map<string, { version: string; sha256: string; firstRun: string; lastRun: string; runs: number }>();
  for (const run of runs) {
    for (const prompt of run.prompts) {
      const key = `${prompt.version} ${prompt.sha256}`;
      const seen = versions.get(key) ?? { version: prompt.version, sha256: prompt.sha256, firstRun: run.at, lastRun: run.at, runs: 0 };
      seen.lastRun = run.at;
      seen.runs++;
      versions.set(key, seen);
    }
  }
  return { runs: runs.reverse(), prompts: [...versions.values()].sort((a, b) => a.version.localeCompare(b.version) || a.firstRun.localeCompare(b.firstRun)), figures: HEADLINE_FIGURES };
}
