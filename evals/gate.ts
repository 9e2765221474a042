/**
 * The gate: a run passes when every prompt it ran has a baseline recorded
 * with exactly that prompt text, and no gated figure fell below its baseline
 * by more than the provider's noise. Pure: the baselines are read and
 * written by baselines.server.ts.
 */
import { z } from "zod";
import { CaseResultSchema, MetricSchema, ProviderNameSchema, type CaseResult, type Metric, type PromptStamp } from "./results";

/**
 * How far a figure may move before it counts as worse, as a share of its
 * range. `local` is deterministic: only rounding. `openai` samples: a model
 * answers the same case differently from run to run, so only a drop beyond a
 * tenth of the range (0.4 on the 1–5 scale, 0.1 on a share) fails the gate.
 */
export const NOISE = { local: 0.001, openai: 0.1 } as const;

/** The baseline of what no prompt drives (merges). */
export const NO_PROMPT = "no-prompt";

/** Prompts whose text also moves the figures filed under another's version: the judge scores the drafts. */
const ALSO_DEPENDS_ON: Record<string, string[]> = { "draft-reply": ["judge-reply"] };

export const BaselineSchema = z.object({
  /** "draft-reply@v1", or "no-prompt". */
  key: z.string().min(1),
  provider: ProviderNameSchema,
  model: z.string(),
  judge: z.string(),
  /** Every prompt the figures depend on, by version, with the sha256 of its text when recorded. */
  prompts: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
  rubricVersion: z.number().int().positive(),
  datasets: z.string(),
  recordedAt: z.iso.datetime(),
  runId: z.string(),
  metrics: z.array(MetricSchema),
  cases: z.array(CaseResultSchema),
});
export type Baseline = z.infer<typeof BaselineSchema>;

export const GateFailureSchema = z.object({ kind: z.enum(["prompt", "score", "provider"]), message: z.string(), metricId: z.string().optional() });
export type GateFailure = z.infer<typeof GateFailureSchema>;

export const CaseChangeSchema = z.object({ before: CaseResultSchema, after: CaseResultSchema });
export type CaseChange = z.infer<typeof CaseChangeSchema>;

const taskOf = (version: string) => version.replace(/@v\d+$/, "");
const versionNumber = (version: string) => Number(/@v(\d+)$/.exec(version)?.[1] ?? 0);

/** The baselines a run needs: one per prompt version it ran, and one for what no prompt drives. */
export const baselineKeys = (prompts: readonly PromptStamp[]) => [NO_PROMPT, ...prompts.map((prompt) => prompt.version)];
export const keyOf = (item: { prompt: string | null }) => item.prompt ?? NO_PROMPT;

/** The prompt versions (and their text's hash) the figures filed under `key` depend on. */
export function dependencies(key: string, prompts: readonly PromptStamp[]): Record<string, string> {
  if (key === NO_PROMPT) return {};
  const tasks = [taskOf(key), ...(ALSO_DEPENDS_ON[taskOf(key)] ?? [])];
  return Object.fromEntries(prompts.filter((prompt) => tasks.includes(prompt.task)).map((prompt) => [prompt.version, prompt.sha256]));
}

/** The baseline of the version before `key`'s, when one was recorded: "draft-reply@v1" for "draft-reply@v2". */
export function previousVersion(key: string, baselines: ReadonlyMap<string, Baseline>): Baseline | undefined {
  if (key === NO_PROMPT) return undefined;
  return [...baselines.values()]
    .filter((baseline) => baseline.key !== NO_PROMPT && taskOf(baseline.key) === taskOf(key) && versionNumber(baseline.key) < versionNumber(key))
    .sort((a, b) => versionNumber(b.key) - versionNumber(a.key))[0];
}

const margin = (metric: Metric, provider: keyof typeof NOISE) => NOISE[provider] * (metric.scale[1] - metric.scale[0]);

/** Whether `now` is worse than `before` beyond the noise. */
export function fellBelow(now: Metric, before: Metric, provider: keyof typeof NOISE): boolean {
  if (now.value === null || before.value === null) return false;
  return now.better === "higher" ? now.value < before.value - margin(now, provider) : now.value > before.value + margin(now, provider);
}

export interface GateInput {
  provider: keyof typeof NOISE;
  prompts: readonly PromptStamp[];
  metrics: readonly Metric[];
  cases: readonly CaseResult[];
  baselines: ReadonlyMap<string, Baseline>;
}

export interface GateResult {
  failures: GateFailure[];
  /** Cases that passed and now fail, or whose quality dropped beyond the noise. */
  worse: CaseChange[];
}

export function checkGate({ provider, prompts, metrics, cases, baselines }: GateInput): GateResult {
  const failures: GateFailure[] = [];
  const worse: CaseChange[] = [];
  const current = new Map(prompts.map((prompt) => [prompt.version, prompt.sha256]));
  for (const key of baselineKeys(prompts)) {
    const baseline = baselines.get(key);
    if (!baseline) {
      failures.push({
        kind: "prompt",
        message:
          key === NO_PROMPT
            ? "There is no baseline for the tasks without a prompt (merges): run `npm run evals -- --update-baseline`."
            : `${key} has no baseline: the prompt changed without a matching result. Run \`npm run evals -- --update-baseline\` and commit evals/baselines/.`,
      });
      continue;
    }
    for (const [version, sha256] of Object.entries(baseline.prompts)) {
      const now = current.get(version);
      if (now === sha256) continue;
      failures.push({
        kind: "prompt",
        message: now
          ? `${version} changed since the ${key} baseline was recorded (${sha256.slice(0, 8)} → ${now.slice(0, 8)}) without a matching result: run \`npm run evals -- --update-baseline\`.`
          : `The ${key} baseline was measured with ${version}, which is no longer the current prompt: run \`npm run evals -- --update-baseline\`.`,
      });
    }
    for (const before of baseline.metrics) {
      if (!before.gated) continue;
      const now = metrics.find((candidate) => candidate.id === before.id);
      if (!now) failures.push({ kind: "score", metricId: before.id, message: `${before.id} is no longer measured.` });
      else if (fellBelow(now, before, provider)) {
        failures.push({ kind: "score", metricId: before.id, message: `${before.id} fell from ${before.value!.toFixed(3)} to ${now.value!.toFixed(3)} (noise margin ${margin(now, provider).toFixed(3)}).` });
      }
    }
    for (const before of baseline.cases) {
      const after = cases.find((candidate) => candidate.task === before.task && candidate.id === before.id);
      if (after && ((before.passed && !after.passed) || after.quality < before.quality - NOISE[provider])) worse.push({ before, after });
    }
  }
  return { failures, worse };
}

/** The baselines a run records: its figures and cases, filed by prompt version. */
export function baselinesOf(run: { provider: keyof typeof NOISE; model: string; judge: string; prompts: readonly PromptStamp[]; rubricVersion: number; datasets: string; runId: string; startedAt: string; metrics: readonly Metric[]; cases: readonly CaseResult[] }): Baseline[] {
  return baselineKeys(run.prompts).map((key) => ({
    key,
    provider: run.provider,
    model: run.model,
    judge: run.judge,
    prompts: dependencies(key, run.prompts),
    rubricVersion: run.rubricVersion,
    datasets: run.datasets,
    recordedAt: run.startedAt,
    runId: run.runId,
    metrics: run.metrics.filter((metric) => keyOf(metric) === key),
    cases: run.cases.filter((result) => keyOf(result) === key),
  }));
}

