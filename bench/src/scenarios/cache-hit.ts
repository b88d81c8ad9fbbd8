import { createMastersClient } from '@mastersfetch/core';
import { DEMO_USERS, startMockServer } from '@mastersfetch/mock-server';
import { judgePairs, runAbba, summarizeAbba, formatInterval } from '../paired-runner.js';
import { medianOf } from '../paired.js';
import { round } from '../stats.js';
import type { Scenario } from '../types.js';

/** Sequential awaited calls per round (a round takes a few ms). */
const BATCH = 10_000;

/**
 * Scenario 2: a warm `getAccessToken()` vs `Promise.resolve(map.get(key))`, as ABBA rounds of
 * `BATCH` calls each (bench/README.md, "How timing targets are judged"). Hand-rolled rounds rather
 * than tinybench, because tinybench runs each task in one block and cannot interleave pairs.
 */
export const cacheHit: Scenario = {
  name: 'cache-hit',
  title: '2. Cache hit (warm getAccessToken vs a Map lookup)',
  async run({ quick }) {
    const quartets = quick ? 20 : 200;
    const user = DEMO_USERS[0]!;
    const mock = await startMockServer({ users: [...DEMO_USERS] });
    const client = createMastersClient({
      baseUrl: mock.url,
      credentials: { username: user.username, password: user.password },
    });
    try {
      const token = await client.getAccessToken();
      const map = new Map([['key', token]]);
      let sink = 0;
      const ours = async (): Promise<number> => {
        const t0 = performance.now();
        for (let i = 0; i < BATCH; i++) sink += (await client.getAccessToken()).length;
        return ((performance.now() - t0) * 1_000_000) / BATCH; // ns per call
      };
      const baseline = async (): Promise<number> => {
        const t0 = performance.now();
        for (let i = 0; i < BATCH; i++) sink += (await Promise.resolve(map.get('key')))!.length;
        return ((performance.now() - t0) * 1_000_000) / BATCH;
      };
      // Warm-up (JIT) of both loops; not measured.
      for (let i = 0; i < 20; i++) await Promise.all([ours(), baseline()]);
      const rounds = await runAbba({ quartets, runA: ours, runB: baseline });
      const summary = summarizeAbba(rounds, (ns) => ns);
      const logins = mock.stats().logins;
      if (sink === 0) throw new Error('unreachable: keeps the loop bodies alive');
      const side = (s: 'A' | 'B') =>
        medianOf(rounds.filter((r) => r.side === s).map((r) => r.value));
      return {
        setup: `${quartets} ABBA quartets of rounds of ${BATCH.toLocaleString('en')} sequential awaited calls, in-process mock (one login); intervals: 95% bootstrap of the median of per-pair ratios`,
        comparisons: [
          {
            metric: 'ns per call (median of rounds)',
            ours: round(side('A'), 1),
            baseline: round(side('B'), 1),
            ratio: round(summary.ratio.estimate, 2),
          },
          { metric: 'logins during the benchmark', ours: logins, baseline: '' },
        ],
        targets: [
          judgePairs('time per call ratio (median of ABBA pairs)', { op: '<=', value: 3 }, summary),
          { name: 'logins', target: '1', value: logins, isMet: logins === 1, isCount: true },
        ],
        data: {
          notes: [
            `time per call ratio ${formatInterval(summary.ratio)}, A/A ${formatInterval(summary.aa)}`,
          ],
          summary,
        },
      };
    } finally {
      await client.close();
      await mock.close();
    }
  },
};
