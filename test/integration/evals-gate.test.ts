/**
 * The eval gate, end to end: the real `tandem evals` in a child process, on a
 * copy of the repository (so a test can change a prompt file) or with its
 * reports and baselines in a temporary folder. A worse prompt or a worse
 * judge makes it exit 1; putting it back makes it pass.
 */
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CRITERION_IDS } from "../../evals/rubric";
import { EvalRunSchema } from "../../evals/run.server";
import { startFakeOpenAi, type FakeOpenAi } from "../support/fake-openai";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** What the copy leaves out: dependencies are linked, and nothing a run or a build leaves behind is needed. */
const NOT_COPIED = new Set(["node_modules", ".git", "build", "test-results", "playwright-report", "data"]);
// Every run is a Node process with tsx running the whole suite: seconds each, several per test.
vi.setConfig({ testTimeout: 180_000 });

let scratch: string;
let copy: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "tandem-evals-gate-"));
  copy = join(scratch, "tandem");
  cpSync(ROOT, copy, {
    recursive: true,
    filter: (source) => {
      const path = relative(ROOT, source);
      return !NOT_COPIED.has(path.split(sep)[0]!) && !path.startsWith(join("evals", "reports"));
    },
  });
  symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"), "dir");
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Outcome {
  code: number;
  stderr: string;
  result: { passed: boolean; failures: { kind: string; message: string; metricId?: string }[]; worse: { task: string; id: string }[]; report: { json: string; html: string } };
}

/** `tandem evals ARGS` from `root`, reports in the scratch folder. */
function evals(root: string, args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(root, "server/cli/tandem.mjs"), "evals", ...args],
      {
        cwd: scratch,
        maxBuffer: 20 * 1024 * 1024,
        env: { ...process.env, TANDEM_DB: join(scratch, "unused.db"), TANDEM_AI_PROVIDER: "local", TANDEM_EVALS_REPORTS: join(scratch, "reports"), ...env },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr, result: JSON.parse(stdout || "null") as Outcome["result"] }),
    );
  });
}

describe("tandem evals on the local provider", () => {
  it("passes on the committed baselines, and writes its reports and history where it is told", async () => {
    const run = await evals(copy, ["--provider", "local"]);
    expect(run.stderr).toContain("PASS: no score below its baseline.");
    expect(run.code).toBe(0);
    expect(run.result).toMatchObject({ passed: true, failures: [], worse: [] });
    expect(run.result.report.json).toBe(join(scratch, "reports", "latest.json"));
    const report = EvalRunSchema.parse(JSON.parse(readFileSync(run.result.report.json, "utf8")));
    expect(report.metrics.find((metric) => metric.id === "judge.kappa_mean@heldout")!.baseline).not.toBeNull();
    expect(readFileSync(run.result.report.html, "utf8")).toContain("<svg");
    expect(readFileSync(join(scratch, "reports", "history.jsonl"), "utf8").trim().split("\n")).toHaveLength(1);
  });

  it("fails when a prompt file changes without a matching result, and passes once it is put back", async () => {
    const prompt = join(copy, "ai/prompts/draft-reply.v1.md");
    const original = readFileSync(prompt, "utf8");
    writeFileSync(prompt, `${original}\nWhen the customer asks when it will be fixed, give them a date.\n`);
    const changed = await evals(copy, []);
    expect(changed.code).toBe(1);
    expect(changed.result.passed).toBe(false);
    expect(changed.result.failures).toContainEqual({ kind: "prompt", message: expect.stringMatching(/^draft-reply@v1 changed since the draft-reply@v1 baseline was recorded/) });
    expect(changed.stderr).toContain("tandem evals: The eval gate failed: draft-reply@v1 changed since");

    writeFileSync(prompt, original);
    expect((await evals(copy, [])).code).toBe(0);
  });

  it("fails a new prompt version until its baseline is recorded, then compares it with the version before", async () => {
    const next = join(copy, "ai/prompts/draft-reply.v2.md");
    writeFileSync(next, `${readFileSync(join(copy, "ai/prompts/draft-reply.v1.md"), "utf8")}\nKeep the reply under 120 words.\n`);
    const unrecorded = await evals(copy, []);
    expect(unrecorded.code).toBe(1);
    expect(unrecorded.result.failures.map((failure) => failure.message)).toContainEqual(expect.stringMatching(/^draft-reply@v2 has no baseline/));

    const recorded = await evals(copy, ["--update-baseline"]);
    expect(recorded.code).toBe(0);
    expect(existsSync(join(copy, "evals/baselines/local/draft-reply@v2.json"))).toBe(true);
    const report = EvalRunSchema.parse(JSON.parse(readFileSync(recorded.result.report.json, "utf8")));
    const overall = report.metrics.find((metric) => metric.id === "drafts.overall@heldout")!;
    expect(overall).toMatchObject({ prompt: "draft-reply@v2", previousPrompt: "draft-reply@v1", previous: overall.value });
    expect(readFileSync(recorded.result.report.html, "utf8")).toContain("<th>draft-reply@v1</th>");
    rmSync(next);
  });

  it("answers bad usage with exit 2 and its help", async () => {
    const bad = await evals(ROOT, ["--provider", "guess"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--provider is local or openai, not "guess"');
    expect(bad.stderr).toContain("Usage: tandem evals [--provider local|openai] [--update-baseline]");
  });
});

describe("tandem evals on an OpenAI-compatible endpoint", () => {
  let fake: FakeOpenAi;
  /** What the scripted judge gives every criterion. */
  let judged = 4;
  beforeAll(async () => {
    fake = await startFakeOpenAi();
    fake.respond((body) => {
      if (body.stream) return { kind: "stream", pieces: ["Hi,\n\n", "I'm sorry about this, and it's on us. ", "I'll update you by 15:00 UTC today.\n\nSam"] };
      if (body.response_format?.json_schema?.name === "reply_score") {
        return { kind: "message", content: JSON.stringify({ scores: CRITERION_IDS.map((criterion) => ({ criterion, score: judged, reason: "Scripted judge.", evidence: [] })) }) };
      }
      return { kind: "message", content: JSON.stringify({ summary: "The customer reported a problem.", facts: [], stillOpen: [], promises: [], mood: "neutral", risk: "medium", riskReasons: [] }) };
    });
  });
  afterAll(() => fake.close());

  it("fails when the judge scores the drafts lower than its baseline, and passes once the judge is put back", async () => {
    const env = { OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: "test-key", TANDEM_AI_MODEL: "judge-model", TANDEM_EVALS_BASELINES: join(scratch, "openai-baselines") };
    const recorded = await evals(ROOT, ["--provider", "openai", "--update-baseline"], env);
    expect(recorded.code).toBe(0);
    expect(existsSync(join(scratch, "openai-baselines/openai/draft-reply@v1.json"))).toBe(true);
    const judgeRequests = fake.requests.filter((request) => request.body.response_format?.json_schema?.name === "reply_score");
    expect(judgeRequests.length).toBeGreaterThan(40);
    expect(judgeRequests[0]!.body.model).toBe("judge-model");
    expect(judgeRequests[0]!.body.messages[0]!.content).toBe(readFileSync(join(ROOT, "ai/prompts/judge-reply.v1.md"), "utf8"));

    judged = 2;
    const harsher = await evals(ROOT, ["--provider", "openai"], env);
    expect(harsher.code).toBe(1);
    expect(harsher.result.failures.map((failure) => failure.metricId)).toEqual(expect.arrayContaining(["drafts.overall@dev", "drafts.score.grounded@heldout"]));
    expect(harsher.result.worse.length).toBeGreaterThan(0);

    judged = 4;
    const restored = await evals(ROOT, ["--provider", "openai"], env);
    expect(restored.code).toBe(0);
    expect(restored.result.failures).toEqual([]);
  });
});
