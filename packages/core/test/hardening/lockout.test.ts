import { afterEach, describe, expect, it } from 'vitest';
import { MastersInvalidCredentialsError } from '../../src/errors.js';
import { GSTIN_QUERY, Harness, TOKEN_AUTH } from '../helpers.js';

// Issue 17, finding 2: a password changed at the portal must cost at most one wrong-password login
// per `invalidCredentialsCooldownMs`, whichever path reaches token-auth, and the still-valid token
// keeps serving until it expires. Logins are counted at the mock server.

const DAY_MS = 86_400_000;
const COOLDOWN_MS = 300_000;
const REJECTIONS = [
  { name: '206', status: 206, body: { error: 'Unable to login with provided credential' } },
  { name: '400 field errors', status: 400, body: { password: ['This field is required.'] } },
] as const;

/** Polls a condition on real time; throws after `timeoutMs`. */
async function until(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('hardening: lockout storm on a password change (issue 17 #2)', () => {
  const h = new Harness();
  afterEach(() => h.close());

  const call = (client: ReturnType<Harness['client']>) =>
    client.mastersFetch.get(GSTIN_QUERY, { throwHttpErrors: false });
  const changePassword = (rejection: (typeof REJECTIONS)[number]) =>
    h.mock.fault({ path: TOKEN_AUTH, status: rejection.status, body: rejection.body });

  it('cold start: one wrong-password login per cooldown, then one more after it', async () => {
    await h.start();
    const client = h.client({ credentials: { username: 'erp-bot@alpha.example', password: 'x' } });
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => call(client)));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    for (let i = 0; i < 20; i++) {
      h.clock.advance(10_000);
      await expect(call(client)).rejects.toBeInstanceOf(MastersInvalidCredentialsError);
    }
    expect(h.tokenAuthCount()).toBe(1);
    h.clock.advance(COOLDOWN_MS);
    await expect(call(client)).rejects.toBeInstanceOf(MastersInvalidCredentialsError);
    expect(h.tokenAuthCount()).toBe(2);
  });

  for (const rejection of REJECTIONS) {
    it(`soft window (${rejection.name}): one wrong-password login, the valid token keeps serving`, async () => {
      await h.start();
      const client = h.client();
      expect((await call(client)).status).toBe(200);
      changePassword(rejection);
      h.clock.advance(DAY_MS - 600_000); // 10 min left: soft window
      for (let i = 0; i < 60; i++) {
        expect((await call(client)).status).toBe(200);
        h.clock.advance(5_000); // 5 min in all: stays inside one cooldown, before the hard window
      }
      expect(h.tokenAuthCount()).toBe(2);
    });
  }

  it('hard window: one wrong-password login, the token serves until it expires, then the error', async () => {
    await h.start();
    const client = h.client();
    expect((await call(client)).status).toBe(200);
    changePassword(REJECTIONS[0]);
    h.clock.advance(DAY_MS - 20_000); // 20 s left: hard window
    for (let i = 0; i < 15; i++) {
      expect((await call(client)).status).toBe(200);
      h.clock.advance(1_000);
    }
    h.clock.advance(10_000); // expired
    await expect(call(client)).rejects.toBeInstanceOf(MastersInvalidCredentialsError);
    await expect(client.getAccessToken()).rejects.toBeInstanceOf(MastersInvalidCredentialsError);
    expect(h.tokenAuthCount()).toBe(2);
  });

  it('401-forced renewal: a revoked token after a rejected renewal does not log in again', async () => {
    await h.start();
    const client = h.client();
    expect((await call(client)).status).toBe(200);
    changePassword(REJECTIONS[0]);
    h.clock.advance(DAY_MS - 600_000);
    expect((await call(client)).status).toBe(200); // starts the (rejected) soft renewal
    await until('the soft renewal', () => h.tokenAuthCount() === 2);
    h.mock.revokeTokens();
    for (let i = 0; i < 5; i++) {
      await call(client).catch(() => undefined);
      h.clock.advance(1_000);
    }
    expect(h.tokenAuthCount()).toBe(2);
  });

  it('scheduled renewal (scheduleRenewal: true): one wrong-password login per cooldown', async () => {
    // 2 s tokens: the renewal timer is due 1 s after the login (soft window = 50% of the lifetime).
    await h.start({ tokenLifetimeSec: 2 });
    const client = h.client({ scheduleRenewal: true });
    await client.warmUp();
    changePassword(REJECTIONS[0]);
    h.clock.advance(1_100);
    await until('the scheduled renewal', () => h.tokenAuthCount() === 2);
    for (let i = 0; i < 20; i++) {
      // (The server judges the 2 s token on real time: late calls may get a 401, which must not
      // log in either.)
      await call(client).catch(() => undefined);
      h.clock.advance(10);
    }
    expect(h.tokenAuthCount()).toBe(2);
  });

  it('refresh fallback (refreshPath): a failed refresh falls back to one login, not one per call', async () => {
    const refreshPath = '/api/v2/api-token-refresh/';
    await h.start({ refreshPath });
    const client = h.client({ refreshPath: refreshPath.slice(1) });
    expect((await call(client)).status).toBe(200);
    changePassword(REJECTIONS[0]);
    h.mock.fault({ path: refreshPath, status: 206, body: { error: 'Invalid refresh token' } });
    h.clock.advance(DAY_MS - 600_000);
    for (let i = 0; i < 40; i++) {
      expect((await call(client)).status).toBe(200);
      h.clock.advance(5_000);
    }
    expect(h.tokenAuthCount()).toBe(2);
  });
});
