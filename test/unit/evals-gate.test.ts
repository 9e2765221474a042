import { describe, expect, it } from "vitest";
import { baselinesOf, checkGate, previousVersion, type Baseline } from "../../evals/gate";
import { metric } from "../../evals/graders/grading";
import { htmlReport } from "../../evals/report/html";
import { terminalTable } from "../../evals/report/terminal";
import { wordDiff } from "../../evals/report/word-diff";
import type { CaseResult, Metric, PromptStamp } from "../../evals/results";
import { EvalRunSchema, type EvalRun } from "../../evals/run.server";

const sha = (digit: string) => digit.repeat(64);
const prompts: PromptStamp[] = [
  { task: "draft-reply", version: "draft-reply@v2", sha256: sha("a") },
  { task: "judge-reply", version: "judge-reply@v1", sha256: sha("b") },
];
const figure = (value: number, overrides: Partial<Metric> = {}) =>
  metric({ task: "drafts", name: "overall", split: "heldout", value, better: "higher", scale: [1, 5], gated: true, n: 9, prompt: "draft-reply@v2", ...overrides });
const draftCase = (passed: boolean, quality: number): CaseResult => ({ task: "drafts", id: "sup-04", split: "dev", prompt: "draft-reply@v2", passed, quality, detail: passed ? "meets every expectation" : "next_step 2 < 4", output: passed ? "I'll update you by 15:00 UTC today." : "We'll look into it." });
const run = (metrics: Metric[], cases: CaseResult[] = []) => ({ provider: "local" as const, model: "m", judge: "local:m", prompts, rubricVersion: 1, datasets: "d", runId: "r1", startedAt: "2026-03-01T00:00:00.000Z", metrics, cases });
const recorded = (metrics: Metric[], cases: CaseResult[] = []) => new Map(baselinesOf(run(metrics, cases)).map((baseline) => [baseline.key, baseline]));

describe("the eval gate", () => {
  it("passes a run that matches its baselines, and files each figure under its prompt version with the hashes it depends on", () => {
    const baselines = recorded([figure(4.5)]);
    expect([...baselines.keys()]).toEqual(["no-prompt", "draft-reply@v2", "judge-reply@v1"]);
    // Drafts are scored by the judge: the judge's prompt is part of their baseline.
    expect(baselines.get("draft-reply@v2")!.prompts).toEqual({ "draft-reply@v2": sha("a"), "judge-reply@v1": sha("b") });
    expect(checkGate({ provider: "local", prompts, metrics: [figure(4.5)], cases: [], baselines })).toEqual({ failures: [], worse: [] });
  });

  it("fails a prompt without a baseline, and one whose text changed since its baseline", () => {
    const baselines = recorded([figure(4.5)]);
    baselines.delete("draft-reply@v2");
    expect(checkGate({ provider: "local", prompts, metrics: [figure(4.5)], cases: [], baselines }).failures.map((failure) => failure.message)).toEqual([
      expect.stringMatching(/^draft-reply@v2 has no baseline: the prompt changed without a matching result/),
    ]);
    const edited = prompts.map((prompt) => (prompt.task === "judge-reply" ? { ...prompt, sha256: sha("c") } : prompt));
    const failures = checkGate({ provider: "local", prompts: edited, metrics: [figure(4.5)], cases: [], baselines: recorded([figure(4.5)]) }).failures;
    expect(failures.map((failure) => failure.message)).toEqual([
      expect.stringMatching(/^judge-reply@v1 changed since the draft-reply@v2 baseline was recorded \(bbbbbbbb → cccccccc\)/),
      expect.stringMatching(/^judge-reply@v1 changed since the judge-reply@v1 baseline/),
    ]);
  });

  it("fails a score below its baseline beyond the provider's noise, in the direction that is worse, and lists the cases that got worse", () => {
    const baselines = recorded([figure(4.5), figure(0.1, { name: "forbidden_promise_rate", better: "lower", scale: [0, 1] })], [draftCase(true, 0.9)]);
    const worse = checkGate({ provider: "local", prompts, metrics: [figure(4.4), figure(0.2, { name: "forbidden_promise_rate", better: "lower", scale: [0, 1] })], cases: [draftCase(false, 0.3)], baselines });
    expect(worse.failures.map((failure) => failure.metricId)).toEqual(["drafts.overall@heldout", "drafts.forbidden_promise_rate@heldout"]);
    expect(worse.worse).toEqual([{ before: draftCase(true, 0.9), after: draftCase(false, 0.3) }]);
    // The same drop is within the noise of a sampling model (10% of the 1–5 range is 0.4), and better is never a failure.
    expect(checkGate({ provider: "openai", prompts, metrics: [figure(4.2), figure(0.15, { name: "forbidden_promise_rate", better: "lower", scale: [0, 1] })], cases: [], baselines }).failures).toEqual([]);
    expect(checkGate({ provider: "local", prompts, metrics: [figure(4.9), figure(0, { name: "forbidden_promise_rate", better: "lower", scale: [0, 1] })], cases: [], baselines }).failures).toEqual([]);
    expect(checkGate({ provider: "local", prompts, metrics: [], cases: [], baselines }).failures[0]!.message).toBe("drafts.overall@heldout is no longer measured.");
  });

  it("finds the previous version of a prompt among the baselines", () => {
    const older = (key: string) => ({ key }) as Baseline;
    const baselines = new Map([["draft-reply@v1", older("draft-reply@v1")], ["draft-reply@v3", older("draft-reply@v3")], ["summarize@v1", older("summarize@v1")]]);
    expect(previousVersion("draft-reply@v2", baselines)?.key).toBe("draft-reply@v1");
    expect(previousVersion("draft-reply@v4", baselines)?.key).toBe("draft-reply@v3");
    expect(previousVersion("summarize@v1", baselines)).toBeUndefined();
  });
});

describe("the eval reports", () => {
  const report: EvalRun = EvalRunSchema.parse({
    ...run([]),
    durationMs: 1234,
    metrics: [{ ...figure(4.1), baseline: 4.5, previous: 3.9, previousPrompt: "draft-reply@v1" }],
    cases: [draftCase(false, 0.3)],
    worse: [{ before: draftCase(true, 0.9), after: draftCase(false, 0.3) }],
    gate: { passed: false, updatedBaseline: false, failures: [{ kind: "score", metricId: "drafts.overall@heldout", message: "drafts.overall@heldout fell from 4.500 to 4.100." }], baselineFiles: [] },
    fallbacks: 0,
    timings: {},
    extra: [],
  });

  it("print a terminal table with each figure against its baseline, and why the gate fails", () => {
    const table = terminalTable(report);
    expect(table).toMatch(/drafts\s+overall \(weighted\)\s+4\.10 \(−0\.40\)/);
    expect(table).toContain("drafts sup-04 (dev): next_step 2 < 4 (was: meets every expectation)");
    expect(table).toContain("drafts.overall@heldout fell from 4.500 to 4.100.");
    expect(table.trimEnd().endsWith("FAIL")).toBe(true);
  });

  it("write one self-contained page with the baseline and the previous prompt version side by side, and the worse case's outputs diffed", () => {
    const html = htmlReport(report);
    expect(html).not.toMatch(/<(script|link|img)\b|\bsrc=|https?:\/\//);
    expect(html).toContain("<svg");
    expect(html).toContain("<th>draft-reply@v1</th>");
    expect(html).toContain('<td class="num worse">−0.40</td>');
    expect(html).toContain("<del>I&#39;ll update you by 15:00 UTC today.</del>");
    expect(html).toContain("<ins>We&#39;ll look into it.</ins>");
  });

  it("diff outputs word by word", () => {
    expect(wordDiff("I'll update you by 15:00 today.", "I'll update you tomorrow.")).toEqual([
      { kind: "same", text: "I'll update you " },
      { kind: "removed", text: "by 15:00 today." },
      { kind: "added", text: "tomorrow." },
    ]);
  });
});
