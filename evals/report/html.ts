/**
 * The run as one self-contained HTML page (inline CSS and SVG, no script, no
 * request): the gate's verdict, each figure beside its baseline and the
 * previous prompt version's, charts per criterion, and for every case that
 * got worse its output before and after, word by word.
 */
import { CRITERION_IDS } from "../rubric";
import type { EvalRun, RunMetric } from "../run.server";
import { change, formatFigure, rowsOf } from "./figures";
import { wordDiff } from "./word-diff";

const escape = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

const CSS = `
:root { --ink:#1f2430; --muted:#6b7280; --line:#e5e7eb; --good:#2f9e44; --bad:#c92a2a; --accent:#3b5bdb; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); margin: 0; background: #f8f9fb; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; } h3 { font-size: 14px; margin: 16px 0 6px; }
.muted { color: var(--muted); }
.badge { display: inline-block; padding: 2px 10px; border-radius: 999px; color: #fff; font-weight: 600; margin-left: 8px; font-size: 13px; vertical-align: middle; }
.pass { background: var(--good); } .fail { background: var(--bad); } .accepted { background: var(--accent); }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; margin: 12px 0; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.better { color: var(--good); } .worse { color: var(--bad); font-weight: 600; } .same, .none { color: var(--muted); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 12px; }
.legend span { display: inline-flex; align-items: center; gap: 4px; margin-right: 12px; font-size: 12px; } .legend i { width: 10px; height: 10px; display: inline-block; border-radius: 2px; }
.side { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; } pre { white-space: pre-wrap; margin: 0; font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; background: #fafafa; border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
del { background: #ffe3e3; text-decoration: line-through; } ins { background: #d3f9d8; text-decoration: none; }
details > summary { cursor: pointer; font-weight: 600; } ul.failures li { margin: 4px 0; }
`;

/** Grouped bars on a fixed scale, one group per category: now, baseline, previous prompt version. */
function barChart(title: string, categories: string[], series: { label: string; color: string; values: (number | null)[] }[], scale: [number, number]): string {
  const width = 520;
  const height = 230;
  // Room on the left for the first category's slanted label.
  const margin = { top: 16, right: 8, bottom: 70, left: 80 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const band = plotWidth / categories.length;
  const bar = (band * 0.8) / series.length;
  const y = (value: number) => margin.top + plotHeight - ((Math.max(scale[0], Math.min(scale[1], value)) - scale[0]) / (scale[1] - scale[0])) * plotHeight;
  const ticks = Array.from({ length: 5 }, (_, i) => scale[0] + ((scale[1] - scale[0]) * i) / 4);
  const bars = categories.flatMap((category, c) =>
    series.map((entry, s) => {
      const value = entry.values[c];
      if (value === null || value === undefined) return "";
      const x = margin.left + band * c + band * 0.1 + bar * s;
      const top = y(value);
      const base = y(Math.max(scale[0], 0));
      return `<rect x="${x.toFixed(1)}" y="${Math.min(top, base).toFixed(1)}" width="${(bar - 1).toFixed(1)}" height="${Math.abs(base - top).toFixed(1)}" fill="${entry.color}"><title>${escape(`${category} · ${entry.label}: ${formatFigure(value)}`)}</title></rect>`;
    }),
  );
  const labels = categories.map((category, c) => {
    const x = margin.left + band * c + band / 2;
    return `<text x="${x.toFixed(1)}" y="${height - margin.bottom + 10}" font-size="10" text-anchor="end" transform="rotate(-35 ${x.toFixed(1)} ${height - margin.bottom + 10})">${escape(category)}</text>`;
  });
  const grid = ticks.map((tick) => `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#e5e7eb"/><text x="${margin.left - 4}" y="${y(tick) + 3}" font-size="10" text-anchor="end" fill="#6b7280">${tick.toFixed(tick % 1 ? 1 : 0)}</text>`);
  const legend = series.map((entry) => `<span><i style="background:${entry.color}"></i>${escape(entry.label)}</span>`).join("");
  return `<div class="card"><h3>${escape(title)}</h3><div class="legend">${legend}</div><svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escape(title)}">${grid.join("")}${bars.join("")}${labels.join("")}</svg></div>`;
}

function criterionChart(run: EvalRun, task: "drafts" | "judge", name: string, title: string, scale: [number, number]): string {
  const pick = (criterion: string) => run.metrics.find((metric) => metric.task === task && metric.name === name && metric.criterion === criterion && metric.split === "heldout");
  const previousPrompt = CRITERION_IDS.map(pick).find((metric) => metric?.previousPrompt)?.previousPrompt;
  return barChart(
    title,
    [...CRITERION_IDS],
    [
      { label: "this run", color: "#3b5bdb", values: CRITERION_IDS.map((criterion) => pick(criterion)?.value ?? null) },
      { label: "baseline", color: "#adb5bd", values: CRITERION_IDS.map((criterion) => pick(criterion)?.baseline ?? null) },
      ...(previousPrompt ? [{ label: previousPrompt, color: "#ffc078", values: CRITERION_IDS.map((criterion) => pick(criterion)?.previous ?? null) }] : []),
    ],
    scale,
  );
}

const versus = (metric: RunMetric | undefined, reference: "baseline" | "previous") => {
  if (!metric) return `<td></td><td></td>`;
  const against = metric[reference];
  // Without a previous prompt version there is nothing to compare with; without a baseline the figure is new.
  const delta = reference === "previous" && against === null ? { text: "", direction: "none" } : change(metric, against);
  return `<td class="num">${formatFigure(against)}</td><td class="num ${delta.direction}">${escape(delta.text)}</td>`;
};

function figuresTable(run: EvalRun, task: string): string {
  const rows = rowsOf(run.metrics.filter((metric) => metric.task === task));
  const previous = run.metrics.find((metric) => metric.task === task && metric.previousPrompt)?.previousPrompt;
  const body = rows
    .flatMap((row) =>
      (["dev", "heldout"] as const).map((split) => {
        const metric = row[split];
        if (!metric) return "";
        return `<tr><td>${escape(row.label)}${metric.gated ? "" : ' <span class="muted">(not gated)</span>'}</td><td>${split === "dev" ? "dev" : "held-out"}</td><td class="num">${formatFigure(metric.value)}</td>${versus(metric, "baseline")}${versus(metric, "previous")}<td class="num muted">${metric.n}</td></tr>`;
      }),
    )
    .join("");
  return `<table><thead><tr><th>figure</th><th>split</th><th>this run</th><th>baseline</th><th>Δ</th><th>${escape(previous ?? "previous prompt")}</th><th>Δ</th><th>cases</th></tr></thead><tbody>${body}</tbody></table>`;
}

function diffHtml(before: string, after: string): { left: string; right: string } {
  const parts = wordDiff(before, after);
  return {
    left: parts.map((part) => (part.kind === "added" ? "" : part.kind === "removed" ? `<del>${escape(part.text)}</del>` : escape(part.text))).join(""),
    right: parts.map((part) => (part.kind === "removed" ? "" : part.kind === "added" ? `<ins>${escape(part.text)}</ins>` : escape(part.text))).join(""),
  };
}

const TASK_TITLES: Record<string, string> = {
  merges: "Merge proposals",
  summaries: "Account summaries",
  drafts: "Reply drafts (rubric scores by the judge)",
  injections: "Prompt injection",
  judge: "The judge against hand scores (pre-scorer agreement)",
};

export function htmlReport(run: EvalRun): string {
  const verdict = run.gate.updatedBaseline ? ["accepted", "BASELINE UPDATED"] : run.gate.passed ? ["pass", "PASS"] : ["fail", "FAIL"];
  const worse = run.worse
    .map(({ before, after }) => {
      const diff = diffHtml(before.output ?? "", after.output ?? "");
      return `<details class="card" open><summary>${escape(after.task)} · ${escape(after.id)} (${after.split === "dev" ? "dev" : "held-out"}): quality ${before.quality.toFixed(2)} → ${after.quality.toFixed(2)}</summary>
<p><strong>Baseline:</strong> ${escape(before.detail)}<br><strong>Now:</strong> ${escape(after.detail)}</p>
<div class="side"><div><h3>Baseline</h3><pre>${diff.left}</pre></div><div><h3>This run</h3><pre>${diff.right}</pre></div></div></details>`;
    })
    .join("");
  const tasks = [...new Set(run.metrics.map((metric) => metric.task))];
  const cases = tasks
    .map((task) => {
      const mine = run.cases.filter((result) => result.task === task);
      const rows = mine.map((result) => `<tr><td>${escape(result.id)}</td><td>${result.split === "dev" ? "dev" : "held-out"}</td><td class="${result.passed ? "better" : "worse"}">${result.passed ? "pass" : "fail"}</td><td>${escape(result.detail)}</td></tr>`).join("");
      return `<details class="card"><summary>${escape(TASK_TITLES[task] ?? task)}: ${mine.filter((result) => result.passed).length} of ${mine.length} cases pass</summary><table><thead><tr><th>case</th><th>split</th><th></th><th>detail</th></tr></thead><tbody>${rows}</tbody></table></details>`;
    })
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Tandem evals: ${verdict[1]}</title><style>${CSS}</style></head>
<body><main>
<h1>Tandem evals <span class="badge ${verdict[0]}">${verdict[1]}</span></h1>
<p class="muted">${escape(new Date(run.startedAt).toUTCString())} · provider ${escape(run.provider)} (${escape(run.model)}) · judge ${escape(run.judge)} · rubric v${run.rubricVersion} · ${(run.durationMs / 1000).toFixed(1)} s · run ${escape(run.runId)}</p>
<div class="card"><table><thead><tr><th>prompt</th><th>sha256</th></tr></thead><tbody>${run.prompts.map((prompt) => `<tr><td>${escape(prompt.version)}</td><td class="muted">${prompt.sha256.slice(0, 16)}…</td></tr>`).join("")}</tbody></table>
<p class="muted">Datasets ${run.datasets.slice(0, 16)}… · ${run.cases.length} cases · ${run.fallbacks} fallback(s) to the local provider.</p></div>
${run.gate.failures.length ? `<div class="card"><h2>${run.gate.updatedBaseline ? "Accepted as the new baseline" : "Why the gate fails"}</h2><ul class="failures">${run.gate.failures.map((failure) => `<li>${escape(failure.message)}</li>`).join("")}</ul></div>` : ""}
<h2>By criterion (held-out)</h2>
<div class="charts">${criterionChart(run, "drafts", "score", "Draft scores per criterion, 1–5", [1, 5])}${criterionChart(run, "judge", "kappa", "Judge κ against hand scores per criterion", [-1, 1])}</div>
${tasks.map((task) => `<h2>${escape(TASK_TITLES[task] ?? task)}</h2><div class="card">${figuresTable(run, task)}</div>`).join("")}
${run.extra.length ? `<h2>Public data (not gated)</h2><div class="card"><ul>${run.extra.map((figure) => `<li>${escape(figure.label)}: ${escape(figure.value)}</li>`).join("")}</ul></div>` : ""}
<h2>What got worse (${run.worse.length})</h2>
${worse || '<p class="muted">No case is worse than its baseline.</p>'}
<h2>Every case</h2>
${cases}
<p class="muted">Δ is this run minus the reference, green when better, red when worse. Scores are 1–5, κ is quadratic weighted kappa, the rest are shares.</p>
</main></body></html>
`;
}
