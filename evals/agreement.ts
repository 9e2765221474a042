/**
 * How closely two raters agree on an ordinal scale (a rubric's 1–5): the
 * weighted kappa (Cohen 1968), which counts a 2-against-4 as a bigger
 * disagreement than a 3-against-4 and discounts the agreement two raters
 * would reach by chance, and the plain shares of exact and within-one
 * matches that people read more easily. Used for the AI pre-scorer against
 * hand scores, and for managers calibrating against each other.
 */

/** One item scored by two raters: [first, second]. */
export type RatingPair = readonly [number, number];

/** quadratic: disagreement grows with the square of the distance; linear: with the distance; none: any miss counts fully. */
export type KappaWeights = "quadratic" | "linear" | "none";

/**
 * Weighted kappa over `levels` (every score either rater could give, in
 * order): 1 is perfect agreement, 0 what chance gives, below 0 worse than
 * chance. Null when it is undefined: no pairs, or both raters gave one and the
 * same score throughout, so chance already explains everything.
 */
export function weightedKappa(pairs: readonly RatingPair[], levels: readonly number[], weights: KappaWeights = "quadratic"): number | null {
  if (pairs.length === 0) return null;
  const position = new Map(levels.map((level, index) => [level, index]));
  const k = levels.length;
  const observed = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const first = new Array<number>(k).fill(0);
  const second = new Array<number>(k).fill(0);
  for (const [a, b] of pairs) {
    const i = position.get(a);
    const j = position.get(b);
    if (i === undefined || j === undefined) throw new RangeError(`A score of ${i === undefined ? a : b} is not one of the levels ${levels.join(", ")}.`);
    observed[i]![j]! += 1;
    first[i]! += 1;
    second[j]! += 1;
  }
  const span = Math.max(1, k - 1);
  const disagreement = (i: number, j: number) =>
    weights === "quadratic" ? ((i - j) / span) ** 2 : weights === "linear" ? Math.abs(i - j) / span : i === j ? 0 : 1;
  const n = pairs.length;
  let seen = 0;
  let chance = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      seen += disagreement(i, j) * observed[i]![j]!;
      chance += (disagreement(i, j) * first[i]! * second[j]!) / n;
    }
  }
  return chance === 0 ? null : 1 - seen / chance;
}

/** Share of items both raters scored the same; null without items. */
export function exactAgreement(pairs: readonly RatingPair[]): number | null {
  return pairs.length ? pairs.filter(([a, b]) => a === b).length / pairs.length : null;
}

/** Share of items the raters scored at most one level apart; null without items. */
export function withinOneAgreement(pairs: readonly RatingPair[]): number | null {
  return pairs.length ? pairs.filter(([a, b]) => Math.abs(a - b) <= 1).length / pairs.length : null;
}

export interface Agreement {
  n: number;
  /** Quadratic weighted kappa. */
  kappa: number | null;
  exact: number | null;
  withinOne: number | null;
  /** Mean of second − first: above 0, the second rater scores higher. */
  bias: number | null;
}

/** Everything a calibration report shows for one criterion. */
export function agreement(pairs: readonly RatingPair[], levels: readonly number[]): Agreement {
  return {
    n: pairs.length,
    kappa: weightedKappa(pairs, levels),
    exact: exactAgreement(pairs),
    withinOne: withinOneAgreement(pairs),
    bias: pairs.length ? pairs.reduce((sum, [a, b]) => sum + (b - a), 0) / pairs.length : null,
  };
}
