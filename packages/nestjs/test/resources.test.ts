import { startMockServer } from '@mastersfetch/mock-server';
import request from 'supertest';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startProbeApp } from './apps.js';

/**
 * `process.getActiveResourcesInfo()` split into timers and everything else (sockets, servers,
 * pipes). Vitest's worker keeps short-lived RPC timers of its own that come and go, so timers are
 * compared as "no more than at the baseline"; every other resource must match exactly.
 */
function resources(): { timers: number; handles: string[] } {
  const info = process.getActiveResourcesInfo();
  return {
    timers: info.filter((name) => name === 'Timeout').length,
    handles: info.filter((name) => name !== 'Timeout').sort(),
  };
}

function isBackTo(
  baseline: ReturnType<typeof resources>,
  now: ReturnType<typeof resources>,
): boolean {
  return (
    now.timers <= baseline.timers &&
    JSON.stringify(now.handles) === JSON.stringify(baseline.handles)
  );
}

/**
 * Closed sockets leave the list a few event-loop turns later. Poll with setImmediate (not with
 * timers, which would themselves show up as `Timeout`) until the list is back or 5 s pass.
 */
async function settledResources(baseline: ReturnType<typeof resources>) {
  const deadline = performance.now() + 5_000;
  let now = resources();
  while (!isBackTo(baseline, now) && performance.now() < deadline) {
    await nextTurn();
    now = resources();
  }
  return now;
}

describe('MastersIndiaModule resources', () => {
  it.each(['express', 'fastify'] as const)(
    'leaves no handle behind after app.close() and mock.close() (%s)',
    async (platform) => {
      const baseline = resources();
      const mock = await startMockServer();
      const app = await startProbeApp({ baseUrl: mock.url, platform, filter: 'APP_FILTER' });
      await app.listen(0, '127.0.0.1');
      const url = await app.getUrl();
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          request(url)
            .get(`/bills/${100000000000 + i}`)
            .set('connection', 'close')
            .expect(200),
        ),
      );
      expect(mock.stats().logins).toBe(1);
      expect(resources().handles.length).toBeGreaterThan(baseline.handles.length);

      await app.close();
      await mock.close();
      const after = await settledResources(baseline);
      expect(after.handles).toEqual(baseline.handles);
      expect(after.timers).toBeLessThanOrEqual(baseline.timers);
    },
  );
});
