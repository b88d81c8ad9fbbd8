import { describe, expect, it } from 'vitest';
import {
  abbaOrder,
  abbaRatios,
  bootstrap,
  interleavedCycle,
  isDisturbed,
  medianOf,
  medianRatioInterval,
  pairsForHalfWidth,
  ratioOfMediansInterval,
  seededRandom,
  standardDeviation,
  summarizePairs,
  verdict,
  type Round,
} from './paired.js';

/** n ratios around `center` with normal-ish noise of sd `sigma` (sum of 12 uniforms). */
function noisyRatios(n: number, center: number, sigma: number, seed = 1): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    let z = -6;
    for (let i = 0; i < 12; i++) z += random();
    return center + sigma * z;
  });
}

describe('medianOf and standardDeviation', () => {
  it('takes the middle (or the mean of the two middles) without touching the input', () => {
    const values = [3, 1, 2];
    expect(medianOf(values)).toBe(2);
    expect(values).toEqual([3, 1, 2]);
    expect(medianOf([4, 1, 3, 2])).toBe(2.5);
    expect(medianOf([])).toBeNaN();
  });
  it('is the sample standard deviation', () => {
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138, 3);
    expect(standardDeviation([1])).toBeNaN();
  });
});

describe('bootstrap', () => {
  it('is reproducible for a seed and brackets the estimate', () => {
    const ratios = noisyRatios(100, 1, 0.05);
    const a = medianRatioInterval(ratios);
    const b = medianRatioInterval(ratios);
    expect(a).toEqual(b);
    expect(a.low).toBeLessThanOrEqual(a.estimate);
    expect(a.high).toBeGreaterThanOrEqual(a.estimate);
  });
  it('narrows as 1/sqrt(n): 4x the pairs, about half the width', () => {
    const small = medianRatioInterval(noisyRatios(100, 1, 0.05, 2));
    const large = medianRatioInterval(noisyRatios(400, 1, 0.05, 3));
    const ratio = (large.high - large.low) / (small.high - small.low);
    expect(ratio).toBeGreaterThan(0.35);
    expect(ratio).toBeLessThan(0.7);
  });
  it('covers the true median about 95% of the time', () => {
    let covered = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const interval = medianRatioInterval(noisyRatios(60, 1, 0.05, 100 + t), {
        resamples: 500,
        seed: t,
      });
      if (interval.low <= 1 && interval.high >= 1) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.88);
    expect(covered / trials).toBeLessThanOrEqual(1);
  });
  it('works for any statistic over any unit (e.g. seconds of latencies)', () => {
    const seconds = [[1, 2], [3], [4, 5, 6]];
    const interval = bootstrap(seconds, (s) => s.flat().length, { resamples: 200 });
    expect(interval.estimate).toBe(6);
    expect(interval.low).toBeGreaterThanOrEqual(3);
    expect(interval.high).toBeLessThanOrEqual(9);
  });
  it('gives no interval for fewer than 2 units', () => {
    expect(medianRatioInterval([1.02]).low).toBeNaN();
  });
});

describe('verdict', () => {
  const at = (low: number, high: number) => ({ estimate: (low + high) / 2, low, high });
  it('is met only when the whole interval is on the right side', () => {
    expect(verdict(at(0.975, 1.01), { op: '>=', value: 0.97 }, 50).status).toBe('met');
    expect(verdict(at(1.02, 1.09), { op: '<=', value: 1.1 }, 50).status).toBe('met');
  });
  it('is missed only when the whole interval is on the wrong side', () => {
    expect(verdict(at(0.9, 0.965), { op: '>=', value: 0.97 }, 50).status).toBe('missed');
    expect(verdict(at(1.11, 1.2), { op: '<=', value: 1.1 }, 50).status).toBe('missed');
  });
  it('is unresolved when the interval straddles the bound, and says by how much it is too wide', () => {
    const v = verdict({ estimate: 0.98, low: 0.95, high: 1.01 }, { op: '>=', value: 0.97 }, 50);
    expect(v.status).toBe('unresolved');
    expect(v.tooWideBy).toBeCloseTo(0.02, 10); // half-width 0.03, 0.01 from the bound
    expect(v.pairsNeeded).toBe(450); // 50 * (0.03 / 0.01)^2
  });
  it('reads a 0.969 point estimate inside a wide interval as unresolved, not missed', () => {
    const v = verdict({ estimate: 0.969, low: 0.84, high: 1.19 }, { op: '>=', value: 0.97 }, 3);
    expect(v.status).toBe('unresolved');
  });
});

describe('A/A and sizing', () => {
  it('flags a run whose A/A interval excludes 1', () => {
    expect(isDisturbed({ estimate: 1, low: 0.99, high: 1.01 })).toBe(false);
    expect(isDisturbed({ estimate: 1.03, low: 1.01, high: 1.05 })).toBe(true);
  });
  it('sizes pairs as (2 sigma / half-width)^2', () => {
    expect(pairsForHalfWidth(0.1, 0.02)).toBe(100);
    expect(pairsForHalfWidth(0.05, 0.02)).toBe(25);
  });
});

describe('ABBA rounds', () => {
  it('orders A B B A per quartet', () => {
    expect(abbaOrder(2).join('')).toBe('ABBAABBA');
  });
  it('cancels linear drift: A = B on a machine slowing 1% per round gives a median of 1', () => {
    const order = abbaOrder(20);
    const rounds: Round<number>[] = order.map((side, i) => ({ side, value: 100 * (1 - 0.01 * i) }));
    const { ab, aa } = abbaRatios(rounds, (v) => v);
    expect(ab).toHaveLength(40);
    expect(aa).toHaveLength(38);
    expect(medianOf(ab)).toBeCloseTo(1, 2);
    expect(medianOf(aa)).toBeCloseTo(1, 2);
    // the pairs lean both ways, so each single pair is off but the median is not
    expect(Math.min(...ab)).toBeLessThan(1);
    expect(Math.max(...ab)).toBeGreaterThan(1);
  });
  it('finds a 3% difference that round-to-round noise of 10% hides in 3 rounds', () => {
    const random = seededRandom(7);
    const order = abbaOrder(60);
    // each pair shares the machine's speed of the moment (drawn per quartet), plus 2% noise per round
    let speed = 1;
    const rounds: Round<number>[] = order.map((side, i) => {
      if (i % 4 === 0) speed = 0.9 + 0.2 * random();
      const noise = 1 + 0.02 * (random() - 0.5) * 2;
      return { side, value: 1000 * speed * noise * (side === 'A' ? 0.97 : 1) };
    });
    const { ab, aa } = abbaRatios(rounds, (v) => v);
    const summary = summarizePairs(ab, aa);
    expect(summary.ratio.high).toBeLessThan(1);
    expect(summary.ratio.low).toBeGreaterThan(0.94);
    expect(isDisturbed(summary.aa)).toBe(false);
  });
  it('gives an A/A centred on 1 when both sides are the same (no bias from the pairing)', () => {
    const medians: number[] = [];
    for (let seed = 0; seed < 100; seed++) {
      const random = seededRandom(seed);
      const rounds: Round<number>[] = abbaOrder(15).map((side, i) => ({
        side,
        value: 1000 * (1 - 0.005 * i) * (1 + 0.2 * (random() - 0.5)),
      }));
      medians.push(medianOf(abbaRatios(rounds, (v) => v).aa));
    }
    expect(medianOf(medians)).toBeCloseTo(1, 1);
    expect(Math.abs(medianOf(medians) - 1)).toBeLessThan(0.01);
  });
  it('rejects a sequence that is not ABBA', () => {
    const rounds: Round<number>[] = [
      { side: 'A', value: 1 },
      { side: 'A', value: 1 },
    ];
    expect(() => abbaRatios(rounds, (v) => v)).toThrow(/same side/);
  });
});

describe('interleavedCycle', () => {
  /**
   * Mean latency per route of one connection cycling `cycle` for `n` requests, when a request
   * costs 1 plus `spill` if the request before it was `a` (e.g. the garbage `a` left behind).
   */
  function meanLatency(cycle: string[], spill: number, n = 6_000): Record<string, number> {
    const sums: Record<string, { total: number; count: number }> = {};
    for (let i = 0; i < n; i++) {
      const route = cycle[i % cycle.length]!;
      const previous = cycle[(i + cycle.length - 1) % cycle.length]!;
      const entry = (sums[route] ??= { total: 0, count: 0 });
      entry.total += 1 + (previous === 'a' ? spill : 0);
      entry.count += 1;
    }
    return Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v.total / v.count]));
  }

  it('is itself with b and aa swapped when shifted by half a cycle', () => {
    const cycle = interleavedCycle('a', 'b', 'aa');
    const swap = (x: string) => (x === 'b' ? 'aa' : x === 'aa' ? 'b' : x);
    const shifted = [...cycle.slice(3), ...cycle.slice(0, 3)].map(swap);
    expect(shifted).toEqual(cycle);
    expect(cycle.filter((x) => x === 'a')).toHaveLength(2);
    expect(cycle.filter((x) => x === 'b')).toHaveLength(2);
  });
  it('gives an A/A of exactly 1 under a neighbour effect that the previous cycle turned into a bias', () => {
    const now = meanLatency(interleavedCycle('a', 'b', 'aa'), 0.1);
    expect(now.aa! / now.b!).toBe(1);
    const before = meanLatency(['a', 'b', 'aa', 'aa', 'b', 'a'], 0.1);
    expect(before.aa! / before.b!).toBeLessThan(0.96);
  });
});

describe('ratioOfMediansInterval', () => {
  it('compares two sets of ratios against the same baseline', () => {
    const ours = noisyRatios(60, 1.0, 0.03, 11);
    const peer = noisyRatios(60, 0.8, 0.03, 12);
    const interval = ratioOfMediansInterval(ours, peer);
    expect(interval.estimate).toBeCloseTo(1.25, 1);
    expect(interval.low).toBeGreaterThan(1);
    expect(ratioOfMediansInterval(ours, noisyRatios(60, 1.0, 0.03, 13)).low).toBeLessThan(1);
  });
});
