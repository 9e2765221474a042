/**
 * The sync benchmark's statistics: latency percentiles, pooled over every
 * round of a case, and how far apart two servers' p99s could be by chance.
 *
 * On two shared cores the tail of the latencies comes in bursts: a few
 * stalls a window, each holding up tens of edits at once, so one window's
 * p99 moves by milliseconds from one round to the next. A case's p99 is
 * therefore taken over the samples of all its rounds, and the difference
 * between two servers comes with a 95% interval from a two-level bootstrap:
 * rounds drawn with replacement, then whole seconds within each round, so
 * both a bad round and a burst count as the units they are.
 */
import { mulberry32 } from "../../db/seed/random";
import type { LatencySamples, LatencyStats } from "./sync-shared";

const RESAMPLES = 1000;

/** The q-quantile of `values` (as the nearest rank), rearranging them; null when empty. */
function quantile(values: Float64Array, q: number): number | null {
  if (!values.length) return null;
  const rank = Math.min(values.length - 1, Math.max(0, Math.ceil(q * values.length) - 1));
  // Quickselect: a bootstrap takes a thousand of these, a sort each would take seconds.
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const pivot = values[(low + high) >>> 1]!;
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i++] = values[j]!;
        values[j--] = swap;
      }
    }
    if (rank <= j) high = j;
    else if (rank >= i) low = i;
    else break;
  }
  return values[rank]!;
}

export function latencyStats(latencies: ArrayLike<number>): LatencyStats {
  const values = Float64Array.from(latencies);
  let max: number | null = null;
  for (const value of values) max = max === null || value > max ? value : max;
  return { n: values.length, p50: quantile(values, 0.5), p99: quantile(values, 0.99), max };
}

/** The latencies of samples taken as [second, ms] pairs. */
const latenciesOf = (samples: LatencySamples) => samples.filter((_, i) => i % 2 === 1);

/** Every round's samples together. */
export function pooledLatency(rounds: LatencySamples[]): LatencyStats {
  return latencyStats(rounds.flatMap(latenciesOf));
}

/** A round's latencies, by the second of the window they were made in. */
function secondsOf(samples: LatencySamples): number[][] {
  const seconds = new Map<number, number[]>();
  for (let i = 0; i < samples.length; i += 2) {
    const second = samples[i]!;
    if (!seconds.has(second)) seconds.set(second, []);
    seconds.get(second)!.push(samples[i + 1]!);
  }
  return [...seconds.values()];
}

/** One bootstrap draw of a case's p99: rounds with replacement, then seconds within each. */
function resampledP99(rounds: number[][][], random: () => number): number | null {
  const draw: number[] = [];
  for (let r = 0; r < rounds.length; r++) {
    const seconds = rounds[Math.floor(random() * rounds.length)]!;
    for (let s = 0; s < seconds.length; s++) draw.push(...seconds[Math.floor(random() * seconds.length)]!);
  }
  return quantile(Float64Array.from(draw), 0.99);
}

/** The 95% interval of p99(a) − p99(b), in ms; null when either has no samples. */
export function p99DifferenceInterval(a: LatencySamples[], b: LatencySamples[]): [number, number] | null {
  const roundsA = a.map(secondsOf).filter((seconds) => seconds.length);
  const roundsB = b.map(secondsOf).filter((seconds) => seconds.length);
  if (!roundsA.length || !roundsB.length) return null;
  // Seeded: the same samples give the same interval on every run.
  const random = mulberry32(RESAMPLES);
  const differences = new Float64Array(RESAMPLES);
  for (let i = 0; i < RESAMPLES; i++) differences[i] = resampledP99(roundsA, random)! - resampledP99(roundsB, random)!;
  return [quantile(differences, 0.025)!, quantile(differences, 0.975)!];
}
