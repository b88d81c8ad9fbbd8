import type Koa from 'koa';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import {
  DETAILS_PATH,
  credentials,
  detailsQuery,
  koaVersions,
  listen,
  mock,
  track,
} from '../test/helpers.js';
import {
  MastersConfigError,
  mastersErrors,
  mastersHealth,
  mastersIndia,
  type MastersClient,
} from './index.js';

const TOKEN_AUTH = '/api/v1/token-auth/';

/** Time moves only when a test says so (the client's and the check's clock). */
class FakeClock {
  monotonicMs = 1_000_000;
  now = (): number => this.monotonicMs;
  wallNow = (): number => Date.now() + this.monotonicMs - 1_000_000;
}

describe.each(koaVersions)('mastersHealth() on $name', ({ Koa: KoaApp }) => {
  /** `app.use(mastersHealth(masters, { path: '/health' }))`, then the API route on any other path. */
  async function start(password = credentials.password, backoffMs = 1_000) {
    const server = await mock({ tokenLifetimeSec: 3600 });
    const clock = new FakeClock();
    const masters = mastersIndia({
      baseUrl: server.url,
      credentials: { username: credentials.username, password },
      clock,
      backoffBaseMs: backoffMs,
      backoffCapMs: backoffMs,
    });
    track(masters.client);
    const app = new KoaApp();
    app.use(mastersErrors());
    app.use(mastersHealth(masters, { path: '/health', clock }));
    app.use(masters);
    app.use(async (ctx: Koa.Context) => {
      const response = await ctx.mastersFetch.get(DETAILS_PATH, { searchParams: detailsQuery() });
      ctx.body = { apiStatus: response.status };
    });
    const http = request(await listen(app.callback()));
    const tokenAuthCalls = () => server.stats().byPath[TOKEN_AUTH] ?? 0;
    return { http, server, clock, tokenAuthCalls, client: masters.client };
  }

  it('answers 200 for a cold client without logging in, then 200 with the token', async () => {
    const { http, server, clock, tokenAuthCalls } = await start();
    for (let i = 0; i < 5; i++) {
      const res = await http.get('/health').expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({
        status: 'up',
        mode: 'password',
        hasToken: false,
        expiresInSec: null,
        keyFingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
    }
    await http.head('/health').expect(200);
    expect(server.requests()).toHaveLength(0); // /health sent nothing

    await http.get('/lookup').expect(200);
    clock.monotonicMs += 60_000;
    const warm = await http.get('/health').expect(200);
    expect(warm.body).toMatchObject({ status: 'up', hasToken: true, expiresInSec: 3540 });
    expect(tokenAuthCalls()).toBe(1);
  });

  it('passes other paths and methods on when `path` is set', async () => {
    const { http, tokenAuthCalls } = await start();
    await http.post('/health').expect(200); // reached the API route: not the health answer
    await http.get('/health/more').expect(200);
    expect(tokenAuthCalls()).toBe(1);
  });

  // The rule's reasons (invalid credentials, failing renewals, closed) are core's and tested there
  // (core/src/health.test.ts); here, that a down answer of the rule becomes a 503.
  it("answers 503 with the rule's reason when the check is down (a closed client)", async () => {
    const { http, server, client } = await start();
    await client.close();
    const res = await http.get('/health').expect(503);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({ status: 'down', reason: 'closed' });
    expect(server.requests()).toHaveLength(0);
  });

  it('answers every request without `path` (for a router route)', async () => {
    const server = await mock();
    const masters = mastersIndia({ baseUrl: server.url, credentials });
    track(masters.client);
    const app = new KoaApp();
    app.use(mastersHealth(masters.client));
    const res = await request(await listen(app.callback()))
      .post('/anything')
      .expect(200);
    expect(res.body).toMatchObject({ status: 'up', hasToken: false });
    expect(server.requests()).toHaveLength(0);
  });
});

describe('mastersHealth() arguments', () => {
  it('throws MastersConfigError naming client, path or the unknown option', () => {
    const fake = {
      forCredentials: () => undefined,
      getAccessToken: () => undefined,
      on: () => () => undefined,
    } as unknown as MastersClient;
    expect(mastersHealth({ client: fake }).check.client).toBe(fake);
    const option = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(MastersConfigError);
        return (error as MastersConfigError).option;
      }
      return undefined;
    };
    expect(option(() => mastersHealth({} as never))).toBe('client');
    expect(option(() => mastersHealth(fake, { path: 'health' }))).toBe('path');
    expect(option(() => mastersHealth(fake, { pth: '/health' } as never))).toBe('pth');
    expect(option(() => mastersHealth(fake, null as never))).toBe('options');
  });
});
