import { DEMO_USERS } from '@mastersfetch/mock-server';
import { afterEach, describe, expect, it } from 'vitest';
import { ALPHA, ALPHA_CREDENTIALS, GSTIN_QUERY, Harness, TOKEN_AUTH } from '../test/helpers.js';
import { MastersConfigError } from './errors.js';
import { createHealthCheck, HEALTH_HTTP_STATUS } from './health.js';

const BETA_WRONG = { username: DEMO_USERS[1]!.username, password: 'wrong-password-beta' };

describe('createHealthCheck()', () => {
  const h = new Harness();
  afterEach(() => h.close());

  /** Checks many times and asserts that no check sent anything to the mock. */
  function checkQuietly(check: () => unknown, times = 20): void {
    const before = h.mock.requests().length;
    for (let i = 0; i < times; i++) check();
    expect(h.mock.requests()).toHaveLength(before);
  }

  it('is up for a cold client and never logs in; up with expiresInSec once a call logged in', async () => {
    await h.start({ tokenLifetimeSec: 3600 });
    const client = h.client();
    const health = createHealthCheck(client, { clock: h.clock });
    checkQuietly(health);
    const cold = health();
    expect(cold).toEqual({
      status: 'up',
      mode: 'password',
      hasToken: false,
      expiresInSec: null,
      keyFingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(h.tokenAuthCount()).toBe(0);

    await client.mastersFetch.get(GSTIN_QUERY);
    expect(health()).toEqual({ ...cold, hasToken: true, expiresInSec: 3600 });
    h.clock.advance(600_000);
    expect(health().expiresInSec).toBe(3000);
    expect(h.tokenAuthCount()).toBe(1);
  });

  it('is up again (cold) when the token expired while idle: the next request logs in', async () => {
    await h.start({ tokenLifetimeSec: 600 });
    const client = h.client();
    const health = createHealthCheck(client, { clock: h.clock });
    await client.mastersFetch.get(GSTIN_QUERY);
    h.clock.advance(601_000);
    expect(health()).toMatchObject({ status: 'up', hasToken: false, expiresInSec: null });
    await client.invalidate();
    expect(health()).toMatchObject({ status: 'up', hasToken: false });
  });

  it('is down (invalid_credentials) after token-auth rejected the password, until a login succeeds', async () => {
    await h.start();
    const client = h.client();
    const health = createHealthCheck(client, { clock: h.clock });
    h.mock.fault({ path: TOKEN_AUTH, status: 401, body: { detail: 'no' }, times: 1 });
    await expect(client.mastersFetch.get(GSTIN_QUERY)).rejects.toMatchObject({
      name: 'MastersInvalidCredentialsError',
    });
    expect(health()).toMatchObject({
      status: 'down',
      reason: 'invalid_credentials',
      hasToken: false,
    });
    checkQuietly(health);
    h.clock.advance(3_600_000); // long after the 5 min cooldown: still the rejected credentials
    expect(health()).toMatchObject({ status: 'down', reason: 'invalid_credentials' });
    expect(h.tokenAuthCount()).toBe(1);

    await client.warmUp(); // the fault is spent: this login succeeds
    expect(health()).toMatchObject({ status: 'up', hasToken: true });
    expect(health()).not.toHaveProperty('reason');
    expect(HEALTH_HTTP_STATUS).toEqual({ up: 200, down: 503 });
  });

  it('is down (renewal_failing) during the backoff after a failed login, then up so the next request retries', async () => {
    await h.start();
    const client = h.client({ backoffBaseMs: 10_000, backoffCapMs: 10_000 });
    const health = createHealthCheck(client, { clock: h.clock });
    const outage = h.mock.fault({ path: TOKEN_AUTH, status: 503, body: '<html>down</html>' });
    const failed: number[] = [];
    client.on('renewFailed', (e) => failed.push(e.nextAttemptInMs));
    await expect(client.mastersFetch.get(GSTIN_QUERY)).rejects.toMatchObject({
      name: 'MastersTokenError',
    });
    expect(failed).toHaveLength(1);
    expect(health()).toMatchObject({ status: 'down', reason: 'renewal_failing' });
    checkQuietly(health);
    h.clock.advance(failed[0]! - 1);
    expect(health().status).toBe('down');
    h.clock.advance(1);
    expect(health()).toMatchObject({ status: 'up', hasToken: false });

    outage.remove();
    await client.mastersFetch.get(GSTIN_QUERY);
    expect(health()).toMatchObject({ status: 'up', hasToken: true });
    expect(h.tokenAuthCount()).toBe(2);
  });

  it('stays up while a usable token serves, even when its background renewal failed', async () => {
    await h.start({ tokenLifetimeSec: 3600 });
    const client = h.client();
    const health = createHealthCheck(client, { clock: h.clock });
    await client.mastersFetch.get(GSTIN_QUERY);
    h.mock.fault({ path: TOKEN_AUTH, status: 503, body: '<html>down</html>' });
    const failed = new Promise((resolve) => client.on('renewFailed', resolve));
    h.clock.advance(3_000_000); // into the soft window: the next call renews in the background
    await client.mastersFetch.get(GSTIN_QUERY);
    await failed;
    expect(health()).toMatchObject({ status: 'up', hasToken: true, expiresInSec: 600 });
    h.clock.advance(600_000); // expired, and the last renewal failed (backoff is 1-2 s, spent)
    expect(health()).toMatchObject({ status: 'up', hasToken: false });
  });

  it('ignores the failures of other identities (forCredentials tenants)', async () => {
    await h.start();
    const client = h.client();
    const health = createHealthCheck(client, { clock: h.clock });
    const tenant = client.forCredentials(BETA_WRONG);
    await expect(tenant.get(GSTIN_QUERY)).rejects.toMatchObject({
      name: 'MastersInvalidCredentialsError',
    });
    expect(health()).toMatchObject({ status: 'up', hasToken: false });
  });

  it('is up in API-key mode and for a client without default credentials, sending nothing', async () => {
    await h.start();
    const apiKey = createHealthCheck(h.client({ credentials: { apiKey: 'demo-api-key-123' } }));
    expect(apiKey()).toEqual({
      status: 'up',
      mode: 'apiKey',
      hasToken: false,
      expiresInSec: null,
      keyFingerprint: expect.any(String),
    });
    const none = createHealthCheck({ client: h.client({ credentials: undefined }) });
    expect(none()).toMatchObject({ status: 'up', keyFingerprint: null });
    expect(h.mock.requests()).toHaveLength(0);
  });

  it('stop() unsubscribes; no answer carries a secret', async () => {
    await h.start();
    const client = h.client({
      credentials: { username: ALPHA.username, password: 'wrong-pass-9' },
    });
    const health = createHealthCheck(client, { clock: h.clock });
    health.stop();
    await client.mastersFetch.get(GSTIN_QUERY).catch(() => undefined);
    expect(health()).toMatchObject({ status: 'up' });
    expect(health.client).toBe(client);

    const watched = createHealthCheck(client, { clock: h.clock });
    await client.invalidate();
    h.clock.advance(400_000);
    await client.mastersFetch.get(GSTIN_QUERY).catch(() => undefined);
    const text = JSON.stringify(watched());
    expect(text).toContain('invalid_credentials');
    for (const secret of ['wrong-pass-9', ALPHA_CREDENTIALS.password, ALPHA.username]) {
      expect(text).not.toContain(secret);
    }
  });

  it('rejects a non-client, an unknown option and a bad clock with MastersConfigError', () => {
    const bad = (fn: () => unknown, option: string) => {
      const error = (() => {
        try {
          fn();
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(MastersConfigError);
      expect((error as MastersConfigError).option).toBe(option);
    };
    const client = { forCredentials: () => undefined, getAccessToken: () => undefined };
    bad(() => createHealthCheck({} as never), 'client');
    bad(() => createHealthCheck(null as never), 'client');
    bad(() => createHealthCheck(client as never, { clok: {} } as never), 'clok');
    bad(() => createHealthCheck(client as never, { clock: {} as never }), 'clock');
  });
});
