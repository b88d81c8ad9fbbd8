import { randomUUID } from 'node:crypto';
import { DEMO_USERS } from '@mastersfetch/mock-server';
import { forkChild } from '../child.js';
import { startMockProcess } from '../mock.js';
import { resolveRedis } from '../redis.js';
import type { Scenario } from '../types.js';

/**
 * Scenario 6: 32 cold processes at once (8 in quick mode); logins with a shared RedisTokenStore vs
 * per-process memory. Each process is kept small (a 64 MB old space, 50 calls) so 32 fit on 2 cores.
 */
export const fleet: Scenario = {
  name: 'fleet',
  title: '6. Fleet (32 processes, cold, shared RedisTokenStore vs MemoryTokenStore)',
  async run({ quick }) {
    const PROCESSES = quick ? 8 : 32;
    const calls = 50;
    const redis = await resolveRedis();
    if (!redis) {
      if (quick && process.env.CI === 'true') {
        throw new Error(
          'fleet: no Redis (set REDIS_URL or put redis-server on PATH); CI requires it',
        );
      }
      return { setup: '', comparisons: [], targets: [], skipped: 'skipped (no Redis)' };
    }
    const mock = await startMockProcess([{ users: [...DEMO_USERS] }]);
    try {
      const runFleet = async (kind: 'redis' | 'memory') => {
        const before = (await mock.stats())[0]!.logins;
        const prefix = `mastersfetch-bench:${randomUUID()}:`;
        const workers = Array.from({ length: PROCESSES }, () =>
          forkChild(
            './fleet-worker.js',
            [mock.urls[0]!, kind, redis.url, prefix, String(calls)],
            ['--max-old-space-size=64'],
          ),
        );
        try {
          const t0 = performance.now();
          await Promise.all(workers.map((w) => w.next('ready')));
          const t1 = performance.now();
          const done = workers.map((w) => w.next<{ failed: number }>('done'));
          for (const w of workers) w.process.send({ type: 'go' });
          const results = await Promise.all(done);
          const logins = (await mock.stats())[0]!.logins - before;
          console.log(
            `  ${kind}: processes ready in ${Math.round(t1 - t0)} ms, calls done in ${Math.round(performance.now() - t1)} ms`,
          );
          return { logins, failed: results.reduce((sum, r) => sum + r.failed, 0) };
        } finally {
          await Promise.all(workers.map((w) => w.kill()));
        }
      };
      const shared = await runFleet('redis');
      const memory = await runFleet('memory');
      return {
        setup: `${PROCESSES} processes x ${calls} concurrent cold GETs, released together; Redis: ${redis.origin}; mock in its own process`,
        comparisons: [
          {
            metric: 'logins at the mock',
            ours: shared.logins,
            baseline: memory.logins,
            ratio: shared.logins / memory.logins,
          },
          { metric: 'failed calls', ours: shared.failed, baseline: memory.failed },
        ],
        targets: [
          {
            name: 'logins with RedisTokenStore',
            target: '1',
            value: shared.logins,
            isMet: shared.logins === 1,
            isCount: true,
            note: `MemoryTokenStore: ${memory.logins} (expected ${PROCESSES})`,
          },
          {
            name: 'logins with MemoryTokenStore',
            target: String(PROCESSES),
            value: memory.logins,
            isMet: memory.logins === PROCESSES,
            isCount: true,
          },
          {
            name: 'failed calls',
            target: '0',
            value: shared.failed + memory.failed,
            isMet: shared.failed + memory.failed === 0,
            isCount: true,
          },
        ],
      };
    } finally {
      await mock.close();
      await redis.close();
    }
  },
};
