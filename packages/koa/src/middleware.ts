import { bindRequests, type MastersClient } from '@mastersfetch/core';
import type { Context, Middleware } from 'koa';
import type { MastersKoaOptions } from './options.js';

/** The middleware returned by {@link mastersIndia}, with the client it uses. */
export type MastersIndiaMiddleware = Middleware & { client: MastersClient };

/**
 * Koa middleware that sets `ctx.mastersFetch` and `ctx.state.mastersFetch`: an authenticated ky
 * instance for the Masters India e-Way Bill API. All token logic (login, caching, renewal, single
 * flight) and the per-request binding live in `@mastersfetch/core` (`bindRequests`,
 * docs/ARCHITECTURE.md §8); the value is built lazily on first read, and `resolveCredentials(ctx)`
 * runs then. Mounting it twice is harmless (the first one wins).
 *
 * @param options - client options, `{ client }` or a client; optional `resolveCredentials(ctx)`.
 * @returns the middleware; its `.client` is the client (close it on shutdown).
 * @throws MastersConfigError when client options are invalid.
 * @example
 * ```ts
 * const masters = mastersIndia({ environment: 'sandbox', credentials: { username, password } });
 * app.use(masters);
 * app.use(async (ctx) => {
 *   ctx.body = await ctx.mastersFetch.get('api/v1/getEwayBillData/', { searchParams }).json();
 * });
 * ```
 */
export function mastersIndia(options: MastersKoaOptions): MastersIndiaMiddleware {
  const binding = bindRequests<Context>(options);
  const middleware: Middleware = async (ctx, next) => {
    binding.attach(ctx, ctx, ctx.res, ctx.state);
    await next();
  };
  return Object.assign(middleware, { client: binding.client });
}
