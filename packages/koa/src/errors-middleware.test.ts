import type Koa from 'koa';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import {
  client as newClient,
  credentials,
  DETAILS_PATH,
  detailsQuery,
  koaVersions,
  mock,
  track,
} from '../test/helpers.js';
import {
  createMastersClient,
  mastersErrors,
  MastersApiError,
  mastersIndia,
  unwrapResults,
} from './index.js';

describe.each(koaVersions)('mastersErrors() on $name', ({ Koa: KoaApp }) => {
  /** Looks up an e-way bill the mock never issued: a NIC error envelope, thrown by unwrapResults. */
  const lookUpMissingBill: Koa.Middleware = async (ctx) => {
    const body = await ctx.mastersFetch
      .get(DETAILS_PATH, { searchParams: detailsQuery('399999999999') })
      .json();
    ctx.body = unwrapResults(body);
  };

  function recorder(): { middleware: Koa.Middleware; caught: unknown[] } {
    const caught: unknown[] = [];
    return {
      caught,
      middleware: async (_ctx, next) => {
        try {
          await next();
        } catch (err) {
          caught.push(err);
          throw err;
        }
      },
    };
  }

  it('lets a MastersApiError reach an upstream error middleware with nicCode intact', async () => {
    const server = await mock();
    const upstream = recorder();
    const app = new KoaApp();
    app.silent = true;
    app.use(upstream.middleware);
    app.use(mastersIndia(newClient(server)));
    app.use(lookUpMissingBill);

    await request(app.callback()).get('/').expect(500);

    expect(upstream.caught).toHaveLength(1);
    const err = upstream.caught[0] as MastersApiError;
    expect(err).toBeInstanceOf(MastersApiError);
    expect(err.nicCode).toMatch(/^\d+$/);
  });

  it('answers 422 nic_error with the nicCode for a MastersApiError', async () => {
    const server = await mock();
    const app = new KoaApp();
    app.use(mastersErrors());
    app.use(mastersIndia(newClient(server)));
    app.use(lookUpMissingBill);

    const res = await request(app.callback()).get('/').expect(422);

    expect(res.body).toEqual({
      error: 'nic_error',
      nicCode: expect.stringMatching(/^\d+$/),
      message: expect.any(String),
    });
  });

  it('keeps the nicCode of a MastersApiError thrown by a handler (604 duplicate)', async () => {
    const app = new KoaApp();
    app.use(mastersErrors());
    app.use(() => {
      throw new MastersApiError({
        message: '604: E-way bill(s) are already generated',
        nicCode: '604',
      });
    });

    const res = await request(app.callback()).get('/').expect(422);

    expect(res.body).toMatchObject({ error: 'nic_error', nicCode: '604' });
  });

  it('answers 502 upstream_auth for invalid credentials, without the password', async () => {
    const server = await mock();
    const app = new KoaApp();
    const wrongPassword = 'definitely-wrong-password';
    app.use(mastersErrors());
    app.use(
      mastersIndia(
        track(
          createMastersClient({
            baseUrl: server.url,
            credentials: { username: credentials.username, password: wrongPassword },
          }),
        ),
      ),
    );
    app.use(lookUpMissingBill);

    const res = await request(app.callback()).get('/').expect(502);

    expect(res.body).toMatchObject({ error: 'upstream_auth', message: expect.any(String) });
    expect(res.text).not.toContain(wrongPassword);
  });

  it('answers 503 upstream_unavailable when token-auth is down', async () => {
    const server = await mock();
    server.fault({ path: '/api/v1/token-auth/', status: 503 });
    const app = new KoaApp();
    app.use(mastersErrors());
    app.use(mastersIndia(newClient(server)));
    app.use(lookUpMissingBill);

    const res = await request(app.callback()).get('/').expect(503);

    expect(res.body).toMatchObject({ error: 'upstream_unavailable', message: expect.any(String) });
  });

  it('rethrows every other error untouched', async () => {
    const upstream = recorder();
    const app = new KoaApp();
    app.silent = true;
    const teapot = Object.assign(new Error('short and stout'), { status: 418, expose: true });
    app.use(upstream.middleware);
    app.use(mastersErrors());
    app.use(() => {
      throw teapot;
    });

    await request(app.callback()).get('/').expect(418, 'short and stout');

    expect(upstream.caught).toEqual([teapot]);
  });
});
