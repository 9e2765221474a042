/**
 * The judge against a person: the active provider's rubric scores for the
 * hand-scored replies, compared with the hand scores criterion by criterion
 * (quadratic weighted kappa, exact and within-one agreement). On `local` this
 * measures the AI pre-scorer the weekly review uses.
 */
import { agreement, type RatingPair } from "../agreement";
import { CRITERION_IDS, RECOVERY_RUBRIC, SCORE_LEVELS, type CriterionScores } from "../rubric";
import type { CaseResult } from "../results";
import { bySplit, mapLimit, mean, metric, type Graded, type Grading } from "./grading";

export async function gradeJudge({ provider, datasets, promptVersions, tick, parallel }: Grading): Promise<Graded> {
  const prompt = promptVersions["judge-reply"]!;
  let fallbacks = 0;
  const graded = await mapLimit(datasets.handScored, parallel, async (entry) => {
    const judged = await provider.scoreReply({
      rubric: RECOVERY_RUBRIC,
      conversation: datasets.conversations.get(entry.conversationId)!,
      replyIndexes: entry.replyIndexes,
      knowledge: datasets.knowledge,
    });
    tick();
    if (judged.provenance.fallback) fallbacks++;
    const scores = Object.fromEntries(judged.scores.map((score) => [score.criterion, score.score])) as Required<CriterionScores>;
    const gaps = CRITERION_IDS.map((criterion) => ({ criterion, hand: entry.scores[criterion]!, judge: scores[criterion] }));
    const far = gaps.filter((gap) => Math.abs(gap.hand - gap.judge) >= 2);
    const result: CaseResult = {
      task: "judge",
      id: entry.conversationId,
      split: entry.split,
      prompt,
      passed: far.length === 0,
      quality: 1 - (mean(gaps.map((gap) => Math.abs(gap.hand - gap.judge))) ?? 0) / 4,
      detail: far.map((gap) => `${gap.criterion}: hand ${gap.hand}, judge ${gap.judge}`).join("; ") || "within one of the hand score everywhere",
      output: judged.scores.map((score) => `${score.criterion} ${score.score} (hand ${entry.scores[score.criterion]}): ${score.reason}`).join("\n"),
      scores,
    };
    return { result, split: entry.split, gaps };
  });
  const metrics = bySplit(graded).flatMap(([split, entries]) => {
    const common = { task: "judge" as const, split, n: entries.length, prompt, better: "higher" as const };
    const perCriterion = CRITERION_IDS.map((criterion) => {
      const pairs = entries.map((entry): RatingPair => {
        const gap = entry.gaps.find((candidate) => candidate.criterion === criterion)!;
        return [gap.hand, gap.judge];
      });
      return { criterion, ...agreement(pairs, SCORE_LEVELS) };
    });
    const kappas = perCriterion.flatMap((entry) => (entry.kappa === null ? [] : [entry.kappa]));
    return [
      ...perCriterion.flatMap(({ criterion, kappa, exact, withinOne }) => [
        metric({ ...common, name: "kappa", criterion, value: kappa, scale: [-1, 1], gated: true }),
        metric({ ...common, name: "exact", criterion, value: exact, scale: [0, 1], gated: false }),
        metric({ ...common, name: "within_one", criterion, value: withinOne, scale: [0, 1], gated: false }),
      ]),
      metric({ ...common, name: "kappa_mean", value: mean(kappas), scale: [-1, 1], gated: true }),
    ];
  });
  return { metrics, cases: graded.map((entry) => entry.result), fallbacks };
}
