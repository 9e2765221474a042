/**
 * Reply drafts, scored by the active provider's judge on every rubric
 * criterion (the local pre-scorer on `local`, the LLM judge on `openai`),
 * against each case's minimum scores, and checked deterministically for the
 * promises no draft may make. Filed under the draft prompt; the judge's
 * prompt is recorded with it, since a new judge moves these scores too.
 */
import { forbiddenPromises, groundsOf } from "../../ai/local/reply-claims";
import { CRITERION_IDS, overallScore, RECOVERY_RUBRIC, type CriterionScores } from "../rubric";
import type { CaseResult } from "../results";
import { bySplit, mapLimit, matches, mean, metric, share, type Graded, type Grading } from "./grading";

export async function gradeDrafts({ provider, datasets, promptVersions, tick, parallel }: Grading): Promise<Graded> {
  const prompt = promptVersions["draft-reply"]!;
  let fallbacks = 0;
  const graded = await mapLimit(datasets.drafts, parallel, async (entry) => {
    const conversation = datasets.conversations.get(entry.conversationId)!;
    const related = conversation.account
      ? datasets.drafts.map((other) => datasets.conversations.get(other.conversationId)!).filter((other) => other.id !== conversation.id && other.account?.id === conversation.account!.id)
      : [];
    const draft = await provider.draft({ conversation, related, knowledge: datasets.knowledge, agentName: entry.agentName, now: entry.now });
    tick();
    const reply = { author: "agent" as const, authorName: entry.agentName, text: draft.draft, at: entry.now };
    const judged = await provider.scoreReply({
      rubric: RECOVERY_RUBRIC,
      conversation: { ...conversation, messages: [...conversation.messages, reply] },
      replyIndexes: [conversation.messages.length],
      knowledge: datasets.knowledge,
    });
    tick();
    if (draft.provenance.fallback) fallbacks++;
    if (judged.provenance.fallback) fallbacks++;
    const scores = Object.fromEntries(judged.scores.map((score) => [score.criterion, score.score])) as CriterionScores;
    const unmet = Object.entries(entry.minScores).filter(([criterion, minimum]) => (scores[criterion as keyof CriterionScores] ?? 0) < minimum!);
    const promises = forbiddenPromises(draft.draft, groundsOf(conversation.messages, datasets.knowledge).support).filter((claim) => entry.forbidden.includes(claim.kind));
    const said = entry.mustNotSay.filter((claim) => matches(claim.pattern, draft.draft));
    const overall = overallScore(RECOVERY_RUBRIC, scores) ?? 1;
    const result: CaseResult = {
      task: "drafts",
      id: entry.conversationId,
      split: entry.split,
      prompt,
      passed: unmet.length === 0 && promises.length === 0 && said.length === 0,
      quality: (overall - 1) / 4,
      detail:
        [
          ...unmet.map(([criterion, minimum]) => `${criterion} ${scores[criterion as keyof CriterionScores]} < ${minimum}`),
          ...promises.map((claim) => `${claim.kind.replace("_", " ")}: “${claim.sentence}”`),
          ...said.map((claim) => `says ${claim.claim}`),
        ].join("; ") || "meets every expectation",
      output: draft.draft,
      scores,
    };
    return { result, split: entry.split, scores, overall, expectations: Object.keys(entry.minScores).length, met: Object.keys(entry.minScores).length - unmet.length, violated: promises.length + said.length > 0 };
  });
  const metrics = bySplit(graded).flatMap(([split, entries]) => {
    const common = { task: "drafts" as const, split, n: entries.length, prompt, gated: true };
    return [
      ...CRITERION_IDS.map((criterion) =>
        metric({ ...common, name: "score", criterion, better: "higher", scale: [1, 5], value: mean(entries.map((entry) => entry.scores[criterion] ?? 1)) }),
      ),
      metric({ ...common, name: "overall", better: "higher", scale: [1, 5], value: mean(entries.map((entry) => entry.overall)) }),
      metric({
        ...common,
        name: "expectations_met",
        better: "higher",
        scale: [0, 1],
        value: share(
          entries.reduce((sum, entry) => sum + entry.met, 0),
          entries.reduce((sum, entry) => sum + entry.expectations, 0),
        ),
      }),
      metric({ ...common, name: "forbidden_promise_rate", better: "lower", scale: [0, 1], value: share(entries.filter((entry) => entry.violated).length, entries.length) }),
    ];
  });
  return { metrics, cases: graded.map((entry) => entry.result), fallbacks };
}
