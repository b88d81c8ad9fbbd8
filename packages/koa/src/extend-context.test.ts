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
import { extendContext, MastersConfigError, type MastersFetch } from './index.js';

describe.each(koaVersions)('extendContext() on $name', ({ Koa: KoaApp }) => {
  const callApi: Koa.Middleware = async (ctx) => {
    const response = await ctx.mastersFetch.get(DETAILS_PATH, { searchParams: detailsQuery() });
    ctx.body = { apiStatus: response.status };
  };

  it('installs a ctx.mastersFetch getter without adding middleware and returns the client', async () => {
    const server = await mock();
    const app = new KoaApp();
    const client = track(extendContext(app, clientOptions(server)));
    expect(app.middleware).toHaveLength(0);
    expect(client.tokenStatus().mode).toBe('password');

    const seen: MastersFetch[] = [];
    app.use(async (ctx, next) => {
      seen.push(ctx.mastersFetch, ctx.mastersFetch);
      await next();
    });
    app.use(callApi);
    await request(app.callback()).get('/').expect(200, { apiStatus: 200 });

    expect(seen[0]).toBeTypeOf('function');
    expect(seen[1]).toBe(seen[0]); // one value per request
    expect(server.requests().find((r) => r.path === `/${DETAILS_PATH}`)?.username).toBe(
      credentials.username,
    );
    expect(client.stats().logins).toBe(1);
  });

  it('keeps one client per app: the same client again is a no-op, another one is refused', async () => {
    const server = await mock();
    const app = new KoaApp();
    const client = newClient(server);
    expect(extendContext(app, client)).toBe(client);
    expect(extendContext(app, { client })).toBe(client);
    expect(() => extendContext(app, newClient(server))).toThrow(MastersConfigError);
    expect(() => extendContext(app, newClient(server))).toThrow(/extendContext/);
  });

  it('logs in once for 200 concurrent cold requests', async () => {
    const server = await mock();
    const app = new KoaApp();
    const client = extendContext(app, newClient(server));
    app.use(callApi);
    const http = await listen(app.callback());

    const responses = await Promise.all(Array.from({ length: 200 }, () => request(http).get('/')));

    expect(responses.map((r) => r.status)).toEqual(Array(200).fill(200));
    expect(server.stats().logins).toBe(1);
    expect(server.stats().byPath[`/${DETAILS_PATH}`]).toBe(200);
    expect(client.stats().logins).toBe(1);
  });

  it('acts as the tenant resolveCredentials picks from ctx', async () => {
    const server = await mock({ acceptAnyUser: true });
    const app = new KoaApp();
    track(
      extendContext(app, {
        ...clientOptions(server),
        resolveCredentials: (ctx) => {
          const tenant = ctx.get('x-tenant');
          return tenant === '' ? undefined : { username: tenant, password: 'any' };
        },
      }),
    );
    app.use(callApi);
    const http = await listen(app.callback());

    await Promise.all(
      ['a', 'b', 'a', ''].map((tenant) => {
        const req = request(http).get('/');
        return (tenant ? req.set('x-tenant', tenant) : req).expect(200);
      }),
    );

    const users = server
      .requests()
      .filter((r) => r.path === `/${DETAILS_PATH}`)
      .map((r) => r.username)
      .sort();
    expect(users).toEqual(['a', 'a', credentials.username, 'b'].sort());
    expect(server.stats().logins).toBe(3);
  });
});
