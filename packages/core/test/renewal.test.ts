import { afterEach, describe, expect, it } from 'vitest';
import { GSTIN_QUERY, Harness } from './helpers.js';

const HOUR = 3_600_000;

describe('TokenManager: soft window', () => {
  const h = new Harness();
  afterEach(() => h.close());

  it('makes 10,000 calls over 23 h with one login, then renews once in the background before 47 h', async () => {
    await h.start();
    const client = h.client();
    const start = h.clock.now();
    const renewedAt: number[] = [];
    client.on('renew', () => renewedAt.push(h.clock.now() - start));

    const step1 = (23 * HOUR) / 10_000;
    for (let i = 0; i < 10_000; i++) {
      const r = await client.mastersFetch.get(GSTIN_QUERY);
      expect(r.status).toBe(200);
      h.clock.advance(step1);
    }
    expect(h.tokenAuthCount()).toBe(1);
    const waitsAfterColdStart = client.stats().waits;
    expect(waitsAfterColdStart).toBe(1);

    const step2 = 60_000;
    while (h.clock.now() - start < 47 * HOUR) {
      const r = await client.mastersFetch.get(GSTIN_QUERY);
      expect(r.status).toBe(200);
      h.clock.advance(step2);
    }
    expect(h.tokenAuthCount()).toBe(2);
    expect(client.stats()).toMatchObject({ logins: 2, renewals: 1, waits: waitsAfterColdStart });
    // Started inside the soft window (last 15 min) and before the hard window (last 30 s).
    expect(renewedAt).toHaveLength(1);
    expect(renewedAt[0]!).toBeGreaterThanOrEqual(24 * HOUR - 15 * 60_000);
    expect(renewedAt[0]!).toBeLessThan(24 * HOUR - 30_000 + step2);
  }, 300_000);

  it('waits for the renewal in the hard window and never sends an expired token', async () => {
    await h.start({ tokenLifetimeSec: 600 });
    const client = h.client();
    await client.warmUp();
    h.clock.advance(600_000 - 10_000); // 10 s left: inside the hard window (min(30 s, 60 s))
    const r = await client.mastersFetch.get(GSTIN_QUERY);
    expect(r.status).toBe(200);
    expect(h.tokenAuthCount()).toBe(2);
    expect(client.stats().waits).toBe(2);
    expect(client.stats()).toMatchObject({ logins: 2, renewals: 1 });
  });
});
