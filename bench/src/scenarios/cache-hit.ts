import { Bench } from 'tinybench';
import { createMastersClient } from '@mastersfetch/core';
import { DEMO_USERS, startMockServer } from '@mastersfetch/mock-server';
import { round } from '../stats.js';
import type { Scenario } from '../types.js';

const BATCH = 1_000;

/** Scenario 2: a warm `getAccessToken()` vs `Promise.resolve(map.get(key))`. */
export const cacheHit: Scenario = {
  name: 'cache-hit',
  title: '2. Cache hit (warm getAccessToken vs a Map lookup)',
  async run({ quick }) {
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
      const bench = new Bench({ time: quick ? 500 : 2_000, warmupTime: quick ? 100 : 500 });
      bench.add('ours: await client.getAccessToken()', async () => {
        for (let i = 0; i < BATCH; i++) sink += (await client.getAccessToken()).length;
      });
      bench.add('baseline: await Promise.resolve(map.get(key))', async () => {
        for (let i = 0; i < BATCH; i++) sink += (await Promise.resolve(map.get('key')))!.length;
      });
      await bench.run();
      const [ours, base] = bench.tasks.map((task) => {
        const result = task.result as { latency?: { mean: number } } | undefined;
        if (!result?.latency) throw new Error(`tinybench task "${task.name}" has no result`);
        return (result.latency.mean * 1_000_000) / BATCH; // ns per call
      }) as [number, number];
      const ratio = ours / base;
      const logins = mock.stats().logins;
      if (sink === 0) throw new Error('unreachable: keeps the loop bodies alive');
      return {
        setup: `tinybench, ${BATCH} sequential awaited calls per iteration, ${quick ? 0.5 : 2} s per task, in-process mock (one login)`,
        comparisons: [
          {
            metric: 'ns per call (mean)',
            ours: round(ours, 1),
            baseline: round(base, 1),
            ratio: round(ratio, 2),
          },
          { metric: 'logins during the benchmark', ours: logins, baseline: '' },
        ],
        targets: [
          {
            name: 'time per call ratio',
            target: '<= 3',
            value: round(ratio, 2),
            isMet: ratio <= 3,
            isCount: false,
          },
          { name: 'logins', target: '1', value: logins, isMet: logins === 1, isCount: true },
        ],
      };
    } finally {
      await client.close();
      await mock.close();
    }
  },
};
