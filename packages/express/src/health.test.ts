import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { DEMO_USERS, startMockServer, type MockServer } from '@mastersfetch/mock-server';
import { MastersConfigError, type MastersClient } from '@mastersfetch/core';
import { mastersHealth } from './health.js';
import { mastersIndia } from './middleware.js';
import { mastersErrorHandler } from './error-handler.js';
import { createExpressApp, expressVersions, listen, lookupPath } from '../test/apps.js';

const alpha = DEMO_USERS[0]!;
const TOKEN_AUTH = '/api/v1/token-auth/';

/** Time moves only when a test says so (the client's and the check's clock). */
class FakeClock {
  monotonicMs = 1_000_000;
  now = (): number => this.monotonicMs;
  wallNow = (): number => Date.now() + this.monotonicMs - 1_000_000;
}

let mock: MockServer;
const closers: (() => Promise<void>)[] = [];

beforeEach(async () => {
  mock = await startMockServer({ tokenLifetimeSec: 3600 });
});
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
  await mock.close();
});

const tokenAuthCalls = () => mock.stats().byPath[TOKEN_AUTH] ?? 0;

describe.each(expressVersions)('mastersHealth() on $name', ({ major }) => {
  /** An app with `GET /health` (before the middleware, as documented) and `GET /lookup`. */
  async function start(password = alpha.password, extra: { backoffBaseMs?: number } = {}) {
    const clock = new FakeClock();
    const masters = mastersIndia({
      baseUrl: mock.url,
      credentials: { username: alpha.username, password },
      clock,
      backoffBaseMs: extra.backoffBaseMs ?? 1_000,
      backoffCapMs: extra.backoffBaseMs ?? 1_000,
    });
    closers.push(() => masters.client.close());
    const health = mastersHealth(masters, { clock });
    const app = createExpressApp(major);
    app.get('/health', health);
    app.use(masters);
    app.get('/lookup', async (req, res, next) => {
      try {
        const query = {
          action: 'GetGSTINDetails',
          userGstin: alpha.gstins[0]!,
          gstin: alpha.gstins[0]!,
        };
        res.json(await req.mastersFetch.get(lookupPath, { searchParams: query }).json());
      } catch (error) {
        next(error);
      }
    });
    app.use(mastersErrorHandler());
    const server = await listen(app);
    closers.push(server.close);
    return { http: request(server.url), clock, health, client: masters.client };
  }

  it('answers 200 for a cold client without logging in, then 200 with the token', async () => {
    const { http, clock, health, client } = await start();
    for (let i = 0; i < 5; i++) {
      const res = await http.get('/health').expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({
        status: 'up',
        mode: 'password',
        hasToken: false,
        expiresInSec: null,
        keyFingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
    }
    expect(mock.requests()).toHaveLength(0); // /health sent nothing

    await http.get('/lookup').expect(200);
    clock.monotonicMs += 60_000;
    const warm = await http.get('/health').expect(200);
    expect(warm.body).toMatchObject({ status: 'up', hasToken: true, expiresInSec: 3540 });
    expect(health.check.client).toBe(client);
    expect(tokenAuthCalls()).toBe(1);
  });

  it('answers 503 invalid_credentials after token-auth rejected the password; no secret', async () => {
    const { http } = await start('not-the-password-7');
    await http.get('/lookup').expect(502);
    for (let i = 0; i < 3; i++) {
      const res = await http.get('/health').expect(503);
      expect(res.body).toMatchObject({ status: 'down', reason: 'invalid_credentials' });
      expect(res.text).not.toContain('not-the-password-7');
    }
    expect(tokenAuthCalls()).toBe(1); // the look-up's login only
  });

  it('answers 503 renewal_failing during the backoff after a token-auth outage, 200 after it', async () => {
    const { http, clock } = await start(alpha.password, { backoffBaseMs: 20_000 });
    mock.fault({ path: TOKEN_AUTH, status: 503, body: '<html>down</html>', times: 1 });
    await http.get('/lookup').expect(503);
    const down = await http.get('/health').expect(503);
    expect(down.body).toMatchObject({ status: 'down', reason: 'renewal_failing', hasToken: false });
    clock.monotonicMs += 20_000;
    await http.get('/health').expect(200);
    await http.get('/lookup').expect(200);
    expect(tokenAuthCalls()).toBe(2);
  });
});

describe('mastersHealth() arguments', () => {
  it('takes a client or { client }; anything else is a MastersConfigError naming client', () => {
    const fake = {
      forCredentials: () => undefined,
      getAccessToken: () => undefined,
      on: () => () => undefined,
    } as unknown as MastersClient;
    expect(mastersHealth(fake).check.client).toBe(fake);
    expect(mastersHealth({ client: fake }).check.client).toBe(fake);
    expect(() => mastersHealth({} as never)).toThrow(MastersConfigError);
    expect(() => mastersHealth({} as never)).toThrow(/`client`/);
    expect(() => mastersHealth(fake, { clok: 1 } as never)).toThrow(/`clok`/);
  });
});
