import {
  bindRequests,
  MastersConfigError,
  type MastersClient,
  type MastersFetch,
} from '@mastersfetch/core';
import type Koa from 'koa';
import type { Context } from 'koa';
import type { MastersKoaOptions } from './options.js';

const appClient = Symbol('mastersfetch.koa.client');

/**
 * Installs a `ctx.mastersFetch` getter on `app.context`: no middleware, one client per app, the
 * per-request value built lazily on first read (docs/ARCHITECTURE.md §8). Calling it again with the
 * same client is a no-op.
 *
 * @param app - a Koa 2.15+ or 3 application.
 * @param options - client options, `{ client }` or a client; optional `resolveCredentials(ctx)`.
 * @returns the client (close it on shutdown).
 * @throws MastersConfigError when the app already has another client, or options are invalid.
 * @example
 * ```ts
 * const client = extendContext(app, { environment: 'sandbox', credentials: { username, password } });
 * router.get('/ewaybills/:no', async (ctx) => {
 *   ctx.body = await ctx.mastersFetch.get('api/v1/getEwayBillData/', { searchParams }).json();
 * });
 * ```
 */
export function extendContext(app: Koa, options: MastersKoaOptions): MastersClient {
  const context = app.context as Koa['context'] & { [appClient]?: MastersClient };
  const existing = context[appClient];
  if (existing !== undefined) {
    if (existing === options || ('client' in options && options.client === existing)) {
      return existing;
    }
    throw new MastersConfigError({
      option: 'extendContext',
      reason: 'this app already has a Masters India client (one client per app)',
    });
  }
  const binding = bindRequests<Context>(options);
  Object.defineProperty(context, appClient, { value: binding.client });
  // The first read on a request's ctx attaches the binding's own lazy property to that ctx, which
  // then shadows this one for the rest of the request.
  Object.defineProperty(context, 'mastersFetch', {
    configurable: true,
    get(this: Context): MastersFetch | undefined {
      if (this === context) return undefined; // read on app.context itself: no request to bind
      binding.attach(this, this, this.res);
      return Object.hasOwn(this, 'mastersFetch') ? this.mastersFetch : undefined;
    },
  });
  return binding.client;
}
