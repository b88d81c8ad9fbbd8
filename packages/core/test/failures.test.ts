import { afterEach, describe, expect, it } from 'vitest';
import {
  MastersHttpError,
  MastersInvalidCredentialsError,
  MastersTokenError,
} from '../src/errors.js';
import { ALPHA, GSTIN_QUERY, Harness, TOKEN_AUTH, type FakeClock } from './helpers.js';

/** A fetch that records the injected-clock time of every token-auth attempt. */
function recordingFetch(clock: FakeClock, times: number[]): typeof fetch {
  return (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.endsWith(TOKEN_AUTH)) times.push(clock.now());
    return fetch(input, init);
  };
}

describe('TokenManager: invalid credentials', () => {
  const h = new Harness();
  afterEach(() => h.close());

  it('makes one token-auth request for 50 calls over 4 minutes with a wrong password, then one more after the cooldown', async () => {
    await h.start();
    const client = h.client({
      credentials: { username: ALPHA.username, password: 'wrong-password' },
    });
    const start = h.clock.now();
    for (let i = 0; i < 50; i++) {
      const error = await client.mastersFetch.get(GSTIN_QUERY).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MastersInvalidCredentialsError);
      expect((error as MastersInvalidCredentialsError).status).toBe(206);
      h.clock.advance(240_000 / 50);
    }
    expect(h.clock.now() - start).toBe(240_000);
    expect(h.tokenAuthCount()).toBe(1);
    h.clock.advance(60_001);
    await expect(client.mastersFetch.get(GSTIN_QUERY)).rejects.toBeInstanceOf(
      MastersInvalidCredentialsError,
    );
    expect(h.tokenAuthCount()).toBe(2);
    expect(h.mock.stats().apiCalls).toBe(0);
  });
});

describe('TokenManager: backoff', () => {
  const h = new Harness();
  afterEach(() => h.close());

  it('makes at most 7 login attempts, never closer than 500 ms, during a 60 s token-auth 503 outage with 100 callers per second', async () => {
    await h.start();
    h.mock.fault({ path: TOKEN_AUTH, status: 503, body: '<html>Service Unavailable</html>' });
    const attempts: number[] = [];
    const client = h.client({ fetch: recordingFetch(h.clock, attempts) });
    const start = h.clock.now();
    let failures = 0;
    for (let tick = 0; tick < 6000; tick++) {
      const error = await client.mastersFetch.get(GSTIN_QUERY).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MastersTokenError);
      failures++;
      h.clock.advance(10);
    }
    expect(failures).toBe(6000);
    const inWindow = attempts.filter((t) => t - start < 60_000);
    expect(inWindow.length).toBeGreaterThanOrEqual(5);
    expect(inWindow.length).toBeLessThanOrEqual(7);
    for (let i = 1; i < attempts.length; i++) {
      expect(attempts[i]! - attempts[i - 1]!).toBeGreaterThanOrEqual(500);
    }
    expect(h.tokenAuthCount()).toBeLessThanOrEqual(attempts.length);
    expect(h.mock.stats().apiCalls).toBe(0);
  }, 60_000);

  it('fails fast with the last error (cause kept) until the next slot', async () => {
    await h.start();
    h.mock.fault({ path: TOKEN_AUTH, status: 502, times: 1 });
    const client = h.client();
    const first = await client.mastersFetch.get(GSTIN_QUERY).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(MastersTokenError);
    expect((first as MastersTokenError).status).toBe(502);
    expect((first as Error).cause).toMatchObject({ status: 502, method: 'POST', path: TOKEN_AUTH });
    const second = await client.mastersFetch.get(GSTIN_QUERY).catch((e: unknown) => e);
    expect(second).toBe(first);
    expect(h.tokenAuthCount()).toBe(1);
    h.clock.advance(1_000);
    expect((await client.mastersFetch.get(GSTIN_QUERY)).status).toBe(200);
    expect(h.tokenAuthCount()).toBe(2);
  });

  it('makes no attempt before Retry-After: 20 has passed after a 429', async () => {
    await h.start();
    h.mock.fault({ path: TOKEN_AUTH, status: 429, headers: { 'retry-after': '20' }, times: 1 });
    const attempts: number[] = [];
    const client = h.client({ fetch: recordingFetch(h.clock, attempts) });
    const start = h.clock.now();
    await expect(client.mastersFetch.get(GSTIN_QUERY)).rejects.toBeInstanceOf(MastersTokenError);
    for (let t = 0; t < 19_900; t += 100) {
      h.clock.advance(100);
      await expect(client.mastersFetch.get(GSTIN_QUERY)).rejects.toBeInstanceOf(MastersTokenError);
    }
    expect(attempts).toHaveLength(1);
    h.clock.advance(20_000 - (h.clock.now() - start));
    expect((await client.mastersFetch.get(GSTIN_QUERY)).status).toBe(200);
    expect(attempts).toHaveLength(2);
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(20_000);
  });

  it('keeps serving a valid token in its soft window during a 60 s token-auth outage', async () => {
    await h.start();
    const attempts: number[] = [];
    const client = h.client({ fetch: recordingFetch(h.clock, attempts) });
    await client.warmUp();
    h.clock.advance(24 * 3_600_000 - 10 * 60_000); // 10 min left: soft window, not hard
    h.mock.fault({ path: TOKEN_AUTH, status: 503 });
    let ok = 0;
    for (let tick = 0; tick < 600; tick++) {
      const r = await client.mastersFetch.get(GSTIN_QUERY);
      if (r.status === 200) ok++;
      h.clock.advance(100);
    }
    expect(ok).toBe(600);
    expect(attempts.length).toBeGreaterThan(1); // background renewals were tried...
    expect(attempts.length).toBeLessThanOrEqual(8); // ...with backoff
    expect(client.stats().waits).toBe(1); // only the cold start waited
  }, 60_000);

  it('recovers after a first login that times out', async () => {
    await h.start();
    // timeoutMs covers the login's body too: leave a loaded CI machine room for the second login.
    h.mock.fault({ path: TOKEN_AUTH, delayMs: 3_000, times: 1 });
    const client = h.client({ timeoutMs: 1_000 });
    const error = await client.mastersFetch.get(GSTIN_QUERY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MastersTokenError);
    expect((error as Error).cause).toBeInstanceOf(MastersHttpError);
    expect(((error as Error).cause as MastersHttpError).code).toBe('ETIMEDOUT');
    // Fail fast until the backoff slot (at most 1 s on the injected clock), then log in.
    h.clock.advance(1_000);
    const r = await client.mastersFetch.get(GSTIN_QUERY);
    expect(r.status).toBe(200);
    expect(h.tokenAuthCount()).toBe(2);
    expect(client.tokenStatus().hasToken).toBe(true);
  });
});
