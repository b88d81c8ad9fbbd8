import Koa, { type Context, type Middleware, type ParameterizedContext } from 'koa';
import { describe, expectTypeOf, it } from 'vitest';
import { extendContext, mastersIndia, type MastersFetch } from './index.js';

describe('Koa typing', () => {
  it('types ctx.mastersFetch in any middleware without a cast', () => {
    const app = new Koa();
    app.use(mastersIndia({ environment: 'sandbox', credentials: { apiKey: 'k' } }));
    app.use(async (ctx) => {
      expectTypeOf(ctx.mastersFetch).toEqualTypeOf<MastersFetch>();
      expectTypeOf(ctx.state.mastersFetch).toEqualTypeOf<MastersFetch | undefined>();
      ctx.body = await ctx.mastersFetch.get('api/v1/getEwayBillData/').json<unknown>();
    });
  });

  it('types ctx.mastersFetch on Context and custom ParameterizedContext', () => {
    expectTypeOf<Context['mastersFetch']>().toEqualTypeOf<MastersFetch>();
    expectTypeOf<
      ParameterizedContext<{ user: string }>['mastersFetch']
    >().toEqualTypeOf<MastersFetch>();
    const mw: Middleware<{ user: string }> = (ctx) => {
      expectTypeOf(ctx.mastersFetch).toEqualTypeOf<MastersFetch>();
    };
    expectTypeOf(mw).toBeFunction();
  });

  it('returns the middleware with its client, and the client from extendContext', () => {
    const middleware = mastersIndia({
      baseUrl: 'http://127.0.0.1:1',
      credentials: { apiKey: 'k' },
    });
    expectTypeOf(middleware).toMatchTypeOf<Middleware>();
    expectTypeOf(middleware.client.mastersFetch).toEqualTypeOf<MastersFetch>();
    expectTypeOf(extendContext(new Koa(), middleware.client).forCredentials).toBeFunction();
    // @ts-expect-error resolveCredentials must return credentials
    mastersIndia({ environment: 'sandbox', resolveCredentials: () => 42 });
  });
});
