import { afterEach, describe, expect, it } from 'vitest';
import { MemoryTokenStore } from '../src/store/memory.js';
import type { TokenStore } from '../src/types.js';
import { GSTIN_QUERY, Harness } from './helpers.js';

describe('shared store and refresh strategy', () => {
  const h = new Harness();
  afterEach(() => h.close());

  it('logs in once for two clients sharing a store with a lock', async () => {
    await h.start();
    const store = new MemoryTokenStore();
    const a = h.client({ store });
    const b = h.client({ store });
    const results = await Promise.all([
      ...Array.from({ length: 20 }, () => a.mastersFetch.get(GSTIN_QUERY)),
      ...Array.from({ length: 20 }, () => b.mastersFetch.get(GSTIN_QUERY)),
    ]);
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(h.tokenAuthCount()).toBe(1);
  });

  it('treats a throwing store as absent and reports storeError', async () => {
    await h.start();
    const broken: TokenStore = {
      get: () => Promise.reject(new Error('store down')),
      set: () => Promise.reject(new Error('store down')),
      delete: () => Promise.reject(new Error('store down')),
    };
    const client = h.client({ store: broken });
    const ops: string[] = [];
    client.on('storeError', (e) => ops.push(e.operation));
    expect((await client.mastersFetch.get(GSTIN_QUERY)).status).toBe(200);
    expect(ops).toEqual(expect.arrayContaining(['get', 'set']));
  });

  it('renews with the refresh token when refreshPath is set', async () => {
    await h.start({ refreshPath: '/api/v2/api-token-refresh/', tokenLifetimeSec: 600 });
    const client = h.client({ refreshPath: 'api/v2/api-token-refresh/' });
    const strategies: string[] = [];
    client.on('renew', (e) => strategies.push(e.strategy));
    await client.warmUp();
    h.clock.advance(600_000 - 5_000);
    expect((await client.mastersFetch.get(GSTIN_QUERY)).status).toBe(200);
    expect(h.mock.stats().refreshes).toBe(1);
    expect(h.tokenAuthCount()).toBe(1);
    expect(strategies).toEqual(['refresh']);
  });
});
