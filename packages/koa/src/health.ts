import {
  assertKnownOptions,
  createHealthCheck,
  HEALTH_HTTP_STATUS,
  MastersConfigError,
  type HealthCheckOptions,
  type MastersClient,
  type MastersHealthCheck,
} from '@mastersfetch/core';
import type { Middleware } from 'koa';

/** Options of {@link mastersHealth}. */
export interface MastersHealthOptions extends HealthCheckOptions {
  /**
   * Answer only `GET`/`HEAD` requests of this exact path (e.g. `'/health'`) and pass every other
   * request on, for apps without a router. Without it, every request that reaches it is answered
   * (mount it on a router route).
   */
  path?: string;
}

/** The middleware returned by {@link mastersHealth}, with its check on `.check`. */
export type MastersHealthMiddleware = Middleware & { readonly check: MastersHealthCheck };

/**
 * Koa middleware (Koa `^2.15 || ^3`) for a health endpoint of the client's default credentials.
 * It never logs in: the rule is `createHealthCheck()` of `@mastersfetch/core` (docs/ARCHITECTURE.md
 * §12): up for an API key, a usable cached token, or a cold client that has not logged in yet;
 * down after token-auth rejected the credentials (`invalid_credentials`, until a login succeeds)
 * or while failed logins back off with no
 * token (`renewal_failing`); down once the client is closed (`closed`).
 *
 * Sets status `200` (up) or `503` (down), `Cache-Control: no-store` and the JSON body
 * `{ status, mode, hasToken, expiresInSec, keyFingerprint, reason? }`: no secret, only the key
 * fingerprint. Create it at startup: it follows the client's events from then on.
 *
 * @param source - the client, or the `mastersIndia()` middleware (its `.client`).
 * @param options - `path` (see {@link MastersHealthOptions}), `clock` (the client's, when injected).
 * @returns the middleware, with the check on `.check`.
 * @throws MastersConfigError naming `client` when `source` is not a client, `path` when it does
 *   not start with `/`, or an unknown option.
 * @example
 * ```ts
 * const masters = mastersIndia({ environment: 'sandbox', credentials });
 * app.use(mastersHealth(masters, { path: '/health' })); // or router.get('/health', mastersHealth(masters))
 * app.use(masters);
 * ```
 */
export function mastersHealth(
  source: MastersClient | { client: MastersClient },
  options: MastersHealthOptions = {},
): MastersHealthMiddleware {
  if (typeof options !== 'object' || options === null) {
    throw new MastersConfigError({ option: 'options', reason: 'must be an object' });
  }
  assertKnownOptions(options, ['clock', 'path']);
  const { path, ...checkOptions } = options;
  if (path !== undefined && (typeof path !== 'string' || !path.startsWith('/'))) {
    throw new MastersConfigError({ option: 'path', reason: 'must be a path starting with "/"' });
  }
  const check = createHealthCheck(source, checkOptions);
  const middleware: Middleware = async (ctx, next) => {
    if (
      path !== undefined &&
      (ctx.path !== path || (ctx.method !== 'GET' && ctx.method !== 'HEAD'))
    ) {
      return next();
    }
    const health = check();
    ctx.status = HEALTH_HTTP_STATUS[health.status];
    ctx.set('Cache-Control', 'no-store');
    ctx.body = health;
  };
  return Object.assign(middleware, { check });
}
