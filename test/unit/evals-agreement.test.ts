import { describe, expect, it } from "vitest";
import { agreement, exactAgreement, weightedKappa, withinOneAgreement, type RatingPair } from "../../evals/agreement";

const repeat = (pair: RatingPair, times: number): RatingPair[] => Array.from({ length: times }, () => pair);

describe("weighted kappa", () => {
  it("gives Cohen's textbook value for two raters saying yes or no (20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: 0.4)", () => {
    const pairs = [...repeat([1, 1], 20), ...repeat([1, 0], 5), ...repeat([0, 1], 10), ...repeat([0, 0], 15)];
    // With two levels every weighting is the same.
    for (const weights of ["none", "linear", "quadratic"] as const) expect(weightedKappa(pairs, [0, 1], weights)).toBeCloseTo(0.4, 10);
  });

  it("matches a hand calculation on three levels (observed 0.25 against chance 1/3: 0.25)", () => {
    const pairs: RatingPair[] = [
      [1, 1],
      [2, 2],
      [3, 3],
      [1, 2],
      [2, 3],
      [3, 1],
    ];
    expect(weightedKappa(pairs, [1, 2, 3])).toBeCloseTo(0.25, 10);
    // Unweighted: 3 of 6 agree against a chance of 1/3 → (0.5 − 1/3) / (1 − 1/3) = 0.25 too; linear as well.
    expect(weightedKappa(pairs, [1, 2, 3], "none")).toBeCloseTo(0.25, 10);
    // Levels nobody used change nothing: the weights' scale cancels out.
    expect(weightedKappa(pairs, [1, 2, 3, 4, 5])).toBeCloseTo(0.25, 10);
  });

  it("counts a near miss as a smaller disagreement than a far one", () => {
    const truth = [1, 2, 3, 4, 5, 1, 2, 3, 4, 5];
    const near = truth.map((score, i): RatingPair => [score, i === 0 ? 2 : i === 9 ? 4 : score]);
    const far = truth.map((score, i): RatingPair => [score, i === 0 ? 5 : i === 9 ? 1 : score]);
    expect(weightedKappa(near, [1, 2, 3, 4, 5])!).toBeGreaterThan(0.9);
    expect(weightedKappa(far, [1, 2, 3, 4, 5])!).toBeLessThan(weightedKappa(near, [1, 2, 3, 4, 5])!);
    expect(weightedKappa(near, [1, 2, 3, 4, 5], "none")).toBeCloseTo(weightedKappa(far, [1, 2, 3, 4, 5], "none")!, 10);
  });

  it("is 1 for perfect agreement, symmetric, below 0 when the raters run opposite, and undefined without variation", () => {
    const pairs: RatingPair[] = [
      [1, 1],
      [3, 3],
      [5, 5],
      [4, 4],
    ];
    expect(weightedKappa(pairs, [1, 2, 3, 4, 5])).toBe(1);
    const mixed: RatingPair[] = [
      [1, 2],
      [3, 3],
      [5, 4],
      [2, 4],
      [4, 5],
    ];
    expect(weightedKappa(mixed, [1, 2, 3, 4, 5])).toBeCloseTo(weightedKappa(mixed.map(([a, b]): RatingPair => [b, a]), [1, 2, 3, 4, 5])!, 10);
    expect(weightedKappa([[1, 5], [5, 1], [2, 4], [4, 2]], [1, 2, 3, 4, 5])!).toBeLessThan(0);
    expect(weightedKappa(repeat([4, 4], 6), [1, 2, 3, 4, 5])).toBeNull();
    expect(weightedKappa([], [1, 2, 3, 4, 5])).toBeNull();
    expect(() => weightedKappa([[0, 3]], [1, 2, 3, 4, 5])).toThrow(/not one of the levels/);
  });
});

describe("agreement shares", () => {
  it("counts exact and within-one matches and the second rater's bias", () => {
    const pairs: RatingPair[] = [
      [1, 1],
      [2, 3],
      [5, 3],
      [4, 4],
    ];
    expect(exactAgreement(pairs)).toBe(0.5);
    expect(withinOneAgreement(pairs)).toBe(0.75);
    expect(agreement(pairs, [1, 2, 3, 4, 5])).toMatchObject({ n: 4, exact: 0.5, withinOne: 0.75, bias: -0.25 });
    expect(agreement([], [1, 2, 3, 4, 5])).toEqual({ n: 0, kappa: null, exact: null, withinOne: null, bias: null });
  });
});
