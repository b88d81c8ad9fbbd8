import { afterEach, describe, expect, it } from 'vitest';
import { ALPHA_CREDENTIALS, DETAILS_PATH, GSTIN_QUERY, Harness, TOKEN_AUTH } from './helpers.js';

describe('TokenManager: single flight', () => {
  const h = new Harness();
  afterEach(() => h.close());

  it('logs in once for 1000 concurrent cold callers, all with the same token generation', async () => {
    await h.start();
    // Generous per-attempt timeout: 1000 sockets on a loaded CI machine can take seconds.
    const client = h.client({ timeoutMs: 120_000 });
    const responses = await Promise.all(
      Array.from({ length: 1000 }, () => client.mastersFetch.get(GSTIN_QUERY)),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(h.tokenAuthCount()).toBe(1);
    const apiCalls = h.mock.requests().filter((r) => r.path === DETAILS_PATH);
    expect(apiCalls).toHaveLength(1000);
    expect(new Set(apiCalls.map((r) => r.tokenGeneration))).toEqual(new Set([1]));
    expect(client.stats()).toMatchObject({ logins: 1, renewals: 0, replays: 0 });
  }, 120_000);

  it("a caller's abort ends only its own wait, not the shared login", async () => {
    await h.start();
    h.mock.fault({ path: TOKEN_AUTH, delayMs: 300, times: 1 });
    const client = h.client();
    const controller = new AbortController();
    const aborted = client.mastersFetch.get(GSTIN_QUERY, { signal: controller.signal });
    const patient = client.mastersFetch.get(GSTIN_QUERY);
    setTimeout(() => controller.abort(new Error('client went away')), 20);
    await expect(aborted).rejects.toThrow('client went away');
    expect((await patient).status).toBe(200);
    expect(h.tokenAuthCount()).toBe(1);
    expect(h.mock.requests().filter((r) => r.path === DETAILS_PATH)).toHaveLength(1);
  });

  it('getAccessToken, warmUp and tokenStatus share the same token', async () => {
    await h.start();
    const client = h.client();
    expect(client.tokenStatus()).toEqual({ mode: 'password', hasToken: false, expiresInSec: null });
    await client.warmUp();
    const token = await client.getAccessToken();
    expect(token.split('.')).toHaveLength(3);
    expect(client.tokenStatus()).toEqual({
      mode: 'password',
      hasToken: true,
      expiresInSec: 86_400,
    });
    h.clock.advance(3_600_000);
    expect(client.tokenStatus().expiresInSec).toBe(82_800);
    expect(h.tokenAuthCount()).toBe(1);
    await client.invalidate();
    await client.mastersFetch.get(GSTIN_QUERY);
    expect(h.tokenAuthCount()).toBe(2);
    void ALPHA_CREDENTIALS;
  });
});
