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
