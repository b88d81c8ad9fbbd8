import { afterEach, describe, expect, it } from 'vitest';
import { GSTIN_QUERY, Harness } from './helpers.js';

describe('createMastersClient (smoke)', () => {
  const h = new Harness();
  afterEach(() => h.close());

  it('logs in once and calls the API', async () => {
    await h.start();
    const client = h.client();
    const r = await client.mastersFetch.get(GSTIN_QUERY);
    expect(r.status).toBe(200);
    const r2 = await client.mastersFetch.get(GSTIN_QUERY).json();
    expect(r2).toHaveProperty('results');
    expect(h.tokenAuthCount()).toBe(1);
    expect(client.stats().logins).toBe(1);
  });
});
