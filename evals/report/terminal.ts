/**
 * The run as a table for the terminal (stderr): each figure per split, with
 * its change against the baseline, then what failed the gate and which
 * cases got worse.
 */
import type { EvalRun, RunMetric } from "../run.server";
import { change, formatFigure, rowsOf } from "./figures";

const cell = (metric: RunMetric | undefined) => {
  if (!metric) return "";
  const versus = change(metric, metric.baseline);
  return `${formatFigure(metric.value)} ${versus.direction === "same" ? "(=)" : `(${versus.text})`}`;
};

export function terminalTable(run: EvalRun): string {
  // Agreement details stay in the HTML report; κ is the judge's figure here.
  const rows = rowsOf(run.metrics.filter((metric) => metric.task !== "judge" || metric.name.startsWith("kappa")));
  const header = ["task", "figure", "dev (vs baseline)", "held-out (vs baseline)"];
  const table = [header, ...rows.map((row) => [row.task, `${row.label}${row.dev?.gated === false ? " *" : ""}`, cell(row.dev), cell(row.heldout)])];
  const widths = header.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
  const line = (cells: string[]) => cells.map((text, column) => text.padEnd(widths[column]!)).join("  ").trimEnd();
  const lines = [line(table[0]!), widths.map((width) => "─".repeat(width)).join("  "), ...table.slice(1).map(line)];
  lines.push("", "* not gated. Scores are 1–5, κ is quadratic weighted kappa against the hand scores, the rest are shares of 0–1.");
  lines.push(`${run.provider} (${run.model}), judge ${run.judge}, prompts ${run.prompts.map((prompt) => prompt.version).join(", ")}, rubric v${run.rubricVersion}; ${(run.durationMs / 1000).toFixed(1)} s.`);
  for (const figure of run.extra) lines.push(`${figure.label}: ${figure.value} (not gated)`);
  const better = run.metrics.filter((metric) => metric.gated && change(metric, metric.baseline).direction === "better").length;
  if (better && !run.gate.updatedBaseline) lines.push("", `${better} figure(s) better than the baseline: \`npm run evals -- --update-baseline\` raises the bar.`);
  if (run.worse.length) {
    lines.push("", `${run.worse.length} case(s) worse than the baseline:`);
    for (const { before, after } of run.worse.slice(0, 12)) lines.push(`  ${after.task} ${after.id} (${after.split}): ${after.detail} (was: ${before.detail})`);
  }
  if (run.gate.failures.length) {
    lines.push("", run.gate.updatedBaseline ? "Accepted as the new baseline:" : "The gate fails:");
    for (const failure of run.gate.failures) lines.push(`  ${failure.message}`);
  }
  lines.push("", run.gate.updatedBaseline ? `Baselines written: ${run.gate.baselineFiles.length} files.` : run.gate.passed ? "PASS: no score below its baseline." : "FAIL");
  return lines.join("\n");
}
