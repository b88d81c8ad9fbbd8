import { afterEach, describe, expect, it } from 'vitest';
import { MastersInvalidCredentialsError } from '../../src/errors.js';
import { ENGINE_DEBUG, type EngineDebugInfo } from '../../src/client.js';
import { GSTIN_QUERY, Harness, TOKEN_AUTH } from '../helpers.js';

// Issue 17, finding 12: the bad-credentials memory must outlive the LRU eviction of the token
// state. More active tenants than `maxEntries`; one of them has a wrong password.

const TENANTS = Array.from({ length: 8 }, (_, i) => ({
  username: `tenant-${i}@example.com`,
  password: `tenant-${i}-pass`,
  gstins: ['05AAACG0904A1Z1'],
}));
const BAD = { username: 'tenant-bad@example.com', password: 'changed-at-the-portal' };

describe('hardening: cooldown beyond LRU eviction (issue 17 #12)', () => {
  const h = new Harness();
  afterEach(() => h.close());

  it('a tenant with a wrong password logs in once per cooldown while busier tenants evict its state', async () => {
    await h.start({ users: [...TENANTS, { ...BAD, password: 'the-new-one', gstins: [] }] });
    const client = h.client({ credentials: undefined, maxEntries: 3 });
    const loginsOf = (username: string) =>
      h.mock.requests().filter((r) => r.path === TOKEN_AUTH && r.username === username).length;

    for (let round = 0; round < 10; round++) {
      await expect(client.forCredentials(BAD).get(GSTIN_QUERY)).rejects.toBeInstanceOf(
        MastersInvalidCredentialsError,
      );
      for (const tenant of TENANTS) {
        await client
          .forCredentials({ username: tenant.username, password: tenant.password })
          .get(GSTIN_QUERY, { throwHttpErrors: false });
      }
      h.clock.advance(10_000);
    }
    expect(loginsOf(BAD.username)).toBe(1);
    // The token states stayed within maxEntries (the tenants really were evicted).
    const debug = (client as unknown as { [ENGINE_DEBUG](): EngineDebugInfo })[ENGINE_DEBUG]();
    expect(debug.keys).toBeLessThanOrEqual(3);

    // After the cooldown: one more login, then quiet again.
    h.clock.advance(300_000);
    for (let i = 0; i < 3; i++) {
      await client
        .forCredentials(BAD)
        .get(GSTIN_QUERY)
        .catch(() => undefined);
    }
    expect(loginsOf(BAD.username)).toBe(2);
  });
});
