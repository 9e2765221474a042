/**
 * The prompts, one versioned file per task in ai/prompts/ (TASK.vN.md). A
 * prompt is changed by adding the next version, so every stored AI output
 * names the exact text that produced it, and the evals compare versions.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const PROMPT_TASKS = ["draft-reply", "summarize", "judge-reply"] as const;
export type PromptTask = (typeof PROMPT_TASKS)[number];

export interface Prompt {
  task: PromptTask;
  /** "draft-reply@v1": what outputs record. */
  version: string;
  text: string;
}

const folder = join(dirname(fileURLToPath(import.meta.url)), "prompts");

/** The latest version of a task's prompt. */
export function currentPrompt(task: PromptTask): Prompt {
  const versions = readdirSync(folder)
    .map((file) => new RegExp(`^${task}\\.v(\\d+)\\.md$`).exec(file))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => Number(match[1]))
    .sort((a, b) => b - a);
  const latest = versions[0];
  if (latest === undefined) throw new Error(`No prompt for ${task} in ${folder}.`);
  return { task, version: `${task}@v${latest}`, text: readFileSync(join(folder, `${task}.v${latest}.md`), "utf8") };
}
