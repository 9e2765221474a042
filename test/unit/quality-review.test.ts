import { describe, expect, it } from "vitest";
import { parseReviewWeek } from "../../db/quality-review";
import { sampleForRep, type ReviewCandidate } from "../../db/quality-reviews.server";
import { WEEK_MS, weekStartUtc } from "../../db/report-math";
import { calibrate, qualityResults, reviewsToCsv, type ScoredReview } from "../../db/review-math";
import { CRITERION_IDS, overallScore, RECOVERY_RUBRIC, RubricSchema, type CriterionScores } from "../../evals/rubric";

const candidate = (conversationId: number, ...reasons: ReviewCandidate["reasons"]): ReviewCandidate => ({
  conversationId,
  repId: 1,
  reasons: reasons.length ? reasons : ["sample"],
  aiDrafted: reasons.includes("ai_drafted"),
});

describe("a rep's weekly sample", () => {
  const week = Date.UTC(2026, 10, 16);
  const pool = [
    ...Array.from({ length: 20 }, (_, i) => candidate(100 + i)),
    candidate(1, "low_csat"),
    candidate(2, "sla_breach", "long_thread"),
    candidate(3, "reopened"),
    candidate(4, "ai_drafted"),
    candidate(5, "long_thread"),
  ];

  it("takes one of every stratum before the easy ones", () => {
    const sample = sampleForRep(pool, 6, week);
    expect(sample.slice(0, 5).map((c) => c.conversationId).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(sample[5]!.reasons).toEqual(["sample"]);
  });

  it("is the same for the same week, another for another week, and never larger than asked", () => {
    expect(sampleForRep(pool, 8, week)).toEqual(sampleForRep([...pool].reverse(), 8, week));
    const ids = (w: number) => sampleForRep(pool, 8, w).slice(5).map((c) => c.conversationId);
    expect(ids(week)).not.toEqual(ids(week + WEEK_MS));
    expect(sampleForRep(pool, 3, week)).toHaveLength(3);
    expect(sampleForRep(pool.slice(0, 2), 5, week)).toHaveLength(2);
  });
});

describe("the rubric", () => {
  it("weighs the overall score, over the criteria scored", () => {
    const all = Object.fromEntries(CRITERION_IDS.map((id) => [id, 4])) as CriterionScores;
    expect(overallScore(RECOVERY_RUBRIC, all)).toBe(4);
    // grounded weighs 3, tone 1: (3·1 + 1·5) / 4.
    expect(overallScore(RECOVERY_RUBRIC, { grounded: 1, tone: 5 })).toBe(2);
    expect(overallScore(RECOVERY_RUBRIC, {})).toBeNull();
  });

  it("refuses a rubric with a criterion missing, twice, or no weight at all", () => {
    const [first, ...rest] = RECOVERY_RUBRIC.criteria;
    expect(RubricSchema.safeParse({ version: 2, criteria: [...rest, rest[0]] }).success).toBe(false);
    expect(RubricSchema.safeParse({ version: 2, criteria: [first, ...rest].map((c) => ({ ...c, weight: 0 })) }).success).toBe(false);
    expect(RubricSchema.safeParse({ version: 2, criteria: [first, ...rest] }).success).toBe(true);
  });
});

describe("the week a review page shows", () => {
  const now = new Date(Date.UTC(2026, 10, 26, 9));
  it("is the last full week unless named; any day names its week; future weeks are not reviewable", () => {
    expect(parseReviewWeek(null, now)).toBe(weekStartUtc(now) - WEEK_MS);
    expect(parseReviewWeek("2026-11-11", now)).toBe(Date.UTC(2026, 10, 9));
    expect(parseReviewWeek("2026-12-20", now)).toBe(weekStartUtc(now) - WEEK_MS);
    expect(parseReviewWeek("not a date", now)).toBe(weekStartUtc(now) - WEEK_MS);
  });
});

describe("quality results", () => {
  const week1 = Date.UTC(2026, 10, 9);
  const week2 = week1 + WEEK_MS;
  const scores = (value: number): CriterionScores => Object.fromEntries(CRITERION_IDS.map((id) => [id, value]));
  const review = (over: Partial<ScoredReview>): ScoredReview => ({
    weekStart: week1,
    repId: 1,
    repName: "Ana Lima",
    aiDrafted: false,
    scores: scores(4),
    overall: 4,
    aiScores: scores(4),
    ...over,
  });

  it("averages per rep and for the team week over week, and splits AI-drafted from human-written", () => {
    const results = qualityResults(
      [
        review({ overall: 4 }),
        review({ overall: 2, scores: scores(2), weekStart: week2 }),
        review({ repId: 2, repName: "Ben Carter", overall: 5, scores: scores(5), aiDrafted: true }),
      ],
      [week1, week2],
    );
    expect(results.team.map((week) => week.overall)).toEqual([{ mean: 4.5, n: 2 }, { mean: 2, n: 1 }]);
    expect(results.reps.map((rep) => [rep.repName, rep.overall.mean])).toEqual([["Ana Lima", 3], ["Ben Carter", 5]]);
    expect(results.aiDrafted.overall).toEqual({ mean: 5, n: 1 });
    expect(results.humanWritten.overall).toEqual({ mean: 3, n: 2 });
    expect(results.byCriterion.grounded).toEqual({ mean: 11 / 3, n: 3 });
  });

  it("calibrates the AI per criterion: agreement, kappa and a verdict", () => {
    const agreeing = Array.from({ length: 6 }, (_, i) => review({ scores: scores((i % 5) + 1), aiScores: scores((i % 5) + 1) }));
    const [first] = calibrate(agreeing);
    expect(first).toMatchObject({ criterion: CRITERION_IDS[0], n: 6, exact: 1, kappa: 1, verdict: "trust" });
    const opposed = Array.from({ length: 6 }, (_, i) => review({ scores: scores((i % 5) + 1), aiScores: scores(5 - (i % 5)) }));
    expect(calibrate(opposed)[0]!.verdict).toBe("score yourself");
    expect(calibrate(agreeing.slice(0, 2))[0]!.verdict).toBe("too few");
    expect(calibrate([review({ aiScores: null })])[0]!.n).toBe(0);
  });

  it("exports one CSV row per review, formulas defused", () => {
    const csv = reviewsToCsv([{ ...review({}), conversationId: "c-1", coachingNote: "=HYPERLINK(1)", rubricVersion: 1 }]);
    const [header, row] = csv.trim().split("\r\n");
    expect(header!.split(",")).toHaveLength(6 + CRITERION_IDS.length * 2 + 1);
    expect(row).toContain("2026-11-09,Ana Lima,c-1,false,1,4,");
    expect(row!.endsWith("'=HYPERLINK(1)")).toBe(true);
  });
});
