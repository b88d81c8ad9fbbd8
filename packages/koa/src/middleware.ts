import type { MastersClient, MastersFetch } from '@mastersfetch/core';
import type { Context, Middleware } from 'koa';
import { normalizeOptions, type MastersKoaOptions, type ResolveCredentials } from './options.js';
import { requestFetch } from './request-fetch.js';

/** What the `mastersFetch` accessors of one request read; its presence marks the request handled. */
interface Slot {
  client: MastersClient;
  resolveCredentials: ResolveCredentials | undefined;
  ctx: Context;
  value: MastersFetch | undefined;
}

const slotKey = Symbol('mastersfetch.koa.slot');

type Slotted = { [slotKey]?: Slot };

// One getter for every request (on `ctx` and on `ctx.state`). A closure per request would give
// each context object its own hidden class (V8 keeps accessor functions in it) and make property
// access on `ctx` megamorphic for the rest of the middleware chain.
function getMastersFetch(this: Slotted): MastersFetch {
  const slot = this[slotKey] as Slot;
  return (slot.value ??= requestFetch(slot.client, slot.resolveCredentials, slot.ctx));
}

const accessor: PropertyDescriptor = { get: getMastersFetch, configurable: true };

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
    if (!Object.hasOwn(ctx, slotKey)) {
      const slot: Slot = { client, resolveCredentials, ctx, value: undefined };
      (ctx as Slotted)[slotKey] = slot;
      (ctx.state as Slotted)[slotKey] = slot;
      Object.defineProperty(ctx, 'mastersFetch', accessor);
      Object.defineProperty(ctx.state, 'mastersFetch', accessor);
    }
    await next();
  };
  return Object.assign(middleware, { client });
}
