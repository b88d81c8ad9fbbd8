import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createHealthCheck,
  HEALTH_HTTP_STATUS,
  type HealthCheckOptions,
  type MastersClient,
  type MastersHealthCheck,
} from '@mastersfetch/core';

/** The handler returned by {@link mastersHealth}, with its check on `.check`. */
export interface MastersHealthHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  /** The check behind the handler: call it for the same `MastersHealth` object. */
  readonly check: MastersHealthCheck;
}

/**
 * Express route handler (Express `^4.21 || ^5`) for a health endpoint of the client's default
 * credentials. It never logs in: the rule is `createHealthCheck()` of `@mastersfetch/core`
 * (docs/ARCHITECTURE.md §12): up for an API key, a usable cached token, or a cold client that has
 * not logged in yet; down after token-auth rejected the credentials (`invalid_credentials`, until
 * a login succeeds) or while failed logins back off with no
 * token (`renewal_failing`); down once the client is closed (`closed`).
 *
 * Answers `200` (up) or `503` (down) with `Cache-Control: no-store` and the JSON
 * `{ status, mode, hasToken, expiresInSec, keyFingerprint, reason? }`: no secret, only the key
 * fingerprint. Create it at startup (it follows the client's events from then on) and mount it
 * wherever you like; it needs neither `mastersIndia()` nor a tenant.
 *
 * @param source - the client, or the `mastersIndia()` middleware (its `.client`).
 * @param options - `clock` (`{ now(): number }`, monotonic ms): the client's, when you inject one.
 * @returns the handler, with the check on `.check`.
 * @throws MastersConfigError naming `client` when `source` is not a client, or an unknown option.
 * @example
 * ```ts
 * const masters = mastersIndia({ environment: 'sandbox', credentials });
 * app.get('/health', mastersHealth(masters));
 * app.use(masters);
 * ```
 */
export function mastersHealth(
  source: MastersClient | { client: MastersClient },
  options?: HealthCheckOptions,
): MastersHealthHandler {
  const check = createHealthCheck(source, options);
  const handler = (_req: IncomingMessage, res: ServerResponse): void => {
    const health = check();
    const json = JSON.stringify(health);
    res.statusCode = HEALTH_HTTP_STATUS[health.status];
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('content-length', Buffer.byteLength(json));
    res.setHeader('cache-control', 'no-store');
    res.end(json);
  };
  return Object.defineProperty(handler, 'check', {
    value: check,
    enumerable: true,
  }) as MastersHealthHandler;
}
