/**
 * Merge proposals against the labelled groups: each set of conversations is
 * one inbox, and a pair of conversations proposed together is right when a
 * labelled group holds both. Precision and recall count pairs over the sets
 * of a split. No prompt drives merges: they are the local index's for every
 * provider.
 */
import { mergeDocumentOf, proposeMerges } from "../../ai/merges/propose";
import type { InterchangeConversation } from "../../db/interchange";
import type { CaseResult } from "../results";
import { bySplit, metric, share, type Graded, type Grading } from "./grading";

/** Every pair of conversations grouped together, "a + b" with a < b. */
export const pairsOf = (groups: readonly string[][]) => {
  const pairs = new Set<string>();
  for (const group of groups) for (const a of group) for (const b of group) if (a < b) pairs.add(`${a} + ${b}`);
  return pairs;
};

/** The local index's proposals on one inbox of conversations (in the order they arrived), against its labelled groups, pair by pair. */
export function matchMergeProposals(conversations: readonly InterchangeConversation[], groups: readonly string[][]) {
  const arrived = [...conversations].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  const proposals = proposeMerges(arrived.map(mergeDocumentOf));
  const truth = pairsOf(groups);
  const predicted = pairsOf(proposals.map((proposal) => proposal.conversationIds));
  return { proposals, truth, predicted, hits: [...predicted].filter((pair) => truth.has(pair)).length };
}

export function gradeMerges({ datasets, tick }: Grading): Graded {
  const counted: { split: CaseResult["split"]; hits: number; proposed: number; expected: number }[] = [];
  const cases: CaseResult[] = datasets.merges.map((set) => {
    const { proposals, truth, predicted, hits } = matchMergeProposals(
      set.conversationIds.map((id) => datasets.conversations.get(id)!),
      set.groups,
    );
    tick();
    counted.push({ split: set.split, hits, proposed: predicted.size, expected: truth.size });
    const missed = [...truth].filter((pair) => !predicted.has(pair));
    const wrong = [...predicted].filter((pair) => !truth.has(pair));
    const f1 = truth.size + predicted.size === 0 ? 1 : (2 * hits) / (truth.size + predicted.size);
    return {
      task: "merges",
      id: set.id,
      split: set.split,
      prompt: null,
      passed: missed.length === 0 && wrong.length === 0,
      quality: f1,
      detail: [missed.length ? `missed ${missed.join(", ")}` : "", wrong.length ? `wrongly paired ${wrong.join(", ")}` : ""].filter(Boolean).join("; ") || "every group found, nothing else paired",
      output: proposals.map((proposal) => `${proposal.conversationIds.join(", ")} (${proposal.confidence}): ${proposal.reason}`).join("\n") || "(no proposals)",
    };
  });
  const metrics = bySplit(counted).flatMap(([split, sets]) => {
    const hits = sets.reduce((sum, set) => sum + set.hits, 0);
    const proposed = sets.reduce((sum, set) => sum + set.proposed, 0);
    const expected = sets.reduce((sum, set) => sum + set.expected, 0);
    const precision = share(hits, proposed);
    const recall = share(hits, expected);
    const common = { task: "merges" as const, split, better: "higher" as const, scale: [0, 1] as [number, number], n: sets.length, prompt: null };
    return [
      metric({ ...common, name: "precision", value: precision, gated: true }),
      metric({ ...common, name: "recall", value: recall, gated: true }),
      metric({ ...common, name: "f1", value: precision !== null && recall !== null && precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : null, gated: false }),
    ];
  });
  return { metrics, cases, fallbacks: 0 };
}
