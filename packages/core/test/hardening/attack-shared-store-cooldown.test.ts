import { afterEach, describe, expect, it } from 'vitest';
import { MemoryTokenStore } from '../../src/index.js';
import { GSTIN_QUERY, Harness, TOKEN_AUTH } from '../helpers.js';

/**
 * Attack: two replicas share a token store (ARCHITECTURE §3: "adopt a stored record" before any
 * login). During its invalid-credentials cooldown or its login backoff a replica refuses every
 * call at once (`token-manager.ts` `#ensureToken`: the refusal comes before any store read),
 * although the shared store already holds a valid token that another replica obtained with the
 * same credentials. Reading the store sends no credential, so the refusal costs availability for
 * up to the whole cooldown (300 s by default) for nothing.
 *
 * Not fixed here: the refusal path would have to read the store (and time-box that read) before
 * failing fast, which changes the engine's fail-fast contract; left for the token engine's owner.
 */
describe('attack: a replica in cooldown ignores the valid token in the shared store', () => {
  const h = new Harness();
  afterEach(() => h.close());

  it.fails(
    'after one transient rejection, replica A serves with the token replica B stored',
    async () => {
      await h.start({ tokenLifetimeSec: 3_600 });
      const store = new MemoryTokenStore();
      const a = h.client({ store });
      const b = h.client({ store });
      h.mock.fault({ path: TOKEN_AUTH, status: 401, times: 1 });
      await a.mastersFetch.get(GSTIN_QUERY, { retry: 0 }).catch(() => {});
      await b.mastersFetch.get(GSTIN_QUERY); // B logs in: the credentials are valid
      expect(h.tokenAuthCount()).toBe(2);
      h.clock.advance(60_000); // A is still in its 300 s cooldown
      const response = await a.mastersFetch.get(GSTIN_QUERY); // rejects: MastersInvalidCredentialsError
      expect(response.status).toBe(200);
      expect(h.tokenAuthCount()).toBe(2); // and without a login of its own
    },
  );
});
