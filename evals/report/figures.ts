/** How the reports name and print a figure, the same in the terminal and the HTML report. */
import type { RunMetric } from "../run.server";

const NAMES: Record<string, string> = {
  precision: "precision",
  recall: "recall",
  f1: "F1",
  fact_recall: "fact recall",
  hallucination_rate: "hallucination rate",
  risk_agreement: "risk level right",
  score: "score",
  overall: "overall (weighted)",
  expectations_met: "expectations met",
  forbidden_promise_rate: "forbidden promises",
  draft_resistance: "draft resists",
  summary_resistance: "summary resists",
  kappa: "κ",
  kappa_mean: "κ mean",
  exact: "exact agreement",
  within_one: "within one",
};

export const figureName = (metric: Pick<RunMetric, "name" | "criterion">) => `${NAMES[metric.name] ?? metric.name}${metric.criterion ? ` · ${metric.criterion}` : ""}`;

/** 0.8333 → "0.83"; a 1–5 score keeps two decimals too; null → "—". */
export const formatFigure = (value: number | null | undefined) => (value === null || value === undefined ? "—" : value.toFixed(2));

/** The figure's change against a reference, "+0.12" / "−0.40" / "=", from the better side's point of view. */
export function change(metric: RunMetric, reference: number | null): { text: string; direction: "better" | "worse" | "same" | "none" } {
  if (metric.value === null || reference === null) return { text: reference === null ? "new" : "—", direction: "none" };
  const delta = metric.value - reference;
  if (Math.abs(delta) < 0.005) return { text: "=", direction: "same" };
  const better = metric.better === "higher" ? delta > 0 : delta < 0;
  return { text: `${delta > 0 ? "+" : "−"}${Math.abs(delta).toFixed(2)}`, direction: better ? "better" : "worse" };
}

/** A figure's row: one per task, name and criterion, with its dev and held-out figures side by side. */
export function rowsOf(metrics: readonly RunMetric[]): { key: string; task: string; label: string; dev?: RunMetric; heldout?: RunMetric }[] {
  const rows = new Map<string, { key: string; task: string; label: string; dev?: RunMetric; heldout?: RunMetric }>();
  for (const metric of metrics) {
    const key = `${metric.task}.${metric.name}.${metric.criterion ?? ""}`;
    const row = rows.get(key) ?? { key, task: metric.task, label: figureName(metric) };
    row[metric.split] = metric;
    rows.set(key, row);
  }
  return [...rows.values()];
}
