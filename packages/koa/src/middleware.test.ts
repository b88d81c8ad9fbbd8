import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import {
  client as newClient,
  clientOptions,
  credentials,
  DETAILS_PATH,
  detailsQuery,
  koaVersions,
  listen,
  mock,
  track,
} from '../test/helpers.js';
import { createMastersClient, mastersIndia, type MastersFetch } from './index.js';

describe.each(koaVersions)('mastersIndia() on $name', ({ Koa: KoaApp }) => {
  function appWith(...middleware: Koa.Middleware[]): Koa {
    const app = new KoaApp();
    for (const m of middleware) app.use(m);
    return app;
  }

  /** Calls the details look-up through ctx.mastersFetch and answers with the API's status. */
  const callApi: Koa.Middleware = async (ctx) => {
    const response = await ctx.mastersFetch.get(DETAILS_PATH, { searchParams: detailsQuery() });
    ctx.body = { apiStatus: response.status };
  };

  it('sets ctx.mastersFetch and ctx.state.mastersFetch to the same authenticated instance', async () => {
    const server = await mock();
    const masters = mastersIndia(clientOptions(server));
    track(masters.client);
    let seen: { ctx: MastersFetch; state: MastersFetch | undefined } | undefined;
    const app = appWith(
      masters,
      async (ctx, next) => {
        seen = { ctx: ctx.mastersFetch, state: ctx.state.mastersFetch };
        await next();
      },
      callApi,
    );

    const res = await request(app.callback()).get('/').expect(200);

    expect(res.body).toEqual({ apiStatus: 200 });
    expect(seen?.ctx).toBeTypeOf('function');
    expect(seen?.state).toBe(seen?.ctx);
    const apiCalls = server.requests().filter((r) => r.path === `/${DETAILS_PATH}`);
    expect(apiCalls).toHaveLength(1);
    expect(apiCalls[0]?.username).toBe(credentials.username);
    expect(server.stats().logins).toBe(1);
  });

  it('exposes the client on .client and accepts an existing client bare or as { client }', async () => {
    const server = await mock();
    const shared = newClient(server);
    expect(mastersIndia(shared).client).toBe(shared);
    expect(mastersIndia({ client: shared }).client).toBe(shared);

    const own = mastersIndia(clientOptions(server));
    track(own.client);
    expect(own.client).not.toBe(shared);
    expect(own.client.tokenStatus()).toEqual({
      mode: 'password',
      hasToken: false,
      expiresInSec: null,
    });
  });

  it('does not log in for requests that never use ctx.mastersFetch', async () => {
    const server = await mock();
    const masters = mastersIndia(newClient(server));
    const app = appWith(masters, (ctx) => {
      ctx.body = 'no API call';
    });

    await request(app.callback()).get('/').expect(200, 'no API call');

    expect(server.stats().logins).toBe(0);
  });

  it('is idempotent when mounted twice: the first mount wins', async () => {
    const server = await mock();
    const first = mastersIndia(newClient(server));
    const second = mastersIndia(newClient(server));
    const app = appWith(first, second, callApi);

    await request(app.callback()).get('/').expect(200);

    expect(first.client.stats().logins).toBe(1);
    expect(second.client.stats().logins).toBe(0);
  });

  it('logs in once for 200 concurrent cold requests', async () => {
    const server = await mock();
    const masters = mastersIndia(newClient(server));
    const http = await listen(appWith(masters, callApi).callback());

    const responses = await Promise.all(Array.from({ length: 200 }, () => request(http).get('/')));

    expect(responses.map((r) => r.status)).toEqual(Array(200).fill(200));
    expect(server.stats().logins).toBe(1);
    expect(server.stats().byPath[`/${DETAILS_PATH}`]).toBe(200);
    expect(masters.client.stats().logins).toBe(1);
  });

  it('acts as the tenant resolveCredentials picks from ctx (sync or async)', async () => {
    const server = await mock({ acceptAnyUser: true });
    const masters = mastersIndia({
      ...clientOptions(server),
      resolveCredentials: (ctx) => {
        const tenant = ctx.get('x-tenant');
        if (tenant === '') return undefined; // the default credentials
        const picked = { username: tenant, password: `${tenant}-pass` };
        return ctx.query.async === '1' ? Promise.resolve(picked) : picked;
      },
    });
    track(masters.client);
    const http = await listen(appWith(masters, callApi).callback());

    await Promise.all([
      ...['t1', 't2', 't3'].flatMap((tenant) => [
        request(http).get('/').set('x-tenant', tenant).expect(200),
        request(http).get('/?async=1').set('x-tenant', tenant).expect(200),
      ]),
      request(http).get('/').expect(200),
    ]);

    const users = server
      .requests()
      .filter((r) => r.path === `/${DETAILS_PATH}`)
      .map((r) => r.username)
      .sort();
    expect(users).toEqual([credentials.username, 't1', 't1', 't2', 't2', 't3', 't3']);
    expect(server.stats().logins).toBe(4);
  });

  it('lets an error of resolveCredentials propagate through await next()', async () => {
    const server = await mock();
    const masters = mastersIndia({
      client: newClient(server),
      resolveCredentials: () => {
        throw Object.assign(new Error('unknown tenant'), { status: 400, expose: true });
      },
    });
    let caught: unknown;
    const app = appWith(
      async (ctx, next) => {
        try {
          await next();
        } catch (err) {
          caught = err;
          throw err;
        }
      },
      masters,
      callApi,
    );
    app.silent = true;

    await request(app.callback()).get('/').expect(400, 'unknown tenant');

    expect((caught as Error).message).toBe('unknown tenant');
    expect(server.stats().logins).toBe(0);
  });

  it('gives every request the same accessor functions (no hidden class per request)', async () => {
    const server = await mock();
    const masters = mastersIndia(track(createMastersClient(clientOptions(server))));
    const getters: unknown[] = [];
    const app = appWith(masters, async (ctx) => {
      getters.push(Object.getOwnPropertyDescriptor(ctx, 'mastersFetch')?.get);
      getters.push(Object.getOwnPropertyDescriptor(ctx.state, 'mastersFetch')?.get);
      ctx.body = { memoised: ctx.mastersFetch === ctx.state.mastersFetch };
    });
    const http = await listen(app.callback());
    for (let i = 0; i < 3; i++) {
      expect((await request(http).get('/accessor')).body).toEqual({ memoised: true });
    }
    expect(getters).toHaveLength(6);
    expect(typeof getters[0]).toBe('function');
    expect(new Set(getters).size).toBe(1);
  });

  it("aborts only that request's wait for a token when its client disconnects", async () => {
    const server = await mock();
    // A slow token-auth keeps every caller waiting on the shared login.
    server.fault({ path: '/api/v1/token-auth/', delayMs: 3_000, times: 1 });
    const masters = mastersIndia(track(createMastersClient(clientOptions(server))));
    let markWaiting!: () => void;
    const waiting = new Promise<void>((resolve) => (markWaiting = resolve));
    let settleAborted!: (value: { error: unknown; otherDone: boolean }) => void;
    const aborted = new Promise<{ error: unknown; otherDone: boolean }>(
      (resolve) => (settleAborted = resolve),
    );
    let otherDone = false;
    const app = appWith(masters, async (ctx) => {
      if (ctx.path === '/leaves') {
        markWaiting();
        try {
          await ctx.mastersFetch.get(DETAILS_PATH, { searchParams: detailsQuery() });
          settleAborted({ error: undefined, otherDone });
        } catch (error) {
          settleAborted({ error, otherDone });
        }
        return;
      }
      await callApi(ctx, async () => {});
    });
    const http = await listen(app.callback());
    const { port } = http.address() as AddressInfo;

    const other = request(http)
      .get('/stays')
      .then((res) => {
        otherDone = true;
        return res;
      });
    const leaving = httpRequest({ host: '127.0.0.1', port, path: '/leaves' });
    leaving.on('error', () => {}); // we destroy it on purpose
    leaving.end();
    await waiting;
    leaving.destroy();

    const result = await aborted;
    expect(result.error).toBeInstanceOf(Error);
    // It gave up while the shared login was still running, and that login was not aborted.
    expect(result.otherDone).toBe(false);
    expect((await other).status).toBe(200);
    expect(server.stats().logins).toBe(1);
  });
});
