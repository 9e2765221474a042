/**
 * What the quality results page shows, computed from scored reviews: scores
 * per rep and for the team week over week and by criterion, AI-drafted
 * replies against human-written ones, and how far the AI pre-scorer agrees
 * with the managers (so they know where to trust it). Pure: the page and
 * the CSV export share it, and it is tested without a database.
 */
import { agreement, type Agreement } from "../evals/agreement";
import { CRITERION_IDS, SCORE_LEVELS, type CriterionId, type CriterionScores } from "../evals/rubric";
import { toCsv } from "./csv";
import { isoDate } from "./report-math";

export interface ScoredReview {
  weekStart: number;
  repId: number;
  repName: string;
  aiDrafted: boolean;
  /** The manager's scores. */
  scores: CriterionScores;
  overall: number | null;
  /** The AI pre-score's, when there was one. */
  aiScores: CriterionScores | null;
}

/** A mean and how many scores it is over. */
export interface Mean {
  mean: number | null;
  n: number;
}

function meanOf(values: (number | null | undefined)[]): Mean {
  const present = values.filter((value): value is number => typeof value === "number");
  return { mean: present.length ? present.reduce((sum, value) => sum + value, 0) / present.length : null, n: present.length };
}

const criterionMeans = (reviews: ScoredReview[]) =>
  Object.fromEntries(CRITERION_IDS.map((id) => [id, meanOf(reviews.map((review) => review.scores[id]))])) as Record<CriterionId, Mean>;

export interface WeekScores {
  weekStart: number;
  overall: Mean;
  byCriterion: Record<CriterionId, Mean>;
}

function byWeek(reviews: ScoredReview[], weeks: number[]): WeekScores[] {
  return weeks.map((weekStart) => {
    const inWeek = reviews.filter((review) => review.weekStart === weekStart);
    return { weekStart, overall: meanOf(inWeek.map((review) => review.overall)), byCriterion: criterionMeans(inWeek) };
  });
}

export interface Calibration extends Agreement {
  criterion: CriterionId;
  /** What the manager can take from it. */
  verdict: "trust" | "check" | "score yourself" | "too few";
}

/** Fewer pairs than this say little about agreement. */
export const CALIBRATION_MIN_PAIRS = 5;

/**
 * Reading of a criterion's kappa (Landis and Koch's bands): at 0.6 and above
 * the pre-score can be confirmed at a glance; from 0.4 it needs a look; below, score it yourself.
 */
function verdictOf(result: Agreement): Calibration["verdict"] {
  if (result.n < CALIBRATION_MIN_PAIRS || result.kappa === null) return "too few";
  return result.kappa >= 0.6 ? "trust" : result.kappa >= 0.4 ? "check" : "score yourself";
}

export function calibrate(reviews: ScoredReview[]): Calibration[] {
  return CRITERION_IDS.map((criterion) => {
    const pairs = reviews.flatMap((review) => {
      const ai = review.aiScores?.[criterion];
      const manager = review.scores[criterion];
      return ai !== undefined && manager !== undefined ? [[ai, manager] as const] : [];
    });
    const result = agreement(pairs, SCORE_LEVELS);
    return { criterion, ...result, verdict: verdictOf(result) };
  });
}

export interface QualityResults {
  weeks: number[];
  team: WeekScores[];
  reps: { repId: number; repName: string; weeks: WeekScores[]; overall: Mean }[];
  byCriterion: Record<CriterionId, Mean>;
  aiDrafted: { overall: Mean; byCriterion: Record<CriterionId, Mean> };
  humanWritten: { overall: Mean; byCriterion: Record<CriterionId, Mean> };
  calibration: Calibration[];
}

export function qualityResults(reviews: ScoredReview[], weeks: number[]): QualityResults {
  const reps = new Map<number, string>();
  for (const review of reviews) reps.set(review.repId, review.repName);
  const split = (aiDrafted: boolean) => {
    const part = reviews.filter((review) => review.aiDrafted === aiDrafted);
    return { overall: meanOf(part.map((review) => review.overall)), byCriterion: criterionMeans(part) };
  };
  return {
    weeks,
    team: byWeek(reviews, weeks),
    reps: [...reps]
      .sort((a, b) => a[1].localeCompare(b[1]))
      .map(([repId, repName]) => {
        const own = reviews.filter((review) => review.repId === repId);
        return { repId, repName, weeks: byWeek(own, weeks), overall: meanOf(own.map((review) => review.overall)) };
      }),
    byCriterion: criterionMeans(reviews),
    aiDrafted: split(true),
    humanWritten: split(false),
    calibration: calibrate(reviews),
  };
}

/** One row per scored review: the manager's scores, the AI's beside them, and the coaching note. */
export function reviewsToCsv(reviews: (ScoredReview & { conversationId: string; coachingNote: string | null; rubricVersion: number | null })[]): string {
  const header = [
    "week",
    "rep",
    "conversation",
    "ai_drafted",
    "rubric_version",
    "overall",
    ...CRITERION_IDS,
    ...CRITERION_IDS.map((id) => `ai_${id}`),
    "coaching_note",
  ];
  const rows = reviews.map((review) => [
    isoDate(review.weekStart),
    review.repName,
    review.conversationId,
    review.aiDrafted,
    review.rubricVersion,
    review.overall === null ? null : Math.round(review.overall * 100) / 100,
    ...CRITERION_IDS.map((id) => review.scores[id]),
    ...CRITERION_IDS.map((id) => review.aiScores?.[id]),
    review.coachingNote,
  ]);
  return toCsv(header, rows);
}
