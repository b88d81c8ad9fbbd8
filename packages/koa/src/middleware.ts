import type { MastersClient } from '@mastersfetch/core';
import type { Middleware } from 'koa';
import { normalizeOptions, type MastersKoaOptions } from './options.js';
import { requestFetch } from './request-fetch.js';

const installed = Symbol('mastersfetch.koa.installed');

/** The middleware returned by {@link mastersIndia}, with the client it uses. */
export type MastersIndiaMiddleware = Middleware & { client: MastersClient };

/**
 * Koa middleware that sets `ctx.mastersFetch` and `ctx.state.mastersFetch`: an authenticated ky
 * instance for the Masters India e-Way Bill API. All token logic (login, caching, renewal, single
 * flight) lives in `@mastersfetch/core`; the value is built lazily on first read. Mounting it twice
 * is harmless (the first one wins).
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
  const { client, resolveCredentials } = normalizeOptions(options);
  const middleware: Middleware = async (ctx, next) => {
    if (!Object.hasOwn(ctx, installed)) {
      let value: ReturnType<typeof requestFetch> | undefined;
      const get = () => (value ??= requestFetch(client, resolveCredentials, ctx));
      Object.defineProperty(ctx, installed, { value: true });
      Object.defineProperty(ctx, 'mastersFetch', { get, configurable: true });
      Object.defineProperty(ctx.state, 'mastersFetch', { get, configurable: true });
    }
    await next();
  };
  return Object.assign(middleware, { client });
}
