import { describe, expect, it } from "vitest";
import { latencyStats, p99DifferenceInterval, pooledLatency } from "../bench/sync-stats";

/** A deterministic spread of latencies: mostly 1–3 ms, with a burst of slow ones in some seconds. */
function round(seconds: number, shift = 0, seed = 1): number[] {
  const samples: number[] = [];
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let second = 0; second < seconds; second++) {
    const burst = second % 4 === 3;
    for (let i = 0; i < 200; i++) samples.push(second, shift + 1 + 2 * next() + (burst && i < 8 ? 10 * next() : 0));
  }
  return samples;
}

const nearestRank = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.ceil(q * values.length) - 1];

describe("the sync benchmark's statistics", () => {
  it("takes percentiles as the nearest rank, as a sort would", () => {
    const latencies = round(10).filter((_, i) => i % 2 === 1);
    const stats = latencyStats(latencies);
    expect(stats.n).toBe(2000);
    expect(stats.p50).toBe(nearestRank(latencies, 0.5));
    expect(stats.p99).toBe(nearestRank(latencies, 0.99));
    expect(stats.max).toBe(Math.max(...latencies));
    expect(latencyStats([])).toEqual({ n: 0, p50: null, p99: null, max: null });
  });

  it("pools every round's samples into one set of percentiles", () => {
    const rounds = [round(10, 0, 1), round(10, 3, 2)];
    const all = rounds.flatMap((samples) => samples.filter((_, i) => i % 2 === 1));
    expect(pooledLatency(rounds)).toEqual(latencyStats(all));
  });

  it("gives an interval around zero for the same server twice, and away from zero for a slower one", () => {
    const server = [round(10, 0, 1), round(10, 0, 2), round(10, 0, 3)];
    const same = p99DifferenceInterval(server, [round(10, 0, 4), round(10, 0, 5), round(10, 0, 6)])!;
    expect(same[0]).toBeLessThan(0);
    expect(same[1]).toBeGreaterThan(0);
    const slower = p99DifferenceInterval([round(10, 5, 1), round(10, 5, 2), round(10, 5, 3)], server)!;
    expect(slower[0]).toBeGreaterThan(2);
    expect(p99DifferenceInterval([], server)).toBeNull();
  });
});
