/**
 * Account summaries against what they must say and must not invent: fact
 * recall is the share of required facts found in the summary, its facts,
 * what is still open and what was promised; the hallucination rate is the
 * share of checks that caught an invention, a check being each claim the
 * case forbids and each fact the summary lists (a fact its cited message
 * does not say is invented).
 */
import { stemsOf, supportShare } from "../../ai/local/reply-claims";
import type { AccountSummary } from "../../ai/tasks";
import type { CaseResult } from "../results";
import { bySplit, mapLimit, matches, metric, share, type Graded, type Grading } from "./grading";

/** Below this share of its words in the cited message, a fact was not read there. */
const FACT_SUPPORT = 0.6;

export async function gradeSummaries({ provider, datasets, promptVersions, tick, parallel }: Grading): Promise<Graded> {
  const prompt = promptVersions["summarize"]!;
  let fallbacks = 0;
  const graded = await mapLimit(datasets.summaries, parallel, async (entry) => {
    const conversations = entry.conversationIds.map((id) => datasets.conversations.get(id)!);
    const summary = await provider.summarize({ account: conversations[0]!.account ?? null, conversations });
    tick();
    if (summary.provenance.fallback) fallbacks++;
    const listed = (facts: AccountSummary["facts"]) => facts.map((fact) => fact.text);
    const text = [summary.summary, ...listed(summary.facts), ...listed(summary.stillOpen), ...listed(summary.promises)].join("\n");
    const missing = entry.mustContain.filter((fact) => !fact.anyOf.some((pattern) => matches(pattern, text)));
    const invented = entry.mustNotInvent.filter((claim) => matches(claim.pattern, text));
    const byId = new Map(conversations.map((conversation) => [conversation.id, conversation]));
    const unsupported = summary.facts.filter((fact) => {
      const message = byId.get(fact.source.conversationId)?.messages[fact.source.messageIndex];
      return !message || supportShare(fact.text, stemsOf(message.text)) < FACT_SUPPORT;
    });
    const riskRight = entry.risk.includes(summary.risk);
    const checks = entry.mustContain.length + entry.mustNotInvent.length + 1;
    const failed = missing.length + invented.length + (riskRight ? 0 : 1);
    const result: CaseResult = {
      task: "summaries",
      id: entry.id,
      split: entry.split,
      prompt,
      passed: failed === 0 && unsupported.length === 0,
      quality: (checks - failed) / checks,
      detail:
        [
          missing.length ? `missing ${missing.map((fact) => fact.fact).join(", ")}` : "",
          invented.length ? `invented ${invented.map((claim) => claim.claim).join(", ")}` : "",
          unsupported.length ? `${unsupported.length} fact(s) not in the message they cite` : "",
          riskRight ? "" : `risk ${summary.risk}, expected ${entry.risk.join(" or ")}`,
        ]
          .filter(Boolean)
          .join("; ") || "every fact there, nothing invented",
      output: `${summary.summary}\n\nFacts:\n${summary.facts.map((fact) => `- ${fact.kind}: ${fact.text}`).join("\n")}\nMood: ${summary.mood}. Risk: ${summary.risk}.`,
    };
    return { result, split: entry.split, required: entry.mustContain.length, found: entry.mustContain.length - missing.length, checks: entry.mustNotInvent.length + summary.facts.length, inventions: invented.length + unsupported.length, riskRight };
  });
  const metrics = bySplit(graded).flatMap(([split, entries]) => {
    const sum = (pick: (entry: (typeof graded)[number]) => number) => entries.reduce((total, entry) => total + pick(entry), 0);
    const common = { task: "summaries" as const, split, scale: [0, 1] as [number, number], n: entries.length, prompt, gated: true };
    return [
      metric({ ...common, name: "fact_recall", better: "higher", value: share(sum((entry) => entry.found), sum((entry) => entry.required)) }),
      metric({ ...common, name: "hallucination_rate", better: "lower", value: share(sum((entry) => entry.inventions), sum((entry) => entry.checks)) }),
      metric({ ...common, name: "risk_agreement", better: "higher", value: share(sum((entry) => (entry.riskRight ? 1 : 0)), entries.length) }),
    ];
  });
  return { metrics, cases: graded.map((entry) => entry.result), fallbacks };
}
