import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '@mastersfetch/mock-server';
import { ALPHA, GSTIN_QUERY, Harness } from '../helpers.js';
import { OtelSdk } from './otel.js';

describe('observability: metrics (meter @mastersfetch/core)', () => {
  const sdk = new OtelSdk();
  const h = new Harness();
  beforeAll(() => {
    sdk.register();
  });
  afterEach(() => h.close());
  afterAll(() => sdk.shutdown());

  it('counts logins, renewals by reason, waits and 401 replays; records login durations in seconds', async () => {
    const before = {
      logins: await sdk.count('mastersfetch.logins', { 'mastersfetch.outcome': 'success' }),
      cold: await sdk.count('mastersfetch.renewals', {
        'mastersfetch.renew.reason': 'cold',
        'mastersfetch.outcome': 'success',
      }),
      unauthorized: await sdk.count('mastersfetch.renewals', {
        'mastersfetch.renew.reason': 'unauthorized',
      }),
      waits: await sdk.count('mastersfetch.renewal.waits'),
      replays: await sdk.count('mastersfetch.unauthorized_replays'),
    };
    await h.start();
    const client = h.client();
    // Three concurrent cold calls: one login, three waits.
    await Promise.all([1, 2, 3].map(() => client.mastersFetch.get(GSTIN_QUERY)));
    h.mock.revokeTokens(ALPHA.username);
    expect((await client.mastersFetch.get(GSTIN_QUERY)).status).toBe(200);

    expect(h.mock.stats().logins).toBe(2);
    expect(
      (await sdk.count('mastersfetch.logins', { 'mastersfetch.outcome': 'success' })) -
        before.logins,
    ).toBe(2);
    const cold = await sdk.count('mastersfetch.renewals', {
      'mastersfetch.renew.reason': 'cold',
      'mastersfetch.outcome': 'success',
    });
    expect(cold - before.cold).toBe(1);
    const unauthorized = await sdk.count('mastersfetch.renewals', {
      'mastersfetch.renew.reason': 'unauthorized',
      'mastersfetch.outcome': 'success',
    });
    expect(unauthorized - before.unauthorized).toBe(1);
    expect((await sdk.count('mastersfetch.renewal.waits')) - before.waits).toBe(4);
    expect((await sdk.count('mastersfetch.unauthorized_replays')) - before.replays).toBe(1);
    expect(client.stats()).toMatchObject({ logins: 2, waits: 4, replays: 1 });

    const durations = await sdk.points('mastersfetch.login.duration');
    const success = durations.find((p) => p.attributes['mastersfetch.outcome'] === 'success');
    const value = success!.value as { count: number; sum: number };
    expect(value.count).toBeGreaterThanOrEqual(2);
    expect(value.sum).toBeGreaterThan(0);
    expect(value.sum / value.count).toBeLessThan(5); // seconds, not milliseconds
  });

  it('login outcomes: invalid_credentials and rate_limited', async () => {
    await h.start();
    const wrong = h.client({
      credentials: { username: ALPHA.username, password: 'Wr0ng-Pass-123' },
    });
    const invalidBefore = await sdk.count('mastersfetch.logins', {
      'mastersfetch.outcome': 'invalid_credentials',
    });
    await wrong.warmUp().catch(() => {});
    expect(
      (await sdk.count('mastersfetch.logins', { 'mastersfetch.outcome': 'invalid_credentials' })) -
        invalidBefore,
    ).toBe(1);

    const limitedBefore = await sdk.count('mastersfetch.logins', {
      'mastersfetch.outcome': 'rate_limited',
    });
    h.mock.fault({ path: '/api/v1/token-auth/', status: 429, times: 1 });
    const limited = h.client();
    await limited.warmUp().catch(() => {});
    expect(
      (await sdk.count('mastersfetch.logins', { 'mastersfetch.outcome': 'rate_limited' })) -
        limitedBefore,
    ).toBe(1);
    const failedRenewals = await sdk.count('mastersfetch.renewals', {
      'mastersfetch.renew.reason': 'cold',
      'mastersfetch.outcome': 'rate_limited',
    });
    expect(failedRenewals).toBeGreaterThanOrEqual(1);
  });

  it('time_to_expiry: one series per client for its default credential, in seconds; none without a token', async () => {
    await h.start({ tokenLifetimeSec: 3_600 });
    // Another demo user than the other tests: its own fingerprint (a cumulative reader keeps the
    // last value of series of closed clients).
    const user = DEMO_USERS[1]!;
    const client = h.client({ credentials: { username: user.username, password: user.password } });
    const series = async () =>
      (await sdk.points('mastersfetch.token.time_to_expiry')).filter(
        (p) => p.attributes['mastersfetch.credential.fingerprint'] !== alphaFingerprint,
      );
    const alphaFingerprint = await (async () => {
      const alpha = h.client();
      await alpha.warmUp();
      const points = await sdk.points('mastersfetch.token.time_to_expiry');
      await alpha.close();
      return points[0]!.attributes['mastersfetch.credential.fingerprint'];
    })();
    expect(await series()).toEqual([]); // no token yet: no series
    await client.warmUp();
    h.clock.advance(600_000);
    const points = await series();
    expect(points).toHaveLength(1);
    expect(points[0]!.attributes['mastersfetch.credential.fingerprint']).toMatch(/^[0-9a-f]{32}$/);
    expect(points[0]!.value).toBeGreaterThan(2_990);
    expect(points[0]!.value).toBeLessThanOrEqual(3_000);
    await client.close();
    h.clock.advance(600_000);
    // The callback is gone with close(): the series is not updated any more.
    expect((await series())[0]!.value).toBe(points[0]!.value);
  });
});
