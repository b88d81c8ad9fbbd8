import { afterEach, describe, expect, it, vi } from 'vitest';
import { GSTIN_QUERY, ReliabilityHarness, TOKEN_AUTH } from './harness.js';

const HOUR_MS = 3_600_000;

describe('reliability: server clock skew', () => {
  const h = new ReliabilityHarness();
  afterEach(() => h.close());

  it.each([
    { name: '2 h ahead of ours', clockOffsetMs: 2 * HOUR_MS },
    { name: '25 h behind ours', clockOffsetMs: -25 * HOUR_MS },
  ])(
    'with the server clock $name: one login for many calls, one skewDetected, renewal only in the soft window',
    async ({ clockOffsetMs }) => {
      await h.start({ clockOffsetMs });
      const client = h.client();
      for (let i = 0; i < 100; i++) {
        const response = await client.mastersFetch.get(GSTIN_QUERY);
        expect(response.status).toBe(200);
        h.clock.advance(10 * 60_000); // 100 calls over 16 h 40 min of our clock
      }
      expect(h.count(TOKEN_AUTH)).toBe(1);
      expect(client.tokenStatus().hasToken).toBe(true);
      const skew = h.eventsNamed('skewDetected') as { skewMs: number }[];
      expect(skew).toHaveLength(1);
      expect(Math.abs(skew[0]!.skewMs - clockOffsetMs)).toBeLessThan(5_000);
      expect(h.logLines.some((l) => /server clock differs/.test(l))).toBe(true);
      // Into the soft window (last 15 min of 24 h): one background renewal, callers keep going.
      h.clock.advance(24 * HOUR_MS - 100 * 10 * 60_000 - 10 * 60_000);
      for (let i = 0; i < 20; i++) {
        expect((await client.mastersFetch.get(GSTIN_QUERY)).status).toBe(200);
      }
      await vi.waitFor(() => expect(h.eventsNamed('renew')).toHaveLength(1));
      for (let i = 0; i < 20; i++) {
        expect((await client.mastersFetch.get(GSTIN_QUERY)).status).toBe(200);
      }
      expect(h.count(TOKEN_AUTH)).toBe(2);
      expect(h.eventsNamed('skewDetected')).toHaveLength(1);
      expect(h.eventsNamed('renewFailed')).toHaveLength(0);
      await h.expectHealthy(client);
    },
  );
});
