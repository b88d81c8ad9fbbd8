import { afterEach, describe, expect, it } from 'vitest';
import { GSTIN_QUERY, Harness } from '../helpers.js';

/**
 * Attack: "a logger that throws is ignored" (core README, Logging; ARCHITECTURE §12). A logger
 * whose methods are getters that throw (a Proxy-based or lazily configured logger, a logger
 * being torn down) must not break a call either. Real HTTP against the mock.
 */

describe('attack: weird logger objects never break calls', () => {
  const h = new Harness();
  afterEach(() => h.close());

  it('a logger whose debug/info getters throw after creation: calls still answer', async () => {
    await h.start();
    let armed = false;
    const logger = {
      get debug() {
        if (armed) throw new Error('logger torn down');
        return () => {};
      },
      get info() {
        if (armed) throw new Error('logger torn down');
        return () => {};
      },
      warn: () => {},
      error: () => {},
    };
    const client = h.client({ logger });
    armed = true;
    const response = await client.mastersFetch.get(GSTIN_QUERY);
    expect(response.status).toBe(200);
    expect(h.tokenAuthCount()).toBe(1);
  });

  it('a logger whose isLevelEnabled throws: calls still answer', async () => {
    await h.start();
    const logger = {
      debug: () => {},
      info: () => {},
      warn: () => {},
      error: () => {},
      isLevelEnabled: () => {
        throw new Error('no levels');
      },
    };
    const client = h.client({ logger });
    const response = await client.mastersFetch.get(GSTIN_QUERY);
    expect(response.status).toBe(200);
  });
});
