/** What every grader shares: how a figure is named and filed, and how cases are run. */
import type { AiProvider } from "../../ai/provider.server";
import type { Datasets } from "../datasets.server";
import { SPLITS, type CaseResult, type Metric, type Split } from "../results";

export interface Grading {
  provider: AiProvider;
  datasets: Datasets;
  /** The current version of each prompt, by task ("draft-reply" → "draft-reply@v1"). */
  promptVersions: Record<string, string>;
  /** Every current prompt's text: no output may repeat one. */
  promptTexts: readonly string[];
  /** Called once per AI call, for the progress bar. */
  tick: () => void;
  /** AI calls in flight at once: 1 for the in-process provider, a few for a remote endpoint. */
  parallel: number;
}

export interface Graded {
  metrics: Metric[];
  cases: CaseResult[];
  /** Outputs the configured provider could not give, answered by the local one instead. */
  fallbacks: number;
}

export function metric(fields: Omit<Metric, "id">): Metric {
  return { id: `${fields.task}.${fields.name}${fields.criterion ? `.${fields.criterion}` : ""}@${fields.split}`, ...fields };
}

/** The cases of each split, dev first. */
export function bySplit<T extends { split: Split }>(items: readonly T[]): [Split, T[]][] {
  return SPLITS.map((split) => [split, items.filter((item) => item.split === split)]);
}

export const mean = (values: readonly number[]): number | null => (values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : null);
export const share = (hits: number, total: number): number | null => (total ? hits / total : null);

/** `run` over every item, at most `limit` at a time, results in the items' order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** Lower-cased words, for finding a passage inside another however it was punctuated or wrapped. */
export const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}$%@._'-]+/gu) ?? [];

/** Whether `text` repeats any run of `length` consecutive words of `source`. */
export function repeats(text: string, source: string, length: number): boolean {
  const haystack = ` ${words(text).join(" ")} `;
  const needle = words(source);
  if (needle.length < length) return haystack.includes(` ${needle.join(" ")} `);
  for (let start = 0; start + length <= needle.length; start++) if (haystack.includes(` ${needle.slice(start, start + length).join(" ")} `)) return true;
  return false;
}

export const matches = (pattern: string, text: string) => new RegExp(pattern, "i").test(text);
