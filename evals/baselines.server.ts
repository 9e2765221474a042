/**
 * The committed baselines (evals/baselines/PROVIDER/KEY.json, one per prompt
 * version and one for what no prompt drives), and the prompts they are
 * matched against: each prompt file's current version and the sha256 of its
 * text.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { currentPrompt, PROMPT_TASKS } from "../ai/prompts.server";
import { describeIssues } from "../db/interchange";
import { BaselineSchema, type Baseline } from "./gate";
import type { PromptStamp } from "./results";

export class BaselineError extends Error {}

/** The prompt each task runs with now, and the hash of its text. */
export function currentPrompts(): (PromptStamp & { text: string })[] {
  return PROMPT_TASKS.map((task) => {
    const prompt = currentPrompt(task);
    return { task, version: prompt.version, sha256: createHash("sha256").update(prompt.text).digest("hex"), text: prompt.text };
  });
}

/** Every baseline recorded for a provider, by key; a file that does not parse stops the run. */
export function readBaselines(dir: string, provider: string): Map<string, Baseline> {
  const folder = join(dir, provider);
  const baselines = new Map<string, Baseline>();
  if (!existsSync(folder)) return baselines;
  for (const file of readdirSync(folder).filter((name) => name.endsWith(".json")).sort()) {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(join(folder, file), "utf8"));
    } catch (error) {
      throw new BaselineError(`${join(folder, file)}: not valid JSON: ${(error as Error).message}`);
    }
    const parsed = BaselineSchema.safeParse(value);
    if (!parsed.success) throw new BaselineError(`${join(folder, file)}: ${describeIssues(parsed.error)}`);
    baselines.set(parsed.data.key, parsed.data);
  }
  return baselines;
}

export function writeBaselines(dir: string, baselines: readonly Baseline[]): string[] {
  return baselines.map((baseline) => {
    const folder = join(dir, baseline.provider);
    mkdirSync(folder, { recursive: true });
    const file = join(folder, `${baseline.key}.json`);
    writeFileSync(file, `${JSON.stringify(baseline, null, 1)}\n`);
    return file;
  });
}
