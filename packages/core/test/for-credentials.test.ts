import { afterEach, describe, expect, it } from 'vitest';
import { ENGINE_DEBUG, type EngineDebugInfo } from '../src/client.js';
import type { MastersClient } from '../src/types.js';
import { GSTIN_QUERY, Harness } from './helpers.js';

const debug = (client: MastersClient): EngineDebugInfo =>
  (client as unknown as { [ENGINE_DEBUG](): EngineDebugInfo })[ENGINE_DEBUG]();

describe('forCredentials', () => {
  const h = new Harness();
  afterEach(() => h.close());

  it.each([
    [
      'throws',
      () => {
        throw new Error('unknown tenant');
      },
    ],
    [
      'rejects',
      async () => {
        throw new Error('unknown tenant');
      },
    ],
  ])('calls a source that %s once: its error is never retried', async (_how, failing) => {
    await h.start({ acceptAnyUser: true });
    const client = h.client({ credentials: undefined });
    let calls = 0;
    const source = () => {
      calls += 1;
      return failing();
    };
    await expect(client.forCredentials(source).get(GSTIN_QUERY)).rejects.toThrow('unknown tenant');
    expect(calls).toBe(1);
    expect(h.tokenAuthCount()).toBe(0);
  });

  it('keeps no per-function cache: the function form makes one instance per call and its keys stay within maxEntries', async () => {
    await h.start({ acceptAnyUser: true });
    const client = h.client({ credentials: undefined, maxEntries: 3 });
    let n = 0;
    const nextTenant = () => {
      const i = n++ % 10;
      return { username: `tenant-${i}@fn.example`, password: `pw-${i}` };
    };
    const first = client.forCredentials(nextTenant);
    expect(client.forCredentials(nextTenant)).not.toBe(first);
    for (let i = 0; i < 10; i++) {
      expect((await client.forCredentials(nextTenant).get(GSTIN_QUERY)).status).toBe(200);
      expect(debug(client).keys).toBeLessThanOrEqual(3);
    }
    expect(h.tokenAuthCount()).toBe(10);
    // The value form is cached per credential key, in the same LRU.
    const tenant = { username: 'tenant-0@fn.example', password: 'pw-0' };
    expect(client.forCredentials(tenant)).toBe(client.forCredentials({ ...tenant }));
  });
});
