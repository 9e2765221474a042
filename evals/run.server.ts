/**
 * One eval run: every dataset through the active provider and its judge,
 * graded per task, criterion and split, compared with the committed
 * baselines of the prompt versions it ran and with the previous version's.
 * With `updateBaseline` the run's results become the baselines.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { AiProvider } from "../ai/provider.server";
import { currentPrompts, readBaselines, writeBaselines } from "./baselines.server";
import { loadDatasets, loadPublicMergeSets } from "./datasets.server";
import { baselinesOf, CaseChangeSchema, checkGate, GateFailureSchema, keyOf, previousVersion, type Baseline } from "./gate";
import { gradeDrafts } from "./graders/drafts";
import type { Graded, Grading } from "./graders/grading";
import { gradeInjections } from "./graders/injections";
import { gradeJudge } from "./graders/judge";
import { gradeMerges, matchMergeProposals } from "./graders/merges";
import { gradeSummaries } from "./graders/summaries";
import type { HistoryEntry } from "./history.server";
import { CaseResultSchema, EVAL_TASKS, ExtraFigureSchema, MetricSchema, PromptStampSchema, ProviderNameSchema, type EvalTask, type ExtraFigure } from "./results";
import { RECOVERY_RUBRIC } from "./rubric";

export const RunMetricSchema = MetricSchema.extend({
  baseline: z.number().nullable(),
  /** The same figure under the previous version of its prompt, when that was recorded. */
  previous: z.number().nullable(),
  previousPrompt: z.string().nullable(),
});
export type RunMetric = z.infer<typeof RunMetricSchema>;

export const EvalRunSchema = z.object({
  runId: z.string(),
  startedAt: z.iso.datetime(),
  durationMs: z.number(),
  provider: ProviderNameSchema,
  model: z.string(),
  judge: z.string(),
  prompts: z.array(PromptStampSchema),
  rubricVersion: z.number().int(),
  datasets: z.string(),
  metrics: z.array(RunMetricSchema),
  cases: z.array(CaseResultSchema),
  /** Cases that got worse than their baseline, before and after. */
  worse: z.array(CaseChangeSchema),
  gate: z.object({ passed: z.boolean(), updatedBaseline: z.boolean(), failures: z.array(GateFailureSchema), baselineFiles: z.array(z.string()) }),
  fallbacks: z.number().int(),
  timings: z.record(z.string(), z.number()),
  extra: z.array(ExtraFigureSchema),
});
export type EvalRun = z.infer<typeof EvalRunSchema>;

export interface EvalOptions {
  provider: AiProvider;
  baselinesDir: string;
  updateBaseline: boolean;
  datasetsDir?: string;
  /** ../shared/data: measured for the report when present, never gated. */
  sharedDataDir?: string;
  /** AI calls in flight at once. */
  parallel?: number;
  /** Told the number of AI calls ahead, then once per call. */
  progress?: { start(total: number): void; tick(task: EvalTask): void };
}

/** Merge precision and recall on each labelled set of ../shared/data: reported, never gated, so a set that does not read is said, not fatal. */
function sharedDataFigures(dir: string | undefined): ExtraFigure[] {
  let sets: ReturnType<typeof loadPublicMergeSets>;
  try {
    sets = dir ? loadPublicMergeSets(dir) : [];
  } catch (error) {
    return [{ label: "merges on ../shared/data", value: `not measured: ${(error as Error).message}` }];
  }
  return sets.map(({ name, conversations, groups }) => {
    const { truth, predicted, hits } = matchMergeProposals(conversations, groups);
    return {
      label: `merges on ../shared/data/${name}.jsonl (${conversations.length} conversations)`,
      value: `precision ${(hits / (predicted.size || 1)).toFixed(2)}, recall ${(hits / (truth.size || 1)).toFixed(2)}`,
    };
  });
}

/** AI calls each task makes, for the progress bar. */
const CALLS: Record<EvalTask, (datasets: ReturnType<typeof loadDatasets>) => number> = {
  merges: (datasets) => datasets.merges.length,
  summaries: (datasets) => datasets.summaries.length,
  drafts: (datasets) => datasets.drafts.length * 2,
  injections: (datasets) => datasets.injections.length * 2,
  judge: (datasets) => datasets.handScored.length,
};

const GRADERS: Record<EvalTask, (grading: Grading) => Graded | Promise<Graded>> = {
  merges: gradeMerges,
  summaries: gradeSummaries,
  drafts: gradeDrafts,
  injections: gradeInjections,
  judge: gradeJudge,
};

export async function runEvals(options: EvalOptions): Promise<EvalRun> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const datasets = loadDatasets(options.datasetsDir);
  const prompts = currentPrompts();
  const baselines = readBaselines(options.baselinesDir, options.provider.name);
  options.progress?.start(EVAL_TASKS.reduce((sum, task) => sum + CALLS[task](datasets), 0));

  const results: Graded[] = [];
  const timings: Record<string, number> = {};
  for (const task of EVAL_TASKS) {
    const grading: Grading = {
      provider: options.provider,
      datasets,
      promptVersions: Object.fromEntries(prompts.map((prompt) => [prompt.task, prompt.version])),
      promptTexts: prompts.map((prompt) => prompt.text),
      tick: () => options.progress?.tick(task),
      parallel: options.parallel ?? 1,
    };
    const taskStarted = performance.now();
    results.push(await GRADERS[task](grading));
    timings[task] = Math.round(performance.now() - taskStarted);
  }
  const metrics = results.flatMap((result) => result.metrics);
  const cases = results.flatMap((result) => result.cases);
  const fallbacks = results.reduce((sum, result) => sum + result.fallbacks, 0);
  const stamps = prompts.map(({ task, version, sha256 }) => ({ task, version, sha256 }));
  const gate = checkGate({ provider: options.provider.name, prompts: stamps, metrics, cases, baselines });
  if (fallbacks > 0) {
    gate.failures.push({ kind: "provider", message: `${fallbacks} output(s) came from the local provider because the ${options.provider.name} endpoint failed: these figures do not measure it.` });
  }
  const run = {
    runId: randomUUID(),
    startedAt,
    provider: options.provider.name,
    model: options.provider.model,
    judge: `${options.provider.name}:${options.provider.model}`,
    prompts: stamps,
    rubricVersion: RECOVERY_RUBRIC.version,
    datasets: datasets.sha256,
    metrics,
    cases,
  };
  const recorded = options.updateBaseline ? baselinesOf(run) : [];
  const baselineFiles = recorded.length ? writeBaselines(options.baselinesDir, recorded) : [];
  const figure = (baseline: Baseline | undefined, id: string) => baseline?.metrics.find((metric) => metric.id === id)?.value ?? null;
  return EvalRunSchema.parse({
    ...run,
    durationMs: Math.round(performance.now() - started),
    metrics: metrics.map((metric) => {
      const previous = previousVersion(keyOf(metric), baselines);
      return { ...metric, baseline: figure(baselines.get(keyOf(metric)), metric.id), previous: figure(previous, metric.id), previousPrompt: previous?.key ?? null };
    }),
    worse: gate.worse,
    // Updating the baseline accepts this run's results: what it reports as worse is now the bar.
    gate: { passed: options.updateBaseline || gate.failures.length === 0, updatedBaseline: options.updateBaseline, failures: gate.failures, baselineFiles },
    fallbacks,
    timings,
    extra: sharedDataFigures(options.sharedDataDir),
  });
}

/** The line a run adds to the eval history. */
export function historyEntryOf(run: EvalRun): HistoryEntry {
  return {
    runId: run.runId,
    at: run.startedAt,
    provider: run.provider,
    model: run.model,
    judge: run.judge,
    prompts: Object.fromEntries(run.prompts.map((prompt) => [prompt.version, prompt.sha256])),
    rubricVersion: run.rubricVersion,
    passed: run.gate.passed,
    updatedBaseline: run.gate.updatedBaseline,
    durationMs: run.durationMs,
    scores: Object.fromEntries(run.metrics.filter((metric) => metric.gated).map((metric) => [metric.id, metric.value])),
  };
}
