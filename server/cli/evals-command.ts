import { SingleBar } from "cli-progress";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createAiProvider } from "../../ai/openai-provider.server";
import { DatasetError } from "../../evals/datasets.server";
import { BaselineError } from "../../evals/baselines.server";
import { appendHistory } from "../../evals/history.server";
import { EVAL_DIRS } from "../../evals/paths";
import { htmlReport } from "../../evals/report/html";
import { terminalTable } from "../../evals/report/terminal";
import { ProviderNameSchema, type EvalTask } from "../../evals/results";
import { historyEntryOf, runEvals, type EvalRun } from "../../evals/run.server";
import { loadConfig } from "../config.server";
import { CommandError, parseCommandArgs, printJson, UsageError, type Command, type CommandIO } from "./command";

/** AI calls in flight at once against a remote endpoint; the local provider runs in process, one at a time. */
const REMOTE_PARALLEL = 4;

const HELP = `Usage: tandem evals [--provider local|openai] [--update-baseline]

Runs the eval suite (evals/): merge proposals, account summaries, reply drafts
scored by the provider's judge against the recovery rubric, prompt injection,
and the judge against hand-scored replies; per task, criterion and split (dev,
held-out). Prints a table and progress on stderr and the result as JSON on
stdout, and writes evals/reports/latest.json and latest.html.

  --provider local|openai  local (the default unless TANDEM_AI_PROVIDER says
                           otherwise) runs offline, judged by the local rubric
                           pre-scorer; openai uses OPENAI_BASE_URL,
                           OPENAI_API_KEY and TANDEM_AI_MODEL, judged by the
                           model with the judge-reply prompt.
  --update-baseline        Records this run as the baseline of every current
                           prompt version in evals/baselines/PROVIDER/: commit it.

Exits 1 when a prompt file changed without a matching baseline, when a gated
score fell below its baseline beyond the provider's noise margin (local: 0.1%
of the scale, openai: 10%), or when the openai endpoint failed and the local
provider answered. TANDEM_EVALS_REPORTS and TANDEM_EVALS_BASELINES move the
reports and the baselines elsewhere.`;

/** A progress bar for a person watching; a line per task for a log. */
function progressOn(io: CommandIO) {
  let bar: SingleBar | undefined;
  let current: EvalTask | undefined;
  return {
    start(total: number) {
      if (!io.err.isTTY) return void io.err.write(`Running the evals: ${total} steps.\n`);
      bar = new SingleBar({ format: "Evals [{bar}] {percentage}% | {value}/{total} steps | {task}", stream: io.err as NodeJS.WriteStream, hideCursor: true });
      bar.start(total, 0, { task: "" });
    },
    tick(task: EvalTask) {
      if (task !== current && !bar) io.err.write(`  ${task}…\n`);
      current = task;
      bar?.increment(1, { task });
    },
    stop: () => bar?.stop(),
  };
}

function writeReports(run: EvalRun, dir: string): { json: string; html: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, "latest.json");
  const html = join(dir, "latest.html");
  writeFileSync(json, `${JSON.stringify(run, null, 1)}\n`);
  writeFileSync(html, htmlReport(run));
  return { json, html };
}

export const evalsCommand: Command = {
  name: "evals",
  summary: "Run the eval suite and gate it on the committed baselines",
  help: HELP,

  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      provider: { type: "string", short: "p" },
      "update-baseline": { type: "boolean" },
    });
    if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}".`);
    const config = loadConfig(io.env);
    const chosen = ProviderNameSchema.safeParse(values.provider ?? config.ai.provider);
    if (!chosen.success) throw new UsageError(`--provider is local or openai, not "${values.provider}".`);
    // The endpoint's complaints wait until the progress bar is done.
    const notices: string[] = [];
    const provider = createAiProvider({ provider: chosen.data, openai: config.ai.openai }, (line) => notices.push(line));
    const progress = progressOn(io);
    let run: EvalRun;
    try {
      run = await runEvals({
        provider,
        baselinesDir: config.evals.baselinesDir,
        updateBaseline: values["update-baseline"] ?? false,
        sharedDataDir: EVAL_DIRS.sharedData,
        parallel: provider.name === "local" ? 1 : REMOTE_PARALLEL,
        progress,
      });
    } catch (error) {
      if (error instanceof DatasetError || error instanceof BaselineError) throw new CommandError(error.message);
      throw error;
    } finally {
      progress.stop();
    }
    for (const notice of new Set(notices)) io.err.write(`${notice}\n`);
    const report = writeReports(run, config.evals.reportsDir);
    const entry = historyEntryOf(run);
    appendHistory(config.evals.reportsDir, entry);
    if (run.gate.updatedBaseline) appendHistory(config.evals.baselinesDir, entry);
    io.err.write(`\n${terminalTable(run)}\nReport: ${report.html}\n`);
    printJson(io, {
      passed: run.gate.passed,
      updatedBaseline: run.gate.updatedBaseline,
      provider: run.provider,
      model: run.model,
      judge: run.judge,
      durationMs: run.durationMs,
      prompts: run.prompts,
      failures: run.gate.failures,
      worse: run.worse.map(({ before, after }) => ({ task: after.task, id: after.id, split: after.split, before: before.detail, after: after.detail })),
      metrics: run.metrics.map(({ id, value, baseline, previous, gated }) => ({ id, value, baseline, previous, gated })),
      report,
    });
    if (!run.gate.passed) throw new CommandError(`The eval gate failed: ${run.gate.failures[0]!.message}${run.gate.failures.length > 1 ? ` (and ${run.gate.failures.length - 1} more)` : ""}`);
  },
};
