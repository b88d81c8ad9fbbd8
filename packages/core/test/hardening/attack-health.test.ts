import { afterEach, describe, expect, it } from 'vitest';
import { createHealthCheck, MemoryTokenStore } from '../../src/index.js';
import { ALPHA, GSTIN_QUERY, Harness, TOKEN_AUTH } from '../helpers.js';

/** Every request the mock received, whatever the path. */
const received = (h: Harness): number =>
  Object.values(h.mock.stats().byPath).reduce((a, b) => a + b, 0);

describe('attack: health checks', () => {
  const h = new Harness();
  afterEach(() => h.close());

  it('after close() the health check is down (the client serves nothing), and sends nothing', async () => {
    await h.start();
    const client = h.client();
    const health = createHealthCheck(client, { clock: h.clock });
    await client.mastersFetch.get(GSTIN_QUERY);
    expect(health().status).toBe('up');
    await client.close();
    const before = received(h);
    const body = health();
    expect(received(h)).toBe(before);
    // A closed client rejects every call with MastersClientClosedError: a readiness probe that
    // keeps answering 200 keeps traffic coming to a replica that is shutting down.
    expect(body.status).toBe('down');
  });

  it('never logs in, whatever the state (cold, invalid credentials, api key)', async () => {
    await h.start({ apiKeys: [{ key: 'attack-health-api-key-123456', username: ALPHA.username }] });
    const cold = h.client();
    const bad = h.client({
      credentials: { username: ALPHA.username, password: 'attack-wrong-pw' },
    });
    const keyed = h.client({ credentials: { apiKey: 'attack-health-api-key-123456' } });
    const checks = [cold, bad, keyed].map((c) => createHealthCheck(c, { clock: h.clock }));
    await bad.mastersFetch.get(GSTIN_QUERY).catch(() => {});
    const logins = h.tokenAuthCount();
    const total = received(h);
    for (let i = 0; i < 50; i++) for (const check of checks) check();
    expect(h.tokenAuthCount()).toBe(logins);
    expect(received(h)).toBe(total);
    expect(checks.map((c) => c().status)).toEqual(['up', 'down', 'up']);
    expect(JSON.stringify(checks.map((c) => c()))).not.toContain('attack-');
  });
});

describe('attack: health with a shared token store (two replicas)', () => {
  const h = new Harness();
  afterEach(() => h.close());

  it('a replica whose one login was rejected recovers once the shared store serves valid tokens', async () => {
    await h.start({ tokenLifetimeSec: 3_600 });
    const store = new MemoryTokenStore();
    const a = h.client({ store });
    const b = h.client({ store });
    const healthA = createHealthCheck(a, { clock: h.clock });
    // A transient rejection of A's login (e.g. a password rotation in progress).
    h.mock.fault({ path: TOKEN_AUTH, status: 401, times: 1 });
    await a.mastersFetch.get(GSTIN_QUERY, { retry: 0 }).catch(() => {});
    expect(healthA()).toMatchObject({ status: 'down', reason: 'invalid_credentials' });
    // Replica B logs in with the same credentials: they are valid.
    await b.mastersFetch.get(GSTIN_QUERY);
    h.clock.advance(301_000); // past the invalid-credentials cooldown (300 s)
    // A serves traffic with the token B stored (no login of its own).
    const response = await a.mastersFetch.get(GSTIN_QUERY);
    expect(response.status).toBe(200);
    expect(healthA().status).toBe('up');
    // The token expires while A is idle: A is cold, its credentials are known to work.
    h.clock.advance(3_600_000);
    expect(a.tokenStatus().hasToken).toBe(false);
    expect(healthA().status).toBe('up');
  });
});
